package retention

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashFiles are the kill -9 test's files, big enough for a run to take a
// while: relative path → content.
func crashFiles(t *testing.T) map[string][]byte {
	var mixed, old strings.Builder
	for i := range 1000 {
		day := 14 + i*4/1000 // 14th … 17th April: the first third expired
		fmt.Fprintf(&mixed, "192.0.2.%d - - [%02d/Apr/2021:10:%02d:%02d +0000] \"GET /b/%d HTTP/1.1\" 200 1\n", i%250, day, i/60%60, i%60, i)
		fmt.Fprintf(&old, "2001:db8:%x::1 - - [10/Apr/2021:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1\n", i)
	}
	var fs strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&fs, "2021-04-%02d 10:00:00.%06d [DEBUG] sofia.c:1 call from 192.0.2.%d\n   Via: SIP/2.0/UDP 198.51.100.%d:5060\n", 1+i*17/1000, i, i%250, i%250)
	}
	return map[string][]byte{
		"nginx/access.log":      []byte(mixed.String()),
		"nginx/access.log.1.gz": gz(t, mixed.String()[:len(mixed.String())/2], mixed.String()[len(mixed.String())/2:]),
		"nginx/access.log.2.gz": gz(t, old.String()),
		"nginx/error.log":       []byte(old.String()),
		"fs/freeswitch.log.1":   []byte(fs.String()),
	}
}

func writeCrashTree(t *testing.T, root string, files map[string][]byte) {
	for rel, data := range files {
		writeFile(t, filepath.Join(root, rel), data, testNow.Add(-time.Hour))
	}
}

func readTree(t *testing.T, root string, files map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for rel := range files {
		if b, err := os.ReadFile(filepath.Join(root, rel)); err == nil {
			out[rel] = b
		}
	}
	return out
}

func strays(root string) []string {
	var out []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && isOurTemp(info.Name()) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// TestKillNineMidRun kills runs at random instants: every file is then its
// old or its new self, and a second run finishes the work and leaves no
// temp file behind.
func TestKillNineMidRun(t *testing.T) {
	files := crashFiles(t)
	// No process holds these files: an empty procfs keeps the rounds fast.
	noProcs := t.TempDir()
	run := func(root string) {
		t.Helper()
		r := newRunner(t, crashConfig(root))
		r.ProcRoot = noProcs
		if _, err := r.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	refRoot := t.TempDir()
	writeCrashTree(t, refRoot, files)
	run(refRoot)
	want := readTree(t, refRoot, files)
	if len(want) != 3 {
		t.Fatalf("reference run kept %d files, want 3", len(want))
	}

	// How long an unkilled child run takes, start to end.
	root := t.TempDir()
	writeCrashTree(t, root, files)
	start := time.Now()
	p, _ := startHelper(t, "JANITOR_HELPER=run", "JANITOR_ROOT="+root, "JANITOR_PROC="+noProcs)
	if st, err := p.Wait(); err != nil || !st.Success() {
		t.Fatalf("child run: %v %v", st, err)
	}
	full := time.Since(start)
	if got := readTree(t, root, files); !sameTree(got, want) {
		t.Fatal("child run differs from the reference run")
	}

	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("seed %d, a full run takes %s", seed, full)
	interrupted, midWrite := 0, 0
	rounds := 20
	if testing.Short() || raceEnabled {
		rounds = 6 // child processes under the race detector are slow to start
	}
	for round := range rounds {
		root := filepath.Join(t.TempDir(), fmt.Sprint(round))
		writeCrashTree(t, root, files)
		p, _ := startHelper(t, "JANITOR_HELPER=run", "JANITOR_ROOT="+root, "JANITOR_PROC="+noProcs)
		time.Sleep(time.Duration(rng.Int64N(int64(full) * 6 / 5)))
		p.Signal(syscall.SIGKILL)
		st, _ := p.Wait()
		if !st.Success() {
			interrupted++
		}
		if len(strays(root)) > 0 {
			midWrite++
		}
		got := readTree(t, root, files)
		for rel, old := range files {
			now, present := got[rel]
			nw, kept := want[rel]
			switch {
			case !present && !kept:
			case present && bytes.Equal(now, old):
			case present && kept && bytes.Equal(now, nw):
			default:
				t.Fatalf("round %d: %s is neither old nor new (present %v)", round, rel, present)
			}
		}
		run(root)
		if got := readTree(t, root, files); !sameTree(got, want) {
			t.Fatalf("round %d: second run did not finish the work", round)
		}
		if s := strays(root); len(s) > 0 {
			t.Fatalf("round %d: stray files %v", round, s)
		}
	}
	t.Logf("%d of %d runs killed before they finished, %d of them while writing a temp file", interrupted, rounds, midWrite)
}

func sameTree(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(b[k], v) {
			return false
		}
	}
	return true
}

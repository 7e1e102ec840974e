package retention

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// A file the test process itself holds open for writing, with a goroutine
// appending during the run: no reopen command, so it is left alone and
// reported, and every appended line is there.
func TestRunLeavesHeldFileAlone(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "live.log")
	writeFile(t, p, []byte(oldNginx+freshNginx), testNow)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	n := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			fmt.Fprintf(f, "2021-04-18T11:00:00Z seq=%d client 192.0.2.50\n", n)
			n++
			time.Sleep(200 * time.Microsecond)
		}
	}()
	r := newRunner(t, testConfig(Source{Name: "live", Paths: []string{filepath.Join(dir, "*.log")}}))
	rep, err := r.Run(context.Background())
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 1 || rep.Files[0].Action != ActionHeld || !strings.Contains(rep.Files[0].Note, "1 expired line left") {
		t.Fatalf("report %+v", rep.Files)
	}
	got := readFile(t, p)
	if !strings.HasPrefix(got, oldNginx+freshNginx) {
		t.Error("the held file was changed")
	}
	checkSeqs(t, got, n)

	a, err := r.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	fa := a.Sources[0].Files[0]
	if !fa.HeldOpen || fa.ExpiredLines != 1 || a.ExitCode() != 1 {
		t.Errorf("audit %+v exit %d", fa, a.ExitCode())
	}
}

// A writer in another process that reopens its file on SIGUSR1, as nginx
// does: the run rotates the file through the reopen command, processes the
// closed copy, and no appended line is lost.
func TestRunRotatesThroughReopen(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "access.log")
	writeFile(t, p, []byte(oldNginx+freshNginx), testNow)
	proc, out := startHelper(t, "JANITOR_HELPER=appender", "JANITOR_PATH="+p)
	if !out.Scan() || out.Text() != "ready" {
		t.Fatal("appender did not start")
	}
	time.Sleep(20 * time.Millisecond)
	src := Source{Name: "nginx", Paths: []string{filepath.Join(dir, "*.log"), filepath.Join(dir, "*.log.janitor-*")},
		Reopen: fmt.Sprintf("kill -USR1 %d", proc.Pid)}
	r := newRunner(t, testConfig(src))
	rep, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if err := proc.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if !out.Scan() {
		t.Fatal("appender said nothing")
	}
	n, err := strconv.Atoi(out.Text())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Totals.Rotated != 1 || rep.Totals.Trimmed != 1 || rep.Totals.Failed != 0 {
		t.Fatalf("totals %+v files %+v", rep.Totals, rep.Files)
	}
	rotated := rep.Files[0].RotatedTo
	if !strings.HasPrefix(rotated, p+".janitor-") {
		t.Fatalf("rotated to %q", rotated)
	}
	old := readFile(t, rotated)
	if !strings.HasPrefix(old, maskedNg) || strings.Contains(old, "192.0.2.50") {
		t.Errorf("rotated file not processed: %.200q", old)
	}
	checkSeqs(t, old+readFile(t, p), n)
	if n < 10 {
		t.Errorf("only %d lines appended", n)
	}
}

var seqRE = regexp.MustCompile(`seq=(\d+) `)

// checkSeqs checks that the lines seq=0 … seq=n-1 are each there once.
func checkSeqs(t *testing.T, content string, n int) {
	t.Helper()
	seen := make([]int, n)
	for _, m := range seqRE.FindAllStringSubmatch(content, -1) {
		i, _ := strconv.Atoi(m[1])
		if i >= n {
			t.Fatalf("seq %d beyond %d", i, n)
		}
		seen[i]++
	}
	for i, c := range seen {
		if c != 1 {
			t.Errorf("seq=%d found %d times", i, c)
		}
	}
}

// A held file with expired lines is not rotated when no glob would match
// its rotated name, nor when the reopen command fails: both are reported,
// and the file keeps every line.
func TestRunRotationRefused(t *testing.T) {
	for _, tc := range []struct {
		name, reopen, glob, want string
	}{
		{"no glob for the rotated name", "true", "*.log", "no glob of source"},
		{"reopen fails", "exit 3", "*.log*", "exit status 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "a.log")
			writeFile(t, p, []byte(oldNginx+freshNginx), testNow)
			f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r := newRunner(t, testConfig(Source{Name: "x", Paths: []string{filepath.Join(dir, tc.glob)}, Reopen: tc.reopen}))
			rep, err := r.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if rep.Totals.Failed != 1 || !strings.Contains(rep.Files[0].Error, tc.want) {
				t.Fatalf("files %+v", rep.Files)
			}
			if ms, _ := filepath.Glob(filepath.Join(dir, "*")); len(ms) != 1 || ms[0] != p {
				t.Errorf("after a failed reopen the live name must be back: %q", ms)
			}
			if tc.reopen != "true" && (rep.Files[0].RotatedTo != "" || !strings.Contains(rep.Files[0].Error, "rolled back")) {
				t.Errorf("file %+v", rep.Files[0])
			}
			f.WriteString(freshNginx)
			var all string
			ms, _ := filepath.Glob(filepath.Join(dir, "a.log*"))
			for _, m := range ms {
				all += readFile(t, m)
			}
			if all != oldNginx+freshNginx+freshNginx {
				t.Errorf("content %q", all)
			}
		})
	}
}

// A run killed between renaming a live file aside and the reopen command
// leaves the writer writing to the rotated name: the next run tells it
// again to reopen, then processes the file. Nothing is lost.
func TestRunRecoversInterruptedRotation(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "access.log")
	rotated := live + ".janitor-20210418T110000Z"
	writeFile(t, rotated, []byte(oldNginx+freshNginx), testNow)
	proc, out := startHelper(t, "JANITOR_HELPER=appender", "JANITOR_FIRST="+rotated, "JANITOR_PATH="+live)
	if !out.Scan() || out.Text() != "ready" {
		t.Fatal("appender did not start")
	}
	os.Remove(live) // the run was killed after the rename: no live file yet
	time.Sleep(10 * time.Millisecond)
	src := Source{Name: "nginx", Paths: []string{filepath.Join(dir, "*.log*")}, Reopen: fmt.Sprintf("kill -USR1 %d", proc.Pid)}
	rep, err := newRunner(t, testConfig(src)).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	proc.Signal(syscall.SIGTERM)
	if !out.Scan() {
		t.Fatal("appender said nothing")
	}
	n, _ := strconv.Atoi(out.Text())
	if rep.Totals.Rotated != 1 || rep.Totals.Trimmed != 1 || !strings.Contains(rep.Files[0].Note, "rotated earlier") {
		t.Fatalf("totals %+v files %+v", rep.Totals, rep.Files)
	}
	checkSeqs(t, readFile(t, rotated)+readFile(t, live), n)
	if strings.Contains(readFile(t, rotated), "CANARY-OLD") {
		t.Error("expired line kept")
	}
}

// A writer that opens the file for every line (redis, a shell script's >>)
// and writes without pause does not put off the trim: the run rewrites
// the file while it grows, and every line the writer wrote is there once,
// in order.
func TestRunPerLineWriterNotDeferred(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "app.log")
	var old strings.Builder
	for i := 0; i < 20000; i++ {
		old.WriteString(oldNginx)
	}
	writeFile(t, p, []byte(old.String()+freshNginx), testNow)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	n := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
			if err != nil {
				t.Error(err)
				return
			}
			fmt.Fprintf(f, "2021-04-18T11:00:00Z seq=%d\n", n)
			f.Close()
			n++
			runtime.Gosched()
		}
	}()
	// The real /proc: salvage must see a writer that opened the old file
	// just before the rename. The first look may catch the writer's
	// descriptor open; a later run does not.
	r := newRunner(t, testConfig(Source{Name: "app", Paths: []string{p}}))
	var rep *RunReport
	var err error
	for try := 0; try < 5; try++ {
		if rep, err = r.Run(context.Background()); err != nil || rep.Files[0].Action != ActionHeld {
			break
		}
	}
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Files[0]; f.Action != ActionRewritten || f.LinesRemoved != 20000 || f.LinesKept < 2 {
		t.Fatalf("result %+v (kept: the fresh line and those appended during the rewrite)", f)
	}
	got := readFile(t, p)
	if strings.Contains(got, "14/Apr/2021") || !strings.HasPrefix(got, maskedNg) {
		t.Errorf("expired lines left, or the fresh line lost: %.200q", got)
	}
	// Every line is there once. Lines the writer appended to the old file
	// in the instant of the rename are copied after those it wrote to the
	// new one already: only they may be out of order.
	lines := strings.Split(strings.TrimSuffix(strings.TrimPrefix(got, maskedNg), "\n"), "\n")
	seen := make([]bool, n)
	disorder, top := 0, -1
	for i, l := range lines {
		var k int
		if _, err := fmt.Sscanf(l, "2021-04-18T11:00:00Z seq=%d", &k); err != nil || k < 0 || k >= n || seen[k] {
			t.Fatalf("line %d: %q", i, l)
		}
		seen[k] = true
		if k < top {
			disorder++ // written before a line above it
		}
		top = max(top, k)
	}
	if len(lines) != n {
		t.Fatalf("%d appended lines in the file, the writer wrote %d", len(lines), n)
	}
	t.Logf("%d lines written during the run, %d of them out of order", n, disorder)
}

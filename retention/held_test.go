package retention

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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

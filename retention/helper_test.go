package retention

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestHelperProcess is not a test: re-executed by other tests as a child
// process (JANITOR_HELPER says which), it appends log lines as a writer
// would, or runs the janitor so that it can be killed.
func TestHelperProcess(t *testing.T) {
	switch os.Getenv("JANITOR_HELPER") {
	case "memory":
		memoryHelper(t, os.Getenv("JANITOR_PATH"))
	case "appender":
		appender(os.Getenv("JANITOR_FIRST"), os.Getenv("JANITOR_PATH"))
	case "run":
		root := os.Getenv("JANITOR_ROOT")
		r := &Runner{Config: crashConfig(root), Scrubber: maskScrubber(t), Now: testNow, Location: time.UTC, ProcRoot: os.Getenv("JANITOR_PROC")}
		if _, err := r.Run(context.Background()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	default:
		return
	}
	os.Exit(0)
}

// appender appends numbered fresh lines to first (or path), reopens path on
// SIGUSR1 (as nginx does) and on SIGTERM prints how many lines it wrote.
func appender(first, path string) {
	sig := make(chan os.Signal, 4)
	signal.Notify(sig, syscall.SIGUSR1, syscall.SIGTERM)
	var err error
	open := func() *os.File {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return f
	}
	f := open()
	if first != "" {
		f.Close()
		if f, err = os.OpenFile(first, os.O_WRONLY|os.O_APPEND, 0); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	fmt.Println("ready")
	tick := time.NewTicker(time.Millisecond)
	n := 0
	for {
		select {
		case s := <-sig:
			if s == syscall.SIGTERM {
				f.Close()
				fmt.Println(n)
				return
			}
			f.Close()
			f = open()
		case <-tick.C:
			fmt.Fprintf(f, "2021-04-18T11:00:00Z seq=%d client 192.0.2.50\n", n)
			n++
		}
	}
}

// startHelper starts the test binary as a helper child process.
func startHelper(t testing.TB, env ...string) (*os.Process, *bufio.Scanner) {
	t.Helper()
	attr := &os.ProcAttr{Env: append(os.Environ(), env...)}
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	attr.Files = []*os.File{nil, pw, os.Stderr}
	p, err := os.StartProcess(os.Args[0], []string{os.Args[0], "-test.run=^TestHelperProcess$"}, attr)
	pw.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Kill(); p.Wait(); pr.Close() })
	return p, bufio.NewScanner(pr)
}

// crashConfig is the config of the kill -9 test's tree.
func crashConfig(root string) *Config {
	return testConfig(
		Source{Name: "nginx", Paths: []string{filepath.Join(root, "nginx", "*")}},
		Source{Name: "fs", Paths: []string{filepath.Join(root, "fs", "*.log*")}},
	)
}

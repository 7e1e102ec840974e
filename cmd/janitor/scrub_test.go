package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const scrubIn = "192.0.2.123 - - [15/Apr/2021:21:15:25 +0200] \"GET /?ip=2001:db8:1:2::3 HTTP/1.1\" 200 5 \"-\" \"Chrome/89.0.4389.114\"\r\n" +
	"\xff\xfe invalid utf-8 sip:+4930123456@198.51.100.7 alice@example.com\n" +
	"last line without newline [2001:db8:aa:bb::1]:443"

func TestScrubStdinStdout(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "192.0.2.0 - - [15/Apr/2021:21:15:25 +0200] \"GET /?ip=2001:db8:1:: HTTP/1.1\" 200 5 \"-\" \"Chrome/89.0.4389.114\"\r\n" +
			"\xff\xfe invalid utf-8 sip:+4930123456@198.51.100.0 alice@example.com\n" +
			"last line without newline [2001:db8:aa::]:443"},
		{[]string{"--mode", "redact", "--phones", "--emails"}, "0.0.0.0 - - [15/Apr/2021:21:15:25 +0200] \"GET /?ip=:: HTTP/1.1\" 200 5 \"-\" \"Chrome/89.0.4389.114\"\r\n" +
			"\xff\xfe invalid utf-8 sip:+xxxxxxxxxx@0.0.0.0 [email]\n" +
			"last line without newline [::]:443"},
		{[]string{"--ipv4-prefix=16", "--ipv6-prefix=32", "--phones"}, "192.0.0.0 - - [15/Apr/2021:21:15:25 +0200] \"GET /?ip=2001:db8:: HTTP/1.1\" 200 5 \"-\" \"Chrome/89.0.4389.114\"\r\n" +
			"\xff\xfe invalid utf-8 sip:+493xxxxxxx@198.51.0.0 alice@example.com\n" +
			"last line without newline [2001:db8::]:443"},
	} {
		var stdout, stderr bytes.Buffer
		if err := scrubArgs(context.Background(), tc.args, strings.NewReader(scrubIn), &stdout, &stderr); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if stdout.String() != tc.want {
			t.Errorf("%v:\n got %q\nwant %q", tc.args, stdout.String(), tc.want)
		}
		if stderr.Len() != 0 {
			t.Errorf("%v: stderr %q", tc.args, stderr.String())
		}
	}
}

func TestScrubFiles(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.log"), filepath.Join(dir, "out.log")
	if err := os.WriteFile(in, []byte("a 192.0.2.1\nb 198.51.100.2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, []byte("kept\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := scrubArgs(context.Background(), []string{"--input", in, "--output", out}, strings.NewReader("not read"), &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	if string(got) != "kept\na 192.0.2.0\nb 198.51.100.0\n" {
		t.Errorf("output file = %q", got)
	}
	if stdout.Len()+stderr.Len() != 0 {
		t.Errorf("stdout %q stderr %q", stdout.String(), stderr.String())
	}
}

func TestScrubInvalidArgs(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--mode", "hash"}, `scrub: --mode: unknown scrub mode "hash" (want mask or redact)`},
		{[]string{"--ipv4-prefix", "33"}, "scrub: --ipv4-prefix 33 keeps more than a /24 network: at most 24"},
		{[]string{"--ipv4-prefix", "32"}, "scrub: --ipv4-prefix 32 keeps more than a /24 network: at most 24"},
		{[]string{"--ipv6-prefix", "200"}, "scrub: --ipv6-prefix 200 keeps more than a /48 network: at most 48"},
		{[]string{"--ipv6-prefix=-8"}, "scrub: ipv6 prefix -8 out of range 0..128"},
		{[]string{"--ipv4-prefix", "0"}, "scrub: a prefix of 0 keeps nothing: use --mode redact"},
		{[]string{"extra"}, `unexpected extra`},
		{[]string{"--nope"}, "unknown long flag '--nope'"},
		{[]string{"--input", filepath.Join(dir, "missing.log")}, "scrub: open input: stat " + filepath.Join(dir, "missing.log") + ": no such file or directory"},
		{[]string{"--output", filepath.Join(dir, "no", "dir.log")}, "scrub: open output: open " + filepath.Join(dir, "no", "dir.log") + ": no such file or directory"},
	} {
		var stdout, stderr bytes.Buffer
		err := scrubArgs(context.Background(), tc.args, strings.NewReader("192.0.2.1\n"), &stdout, &stderr)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
		if stdout.Len() != 0 {
			t.Errorf("%v: wrote %q", tc.args, stdout.String())
		}
	}
}

// TestScrubFIFO scrubs at write time: a writer opens the FIFO, writes,
// closes it and comes back (as a web server reopening its log does); the
// filter keeps going, its output keeps up, it reopens its output on SIGHUP,
// and it stops cleanly when cancelled.
func TestScrubFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo, out := filepath.Join(dir, "access.fifo"), filepath.Join(dir, "access.log")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		done <- scrubArgs(ctx, []string{"--input", fifo, "--output", out}, nil, &stdout, &stderr)
	}()
	write := func(s string) {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.WriteString(s); err != nil {
			t.Fatal(err)
		}
		w.Close()
	}
	waitFor := func(want string) {
		deadline := time.Now().Add(10 * time.Second)
		for {
			got, _ := os.ReadFile(out)
			if string(got) == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("output %q, want %q", got, want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	write("one 192.0.2.1\n")
	waitFor("one 192.0.2.0\n")
	write("two [2001:db8:1:2::3]:80\n")
	waitFor("one 192.0.2.0\ntwo [2001:db8:1::]:80\n")
	// logrotate: move the file away, then SIGHUP. runScrub listens for
	// SIGHUP before it reads its first line, so the signal cannot kill
	// the test binary.
	if err := os.Rename(out, out+".1"); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(out); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("output not reopened after SIGHUP")
		}
		time.Sleep(20 * time.Millisecond)
	}
	write("three 198.51.100.77\n")
	waitFor("three 198.51.100.0\n")
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("runScrub did not stop when cancelled")
	}
}

func TestScrubUsageErrorsAreFlagErrors(t *testing.T) {
	var stdout, stderr bytes.Buffer
	for _, args := range [][]string{{"--mode", "x"}, {"--ipv4-prefix", "40"}, {"--bogus"}} {
		if err := scrubArgs(context.Background(), args, strings.NewReader(""), &stdout, &stderr); exitCode(err) != 2 {
			t.Errorf("%v: %v is no usage error (exit %d)", args, err, exitCode(err))
		}
	}
}

func TestScrubReopener(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "access.log")
	r, err := openReopener(path)
	if err != nil {
		t.Fatal(err)
	}
	r.Write([]byte("before\n"))
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	r.Write([]byte("still old\n"))
	if err := r.Reopen(); err != nil {
		t.Fatal(err)
	}
	r.Write([]byte("after\n"))
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(path + ".1")
	cur, _ := os.ReadFile(path)
	if string(old) != "before\nstill old\n" || string(cur) != "after\n" {
		t.Errorf("old %q, new %q", old, cur)
	}
}

// scrubArgs runs "janitor scrub" with args, as the command line would.
func scrubArgs(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return run(ctx, append([]string{"scrub"}, args...), stdin, stdout, stderr)
}

// TestScrubHostNames: a reverse-DNS name that spells the client's address
// is masked like the address unless --keep-host-names is given.
func TestScrubHostNames(t *testing.T) {
	const in = "sshd[77]: reverse mapping checking getaddrinfo for s104-238-125-129.example.net [104.238.125.129] failed\n"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "sshd[77]: reverse mapping checking getaddrinfo for s104-238-125-0.example.net [104.238.125.0] failed\n"},
		{[]string{"--keep-host-names"}, "sshd[77]: reverse mapping checking getaddrinfo for s104-238-125-129.example.net [104.238.125.0] failed\n"},
	} {
		var stdout, stderr bytes.Buffer
		if err := scrubArgs(context.Background(), tc.args, strings.NewReader(in), &stdout, &stderr); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if stdout.String() != tc.want {
			t.Errorf("%v:\n got %q\nwant %q", tc.args, stdout.String(), tc.want)
		}
	}
}

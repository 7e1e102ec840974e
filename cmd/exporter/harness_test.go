package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/internal/promtest"
)

// syncBuffer collects the exporter's log while tests read it.
type syncBuffer = promtest.Buffer

// exporterUnderTest is the exporter run in-process on a free loopback port.
type exporterUnderTest struct {
	url  string // http://127.0.0.1:PORT
	addr string // 127.0.0.1:PORT
	logs *syncBuffer
}

// startExporter runs the exporter with args (plus a loopback listen address) until the test ends.
func startExporter(t testing.TB, args ...string) *exporterUnderTest {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	addrs := make(chan []net.Addr, 1)
	done := make(chan error, 1)
	args = append([]string{"--web.listen-address=127.0.0.1:0"}, args...)
	go func() {
		done <- serve(ctx, args, io.Discard, logs, func(a []net.Addr) { addrs <- a })
	}()
	var e *exporterUnderTest
	select {
	case a := <-addrs:
		e = &exporterUnderTest{url: "http://" + a[0].String(), addr: a[0].String(), logs: logs}
	case err := <-done:
		cancel()
		t.Fatalf("exporter %q stopped: %v\n%s", args, err, logs)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatalf("exporter %q did not listen within 10s\n%s", args, logs)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("exporter stopped with %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("exporter did not stop within 10s")
		}
	})
	return e
}

// get fetches path from the exporter and returns the body; a status other than 200 fails t.
func (e *exporterUnderTest) get(t testing.TB, path string, header ...string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.url+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{Timeout: 20 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", path, resp.Status, body)
	}
	return string(body)
}

// tool finds an external program; missing, the test skips, or fails when CI=true.
var tool = promtest.Need

// waitFor polls cond every 100ms until it holds or timeout passes.
func waitFor(timeout time.Duration, cond func() bool) bool {
	return promtest.WaitFor(timeout, func(context.Context) (bool, error) { return cond(), nil }) == nil
}

// freePort asks the kernel for a free loopback port and releases it for a child process to take.
var freePort = promtest.FreePort

// filterFamilies keeps the metric families (HELP, TYPE and samples) whose names start with prefix.
func filterFamilies(exposition, prefix string) string {
	var out strings.Builder
	for line := range strings.Lines(exposition) {
		name := line
		if rest, ok := strings.CutPrefix(line, "# HELP "); ok {
			name = rest
		} else if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name = rest
		}
		if strings.HasPrefix(name, prefix) {
			out.WriteString(line)
		}
	}
	return out.String()
}

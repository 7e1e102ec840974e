// Package promtest starts a real Prometheus server for tests, on loopback, serving data backfilled
// from an OpenMetrics text with promtool. Tests skip when the binaries are missing, and fail instead
// when CI=true.
package promtest

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Need finds a binary on PATH or skips the test (fails it when CI=true).
func Need(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not installed, and CI=true", name)
		}
		t.Skipf("%s not installed: %v", name, err)
	}
	return p
}

// Start backfills openMetrics into a new TSDB with promtool, starts Prometheus on it at a free
// 127.0.0.1 port, waits (at most 30 s) until it is ready and returns its base URL. The server is
// stopped when the test ends.
func Start(t testing.TB, openMetrics []byte) string {
	t.Helper()
	promtool, prom := Need(t, "promtool"), Need(t, "prometheus")
	dir := t.TempDir()
	om, tsdb := filepath.Join(dir, "backfill.om"), filepath.Join(dir, "data")
	if err := os.WriteFile(om, openMetrics, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(promtool, "tsdb", "create-blocks-from", "openmetrics", om, tsdb).CombinedOutput(); err != nil {
		t.Fatalf("promtool: %v\n%s", err, out)
	}
	cfg := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfg, []byte("global: {}\nscrape_configs: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	logf, err := os.Create(filepath.Join(dir, "prometheus.log"))
	if err != nil {
		t.Fatal(err)
	}
	// Old backfilled data must survive the default retention of 15 days.
	cmd := exec.Command(prom, "--config.file="+cfg, "--storage.tsdb.path="+tsdb,
		"--storage.tsdb.retention.time=100y", "--web.listen-address="+addr)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logf.Close()
	})
	url := "http://" + addr
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := client.Get(url + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logf.Name())
			t.Fatalf("prometheus not ready after 30s: %v\n%s", err, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/api"
	promv1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"

	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
)

// TestRealPrometheusScrapes starts a real Prometheus server on loopback that scrapes the
// exporter every second, and asks its HTTP API for bbb_meetings_participants.
func TestRealPrometheusScrapes(t *testing.T) {
	t.Parallel()
	prometheus := tool(t, "prometheus")
	bbb := bbbtest.New(t, goldenSecret)
	bbb.SetMeetings(goldenMeetings()...)
	e := startExporter(t, goldenArgs(t, bbb.URL(), "sys-cgroupv2")...)
	want := sampleValue(t, e.get(t, "/metrics"), "bbb_meetings_participants")

	dir := t.TempDir()
	config := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(config, fmt.Appendf(nil, `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: bbb
    static_configs:
      - targets: [%q]
`, e.addr), 0o600); err != nil {
		t.Fatal(err)
	}
	promAddr, logs := startPrometheus(t, prometheus, config, filepath.Join(dir, "data"))

	client, err := api.NewClient(api.Config{Address: "http://" + promAddr})
	if err != nil {
		t.Fatal(err)
	}
	prom := promv1.NewAPI(client)
	var got model.Vector
	var lastErr error
	ok := waitFor(30*time.Second, func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		res, _, _, err := prom.Query(ctx, "bbb_meetings_participants", time.Now())
		if err != nil {
			lastErr = err
			return false
		}
		got, _ = res.(model.Vector)
		return len(got) == 1
	})
	if !ok {
		t.Fatalf("Prometheus has no bbb_meetings_participants after 30s (last error %v); its log:\n%s", lastErr, logs)
	}
	if float64(got[0].Value) != want {
		t.Errorf("Prometheus says bbb_meetings_participants = %v, the exporter served %v", got[0].Value, want)
	}
	if job := got[0].Metric["job"]; job != "bbb" {
		t.Errorf("series %v: job %q", got[0].Metric, job)
	}
	res, _, _, err := prom.Query(context.Background(), `up{job="bbb"}`, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := res.(model.Vector); len(v) != 1 || v[0].Value != 1 {
		t.Errorf("up = %v", res)
	}
}

// sampleValue returns the value of the unlabelled sample name in an exposition.
func sampleValue(t *testing.T, exposition, name string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` (\S+)$`).FindStringSubmatch(exposition)
	if m == nil {
		t.Fatalf("no sample %s in:\n%s", name, exposition)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// startPrometheus runs a Prometheus server on a free loopback port until the test ends. The port
// is chosen before Prometheus takes it, so another process may take it first: then Prometheus
// exits at once, and it is started again on another port.
func startPrometheus(t *testing.T, prometheus, config, data string) (addr string, logs *syncBuffer) {
	t.Helper()
	for attempt := 1; ; attempt++ {
		addr, logs = freePort(t), &syncBuffer{}
		cmd := exec.Command(prometheus,
			"--config.file="+config,
			"--storage.tsdb.path="+data,
			"--web.listen-address="+addr,
			"--log.level=warn")
		cmd.Stdout, cmd.Stderr = logs, logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		stop := func() {
			cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				<-exited
			}
		}
		// Listening (or not) is decided within moments of the start; give it a few seconds on
		// a loaded machine.
		select {
		case <-exited:
			if attempt < 3 && strings.Contains(logs.String(), "address already in use") {
				continue
			}
			t.Fatalf("prometheus exited at start:\n%s", logs)
		case <-time.After(3 * time.Second):
		}
		t.Cleanup(stop)
		return addr, logs
	}
}

package dashboards

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/api"
	promv1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// TestRealPrometheus loads the alert rules into a real Prometheus server on loopback that scrapes
// what the exporter serves (its golden /metrics plus client_golang's Go and process metrics), then
// checks that every rule evaluates without error against the real label sets and that every
// dashboard query returns data.
func TestRealPrometheus(t *testing.T) {
	t.Parallel()
	binary := requireTool(t, "prometheus")
	goldens, err := filepath.Glob(goldenGlob)
	if err != nil || len(goldens) == 0 {
		t.Skipf("no golden file matches %s yet: nothing to serve", goldenGlob)
	}
	exposition := exporterExposition(t, goldens[0])
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", string(expfmt.NewFormat(expfmt.TypeTextPlain)))
		w.Write(exposition)
	}))
	t.Cleanup(target.Close)

	rules, err := filepath.Abs(rulesFile)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	config := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(config, fmt.Appendf(nil, `global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files: [%q]
scrape_configs:
  - job_name: bbb
    static_configs:
      - targets: [%q]
`, rules, strings.TrimPrefix(target.URL, "http://")), 0o600); err != nil {
		t.Fatal(err)
	}
	prom := startPrometheus(t, binary, config, filepath.Join(dir, "data"))

	// Three scrapes give every rate() over 10s two samples or more, and the rules their evaluations.
	waitFor(t, 30*time.Second, "three scrapes", func(ctx context.Context) (bool, error) {
		v, err := query(ctx, prom, `count_over_time(up{job="bbb"}[1m])`)
		return err == nil && len(v) == 1 && v[0].Value >= 3, err
	})
	wantRules := len(loadRules(t))
	var unhealthy []string
	waitFor(t, 10*time.Second, "every rule evaluated", func(ctx context.Context) (bool, error) {
		res, err := prom.Rules(ctx, nil)
		if err != nil {
			return false, err
		}
		evaluated := 0
		unhealthy = unhealthy[:0]
		for _, g := range res.Groups {
			for _, r := range g.Rules {
				if a, ok := r.(promv1.AlertingRule); ok && !a.LastEvaluation.IsZero() {
					evaluated++
					if a.Health != promv1.RuleHealthGood {
						unhealthy = append(unhealthy, fmt.Sprintf("%s: health %s: %s", a.Name, a.Health, a.LastError))
					}
				}
			}
		}
		return evaluated == wantRules, nil
	})
	for _, u := range unhealthy {
		t.Errorf("rule %s", u)
	}

	_, goldenCollectors, _ := exportedByExporter(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, p := range allPanels(loadDashboard(t).Panels) {
		for _, tg := range p.Targets {
			expr := strings.ReplaceAll(promqlFromGrafana(tg.Expr), "[5m]", "[10s]")
			v, err := query(ctx, prom, expr)
			if err != nil {
				t.Errorf("panel %q target %s: %v\n%s", p.Title, tg.RefID, err, expr)
				continue
			}
			if len(v) == 0 && !excusedEmpty(expr, goldenCollectors) {
				t.Errorf("panel %q target %s returns no data from what the exporter serves:\n%s", p.Title, tg.RefID, expr)
			}
		}
	}
}

// excusedEmpty tells whether a query may come back empty: it uses the bbb collector's metrics while
// the golden files lack them.
func excusedEmpty(expr string, goldenCollectors map[string]bool) bool {
	if goldenCollectors["bbb"] {
		return false
	}
	names, _ := metricNames(expr)
	for _, n := range names {
		if fromBBBCollector(n) {
			return true
		}
	}
	return false
}

// exporterExposition is the golden /metrics with client_golang's Go and process metrics added, as
// the exporter serves them.
func exporterExposition(t *testing.T, golden string) []byte {
	t.Helper()
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	buf := bytes.NewBuffer(data)
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if _, err := expfmt.MetricFamilyToText(buf, mf); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// requireTool returns the path of a program, skipping the test when it is missing, or failing it
// when CI=true.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI: %v", name, err)
		}
		t.Skipf("%s not found (%v); install the prometheus package to run this test", name, err)
	}
	return path
}

// startPrometheus runs a Prometheus server on a free loopback port until the test ends and
// returns its API once it is ready.
func startPrometheus(t *testing.T, binary, config, data string) promv1.API {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	logs := &lockedBuffer{}
	cmd := exec.Command(binary, "--config.file="+config, "--storage.tsdb.path="+data,
		"--web.listen-address="+addr, "--log.level=warn")
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", binary, err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("prometheus output:\n%s", logs.String())
		}
	})
	client, err := api.NewClient(api.Config{Address: "http://" + addr})
	if err != nil {
		t.Fatal(err)
	}
	prom := promv1.NewAPI(client)
	waitFor(t, 30*time.Second, "prometheus ready", func(ctx context.Context) (bool, error) {
		_, err := prom.Buildinfo(ctx)
		return err == nil, err
	})
	return prom
}

func query(ctx context.Context, prom promv1.API, expr string) (model.Vector, error) {
	res, _, _, err := prom.Query(ctx, expr, time.Now())
	if err != nil {
		return nil, err
	}
	v, ok := res.(model.Vector)
	if !ok {
		return nil, fmt.Errorf("query %s: got a %s, want a vector", expr, res.Type())
	}
	return v, nil
}

// waitFor polls cond every 200 ms until it holds, failing the test after timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func(context.Context) (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var lastErr error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		ok, err := cond(ctx)
		cancel()
		if ok {
			return
		}
		lastErr = err
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("waited %s for %s; last error: %v", timeout, what, lastErr)
}

// lockedBuffer collects a child process's output safely.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

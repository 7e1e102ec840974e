package dashboards

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	promv1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/bbbkit/bbbkit/internal/promtest"
)

// TestRealPrometheus loads the alert rules into a real Prometheus server on loopback that scrapes
// what the exporter serves (its golden /metrics plus client_golang's Go and process metrics), then
// checks that every rule evaluates without error against the real label sets and that every
// dashboard query returns data.
func TestRealPrometheus(t *testing.T) {
	t.Parallel()
	requireTool(t, "prometheus")
	goldens, err := filepath.Glob(goldenGlob)
	if err != nil || len(goldens) == 0 {
		t.Skipf("no golden file matches %s yet: nothing to serve", goldenGlob)
	}
	// One of the base runs, and the run with the optional collectors on (native, recordings),
	// whose families are disjoint from it.
	served := []string{goldens[0]}
	for _, g := range goldens[1:] {
		if filepath.Base(g) == optionalGolden {
			served = append(served, g)
		}
	}
	exposition := exporterExposition(t, served...)
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", string(expfmt.NewFormat(expfmt.TypeTextPlain)))
		w.Write(exposition)
	}))
	t.Cleanup(target.Close)

	rules, err := filepath.Abs(rulesFile)
	if err != nil {
		t.Fatal(err)
	}
	prom := promtest.Start(t, promtest.Options{Config: fmt.Sprintf(`global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files: [%q]
scrape_configs:
  - job_name: bbb
    static_configs:
      - targets: [%q]
`, rules, strings.TrimPrefix(target.URL, "http://"))}).API()

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

// optionalGolden is the golden run with the collectors that are off by default switched on.
const optionalGolden = "metrics-optional.golden"

// exporterExposition is the golden /metrics files (of disjoint families) with client_golang's Go
// and process metrics added, as the exporter serves them.
func exporterExposition(t *testing.T, goldens ...string) []byte {
	t.Helper()
	buf := new(bytes.Buffer)
	for _, golden := range goldens {
		data, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(data)
	}
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
var requireTool = promtest.Need

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

// waitFor polls cond until it holds, failing the test after timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func(context.Context) (bool, error)) {
	t.Helper()
	if err := promtest.WaitFor(timeout, cond); err != nil {
		t.Fatalf("wait for %s: %v", what, err)
	}
}

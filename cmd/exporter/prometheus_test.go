package main

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/prometheus/common/model"

	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
	"github.com/bbbkit/bbbkit/internal/promtest"
)

// TestRealPrometheusScrapes starts a real Prometheus server on loopback that scrapes the
// exporter every second, and asks its HTTP API for bbb_meetings_participants.
func TestRealPrometheusScrapes(t *testing.T) {
	t.Parallel()
	bbb := bbbtest.New(t, goldenSecret)
	bbb.SetMeetings(goldenMeetings()...)
	e := startExporter(t, goldenArgs(t, bbb.URL(), "sys-cgroupv2")...)
	want := sampleValue(t, e.get(t, "/metrics"), "bbb_meetings_participants")

	server := promtest.Start(t, promtest.Options{Config: fmt.Sprintf(`global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: bbb
    static_configs:
      - targets: [%q]
`, e.addr)})
	prom := server.API()
	var got model.Vector
	err := promtest.WaitFor(30*time.Second, func(ctx context.Context) (bool, error) {
		res, _, _, err := prom.Query(ctx, "bbb_meetings_participants", time.Now())
		if err != nil {
			return false, err
		}
		got, _ = res.(model.Vector)
		return len(got) == 1, nil
	})
	if err != nil {
		t.Fatalf("Prometheus has no bbb_meetings_participants: %v; its log:\n%s", err, server.Logs())
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

package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	promcollectors "github.com/prometheus/client_golang/prometheus/collectors"
	versioncollector "github.com/prometheus/client_golang/prometheus/collectors/version"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/bbbkit/bbbkit/collectors"
)

// fixtureHandler is the /metrics handler over the media and netdev collectors on the cgroup v2
// fixture tree, with the process-wide collectors listed in static.
func fixtureHandler(t testing.TB, static bool) (http.Handler, *scrapeRegistries) {
	t.Helper()
	exporter, err := collectors.New([]string{"media", "netdev"}, collectors.Options{
		ProcPath: filepath.Join(fixtures, "proc"), SysPath: filepath.Join(fixtures, "sys-cgroupv2"),
		NetdevExclude: collectors.DefaultNetdevExclude,
	})
	if err != nil {
		t.Fatal(err)
	}
	regs := newScrapeRegistries(exporter)
	regs.MustRegister(versioncollector.NewCollector(programName))
	if static {
		regs.MustRegister(promcollectors.NewGoCollector(), newProcessCollector("/proc"))
	}
	logger := slog.New(slog.DiscardHandler)
	return promhttp.InstrumentMetricHandler(regs, newMetricsHandler(regs, logger)), regs
}

// TestMetricsHandlerOverlapping checks that a scrape overlapping another, which gathers the two
// registries of its own, serves the same page as one alone, and that both send a Content-Length.
func TestMetricsHandlerOverlapping(t *testing.T) {
	h, regs := fixtureHandler(t, false)
	scrape := func() string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Length") == "" {
			t.Fatalf("status %d, Content-Length %q", rec.Code, rec.Header().Get("Content-Length"))
		}
		var kept strings.Builder
		for line := range strings.Lines(rec.Body.String()) {
			// Durations and the handler's own counters differ from one scrape to the next.
			if !strings.HasPrefix(line, "bbb_scrape_collector_duration_seconds{") &&
				!strings.HasPrefix(line, "promhttp_metric_handler_requests_") {
				kept.WriteString(line)
			}
		}
		return kept.String()
	}
	alone := scrape()
	regs.mu.Lock() // another scrape is gathering
	overlapping := scrape()
	regs.mu.Unlock()
	if alone != overlapping {
		t.Errorf("pages differ\nalone:\n%s\noverlapping:\n%s", alone, overlapping)
	}
	for _, want := range []string{"bbb_unit_tasks{unit=\"freeswitch\"}", "bbb_network_receive_bytes_total{", programName + "_build_info{"} {
		if !strings.Contains(alone, want) {
			t.Errorf("page lacks %s:\n%s", want, alone)
		}
	}
}

// TestMetricsHandlerConcurrent scrapes from several goroutines at once, so that both ways are
// taken side by side (run with -race).
func TestMetricsHandlerConcurrent(t *testing.T) {
	h, _ := fixtureHandler(t, true)
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			for range 15 {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
				if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, "\nbbb_unit_tasks{unit=\"freeswitch\"} 62\n") ||
					!strings.Contains(body, "\nprocess_open_fds ") {
					t.Errorf("status %d, page:\n%s", rec.Code, body)
					return
				}
			}
		})
	}
	wg.Wait()
}

// discardResponse is a ResponseWriter that throws the page away.
type discardResponse struct{ h http.Header }

func (d *discardResponse) Header() http.Header         { return d.h }
func (d *discardResponse) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardResponse) WriteHeader(int)             {}

// BenchmarkMetricsHandler serves the page of the fixture collectors and the process-wide ones
// without a network: a scrape alone (one registry gathered) and one overlapping another (two
// registries gathered and merged, a registry and a promhttp handler built for it).
func BenchmarkMetricsHandler(b *testing.B) {
	h, regs := fixtureHandler(b, true)
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	for _, overlapping := range []bool{false, true} {
		name := "alone"
		if overlapping {
			name = "overlapping"
			regs.mu.Lock()
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				h.ServeHTTP(&discardResponse{h: http.Header{}}, req)
			}
		})
		if overlapping {
			regs.mu.Unlock()
		}
	}
}

// TestMetricsHandlerScrapeTimeoutBothWays: the deadline Prometheus announces reaches the collectors
// on the shared registry and on an overlapping scrape's own, where an expired one fails them.
func TestMetricsHandlerScrapeTimeoutBothWays(t *testing.T) {
	h, regs := fixtureHandler(t, false)
	scrape := func() string {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		req.Header.Set("X-Prometheus-Scrape-Timeout-Seconds", "0.000000001")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		return rec.Body.String()
	}
	const failed = "\nbbb_scrape_collector_success{collector=\"netdev\"} 0\n"
	if page := scrape(); !strings.Contains(page, failed) {
		t.Errorf("shared registry: deadline not seen:\n%s", page)
	}
	regs.mu.Lock()
	page := scrape()
	regs.mu.Unlock()
	if !strings.Contains(page, failed) {
		t.Errorf("overlapping scrape: deadline not seen:\n%s", page)
	}
}

// TestMetricsHandlerHTTP: over a real connection the page has its exact Content-Length, a HEAD
// gets the same length and no body, gzip is not used though offered, and OpenMetrics is not
// negotiated (it never was offered).
func TestMetricsHandlerHTTP(t *testing.T) {
	h, _ := fixtureHandler(t, false)
	srv := httptest.NewServer(h)
	defer srv.Close()
	do := func(method string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+"/metrics", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
		req.Header.Set("Accept-Encoding", "gzip")
		rsp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer rsp.Body.Close()
		body, err := io.ReadAll(rsp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return rsp, string(body)
	}
	get, page := do(http.MethodGet)
	if get.StatusCode != http.StatusOK || get.ContentLength != int64(len(page)) || len(page) == 0 {
		t.Errorf("GET: status %d, Content-Length %d, body %d bytes", get.StatusCode, get.ContentLength, len(page))
	}
	if ce, ct := get.Header.Get("Content-Encoding"), get.Header.Get("Content-Type"); ce != "" || !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("GET: Content-Encoding %q, Content-Type %q", ce, ct)
	}
	if !strings.Contains(page, "\npromhttp_metric_handler_requests_total{code=\"200\"} ") {
		t.Errorf("GET: no promhttp_metric_handler_requests_total:\n%s", page)
	}
	head, body := do(http.MethodHead)
	if head.StatusCode != http.StatusOK || body != "" || head.Header.Get("Content-Length") == "" {
		t.Errorf("HEAD: status %d, Content-Length %q, body %q", head.StatusCode, head.Header.Get("Content-Length"), body)
	}
}

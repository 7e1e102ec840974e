package main

// The /metrics handler. Each scrape gathers the collectors under its own context (the request's,
// cut at the scrape timeout Prometheus announces), which a prometheus.Registry cannot be handed:
// Gather takes no context. The handler therefore keeps two registries that hold the same
// process-wide collectors (Go runtime, process, version, history, promhttp's own counters): one
// with a slot for the scrape's collectors as well, used by one scrape at a time with the scrape's
// context put in the slot, and one without, which a scrape that overlaps another (two Prometheus
// servers) gathers together with a registry of its own, as every scrape once did. The first way
// gathers once per scrape instead of twice and builds nothing per scrape; the page is the same.

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/bbbkit/bbbkit/collectors"
)

// scrapeRegistries is a prometheus.Registerer that registers every process-wide collector in two
// registries: static alone, and combined, which also holds the slot for a scrape's collectors.
type scrapeRegistries struct {
	static   *prometheus.Registry
	combined *prometheus.Registry
	slot     *scrapeCollector
	// mu is held by the scrape whose context is in slot, for the whole of its gathering.
	mu sync.Mutex
}

var _ prometheus.Registerer = (*scrapeRegistries)(nil)

// newScrapeRegistries returns the registries, the slot in combined reading exporter.
func newScrapeRegistries(exporter *collectors.Exporter) *scrapeRegistries {
	r := &scrapeRegistries{
		static:   prometheus.NewRegistry(),
		combined: prometheus.NewRegistry(),
		slot:     &scrapeCollector{exporter: exporter},
	}
	r.combined.MustRegister(r.slot)
	return r
}

// Register implements prometheus.Registerer: c goes into both registries, or into neither. An
// AlreadyRegisteredError names the collector registered before, as the registry's does.
func (r *scrapeRegistries) Register(c prometheus.Collector) error {
	if err := r.static.Register(c); err != nil {
		return err
	}
	if err := r.combined.Register(c); err != nil {
		r.static.Unregister(c)
		return err
	}
	return nil
}

// MustRegister implements prometheus.Registerer.
func (r *scrapeRegistries) MustRegister(cs ...prometheus.Collector) {
	for _, c := range cs {
		if err := r.Register(c); err != nil {
			panic(err)
		}
	}
}

// Unregister implements prometheus.Registerer.
func (r *scrapeRegistries) Unregister(c prometheus.Collector) bool {
	a, b := r.static.Unregister(c), r.combined.Unregister(c)
	return a || b
}

// scrapeCollector runs the exporter under one scrape's context: in combined's slot, set and
// cleared under scrapeRegistries.mu, or in an overlapping scrape's own registry. It describes
// nothing, so the registry accepts whatever series the host has (an unchecked collector).
type scrapeCollector struct {
	exporter *collectors.Exporter
	ctx      context.Context
}

func (*scrapeCollector) Describe(chan<- *prometheus.Desc) {}

func (c *scrapeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx := c.ctx
	if ctx == nil { // the slot gathered outside a scrape; the handler never does
		ctx = context.Background()
	}
	c.exporter.CollectContext(ctx, ch)
}

// metricsHandler serves the page from regs, buffered so that it goes out with a Content-Length
// in as few writes as the connection's buffer allows, instead of in chunks.
type metricsHandler struct {
	regs   *scrapeRegistries
	opts   promhttp.HandlerOpts
	shared http.Handler // promhttp over regs.combined
}

// newMetricsHandler builds the handler; the promhttp handler over the combined registry is made
// once, for the whole run.
func newMetricsHandler(regs *scrapeRegistries, logger *slog.Logger) *metricsHandler {
	opts := promhttp.HandlerOpts{
		ErrorLog:      promLogger{logger},
		ErrorHandling: promhttp.ContinueOnError,
		// Compressing a page of a few kilobytes costs more CPU than the bytes it saves.
		DisableCompression: true,
	}
	return &metricsHandler{regs: regs, opts: opts, shared: promhttp.HandlerFor(regs.combined, opts)}
}

// scrapeTimeoutMargin is the share of Prometheus' announced scrape timeout the collectors may use,
// leaving the rest for encoding and the network.
const scrapeTimeoutMargin = 0.9

func (h *metricsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if v := r.Header.Get("X-Prometheus-Scrape-Timeout-Seconds"); v != "" {
		var secs float64
		if _, err := fmt.Sscan(v, &secs); err == nil && secs > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, time.Duration(secs*scrapeTimeoutMargin*float64(time.Second)))
			defer cancel()
		}
	}
	bw := newBufferedResponse(w)
	defer bw.release()
	if h.regs.mu.TryLock() {
		func() {
			defer h.regs.mu.Unlock()
			h.regs.slot.ctx = ctx
			defer func() { h.regs.slot.ctx = nil }()
			h.shared.ServeHTTP(bw, r)
		}()
	} else {
		scrape := prometheus.NewRegistry()
		scrape.MustRegister(&scrapeCollector{exporter: h.regs.slot.exporter, ctx: ctx})
		promhttp.HandlerFor(prometheus.Gatherers{h.regs.static, scrape}, h.opts).ServeHTTP(bw, r)
	}
	bw.send()
}

// maxPooledPage bounds the buffers kept for later scrapes; a larger page's buffer is dropped.
const maxPooledPage = 1 << 20

var pagePool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// bufferedResponse holds a page until send writes it with its length.
type bufferedResponse struct {
	http.ResponseWriter
	buf    *bytes.Buffer
	status int
}

func newBufferedResponse(w http.ResponseWriter) *bufferedResponse {
	buf := pagePool.Get().(*bytes.Buffer)
	buf.Reset()
	return &bufferedResponse{ResponseWriter: w, buf: buf}
}

// WriteHeader keeps the first status, as net/http does.
func (b *bufferedResponse) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.buf.Write(p)
}

// send writes the status, the Content-Length and the page.
func (b *bufferedResponse) send() {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	b.ResponseWriter.Header().Set("Content-Length", strconv.Itoa(b.buf.Len()))
	b.ResponseWriter.WriteHeader(b.status)
	b.ResponseWriter.Write(b.buf.Bytes()) // a failed write is the client's loss; nothing to do
}

// release returns the buffer to the pool unless it grew past maxPooledPage.
func (b *bufferedResponse) release() {
	if b.buf.Cap() <= maxPooledPage {
		pagePool.Put(b.buf)
	}
	b.buf = nil
}

// promLogger lets promhttp report gathering errors through slog.
type promLogger struct{ logger *slog.Logger }

func (l promLogger) Println(v ...any) { l.logger.Error(fmt.Sprint(v...)) }

// Package collectors gathers the anonymous aggregates the exporter serves: one file per source
// (the BBB API, the media stack's systemd units, network traffic), each registered here by name.
package collectors

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Namespace is the prefix of every metric the exporter defines.
const Namespace = "bbb"

// ErrNoData is returned by a collector whose source is absent on this host (no BBB configured, no
// unit running). It is logged at debug level and does not count as a failed collection.
var ErrNoData = errors.New("no data")

// Collector is one source of metrics. Update sends the source's metrics to ch; it must honour ctx's
// deadline and must never send a label value taken from outside the collector's own vocabulary.
type Collector interface {
	Update(ctx context.Context, ch chan<- prometheus.Metric) error
}

// Factory builds a collector from the exporter's options.
type Factory func(opts Options) (Collector, error)

// Options carries everything a collector may need; the exporter fills it from its flags.
type Options struct {
	// Logger receives the collectors' own messages; never personal data.
	Logger *slog.Logger
	// ProcPath and SysPath are the mount points of procfs and sysfs (fixture trees in tests).
	ProcPath, SysPath string

	// BBB is the BBB API source; a zero APIURL means no BBB on this host.
	BBB BBBOptions

	// Units are the systemd units of the media stack whose cgroups are read.
	Units []string
	// UnitsTarget is a systemd target (bigbluebutton.target) whose units are read too, found in
	// the unit directories under RootPath (the host's /); empty for none.
	UnitsTarget, RootPath string

	// NetdevExclude is a regular expression of network devices left out of traffic totals.
	NetdevExclude string
	// RecordingsPath is BBB's data directory (/var/bigbluebutton); RecordingsInterval is how long
	// the recordings collector keeps a count.
	RecordingsPath     string
	RecordingsInterval time.Duration

	// NativeSources are the endpoints of BBB's own metrics the native collector re-exports.
	NativeSources []NativeSource

	// UplinkCapacity is the uplink's capacity in bits per second, exported for the traffic alert;
	// zero leaves the metric out.
	UplinkCapacity float64
}

// Traffic is what a network device has sent and received since boot, in bytes.
type Traffic struct {
	TransmitBytes, ReceiveBytes uint64
}

// TrafficSource is implemented by the netdev collector; the history sampler reads it.
type TrafficSource interface {
	// Traffic returns the counters of every included device, keyed by device name.
	Traffic() (map[string]Traffic, error)
}

// ConcurrencySource is implemented by the bbb collector; the history sampler reads it. Calls share
// the getMeetings call in flight with scrapes.
type ConcurrencySource interface {
	// Concurrent returns the concurrent endpoints (counted once each) and running meetings.
	Concurrent(ctx context.Context) (endpoints, meetings int, err error)
}

// BBBOptions configures the BBB API source.
type BBBOptions struct {
	APIURL string
	// Secret is the shared secret, read from a file by the exporter; never logged.
	Secret string
	// Checksum is the hash BBB checks: sha1, sha256, sha384 or sha512.
	Checksum string
	// Timeout bounds one getMeetings call.
	Timeout time.Duration
}

type registration struct {
	defaultEnabled bool
	factory        Factory
}

var (
	registryMu sync.Mutex
	registry   = map[string]registration{}
)

// Register makes a collector known under name; each collector file calls it from init.
func Register(name string, defaultEnabled bool, factory Factory) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[name]; dup {
		panic("collectors: registered twice: " + name)
	}
	registry[name] = registration{defaultEnabled: defaultEnabled, factory: factory}
}

// Names lists the registered collectors, sorted.
func Names() []string {
	registryMu.Lock()
	defer registryMu.Unlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// DefaultEnabled tells whether the named collector runs unless switched off.
func DefaultEnabled(name string) bool {
	registryMu.Lock()
	defer registryMu.Unlock()
	return registry[name].defaultEnabled
}

var (
	scrapeDurationDesc = prometheus.NewDesc(
		prometheus.BuildFQName(Namespace, "scrape", "collector_duration_seconds"),
		"How long a collector took during the last scrape.",
		[]string{"collector"}, nil)
	scrapeSuccessDesc = prometheus.NewDesc(
		prometheus.BuildFQName(Namespace, "scrape", "collector_success"),
		"Whether a collector succeeded during the last scrape (1) or failed (0).",
		[]string{"collector"}, nil)
)

// Exporter runs the enabled collectors concurrently on every scrape and reports each one's duration
// and success, so that one broken source never fails the whole scrape.
type Exporter struct {
	collectors map[string]Collector
	logger     *slog.Logger
}

// New builds the named collectors with opts. An unknown name is an error.
func New(names []string, opts Options) (*Exporter, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	e := &Exporter{collectors: map[string]Collector{}, logger: opts.Logger}
	for _, name := range names {
		registryMu.Lock()
		reg, ok := registry[name]
		registryMu.Unlock()
		if !ok {
			return nil, fmt.Errorf("unknown collector %q (known: %v)", name, Names())
		}
		c, err := reg.factory(opts)
		if err != nil {
			return nil, fmt.Errorf("collector %s: %w", name, err)
		}
		e.collectors[name] = c
	}
	return e, nil
}

// Collector returns the named collector, if it was built.
func (e *Exporter) Collector(name string) (Collector, bool) {
	c, ok := e.collectors[name]
	return c, ok
}

// Describe implements prometheus.Collector. It sends nothing, which makes the exporter an unchecked
// collector: its collectors' series depend on what the host has.
func (e *Exporter) Describe(chan<- *prometheus.Desc) {}

// Collect implements prometheus.Collector.
func (e *Exporter) Collect(ch chan<- prometheus.Metric) {
	e.CollectContext(context.Background(), ch)
}

// CollectContext runs every collector concurrently under ctx.
func (e *Exporter) CollectContext(ctx context.Context, ch chan<- prometheus.Metric) {
	var wg sync.WaitGroup
	for name, c := range e.collectors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.execute(ctx, name, c, ch)
		}()
	}
	wg.Wait()
}

func (e *Exporter) execute(ctx context.Context, name string, c Collector, ch chan<- prometheus.Metric) {
	begin := time.Now()
	err := c.Update(ctx, ch)
	duration := time.Since(begin)
	success := 1.0
	switch {
	case err == nil:
		e.logger.Debug("collector succeeded", "collector", name, "duration_seconds", duration.Seconds())
	case errors.Is(err, ErrNoData):
		e.logger.Debug("collector returned no data", "collector", name, "duration_seconds", duration.Seconds(), "err", err)
	default:
		success = 0
		e.logger.Error("collector failed", "collector", name, "duration_seconds", duration.Seconds(), "err", err)
	}
	ch <- prometheus.MustNewConstMetric(scrapeDurationDesc, prometheus.GaugeValue, duration.Seconds(), name)
	ch <- prometheus.MustNewConstMetric(scrapeSuccessDesc, prometheus.GaugeValue, success, name)
}

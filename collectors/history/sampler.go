package history

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bbbkit/bbbkit/collectors"
)

// Stages of a sample that can fail; the closed vocabulary of bbb_history_errors_total's label.
const (
	StageBBB     = "bbb"
	StageTraffic = "traffic"
	StageStore   = "store"
)

// Appender receives samples: a *Store, or a FileAppender that holds the file only while
// appending.
type Appender interface {
	Append(node string, samples ...Sample) error
}

// FileAppender opens the store at Path for each Append and closes it straight after, so that
// other processes (the report) can open the file between samples. The exporter appends this way.
type FileAppender struct {
	Path string
	// Timeout bounds the wait for another process's lock; zero means one second.
	Timeout time.Duration
}

// Append implements Appender.
func (a FileAppender) Append(node string, samples ...Sample) error {
	s, err := Open(a.Path, Options{Timeout: a.Timeout})
	if err != nil {
		return err
	}
	if err := s.Append(node, samples...); err != nil {
		s.Close()
		return fmt.Errorf("append to history %s: %w", a.Path, err)
	}
	if err := s.Close(); err != nil {
		return fmt.Errorf("close history %s: %w", a.Path, err)
	}
	return nil
}

// SamplerConfig configures a Sampler.
type SamplerConfig struct {
	// Store receives the samples; required.
	Store Appender
	// Node names this host in the store; required.
	Node string
	// Interval is the time between samples; samples are taken on multiples of it (wall clock).
	Interval time.Duration
	// Concurrency is the BBB source; nil when no BBB is configured (samples then have
	// HasMeetings false).
	Concurrency collectors.ConcurrencySource
	// Traffic is the network source; nil leaves the byte counts at zero.
	Traffic collectors.TrafficSource
	// Logger receives failures; never personal data.
	Logger *slog.Logger
}

// Sampler appends one Sample per interval to a Store: the concurrent endpoints and meetings at
// that instant, and the bytes sent and received since the previous sample summed over the
// traffic source's devices.
//
// Byte deltas are computed per device in memory. A device whose counter went down (a reboot,
// a driver reload, a wrap) is counted from zero; a device seen for the first time only sets its
// baseline. The first sample after the sampler starts therefore stores zero bytes: the traffic
// between the exporter's last sample before a restart and its first one after is not counted
// (at most one interval per restart), rather than attributing an unknown span to one sample.
type Sampler struct {
	cfg    SamplerConfig
	logger *slog.Logger
	prev   map[string]collectors.Traffic

	samples   prometheus.Counter
	errs      *prometheus.CounterVec
	lastStamp prometheus.Gauge
}

// NewSampler checks cfg and builds a Sampler. Register it with a prometheus.Registerer to export
// its health.
func NewSampler(cfg SamplerConfig) (*Sampler, error) {
	if cfg.Store == nil {
		return nil, errors.New("history sampler: no store")
	}
	if cfg.Node == "" {
		return nil, errors.New("history sampler: empty node name")
	}
	if cfg.Interval < time.Second {
		return nil, fmt.Errorf("history sampler: interval %s is shorter than one second", cfg.Interval)
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Sampler{
		cfg:    cfg,
		logger: logger,
		samples: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: collectors.Namespace, Subsystem: "history", Name: "samples_total",
			Help: "Samples appended to the history file.",
		}),
		errs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: collectors.Namespace, Subsystem: "history", Name: "errors_total",
			Help: "Failures while taking or storing a history sample, by stage (bbb, traffic, store).",
		}, []string{"stage"}),
		lastStamp: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: collectors.Namespace, Subsystem: "history", Name: "last_sample_timestamp_seconds",
			Help: "Unix time of the last sample appended to the history file; 0 before the first.",
		}),
	}
	for _, stage := range []string{StageBBB, StageTraffic, StageStore} {
		s.errs.WithLabelValues(stage)
	}
	return s, nil
}

// Describe implements prometheus.Collector.
func (s *Sampler) Describe(ch chan<- *prometheus.Desc) {
	s.samples.Describe(ch)
	s.errs.Describe(ch)
	s.lastStamp.Describe(ch)
}

// Collect implements prometheus.Collector.
func (s *Sampler) Collect(ch chan<- prometheus.Metric) {
	s.samples.Collect(ch)
	s.errs.Collect(ch)
	s.lastStamp.Collect(ch)
}

// Run samples at once and then on every multiple of the interval until ctx is done. Failures are
// logged and counted, never fatal: a sample whose BBB figures failed is stored with HasMeetings
// false, one whose traffic failed with zero bytes (the next good reading covers the gap).
func (s *Sampler) Run(ctx context.Context) {
	s.SampleOnce(ctx, time.Now())
	for {
		now := time.Now()
		next := now.Truncate(s.cfg.Interval).Add(s.cfg.Interval)
		timer := time.NewTimer(next.Sub(now))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case t := <-timer.C:
			s.SampleOnce(ctx, t)
		}
	}
}

// SampleOnce takes and stores one sample stamped at (the second of) now. It returns the stored
// sample, or the store's error.
func (s *Sampler) SampleOnce(ctx context.Context, now time.Time) (Sample, error) {
	smp := Sample{Time: now.Truncate(time.Second).UTC()}
	if src := s.cfg.Concurrency; src != nil {
		cctx, cancel := context.WithTimeout(ctx, s.cfg.Interval/2)
		endpoints, meetings, err := src.Concurrent(cctx)
		cancel()
		if err != nil {
			s.fail(StageBBB, err)
		} else {
			smp.Endpoints, smp.Meetings, smp.HasMeetings = clampUint32(endpoints), clampUint32(meetings), true
		}
	}
	if src := s.cfg.Traffic; src != nil {
		cur, err := src.Traffic()
		if err != nil {
			s.fail(StageTraffic, err)
		} else {
			smp.TransmitBytes, smp.ReceiveBytes = TrafficDelta(s.prev, cur)
			s.prev = cur
		}
	}
	if err := s.cfg.Store.Append(s.cfg.Node, smp); err != nil {
		s.fail(StageStore, err)
		return smp, err
	}
	s.samples.Inc()
	s.lastStamp.Set(float64(smp.Time.Unix()))
	return smp, nil
}

func (s *Sampler) fail(stage string, err error) {
	s.errs.WithLabelValues(stage).Inc()
	s.logger.Warn("history sample incomplete", "stage", stage, "err", err)
}

// TrafficDelta sums, over the devices in cur, the bytes sent and received since prev. A device
// absent from prev contributes nothing (its counter becomes the baseline); a device whose counter
// is lower than in prev was reset and contributes its whole current value.
func TrafficDelta(prev, cur map[string]collectors.Traffic) (transmit, receive uint64) {
	for dev, c := range cur {
		p, ok := prev[dev]
		if !ok {
			continue
		}
		transmit += counterDelta(p.TransmitBytes, c.TransmitBytes)
		receive += counterDelta(p.ReceiveBytes, c.ReceiveBytes)
	}
	return transmit, receive
}

func counterDelta(prev, cur uint64) uint64 {
	if cur < prev {
		return cur
	}
	return cur - prev
}

func clampUint32(n int) uint32 {
	switch {
	case n < 0:
		return 0
	case uint64(n) > uint64(^uint32(0)):
		return ^uint32(0)
	}
	return uint32(n)
}

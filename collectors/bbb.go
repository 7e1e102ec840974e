package collectors

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bbbkit/bbbkit/collectors/bbbapi"
)

func init() {
	Register("bbb", true, newBBBCollector)
}

var (
	bbbUpDesc = prometheus.NewDesc(prometheus.BuildFQName(Namespace, "api", "up"),
		"Whether the last getMeetings call answered SUCCESS (1, also when no meeting exists) or not (0).",
		nil, nil)
	bbbDurationDesc = prometheus.NewDesc(prometheus.BuildFQName(Namespace, "api", "request_duration_seconds"),
		"How long the last getMeetings call took, answer parsed.", nil, nil)
	bbbMeetingsDesc = prometheus.NewDesc(prometheus.BuildFQName(Namespace, "", "meetings"),
		"Meetings on this server, breakout rooms not included.", nil, nil)
	bbbBreakoutsDesc = prometheus.NewDesc(prometheus.BuildFQName(Namespace, "", "breakout_rooms"),
		"Breakout rooms on this server.", nil, nil)
	bbbParticipantsDesc = prometheus.NewDesc(prometheus.BuildFQName(Namespace, "meetings", "participants"),
		"Concurrent endpoints (browsers and phones), each counted once although someone in a breakout room is also listed in its parent meeting.",
		nil, nil)
	bbbListenersDesc = prometheus.NewDesc(prometheus.BuildFQName(Namespace, "meetings", "listeners"),
		"Participants listening only.", nil, nil)
	bbbVoiceDesc = prometheus.NewDesc(prometheus.BuildFQName(Namespace, "meetings", "voice_participants"),
		"Participants with a microphone joined (dial-in callers included), not listening only.", nil, nil)
	bbbVideoDesc = prometheus.NewDesc(prometheus.BuildFQName(Namespace, "meetings", "video_participants"),
		"Participants sharing a camera.", nil, nil)
	bbbClientsDesc = prometheus.NewDesc(prometheus.BuildFQName(Namespace, "meetings", "participant_clients"),
		"Concurrent endpoints by client: html5 (browsers, BBB's apps) or dial-in (phone); other client types (e.g. FLASH) are in neither.",
		[]string{"type"}, nil)
	bbbSizeDesc = prometheus.NewDesc(prometheus.BuildFQName(Namespace, "meetings", "by_size"),
		"Meetings whose participant count (a meeting counted together with its breakout rooms) is in the size class; classes are disjoint, not cumulative.",
		[]string{"size"}, nil)
)

var _ ConcurrencySource = (*bbbCollector)(nil)

// bbbCollector reports aggregates of the BBB API's getMeetings answer.
type bbbCollector struct {
	client *bbbapi.Client // nil: no BBB on this host
	logger *slog.Logger
}

func newBBBCollector(opts Options) (Collector, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c := &bbbCollector{logger: logger}
	if opts.BBB.APIURL == "" {
		return c, nil
	}
	client, err := bbbapi.New(bbbapi.Config{
		APIURL:   opts.BBB.APIURL,
		Secret:   opts.BBB.Secret,
		Checksum: opts.BBB.Checksum,
		Timeout:  opts.BBB.Timeout,
	})
	if err != nil {
		return nil, fmt.Errorf("BBB API: %w", err)
	}
	c.client = client
	return c, nil
}

// Update implements Collector. With a BBB configured it always sends every metric (zeros
// when the call failed, with bbb_api_up 0) and returns the call's error.
func (c *bbbCollector) Update(ctx context.Context, ch chan<- prometheus.Metric) error {
	if c.client == nil {
		return ErrNoData
	}
	begin := time.Now()
	res, err := c.client.GetMeetings(ctx)
	if err != nil {
		d := res.Duration
		if d == 0 {
			d = time.Since(begin) // this caller gave up before the call ended
		}
		res = bbbapi.Result{Duration: d}
	}
	sendBBBMetrics(ch, res, err == nil)
	if err != nil {
		return err
	}
	c.logger.Debug("BBB getMeetings answered", "meetings", res.Meetings, "breakout_rooms", res.BreakoutRooms,
		"participants", res.Endpoints, "duration_seconds", res.Duration.Seconds())
	return nil
}

// sendBBBMetrics sends every BBB metric for one call's result.
func sendBBBMetrics(ch chan<- prometheus.Metric, res bbbapi.Result, ok bool) {
	up := 0.0
	if ok {
		up = 1
	}
	s := res.Summary
	gauge := func(d *prometheus.Desc, v int, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(v), labels...)
	}
	ch <- prometheus.MustNewConstMetric(bbbUpDesc, prometheus.GaugeValue, up)
	ch <- prometheus.MustNewConstMetric(bbbDurationDesc, prometheus.GaugeValue, res.Duration.Seconds())
	gauge(bbbMeetingsDesc, s.Meetings)
	gauge(bbbBreakoutsDesc, s.BreakoutRooms)
	gauge(bbbParticipantsDesc, s.Endpoints)
	gauge(bbbListenersDesc, s.Listeners)
	gauge(bbbVoiceDesc, s.VoiceParticipants)
	gauge(bbbVideoDesc, s.VideoParticipants)
	gauge(bbbClientsDesc, s.HTML5Clients, "html5")
	gauge(bbbClientsDesc, s.DialInClients, "dial-in")
	for i, c := range bbbapi.SizeClasses {
		gauge(bbbSizeDesc, s.BySize[i], c.Label)
	}
}

// Concurrent implements ConcurrencySource, sharing the getMeetings call in flight.
func (c *bbbCollector) Concurrent(ctx context.Context) (endpoints, meetings int, err error) {
	if c.client == nil {
		return 0, 0, ErrNoData
	}
	res, err := c.client.GetMeetings(ctx)
	if err != nil {
		return 0, 0, err
	}
	return res.Endpoints, res.Meetings, nil
}

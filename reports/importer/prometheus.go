package importer

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"net"
	"regexp"
	"slices"
	"time"

	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"

	"github.com/bbbkit/bbbkit/collectors/history"
)

// RangeQuerier runs range queries; v1.API (Prometheus, Thanos, Mimir, VictoriaMetrics) is one.
type RangeQuerier interface {
	QueryRange(ctx context.Context, query string, r v1.Range, opts ...v1.Option) (model.Value, v1.Warnings, v1.Infos, error)
}

// MaxPoints is how many steps one range query asks for: under Prometheus' limit of 11,000 points
// per series.
const MaxPoints = 10_000

// Queries are the PromQL expressions the import runs. Endpoints and Meetings are summed per node;
// the traffic counters are fetched per series (one per network device) and turned into deltas here.
// APIUp is per node 1 while its BBB API answered and 0 when it did not; empty skips it.
type Queries struct {
	Endpoints, Meetings, Transmit, Receive string
	APIUp                                  string
}

// DefaultQueries are the queries over the exporter's metrics, grouped by the node label.
func DefaultQueries(nodeLabel string) Queries {
	return Queries{
		Endpoints: fmt.Sprintf("sum by (%s) (bbb_meetings_participants)", nodeLabel),
		Meetings:  fmt.Sprintf("sum by (%s) (bbb_meetings)", nodeLabel),
		Transmit:  "bbb_network_transmit_bytes_total",
		Receive:   "bbb_network_receive_bytes_total",
		// The exporter sends 0 participants when getMeetings failed, with bbb_api_up 0: those
		// zeros are unknown, not idle. min: a node whose API failed on any of its series did fail.
		APIUp: fmt.Sprintf("min by (%s) (bbb_api_up)", nodeLabel),
	}
}

// PromOptions says what to import.
type PromOptions struct {
	// From and To bound the import: steps at From, From+Step, … before To.
	From, To time.Time
	// Step is the spacing of the samples written; default one minute.
	Step time.Duration
	// NodeLabel names the label that tells the nodes apart; default "instance", whose ":port" is
	// dropped so the node is named like the exporter's own history.
	NodeLabel string
	// Queries default to DefaultQueries(NodeLabel).
	Queries *Queries
	// MaxPoints bounds the steps per query; default MaxPoints.
	MaxPoints int
	// Batch is how many samples of a node go into one write; default DefaultBatch.
	Batch int
	// Progress, when set, is called after each chunk with the chunks done and the chunks in all.
	Progress func(done, total int)
}

var labelName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

func (o *PromOptions) defaults() error {
	if o.Step <= 0 {
		o.Step = time.Minute
	}
	if o.Step%time.Second != 0 {
		return fmt.Errorf("step %s: want whole seconds", o.Step)
	}
	if o.NodeLabel == "" {
		o.NodeLabel = "instance"
	}
	if !labelName.MatchString(o.NodeLabel) {
		return fmt.Errorf("node label %q: not a label name", o.NodeLabel)
	}
	if o.Queries == nil {
		q := DefaultQueries(o.NodeLabel)
		o.Queries = &q
	}
	if o.MaxPoints <= 0 || o.MaxPoints > MaxPoints {
		o.MaxPoints = MaxPoints
	}
	if !o.From.Before(o.To) {
		return fmt.Errorf("from %s is not before to %s", o.From.Format(time.RFC3339), o.To.Format(time.RFC3339))
	}
	return nil
}

// ImportPrometheus reads the exporter's metrics from q in chunks of at most MaxPoints steps and
// writes one sample per node and step into dst. A node's sample exists where its endpoints have a
// value: where the server has none (the node was down or not scraped), the history has a gap. At a
// step where the node's bbb_api_up is 0 its BBB API failed: the sample is written with the
// participants unknown (HasMeetings false), as the exporter's own history writes it, never as 0.
//
// Traffic counters become deltas between consecutive steps of each series, the last value of a
// chunk carried into the next, so nothing is counted twice or lost at chunk borders. A counter that
// goes down was reset and counts from zero. A series' first value is only a starting point. Bytes of
// steps without an endpoints value are added to the node's next sample.
func ImportPrometheus(ctx context.Context, dst Appender, q RangeQuerier, opts PromOptions) (Stats, error) {
	var stats Stats
	if err := opts.defaults(); err != nil {
		return stats, err
	}
	im := &promImport{
		opts: opts, q: q, b: newBatcher(dst, opts.Batch, &stats), stats: &stats,
		last:    map[string]float64{},
		pending: map[string]*[2]float64{},
		checked: map[string]bool{},
	}
	steps := int64((opts.To.Sub(opts.From) + opts.Step - 1) / opts.Step)
	chunks := int((steps + int64(opts.MaxPoints) - 1) / int64(opts.MaxPoints))
	for first := int64(0); first < steps; first += int64(opts.MaxPoints) {
		last := min(first+int64(opts.MaxPoints), steps) - 1
		r := v1.Range{
			Start: opts.From.Add(time.Duration(first) * opts.Step),
			End:   opts.From.Add(time.Duration(last) * opts.Step),
			Step:  opts.Step,
		}
		if err := im.chunk(ctx, r); err != nil {
			return stats, fmt.Errorf("chunk %s to %s: %w", r.Start.UTC().Format(time.RFC3339), r.End.UTC().Format(time.RFC3339), err)
		}
		if opts.Progress != nil {
			opts.Progress(int(first/int64(opts.MaxPoints))+1, chunks)
		}
	}
	return stats, im.b.flush()
}

type promImport struct {
	opts  PromOptions
	q     RangeQuerier
	b     *batcher
	stats *Stats
	// last is every traffic series' previous value, by its labels, across chunks.
	last map[string]float64
	// pending holds a node's bytes (transmit, receive) not yet written with a sample.
	pending map[string]*[2]float64
	// checked holds the nodes checkOverlap has passed.
	checked map[string]bool
}

// sampleRanger reads a node's samples back; *history.Store is one.
type sampleRanger interface {
	Range(node string, from, to time.Time, fn func(history.Sample) error) error
}

// ErrOverlap marks an import refused because the history already holds samples of the same node and
// span at other instants: both would be kept, and their traffic counted twice.
var ErrOverlap = errors.New("the history already holds samples of this span at other instants")

// checkOverlap refuses, before the first sample of a node is written, to import into a history that
// holds that node's samples within the import's span off the import's grid (From plus whole Steps):
// an earlier import with another --step or --from, or an exporter's own samples. Samples on the grid
// are replaced by the import, as a repeated import does; samples off it would stay beside the new
// ones, and every byte would be counted twice. A destination that cannot be read back is not
// checked.
func (im *promImport) checkOverlap(node string) error {
	if im.checked[node] {
		return nil
	}
	im.checked[node] = true
	r, ok := im.b.dst.(sampleRanger)
	if !ok {
		return nil
	}
	step, from := int64(im.opts.Step/time.Second), im.opts.From.Unix()
	var off *history.Sample
	errFound := errors.New("found")
	err := r.Range(node, im.opts.From, im.opts.To, func(s history.Sample) error {
		if d := s.Time.Unix() - from; d%step != 0 || s.Time.Nanosecond() != 0 {
			off = &s
			return errFound
		}
		return nil
	})
	switch {
	case off != nil:
		return fmt.Errorf("node %q: a sample at %s is not on this import's grid (from %s every %s): %w; import into a new history file",
			node, off.Time.UTC().Format(time.RFC3339Nano), im.opts.From.UTC().Format(time.RFC3339), im.opts.Step, ErrOverlap)
	case err != nil:
		return fmt.Errorf("read history of node %q: %w", node, err)
	}
	return nil
}

// step is what one node had at one instant.
type step struct {
	endpoints, meetings float64
	hasEP, hasMeetings  bool
	// apiDown: bbb_api_up was 0, so the endpoints and meetings read 0 for want of an answer.
	apiDown bool
	bytes   [2]float64
}

func (im *promImport) chunk(ctx context.Context, r v1.Range) error {
	nodes := map[string]map[int64]*step{}
	at := func(node string, ts int64) *step {
		m := nodes[node]
		if m == nil {
			m = map[int64]*step{}
			nodes[node] = m
		}
		s := m[ts]
		if s == nil {
			s = &step{}
			m[ts] = s
		}
		return s
	}
	qs := im.opts.Queries
	err := im.query(ctx, qs.Endpoints, r, func(node, _ string, ts int64, v float64) {
		s := at(node, ts)
		s.endpoints, s.hasEP = v, true
		im.stats.Rows++
	})
	if err != nil {
		return err
	}
	if qs.APIUp != "" {
		err = im.query(ctx, qs.APIUp, r, func(node, _ string, ts int64, v float64) {
			if v == 0 {
				at(node, ts).apiDown = true
			}
		})
		if err != nil {
			return err
		}
	}
	err = im.query(ctx, qs.Meetings, r, func(node, _ string, ts int64, v float64) {
		s := at(node, ts)
		s.meetings, s.hasMeetings = v, true
	})
	if err != nil {
		return err
	}
	for dir, expr := range []string{qs.Transmit, qs.Receive} {
		err = im.query(ctx, expr, r, func(node, series string, ts int64, v float64) {
			prev, seen := im.last[series]
			im.last[series] = v
			if seen {
				at(node, ts).bytes[dir] += CounterDelta(prev, v)
			}
		})
		if err != nil {
			return err
		}
	}
	return im.emit(nodes)
}

// query runs expr over r and calls fn for every finite value, series by series in time order.
func (im *promImport) query(ctx context.Context, expr string, r v1.Range, fn func(node, series string, ts int64, v float64)) error {
	val, _, _, err := im.q.QueryRange(ctx, expr, r)
	if err != nil {
		return fmt.Errorf("query %q: %w", expr, err)
	}
	matrix, ok := val.(model.Matrix)
	if !ok {
		return fmt.Errorf("query %q: got a %s, want a matrix", expr, val.Type())
	}
	for _, ss := range matrix {
		raw, ok := ss.Metric[model.LabelName(im.opts.NodeLabel)]
		if !ok || raw == "" {
			return fmt.Errorf("query %q: a series without label %q: %s", expr, im.opts.NodeLabel, ss.Metric)
		}
		node := im.nodeName(string(raw))
		if err := checkNode(node); err != nil {
			return fmt.Errorf("query %q: %w", expr, err)
		}
		series := ss.Metric.String()
		for _, p := range ss.Values {
			v := float64(p.Value)
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				continue
			}
			fn(node, series, p.Timestamp.Unix(), v)
		}
	}
	return nil
}

func (im *promImport) nodeName(v string) string {
	if im.opts.NodeLabel == "instance" {
		if host, _, err := net.SplitHostPort(v); err == nil && host != "" {
			return host
		}
	}
	return v
}

// emit writes every node's samples of the chunk in time order.
func (im *promImport) emit(nodes map[string]map[int64]*step) error {
	for _, node := range slices.Sorted(maps.Keys(nodes)) {
		if err := im.checkOverlap(node); err != nil {
			return err
		}
		steps := nodes[node]
		times := slices.Sorted(maps.Keys(steps))
		p := im.pending[node]
		if p == nil {
			p = &[2]float64{}
			im.pending[node] = p
		}
		// A host without the participants metric (a TURN server) still counts with its traffic, as
		// --merge counts it: one sample per step with the endpoints unknown.
		trafficOnly := !slices.ContainsFunc(times, func(ts int64) bool { return steps[ts].hasEP })
		for _, ts := range times {
			s := steps[ts]
			p[0] += s.bytes[0]
			p[1] += s.bytes[1]
			if !s.hasEP && !trafficOnly {
				continue
			}
			if s.apiDown {
				// The exporter answered, its BBB API did not: the zeros it sent are unknown. The
				// sample is written with the participants unknown, a gap in the figures; its bytes
				// count.
				s.endpoints, s.meetings = 0, 0
			}
			smp := history.Sample{
				Time:          time.Unix(ts, 0).UTC(),
				Endpoints:     uint32(math.Round(s.endpoints)),
				Meetings:      uint32(math.Round(s.meetings)),
				HasMeetings:   s.hasEP && !s.apiDown,
				TransmitBytes: uint64(math.Round(p[0])),
				ReceiveBytes:  uint64(math.Round(p[1])),
			}
			*p = [2]float64{}
			if err := im.b.add(node, smp); err != nil {
				return err
			}
		}
	}
	return nil
}

// ErrNoData is returned by callers when an import found nothing to write.
var ErrNoData = errors.New("no samples found")

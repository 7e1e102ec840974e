// Package figures computes the report's numbers from the history: the cluster's concurrent endpoints
// on a common time grid, the peak of the year, of every month and of every day in the report's time
// zone, traffic per month, and the days without data. It is pure computation over a Source.
package figures

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
)

// Source is where samples come from; *history.Store is one.
type Source interface {
	Nodes() ([]string, error)
	Range(node string, from, to time.Time, fn func(history.Sample) error) error
}

// Defaults of Options.
const (
	DefaultStep  = time.Minute
	DefaultStale = 5 * time.Minute
)

// Options sets the grid.
type Options struct {
	// Step is the grid's spacing: every node's sample counts for the grid slot it falls into.
	Step time.Duration
	// Stale is how long a sample keeps standing for its node when the next one is late; after that
	// the node is missing (a gap, not a zero). It is never shorter than one Step.
	Stale time.Duration
}

func (o Options) withDefaults() Options {
	if o.Step <= 0 {
		o.Step = DefaultStep
	}
	if o.Stale <= 0 {
		o.Stale = DefaultStale
	}
	if o.Stale < o.Step {
		o.Stale = o.Step
	}
	return o
}

// Peak is the highest concurrent endpoints of the cluster within a span, and when.
type Peak struct {
	// Endpoints is the sum over all nodes at Time.
	Endpoints int64
	// Time is the grid instant (slot start) of the peak, in the report's time zone; the earliest one
	// when several slots tie.
	Time time.Time
}

// Day is one calendar day in the report's time zone.
type Day struct {
	// Date is the local midnight that starts the day (days have 23, 24 or 25 hours).
	Date time.Time
	// HasData is false when no node reported anything during the day.
	HasData bool
	// Peak is the day's highest cluster endpoints; zero without data.
	Peak Peak
	// Coverage is the share of the day's grid slots for which at least one node has a sample
	// standing, from 0 (no data) to 1. A day an exporter was down for the afternoon has data but
	// less coverage, and its peak may be too low; see PartialDays.
	Coverage float64
	// Upper is the highest the day's peak could have been had every node in service answered at
	// every instant: at an instant where some did not (their BBB API failed, or their exporter was
	// down while others reported), each missing node counts with its own highest known endpoints
	// of the year. It equals Peak.Endpoints when no missing node could have changed the peak; see
	// Incomplete.
	Upper int64
}

// Incomplete reports whether a node missing for a while could have made the day's peak higher than
// measured: Peak is then only a lower bound.
func (d Day) Incomplete() bool { return d.HasData && d.Upper > d.Peak.Endpoints }

// Month is one calendar month in the report's time zone.
type Month struct {
	// Start is the local midnight of the month's first day.
	Start time.Time
	// HasData is false when no node reported anything during the month.
	HasData bool
	// Peak is the month's highest cluster endpoints.
	Peak Peak
	// Upper is the highest of its days' Upper; see Day.Upper and LowerBound.
	Upper int64
	// TransmitBytes and ReceiveBytes add up every node's deltas whose sample falls into the month.
	TransmitBytes, ReceiveBytes uint64
}

// Year holds every figure of one calendar year.
type Year struct {
	// Year is the calendar year in Location.
	Year     int
	Location *time.Location
	// Step is the grid spacing the figures were computed on.
	Step time.Duration
	// HasData is false when no node has a sample in the year.
	HasData bool
	// Nodes counts the nodes with at least one sample in the year.
	Nodes int
	// Peak is the year's highest cluster endpoints.
	Peak Peak
	// Upper is the highest of its days' Upper; see Day.Upper and LowerBound.
	Upper int64
	// Months are January to December.
	Months [12]Month
	// Days are every day of the year in order.
	Days []Day
	// TransmitBytes and ReceiveBytes are the year's totals.
	TransmitBytes, ReceiveBytes uint64
}

// LowerBound reports whether the month's peak is only a lower bound: on a day with a node missing
// for a while, the peak could have been higher than the highest measured.
func (m Month) LowerBound() bool { return m.HasData && m.Upper > m.Peak.Endpoints }

// LowerBound reports whether the year's peak is only a lower bound; see Month.LowerBound.
func (y *Year) LowerBound() bool { return y.HasData && y.Upper > y.Peak.Endpoints }

// IncompleteDays lists the days whose peak a node missing for a while could have changed (see
// Day.Incomplete), in order.
func (y *Year) IncompleteDays() []time.Time {
	var out []time.Time
	for _, d := range y.Days {
		if d.Incomplete() {
			out = append(out, d.Date)
		}
	}
	return out
}

// MissingDays lists the days without any data, in order.
func (y *Year) MissingDays() []time.Time {
	var out []time.Time
	for _, d := range y.Days {
		if !d.HasData {
			out = append(out, d.Date)
		}
	}
	return out
}

// PartialDays lists the days with data whose coverage is less than half the year's usual (median)
// coverage of a day with data: measured only in part, so that their peak may be too low. A history
// sampled around the clock has a usual coverage of 1, so these are the days covered less than half;
// one sampled only at certain hours is judged against itself.
func (y *Year) PartialDays() []time.Time {
	var cov []float64
	for _, d := range y.Days {
		if d.HasData {
			cov = append(cov, d.Coverage)
		}
	}
	if len(cov) == 0 {
		return nil
	}
	sort.Float64s(cov)
	limit := cov[len(cov)/2] / 2
	var out []time.Time
	for _, d := range y.Days {
		if d.HasData && d.Coverage < limit {
			out = append(out, d.Date)
		}
	}
	return out
}

// TB converts bytes to terabytes as hosters bill them: decimal, 10^12 bytes.
func TB(bytes uint64) float64 { return float64(bytes) / 1e12 }

// OutgoingShare is transmit's share of all traffic in percent; ok is false without traffic.
func OutgoingShare(transmit, receive uint64) (pct float64, ok bool) {
	total := float64(transmit) + float64(receive)
	if total == 0 {
		return 0, false
	}
	return 100 * float64(transmit) / total, true
}

// Compute reads every node's samples of year (in loc) from src and computes the year's figures.
// Nodes are read in parallel (up to GOMAXPROCS, at most four at a time), each into its own grid;
// the grids are then added up.
func Compute(src Source, year int, loc *time.Location, opts Options) (*Year, error) {
	opts = opts.withDefaults()
	nodes, err := src.Nodes()
	if err != nil {
		return nil, fmt.Errorf("list nodes: %w", err)
	}
	workers := min(runtime.GOMAXPROCS(0), len(nodes), 4)
	grids := make([]*grid, max(workers, 1))
	for i := range grids {
		grids[i] = newGrid(year, loc, opts)
	}
	var (
		mu       sync.Mutex
		next     int
		inYear   int
		firstErr error
		wg       sync.WaitGroup
	)
	for w := range workers {
		wg.Add(1)
		go func(g *grid) {
			defer wg.Done()
			for {
				mu.Lock()
				if next == len(nodes) || firstErr != nil {
					mu.Unlock()
					return
				}
				node := nodes[next]
				next++
				mu.Unlock()
				acc := g.node()
				err := src.Range(node, g.start.Add(-opts.Stale), g.end, func(s history.Sample) error {
					acc.add(s)
					return nil
				})
				acc.finish()
				if err == nil && acc.known {
					var before, after bool
					before, after, err = inService(src, node, g.start.Add(-opts.Stale), g.end)
					acc.missing(before, after)
				}
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("read node %q: %w", node, err)
				}
				if acc.inYear {
					inYear++
				}
				mu.Unlock()
			}
		}(grids[w])
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	g := grids[0]
	for _, o := range grids[1:] {
		g.merge(o)
	}
	y := &Year{Year: year, Location: loc, Step: opts.Step, Nodes: inYear}
	g.summarise(y)
	return y, nil
}

// errFound stops a Range at the first sample with known endpoints.
var errFound = errors.New("found")

// inService reports whether node has a sample with known endpoints before from and after to: it was
// then in service at the start and end of the read window, not added or retired within it.
func inService(src Source, node string, from, to time.Time) (before, after bool, err error) {
	find := func(lo, hi time.Time) (bool, error) {
		err := src.Range(node, lo, hi, func(s history.Sample) error {
			if s.HasMeetings || s.Endpoints > 0 {
				return errFound
			}
			return nil
		})
		if errors.Is(err, errFound) {
			return true, nil
		}
		return false, err
	}
	if before, err = find(time.Unix(0, 0), from); err != nil {
		return false, false, err
	}
	after, err = find(to, time.Unix(1<<40, 0))
	return before, after, err
}

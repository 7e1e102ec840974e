package chart

import (
	"sort"
	"time"
)

// envelopeNoise is how many spreads of the points near the envelope a
// change must exceed to be more than noise.
const envelopeNoise = 6.0

// envelopeHalf is the least half-width of the upper envelope's window: half
// a week, so that a whole week, weekend included, always falls inside.
const envelopeHalf = 84 * time.Hour

// DescribePeaks is Describe for a series of peaks, such as each day's
// highest value, whose quiet days (weekends, holidays) drop far below the
// level a reader sees. Its segments follow the series' upper envelope
// rather than its mean: each point is first replaced by the largest value
// within half a week (or half a fifty-second of the span, if that is longer)
// either side of it, the window keeping its width and shifting inwards near
// the ends; the result is then cut into runs as Describe does. A year whose
// weekdays peak at 1,000 and whose weekends stay at 100 so reads as level at
// 1,000, not at the mean's 700, and a semester break as a fall from the
// weekday peaks before it to those within it. Min, Max, First, Last, Gaps,
// Points and Step are those of the raw series, as in Describe; segment
// levels are those of the envelope.
func DescribePeaks(points []Point) Shape {
	s := Describe(points)
	if s.Points < 2 {
		return s
	}
	pts := clean(points)
	env := envelope(pts)
	sm := smooth(env)
	s.Segments = segments(sm, envelopeLimit(pts, env, sm))
	return s
}

// envelopeLimit is the change below which a run of the envelope counts as
// flat: rangeLimit, and at least envelopeNoise times the spread of the points
// that make the envelope. That spread is told by the upper half of the
// points' distances below the envelope (robustly, as 1.4826 times their
// median absolute deviation), so that quiet weekends, which fall far below
// the envelope, do not count as noise, while the scatter of weekdays does:
// the maximum of white noise wanders by a few times its spread.
func envelopeLimit(pts, env, sm []Point) float64 {
	theta := rangeLimit(sm)
	below := make([]float64, len(pts))
	for i := range pts {
		below[i] = env[i].Value - pts[i].Value
	}
	sort.Float64s(below)
	upper := below[:(len(below)+1)/2]
	if noise := envelopeNoise * 1.4826 * mad(upper); finite(noise) && noise > theta {
		return noise
	}
	return theta
}

// envelope is the moving maximum of sorted, cleaned points (see
// DescribePeaks), in time linear in the number of points.
func envelope(pts []Point) []Point {
	out := make([]Point, len(pts))
	if len(pts) < 2 {
		copy(out, pts)
		return out
	}
	first, last := pts[0].Time, pts[len(pts)-1].Time
	half := max(last.Sub(first)/104, envelopeHalf)
	var dq []int // indexes in the window, their values falling
	lo, hi := 0, 0
	for i, p := range pts {
		c := windowCentre(p.Time, first, last, half)
		for hi < len(pts) && pts[hi].Time.Sub(c) <= half {
			for len(dq) > 0 && pts[dq[len(dq)-1]].Value <= pts[hi].Value {
				dq = dq[:len(dq)-1]
			}
			dq = append(dq, hi)
			hi++
		}
		for c.Sub(pts[lo].Time) > half {
			lo++
		}
		for len(dq) > 0 && dq[0] < lo {
			dq = dq[1:]
		}
		out[i] = Point{Time: p.Time, Value: pts[dq[0]].Value}
	}
	return out
}

// windowCentre is the centre of the window of half-width half around t in a
// series from first to last: t itself, shifted inwards near the ends so that
// the window keeps its width, or the middle of a span shorter than the window.
func windowCentre(t, first, last time.Time, half time.Duration) time.Time {
	c := t
	if c.Sub(first) < half {
		c = first.Add(half)
	}
	if last.Sub(c) < half {
		c = last.Add(-half)
	}
	if c.Before(first) { // a span shorter than the window
		c = first.Add(last.Sub(first) / 2)
	}
	return c
}

package chart

import (
	"math"
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
	s.Weekly = weekly(pts)
	snapToMax(&s, pts)
	return s
}

// weeklyLimit is the weekend-to-weekday ratio below which a week has a rhythm a reader sees.
const weeklyLimit = 0.7

// weekly is the median ratio of a week's highest weekend (Saturday, Sunday) value to the median of
// its weekday values, over the weeks with at least three weekdays and one weekend day in the
// points' time zone; 0 unless the series is daily, has at least four such weeks and two thirds of
// them are below weeklyLimit.
func weekly(pts []Point) float64 {
	if !daily(medianStep(pts)) {
		return 0
	}
	type week struct {
		days    []float64
		weekend float64
		hasEnd  bool
	}
	weeks := map[[2]int]*week{}
	var order [][2]int
	for _, p := range pts {
		y, n := p.Time.ISOWeek()
		k := [2]int{y, n}
		w := weeks[k]
		if w == nil {
			w = &week{}
			weeks[k] = w
			order = append(order, k)
		}
		if d := p.Time.Weekday(); d == time.Saturday || d == time.Sunday {
			if !w.hasEnd || p.Value > w.weekend {
				w.weekend, w.hasEnd = p.Value, true
			}
		} else {
			w.days = append(w.days, p.Value)
		}
	}
	var ratios []float64
	below := 0
	for _, k := range order {
		w := weeks[k]
		if len(w.days) < 3 || !w.hasEnd {
			continue
		}
		level := median(w.days)
		if !(level > 0) {
			continue
		}
		r := w.weekend / level
		ratios = append(ratios, r)
		if r < weeklyLimit {
			below++
		}
	}
	if len(ratios) < 4 || 3*below < 2*len(ratios) {
		return 0
	}
	return math.Min(median(ratios), weeklyLimit)
}

// snapToMax moves the inner segment boundary that is highest onto the record's day when it stands
// for the same top: the envelope spreads a peak over half a week either side, and a rise "to
// 1,160" must not end after the day the 1,160 was reached. When the record was reached on more
// than one day near that boundary, a fall that follows starts on the last of them, so that no
// day of the fall reaches the record again; otherwise the first is taken. The boundary is moved
// only where the time order of the segments allows it.
func snapToMax(s *Shape, pts []Point) {
	segs := s.Segments
	if len(segs) == 0 {
		return
	}
	// Boundaries: 0 is the first From, k the To of segment k-1.
	best, bestV := -1, math.Inf(-1)
	for k := 0; k <= len(segs); k++ {
		v := boundary(segs, k).Value
		if v > bestV {
			best, bestV = k, v
		}
	}
	// The first and the last boundary are the series' ends and stay.
	if best <= 0 || best >= len(segs) || bestV < 0.95*s.Max.Value {
		return
	}
	lo, hi := boundary(segs, best-1).Time, boundary(segs, best+1).Time
	var at []Point
	for _, p := range pts {
		if p.Value == s.Max.Value && lo.Before(p.Time) && p.Time.Before(hi) {
			at = append(at, p)
		}
	}
	if len(at) == 0 {
		return
	}
	top := at[0]
	if segs[best].Trend == Falling {
		top = at[len(at)-1]
	}
	segs[best-1].To, segs[best].From = top, top
}

func boundary(segs []Segment, k int) Point {
	if k == 0 {
		return segs[0].From
	}
	return segs[k-1].To
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

// envelope is the moving second-highest value of sorted, cleaned points (see DescribePeaks): a
// level reached on one day only, a one-day spike, is the record's story, not the level of its week,
// so it neither lifts the curve's runs nor stretches them into a rise "to" it and a fall "from" it.
// A window holding one point keeps that point. The maximum is tracked in a deque in linear time; the
// second-highest is found by a scan of the window.
func envelope(pts []Point) []Point {
	out := make([]Point, len(pts))
	if len(pts) < 2 {
		copy(out, pts)
		return out
	}
	first, last := pts[0].Time, pts[len(pts)-1].Time
	half := max(last.Sub(first)/104, envelopeHalf)
	lo, hi := 0, 0
	for i, p := range pts {
		c := windowCentre(p.Time, first, last, half)
		for hi < len(pts) && pts[hi].Time.Sub(c) <= half {
			hi++
		}
		for c.Sub(pts[lo].Time) > half {
			lo++
		}
		out[i] = Point{Time: p.Time, Value: second(pts[lo:hi])}
	}
	return out
}

// second is the second-highest value of w (the highest when the top is reached twice), or w's only
// value.
func second(w []Point) float64 {
	if len(w) == 1 {
		return w[0].Value
	}
	a, b := math.Inf(-1), math.Inf(-1)
	for _, q := range w {
		switch {
		case q.Value > a:
			a, b = q.Value, a
		case q.Value > b:
			b = q.Value
		}
	}
	return b
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

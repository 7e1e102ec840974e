package chart

import (
	"maps"
	"math"
	"slices"
	"sort"
	"time"
)

// Trend is the direction of a segment.
type Trend int

// The trends of a segment.
const (
	Flat Trend = iota
	Rising
	Falling
)

// String returns "flat", "rising" or "falling".
func (t Trend) String() string {
	switch t {
	case Rising:
		return "rising"
	case Falling:
		return "falling"
	default:
		return "flat"
	}
}

// Segment is a run of a series with one direction. From and To carry the
// smoothed level at the run's ends (see Describe), not the raw values.
type Segment struct {
	From, To Point
	Trend    Trend
}

// Shape is a language-free account of a series, the raw material of alt
// text: where it is lowest and highest, how it starts and ends, the runs it
// goes through and where data is missing.
type Shape struct {
	// Min and Max are the lowest and highest points (the earliest on a tie).
	Min, Max Point
	// First and Last are the first and last points in time.
	First, Last Point
	// Segments cover First to Last without overlap, in time order; a single
	// point gives one Flat segment.
	Segments []Segment
	// Gaps are the holes in the series: for each, the first and the last
	// missing step (for a daily series, the first and last day without data,
	// counted in calendar days of the points' time zone).
	Gaps [][2]time.Time
	// Points counts the usable points (finite, one per instant).
	Points int
	// Step is the series' typical (median) time between points.
	Step time.Duration
	// Weekly is, for a daily series with a weekly rhythm (weekends far below the weekdays, week
	// after week), the typical ratio of a weekend's highest value to its week's weekday level,
	// between 0 and 0.7; 0 without such a rhythm. Set by DescribePeaks.
	Weekly float64
}

// Describe gives a language-free account of a series, for alt text. The
// points are cleaned as for a chart (non-finite values dropped, sorted, one
// per instant). Segments come from the series smoothed with a moving mean
// over a fifty-second of its span (a week for a year, which also evens out
// weekends), cut at its corners. A segment is Flat when its level changes
// by less than a tenth of the series' range (the range counted as at least
// a fifth of the largest level) or by no more than the series' own noise
// could explain. Runs are then simplified: neighbours of the same trend
// merge; an excursion up and back (or down and back) within twice a
// twenty-sixth of the span (four weeks for a year), such as a one-day
// spike, is not a run of its own; a flat run shorter than a twenty-sixth
// of the span (two weeks) joins a neighbour; a short jump between two levels
// stays. At most 12 segments are reported.
func Describe(points []Point) Shape {
	pts := clean(points)
	var s Shape
	s.Points = len(pts)
	if len(pts) == 0 {
		return s
	}
	s.First, s.Last = pts[0], pts[len(pts)-1]
	s.Min, s.Max = pts[0], pts[0]
	for _, p := range pts {
		if p.Value < s.Min.Value {
			s.Min = p
		}
		if p.Value > s.Max.Value {
			s.Max = p
		}
	}
	s.Step = medianStep(pts)
	s.Gaps = gaps(pts, s.Step)
	sm := smooth(pts)
	s.Segments = segments(sm, flatLimit(pts, sm))
	return s
}

// medianStep is the (lower) median time between consecutive sorted points.
func medianStep(pts []Point) time.Duration {
	if len(pts) < 2 {
		return 0
	}
	d := make([]time.Duration, 0, len(pts)-1)
	for i := 1; i < len(pts); i++ {
		d = append(d, pts[i].Time.Sub(pts[i-1].Time))
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[(len(d)-1)/2] // the lower median
}

// daily reports whether a step is a calendar day (DST days included).
func daily(step time.Duration) bool {
	return step >= 22*time.Hour && step <= 26*time.Hour
}

// gaps finds the holes longer than 1.5 steps.
func gaps(pts []Point, step time.Duration) [][2]time.Time {
	if step <= 0 {
		return nil
	}
	var out [][2]time.Time
	limit := step + step/2
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1].Time, pts[i].Time
		if b.Sub(a) <= limit {
			continue
		}
		from, to := a.Add(step), b.Add(-step)
		if daily(step) { // calendar days, 23 or 25 hours long around DST
			from, to = a.AddDate(0, 0, 1), b.AddDate(0, 0, -1)
		}
		if to.Before(from) { // less than two steps: one step is missing
			to = from
		}
		out = append(out, [2]time.Time{from, to})
	}
	return out
}

// maxSegments bounds the runs Describe reports.
const maxSegments = 12

// segments cuts the smoothed series into runs of one direction; a change
// smaller than theta is flat.
func segments(sm []Point, theta float64) []Segment {
	if len(sm) == 1 {
		return []Segment{{From: sm[0], To: sm[0], Trend: Flat}}
	}
	minRun := sm[len(sm)-1].Time.Sub(sm[0].Time) / 26

	// Cut at corners; should that still leave too many runs, cut only at
	// larger corners. The test for Flat stays the same throughout.
	var cuts []int
	for tol := theta; ; tol *= 1.5 {
		cuts = simplify(sm, corners(sm, tol), theta, minRun)
		if len(cuts) <= maxSegments+1 || !(tol < 1e6*theta) {
			break
		}
	}
	out := make([]Segment, 0, len(cuts)-1)
	for k := 1; k < len(cuts); k++ {
		a, b := sm[cuts[k-1]], sm[cuts[k]]
		out = append(out, Segment{From: a, To: b, Trend: trend(a.Value, b.Value, theta)})
	}
	return out
}

// flatLimit is the change below which a run counts as flat: a tenth of the
// smoothed series' range, the range counted as at least a fifth of its
// largest level; and at least six standard deviations of the noise left in
// the smoothed series (estimated robustly from the raw points' spread around
// it), so that white noise, however strong, reads as flat.
func flatLimit(pts, sm []Point) float64 {
	theta := rangeLimit(sm)
	res := make([]float64, len(pts))
	for i := range pts {
		res[i] = pts[i].Value - sm[i].Value
	}
	perWindow := math.Max(1, float64(len(pts))/52)
	if noise := 6 * 1.4826 * mad(res) / math.Sqrt(perWindow); finite(noise) && noise > theta {
		return noise
	}
	return theta
}

// rangeLimit is a tenth of the smoothed series' range, the range counted as
// at least a fifth of its largest level.
func rangeLimit(sm []Point) float64 {
	lo, hi, big := sm[0].Value, sm[0].Value, 0.0
	for _, p := range sm {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
		big = math.Max(big, math.Abs(p.Value))
	}
	return 0.1 * math.Max(hi-lo, 0.2*big)
}

// mad is the median absolute deviation from the median; it sorts v.
func mad(v []float64) float64 {
	med := median(v)
	for i := range v {
		v[i] = math.Abs(v[i] - med)
	}
	return median(v)
}

func median(v []float64) float64 {
	sort.Float64s(v)
	return v[(len(v)-1)/2]
}

func trend(a, b, theta float64) Trend {
	switch d := b - a; {
	case d == 0 || !(math.Abs(d) >= theta): // NaN-safe
		return Flat
	case d > 0:
		return Rising
	default:
		return Falling
	}
}

// smooth averages each point with the points within half a window (a
// fifty-second of the span) either side of it. Near the ends the window
// keeps its width and shifts inwards, so the ends are not biased by a
// half-empty window (a weekend at the start of a daily series, say).
func smooth(pts []Point) []Point {
	out := make([]Point, len(pts))
	if len(pts) < 2 {
		copy(out, pts)
		return out
	}
	first, last := pts[0].Time, pts[len(pts)-1].Time
	half := last.Sub(first) / 104
	lo, hi, sum := 0, 0, 0.0
	for i, p := range pts {
		c := windowCentre(p.Time, first, last, half)
		for hi < len(pts) && pts[hi].Time.Sub(c) <= half {
			sum += pts[hi].Value
			hi++
		}
		resum := false
		for c.Sub(pts[lo].Time) > half {
			sum -= pts[lo].Value
			// Removing a value far larger than what remains loses the
			// remainder's digits: add the window up afresh.
			resum = resum || !(math.Abs(pts[lo].Value) <= 1e6*math.Abs(sum))
			lo++
		}
		if resum {
			sum = 0
			for _, q := range pts[lo:hi] {
				sum += q.Value
			}
		}
		mean := sum / float64(hi-lo)
		if !finite(mean) { // sums of huge values: average without summing
			mean = 0
			for _, q := range pts[lo:hi] {
				mean += q.Value / float64(hi-lo)
			}
		}
		out[i] = Point{Time: p.Time, Value: mean}
	}
	return out
}

// corners returns the indexes of the series' corners, first and last
// included: top-down, each run is cut where the series departs furthest from
// the straight line between its ends, while that departure exceeds theta.
func corners(sm []Point, theta float64) []int {
	keep := map[int]bool{0: true, len(sm) - 1: true}
	stack := [][2]int{{0, len(sm) - 1}}
	for len(stack) > 0 {
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if i, d := furthest(sm, r[0], r[1]); i > 0 && d > theta {
			keep[i] = true
			stack = append(stack, [2]int{r[0], i}, [2]int{i, r[1]})
		}
	}
	return slices.Sorted(maps.Keys(keep))
}

// furthest returns the index strictly between a and b whose value departs
// most from the chord a–b, and that departure; index -1 if none.
func furthest(sm []Point, a, b int) (int, float64) {
	best, bestD := -1, -1.0
	ta, tb := sm[a].Time, sm[b].Time
	span := float64(tb.Sub(ta))
	for i := a + 1; i < b; i++ {
		f := float64(sm[i].Time.Sub(ta)) / span
		chord := sm[a].Value + f*(sm[b].Value-sm[a].Value)
		if !finite(chord) { // avoid overflow for huge values
			chord = sm[a].Value*(1-f) + sm[b].Value*f
		}
		if d := math.Abs(sm[i].Value - chord); d > bestD {
			best, bestD = i, d
		}
	}
	return best, bestD
}

// simplify removes cuts until every run means something: neighbours of the
// same trend merge; a short excursion (up and back down, or down and back
// up, within twice minRun, ending within theta of where it began) is
// dropped, as a one-day spike is not a trend; a flat run shorter than minRun
// joins the neighbour that stays straighter. A short steep run between two
// levels stays: a jump is a story of its own.
func simplify(sm []Point, cuts []int, theta float64, minRun time.Duration) []int {
	dur := func(a, b int) time.Duration { return sm[cuts[b]].Time.Sub(sm[cuts[a]].Time) }
	tr := func(a, b int) Trend { return trend(sm[cuts[a]].Value, sm[cuts[b]].Value, theta) }
	for {
		cuts = mergeSame(sm, cuts, theta)
		drop := -1
		// The shortest excursion.
		best := time.Duration(math.MaxInt64)
		for k := 1; k+1 < len(cuts); k++ {
			if tr(k-1, k) != Flat && tr(k, k+1) != Flat && tr(k-1, k+1) == Flat && dur(k-1, k+1) < 2*minRun && dur(k-1, k+1) < best {
				drop, best = k, dur(k-1, k+1)
			}
		}
		// Else the shortest short flat run, absorbed by a neighbour.
		if drop < 0 && len(cuts) > 2 {
			best = minRun
			for j := 1; j < len(cuts); j++ {
				if tr(j-1, j) != Flat || dur(j-1, j) >= best {
					continue
				}
				best = dur(j-1, j)
				bestD := math.Inf(1)
				for _, c := range []int{j - 1, j} {
					if c == 0 || c == len(cuts)-1 {
						continue
					}
					if _, d := furthest(sm, cuts[c-1], cuts[c+1]); d < bestD || drop < 0 {
						drop, bestD = c, d
					}
				}
			}
		}
		if drop < 0 {
			return cuts
		}
		cuts = append(cuts[:drop:drop], cuts[drop+1:]...)
	}
}

// mergeSame removes cuts between neighbouring runs of the same trend.
func mergeSame(sm []Point, cuts []int, theta float64) []int {
	for changed := true; changed; {
		changed = false
		for k := 1; k+1 < len(cuts); k++ {
			a := trend(sm[cuts[k-1]].Value, sm[cuts[k]].Value, theta)
			b := trend(sm[cuts[k]].Value, sm[cuts[k+1]].Value, theta)
			if a == b {
				cuts = append(cuts[:k:k], cuts[k+1:]...)
				changed = true
				break
			}
		}
	}
	return cuts
}

package chart

import "time"

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
	s.Segments = segments(envelope(clean(points)))
	return s
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
		c := p.Time
		if c.Sub(first) < half {
			c = first.Add(half)
		}
		if last.Sub(c) < half {
			c = last.Add(-half)
		}
		if c.Before(first) { // a span shorter than the window: the centre
			c = first.Add(last.Sub(first) / 2)
		}
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

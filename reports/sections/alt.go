package sections

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bbbkit/bbbkit/reports/chart"
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// endpointsAlt tells the daily-peak chart's story in words: where the curve is flat, where it rises
// and falls, the record day, the quietest day and the gaps.
func endpointsAlt(c *Context, pts []chart.Point) string {
	l := c.Lang
	s := []string{c.T("alt.endpoints.intro", "year", c.year())}
	shape := chart.DescribePeaks(pts)
	if shape.Points == 0 {
		return c.T("alt.nodata", "year", c.year())
	}
	var runs []string
	// With a weekly rhythm, the runs follow the weekday level, not a flat line the chart does not
	// draw; the rhythm gets its own sentence.
	first, next := c.T("alt.it.first"), c.T("alt.it.next")
	if shape.Weekly > 0 {
		first, next = c.T("alt.it.first_weekly"), c.T("alt.it.next_weekly")
	}
	// A level is one the chart shows: never above the record nor below the lowest day.
	shown := func(v float64) float64 { return math.Max(shape.Min.Value, math.Min(v, shape.Max.Value)) }
	for i, seg := range shape.Segments {
		it := next
		if i == 0 {
			it = first
		}
		seg.From.Value, seg.To.Value = shown(seg.From.Value), shown(seg.To.Value)
		within := func(v float64) int64 { return aboutWithin(v, shape.Min.Value, shape.Max.Value) }
		a, b := within(seg.From.Value), within(seg.To.Value)
		key := "alt.seg.level"
		switch {
		case seg.Trend == chart.Rising:
			key = "alt.seg.rising"
		case seg.Trend == chart.Falling:
			key = "alt.seg.falling"
		case nearly(seg.From.Value, seg.To.Value):
			key, a = "alt.seg.flat", within((seg.From.Value+seg.To.Value)/2)
		case a > b:
			a, b = b, a
		}
		runs = append(runs, c.T(key, "it", it, "span", dayRange(c, seg.From.Time, seg.To.Time, false),
			"a", c.Int(a), "b", c.Int(b)))
	}
	if shape.Weekly > 0 {
		pct := max(10, int64(math.Round(shape.Weekly*10))*10)
		s = append(s, c.T("alt.weekly", "pct", i18n.Percent(l, float64(pct))))
	}
	if len(runs) > 0 {
		s = append(s, capitalise(strings.Join(runs, "; "))+".")
	}
	if m := monthsSentence(c); m != "" {
		s = append(s, m)
	}
	s = append(s, recordSentence(c))
	// The quietest day: none when every day reached the record; "first of n days" on a tie.
	if low, n, lower, ok := quietestDay(c.Year); ok && shape.Points > 1 && low.Peak.Endpoints < c.Year.Peak.Endpoints {
		key := "alt.endpoints.low"
		if n > 1 {
			key = "alt.endpoints.low_days"
		}
		if lower {
			key += "_full"
		}
		s = append(s, c.T(key, "date", i18n.Date(l, low.Date), "low", c.Int(low.Peak.Endpoints), "n", c.Int(int64(n))))
	}
	if len(shape.Gaps) > 0 {
		var g []string
		for _, r := range shape.Gaps {
			g = append(g, dayRange(c, r[0], r[1], false))
		}
		s = append(s, c.T("alt.gaps", "days", i18n.List(l, g)))
	}
	return strings.Join(s, " ")
}

// monthsSentence names the two months with the highest and the two with the lowest peak, so the
// seasons are told even where the curve's runs are coarse.
func monthsSentence(c *Context) string {
	var ms []figures.Month
	for _, m := range c.Year.Months {
		if monthHasPeak(m) {
			ms = append(ms, m)
		}
	}
	if len(ms) < 4 {
		return ""
	}
	slices.SortStableFunc(ms, func(a, b figures.Month) int { return cmp.Compare(b.Peak.Endpoints, a.Peak.Endpoints) })
	if ms[0].Peak.Endpoints == ms[len(ms)-1].Peak.Endpoints {
		if slices.ContainsFunc(ms, func(m figures.Month) bool { return m.LowerBound() }) {
			// A month that could have been higher did not surely reach "the same peak".
			return ""
		}
		return c.T("alt.endpoints.months_even", "value", c.Int(ms[0].Peak.Endpoints))
	}
	// The two highest are named only when no other month could have passed the second had every
	// server answered.
	if slices.ContainsFunc(ms[2:], func(m figures.Month) bool { return m.Upper > ms[1].Peak.Endpoints }) {
		return ""
	}
	name := func(m figures.Month) string {
		return c.T("alt.month_value", "month", i18n.MonthName(c.Lang, m.Start.Month()), "value", atLeast(c, m.Peak.Endpoints, m.LowerBound()))
	}
	high := i18n.List(c.Lang, []string{name(ms[0]), name(ms[1])})
	// The lowest are months measured on every day: a month that began late, or lost days to an
	// outage, may be low for want of measurements.
	// A month whose peak is only a lower bound (a server did not answer for a while) is not among
	// the lowest either.
	full := slices.DeleteFunc(slices.Clone(ms), func(m figures.Month) bool {
		return !fullMonth(c.Year, int(m.Start.Month())-1) || m.LowerBound()
	})
	if len(full) < 2 {
		return c.T("alt.endpoints.months_high", "high", high)
	}
	low := i18n.List(c.Lang, []string{name(full[len(full)-1]), name(full[len(full)-2])})
	return c.T("alt.endpoints.months", "high", high, "low", low)
}

// dayRange formats one day or a run of days; withYear ends it with the year. Shared parts are said
// once: "11 to 12 February 2025", "11. bis 12.2.2025", "30 January to 2 February".
func dayRange(c *Context, from, to time.Time, withYear bool) string {
	end := i18n.DayMonth
	if withYear {
		end = i18n.Date
	}
	if sameDay(from, to) {
		return end(c.Lang, from)
	}
	start := i18n.DayMonth(c.Lang, from)
	switch {
	case from.Year() != to.Year():
		start = i18n.Date(c.Lang, from)
	case from.Month() == to.Month():
		start = strconv.Itoa(from.Day())
		if c.Lang == i18n.DE {
			start += "."
		}
	}
	return c.T("gaps.range", "from", start, "to", end(c.Lang, to))
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// about rounds a level the way a person reads it off a chart: whole below 100, two significant digits
// below 1,000 and three from 1,000 on, so that a level near the record (1,160) does not read as a
// higher one (1,200).
func about(v float64) int64 {
	if v < 100 {
		return int64(math.Round(v))
	}
	digits := 2.0
	if v >= 1000 {
		digits = 3
	}
	mag := math.Pow(10, math.Floor(math.Log10(v))-digits+1)
	return int64(math.Round(v/mag) * mag)
}

// aboutWithin is about(v), read one digit finer when that would name a level above the record hi
// or below the lowest day lo, and at that finer digit rounded towards the chart: a curve whose
// record is 169 falls "from about 169", not from 170, and one that never passes 106 does not stay
// "at about 110".
func aboutWithin(v, lo, hi float64) int64 {
	if r := float64(about(v)); r <= hi && r >= lo {
		return int64(r)
	}
	if v < 100 {
		return int64(math.Max(math.Ceil(lo), math.Min(math.Round(v), math.Floor(hi))))
	}
	digits := 3.0
	if v >= 1000 {
		digits = 4
	}
	mag := math.Pow(10, math.Floor(math.Log10(v))-digits+1)
	switch r := math.Round(v/mag) * mag; {
	case r > hi:
		return int64(math.Floor(v/mag) * mag)
	case r < lo:
		return int64(math.Ceil(v/mag) * mag)
	default:
		return int64(r)
	}
}

// nearly reports whether two levels differ by at most 5 %, too little to tell apart on a chart: the
// curve then "stays flat at about" their middle rather than "between about 830 and 840".
func nearly(a, b float64) bool {
	return math.Abs(a-b) <= 0.05*math.Max(math.Abs(a), math.Abs(b))
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// quietestDay is the day with the lowest peak among the days measured in full: a day the monitoring
// was down for hours (a partial day), or on which a server did not answer when it could have
// changed the peak (an incomplete day), is a gap, never "the quietest day"; n counts the days that
// share that lowest peak (low is the first); ok is false without one. lower tells that a day not
// measured in full had a measured peak as low or lower, so that low is the quietest only of the
// days measured in full.
func quietestDay(y *figures.Year) (low figures.Day, n int, lower, ok bool) {
	partial := y.PartialDays()
	var left []figures.Day
	for _, d := range y.Days {
		if !d.HasData {
			continue
		}
		if d.Incomplete() || slices.ContainsFunc(partial, func(p time.Time) bool { return p.Equal(d.Date) }) {
			left = append(left, d)
			continue
		}
		switch {
		case !ok || d.Peak.Endpoints < low.Peak.Endpoints:
			low, n, ok = d, 1, true
		case d.Peak.Endpoints == low.Peak.Endpoints:
			n++
		}
	}
	lower = slices.ContainsFunc(left, func(d figures.Day) bool { return d.Peak.Endpoints <= low.Peak.Endpoints })
	return low, n, lower, ok
}

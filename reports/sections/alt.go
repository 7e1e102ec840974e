package sections

import (
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bbbkit/bbbkit/reports/chart"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// endpointsAlt tells the daily-peak chart's story in words: where the curve is flat, where it rises
// and falls, the record day, the quietest day and the gaps.
func endpointsAlt(c *Context, pts []chart.Point) string {
	l := c.Lang
	s := []string{c.T("alt.endpoints.intro", "year", c.year())}
	shape := chart.Describe(pts)
	if shape.Points == 0 {
		return c.T("alt.nodata", "year", c.year())
	}
	var runs []string
	for i, seg := range shape.Segments {
		it := c.T("alt.it.next")
		if i == 0 {
			it = c.T("alt.it.first")
		}
		key := "alt.seg.flat"
		if about(seg.From.Value) != about(seg.To.Value) {
			key = "alt.seg.level"
		}
		switch seg.Trend {
		case chart.Rising:
			key = "alt.seg.rising"
		case chart.Falling:
			key = "alt.seg.falling"
		}
		a, b := about(seg.From.Value), about(seg.To.Value)
		if key == "alt.seg.level" && a > b {
			a, b = b, a
		}
		runs = append(runs, c.T(key, "it", it, "from", i18n.DayMonth(l, seg.From.Time), "to", i18n.DayMonth(l, seg.To.Time),
			"a", c.Int(a), "b", c.Int(b)))
	}
	if len(runs) > 0 {
		s = append(s, capitalise(strings.Join(runs, "; "))+".")
	}
	s = append(s, c.T("alt.endpoints.record", "peak", c.Int(c.Year.Peak.Endpoints), "date", i18n.Date(l, c.Year.Peak.Time)))
	if shape.Points > 1 {
		s = append(s, c.T("alt.endpoints.low", "date", i18n.Date(l, shape.Min.Time), "low", c.Int(int64(shape.Min.Value))))
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

// dayRange formats one day or a run of days; withYear uses full dates.
func dayRange(c *Context, from, to time.Time, withYear bool) string {
	f := i18n.DayMonth
	if withYear {
		f = i18n.Date
	}
	if sameDay(from, to) {
		return f(c.Lang, from)
	}
	return c.T("gaps.range", "from", f(c.Lang, from), "to", f(c.Lang, to))
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// about rounds a level the way a person reads it off a chart: two significant digits from 100 on.
func about(v float64) int64 {
	if v < 100 {
		return int64(math.Round(v))
	}
	mag := math.Pow(10, math.Floor(math.Log10(v))-1)
	return int64(math.Round(v/mag) * mag)
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

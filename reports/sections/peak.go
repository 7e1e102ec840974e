package sections

import (
	"strings"
	"time"

	"github.com/bbbkit/bbbkit/reports/chart"
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// peak states the year's highest concurrent participants and its day, the year before beside it,
// the daily-peak chart and every month's peak.
func peak(c *Context, md *Markdown) {
	y, l := c.Year, c.Lang
	md.Heading(c.T("peak.heading"))
	if !y.HasData || y.Peak.Time.IsZero() {
		md.Para(c.T("peak.none", "year", c.year()))
		return
	}
	var prev string
	if c.hasPrev() && !c.Prev.Peak.Time.IsZero() {
		key, n := "peak.prev", len(recordDays(c.Prev))
		if n > 1 {
			key = "peak.prev_days"
		}
		prev = c.T(key, "when", prevWhen(c), "peak", atLeast(c, c.Prev.Peak.Endpoints, c.Prev.LowerBound()), "date", i18n.Date(l, c.Prev.Peak.Time),
			"n", c.Int(int64(n)))
	}
	// A record reached on more than one day is not "the busiest moment": say on which days.
	key, days := "peak.year", recordDays(y)
	switch {
	case len(days) == 2:
		key = "peak.year_again"
	case len(days) > 2:
		key = "peak.year_days"
	}
	if y.LowerBound() {
		// The highest measured, not the year's: say so, and no "again" of a tie that may not be one.
		key = "peak.year_atleast"
	}
	again := ""
	if len(days) > 1 {
		again = i18n.Date(l, days[1])
	}
	md.Para(c.T(key, "year", c.year(), "date", i18n.Date(l, y.Peak.Time), "time", i18n.Clock(y.Peak.Time),
		"peak", c.Int(y.Peak.Endpoints), "again", again, "n", c.Int(int64(len(days)))), prev, c.T("peak.counting"))
	peakChart(c, md)
	md.Para(c.T("peak.months"))
	peakTable(c, md)
}

// hasPeak says whether the year has a peak to show.
func hasPeak(c *Context) bool { return c.Year.HasData && !c.Year.Peak.Time.IsZero() }

// peakChart places the daily-peak chart; nothing when the year has no peak.
func peakChart(c *Context, md *Markdown) {
	if !hasPeak(c) {
		return
	}
	line, pts := endpointsChart(c)
	intro := c.T("alt.endpoints.intro", "year", c.year())
	short := intro + " " + recordSentence(c)
	c.place(md, "endpoints", short, strings.TrimPrefix(endpointsAlt(c, pts), intro+" "), line.SVG)
}

// recordDays are the days whose peak reached the year's record, in order; the first is the day of
// y.Peak.
func recordDays(y *figures.Year) []time.Time {
	var out []time.Time
	for _, d := range y.Days {
		if d.HasData && y.Peak.Endpoints > 0 && d.Peak.Endpoints == y.Peak.Endpoints {
			out = append(out, d.Date)
		}
	}
	return out
}

// recordSentence names the record the chart marks, and, when other days reached it too, the
// second day or how many there were: the chart marks only the first.
func recordSentence(c *Context) string {
	y, l := c.Year, c.Lang
	days := recordDays(y)
	args := []string{"peak", c.Int(y.Peak.Endpoints), "date", i18n.Date(l, y.Peak.Time), "n", c.Int(int64(len(days)))}
	switch {
	case y.LowerBound():
		return c.T("alt.endpoints.record_atleast", args...)
	case len(days) == 2:
		return c.T("alt.endpoints.record_again", append(args, "again", i18n.Date(l, days[1]))...)
	case len(days) > 2:
		return c.T("alt.endpoints.record_days", args...)
	}
	return c.T("alt.endpoints.record", "peak", c.Int(y.Peak.Endpoints), "date", i18n.Date(l, y.Peak.Time))
}

// peakTable is every month's peak, the year before beside it; nothing when the year has no peak.
func peakTable(c *Context, md *Markdown) {
	y, l := c.Year, c.Lang
	if !hasPeak(c) {
		return
	}
	header := []string{c.T("table.month"), c.T("table.peak", "year", c.year()), c.T("table.day")}
	if c.hasPrev() {
		header = append(header, c.T("table.peak", "year", c.prevYear()))
	}
	var rows [][]string
	for i, m := range y.Months {
		row := []string{i18n.MonthName(l, m.Start.Month()), c.T("table.nodata"), "–"}
		if monthHasPeak(m) {
			row[1], row[2] = atLeast(c, m.Peak.Endpoints, m.LowerBound()), i18n.DayMonth(l, m.Peak.Time)
		}
		if c.hasPrev() {
			p := c.Prev.Months[i]
			cell := c.T("table.nodata")
			if monthHasPeak(p) {
				cell = atLeast(c, p.Peak.Endpoints, p.LowerBound())
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	md.Table(header, rows, true)
}

func monthHasPeak(m figures.Month) bool { return m.HasData && !m.Peak.Time.IsZero() }

// endpointsChart is the daily peak over the year with the record day marked.
func endpointsChart(c *Context) (chart.Line, []chart.Point) {
	y, l := c.Year, c.Lang
	var pts []chart.Point
	for _, d := range y.Days {
		if d.HasData {
			pts = append(pts, chart.Point{Time: d.Date, Value: float64(d.Peak.Endpoints)})
		}
	}
	line := chart.Line{
		Title:    c.T("chart.endpoints.title", "year", c.year()),
		YLabel:   c.T("chart.endpoints.ylabel"),
		Points:   pts,
		Loc:      y.Location,
		Months:   i18n.MonthAbbrs(l),
		YFormat:  func(v float64) string { return i18n.Decimal(l, v, i18n.Decimals(v)) },
		DayLabel: func(t time.Time) string { return i18n.DayMonth(l, t) },
		NoData:   c.T("table.nodata"),
		// The whole year, so that months without data show as empty space, not as a shorter axis.
		From: time.Date(c.Facts.Year, time.January, 1, 0, 0, 0, 0, y.Location),
		To:   time.Date(c.Facts.Year, time.December, 31, 0, 0, 0, 0, y.Location),
	}
	if y.HasData {
		rec := y.Peak.Time
		mark := chart.Point{Time: time.Date(rec.Year(), rec.Month(), rec.Day(), 0, 0, 0, 0, y.Location), Value: float64(y.Peak.Endpoints)}
		line.Mark = &mark
		line.MarkLabel = c.Int(y.Peak.Endpoints) + " (" + i18n.DayMonth(l, rec) + ")"
	}
	return line, pts
}

package sections

import (
	"slices"
	"time"

	"github.com/bbbkit/bbbkit/reports/figures"

	"github.com/bbbkit/bbbkit/reports/i18n"
)

// gaps says openly on which days the history has no data, and on which it covers less than half the
// day.
func gaps(c *Context, md *Markdown) {
	y := c.Year
	md.Heading(c.T("gaps.heading"))
	missing := gapDays(c)
	if first := firstMeasured(y); firstYear(c) {
		// The first year measured starts when the measurements do: the days before are no gap.
		md.Para(c.T("gaps.start", "date", i18n.Date(c.Lang, first)))
		if len(missing) == 0 {
			partialDays(c, md)
			return
		}
	}
	switch {
	case !y.HasData:
		md.Para(c.T("gaps.all", "year", c.year()))
	case len(missing) == 0:
		md.Para(c.T("gaps.none", "year", c.year()))
	case len(missing) == 1:
		md.Para(c.T("gaps.one", "days", i18n.Date(c.Lang, missing[0])))
	default:
		md.Para(c.Plural("gaps", int64(len(missing)), "days", i18n.List(c.Lang, runsOf(c, missing))))
	}
	partialDays(c, md)
}

// partialDays names the days the measurements covered less than half of, and those on which a
// server did not answer for a while.
func partialDays(c *Context, md *Markdown) {
	if partial := c.Year.PartialDays(); len(partial) > 0 {
		md.Para(c.Plural("gaps.partial", int64(len(partial)), "days", i18n.List(c.Lang, runsOf(c, partial))))
	}
	incompleteDays(c, md)
}

// firstYear reports whether the report's year is the first measured (no data the year before) and
// its measurements began after 1 January.
func firstYear(c *Context) bool {
	first := firstMeasured(c.Year)
	return c.Year.HasData && !c.hasPrev() && !first.IsZero() && first.YearDay() > 1
}

// gapDays are the days without data that are gaps: in a first year, not the days before the
// measurements began ("75 days missing" of a service that started in March would be false).
func gapDays(c *Context) []time.Time {
	missing := c.Year.MissingDays()
	if firstYear(c) {
		first := firstMeasured(c.Year)
		missing = slices.DeleteFunc(missing, func(d time.Time) bool { return d.Before(first) })
	}
	return missing
}

// runsOf formats consecutive days as ranges: "3.2.2021 bis 5.2.2021".
func runsOf(c *Context, days []time.Time) []string {
	var out []string
	for i := 0; i < len(days); {
		j := i
		for j+1 < len(days) && sameDay(days[j].AddDate(0, 0, 1), days[j+1]) {
			j++
		}
		out = append(out, dayRange(c, days[i], days[j], true))
		i = j + 1
	}
	return out
}

// firstMeasured is the first day with data; zero without any.
func firstMeasured(y *figures.Year) time.Time {
	for _, d := range y.Days {
		if d.HasData {
			return d.Date
		}
	}
	return time.Time{}
}

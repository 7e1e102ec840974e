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
	missing := y.MissingDays()
	if first := firstMeasured(y); y.HasData && !c.hasPrev() && !first.IsZero() && first.YearDay() > 1 {
		// The first year measured starts when the measurements do: the days before are no gap.
		md.Para(c.T("gaps.start", "date", i18n.Date(c.Lang, first)))
		missing = slices.DeleteFunc(missing, func(d time.Time) bool { return d.Before(first) })
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

// partialDays names the days the measurements covered less than half of.
func partialDays(c *Context, md *Markdown) {
	if partial := c.Year.PartialDays(); len(partial) > 0 {
		md.Para(c.Plural("gaps.partial", int64(len(partial)), "days", i18n.List(c.Lang, runsOf(c, partial))))
	}
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

package sections

import (
	"strconv"

	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// trafficMonths are the months of y whose traffic was measured (at least one byte counted), and
// whether those are all the months with data: a year whose counters were read only from September
// has participants from January but traffic only from September, and its total is September's to
// December's, never the year's.
func trafficMonths(y *figures.Year) (measured []int, whole bool) {
	whole = true
	for i, m := range y.Months {
		switch {
		case m.HasData && total(m) > 0:
			measured = append(measured, i)
		case m.HasData:
			whole = false
		}
	}
	return measured, whole
}

// trafficWhen is the time a year's traffic figure covers, to open its sentence: "In 2021", or,
// when traffic was measured in some of the months with data only, "From September to December
// 2021" (one run of months) or "In the 7 months of 2021 in which we measured it,".
func trafficWhen(c *Context) string {
	ms, whole := trafficMonths(c.Year)
	if whole || len(ms) == 0 {
		return c.T("traffic.when", "year", c.year())
	}
	return monthsPhrase(c, ms, c.year(), "traffic.when")
}

// monthsPhrase says months ms of year: key.month for one month, key.span for one run, key.months for
// scattered months.
func monthsPhrase(c *Context, ms []int, year, key string) string {
	name := func(i int) string { return i18n.MonthName(c.Lang, c.Year.Months[i].Start.Month()) }
	switch first, last := ms[0], ms[len(ms)-1]; {
	case first == last:
		return c.T(key+".month", "month", name(first), "year", year)
	case last-first+1 == len(ms):
		return c.T(key+".span", "from", name(first), "to", name(last), "year", year)
	}
	return c.T(key+".months", "n", c.Int(int64(len(ms))), "year", year)
}

// trafficPrevWhen qualifies the year before's traffic: by months when its traffic was measured in
// only some of its months with data, else as prevWhen does by days.
func trafficPrevWhen(c *Context) string {
	ms, whole := trafficMonths(c.Prev)
	if whole || len(ms) == 0 {
		return prevWhen(c)
	}
	return " " + monthsPhrase(c, ms, strconv.Itoa(c.Facts.Year-1), "prev.traffic")
}

// wholeMonths reports whether y's traffic was measured in every month with data.
func wholeMonths(y *figures.Year) bool {
	_, whole := trafficMonths(y)
	return whole
}

// wholeTraffic reports whether y's traffic was measured in both directions in every month with data.
func wholeTraffic(y *figures.Year) bool {
	return wholeMonths(y) && measuredOut(y) && measuredIn(y)
}

// TrafficWhole reports whether the year's traffic was measured in both directions in every month
// with data, so that its total may stand for the year: the page's description and a template's
// "traffic.tb" use it only then; one direction, or four months, are not the year's traffic.
func TrafficWhole(c *Context) bool { return wholeTraffic(c.Year) }

// fullMonth reports whether every day of month i has data: only such a month may be called the
// quietest, as a month with an outage or a late start has less for want of measurements.
func fullMonth(y *figures.Year, i int) bool {
	m := y.Months[i]
	if !m.HasData {
		return false
	}
	for _, d := range y.Days {
		if d.Date.Month() == m.Start.Month() && !d.HasData {
			return false
		}
	}
	return true
}

// prevTrafficWhole is TrafficWhole of the year before: false without one.
func prevTrafficWhole(c *Context) bool {
	return c.hasPrev() && wholeTraffic(c.Prev)
}

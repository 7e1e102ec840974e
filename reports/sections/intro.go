package sections

import "github.com/bbbkit/bbbkit/reports/i18n"

// intro opens the report: what it lays open and where the figures come from. It promises only what
// the report holds: the costs when the facts give money, who asked for data when they speak of
// requests, the bytes when traffic was measured.
func intro(c *Context, md *Markdown) {
	f := c.Facts
	service := Escape(f.Service)
	money := f.DonationsEUR != nil || f.ExpensesEUR != nil || f.MonthlyCostsEUR != nil || len(f.ExpenseItems) > 0
	var topics []string
	if money {
		topics = append(topics, c.T("intro.cost", "service", service, "year", c.year()), c.T("intro.busy"))
	} else {
		topics = append(topics, c.T("intro.busy_first", "service", service, "year", c.year()))
	}
	if f.Requests != nil {
		topics = append(topics, c.T("intro.asked"))
	}
	measure := "intro.measure"
	if !hasTraffic(c) {
		measure = "intro.measure.notraffic"
	}
	md.Para(c.T("intro", "topics", i18n.List(c.Lang, topics)), c.T(measure))
}

package sections

import "github.com/bbbkit/bbbkit/reports/i18n"

// money states donations, expenses, their balance and the monthly running costs, as far as the facts
// give them.
func money(c *Context, md *Markdown) {
	f, l := c.Facts, c.Lang
	if f.DonationsEUR == nil && f.ExpensesEUR == nil && f.MonthlyCostsEUR == nil {
		return
	}
	md.Heading(c.T("money.heading"))
	var s []string
	switch {
	case f.DonationsEUR != nil && f.ExpensesEUR != nil:
		d, e := *f.DonationsEUR, *f.ExpensesEUR
		s = append(s, c.T("money.both", "year", c.year(), "donations", i18n.Euro(l, d), "expenses", i18n.Euro(l, e)))
		if d > e {
			s = append(s, c.T("money.surplus", "diff", i18n.Euro(l, d-e)))
		} else if e > d {
			s = append(s, c.T("money.deficit", "diff", i18n.Euro(l, e-d)))
		}
	case f.DonationsEUR != nil:
		s = append(s, c.T("money.donations", "year", c.year(), "donations", i18n.Euro(l, *f.DonationsEUR)))
	case f.ExpensesEUR != nil:
		s = append(s, c.T("money.expenses", "year", c.year(), "expenses", i18n.Euro(l, *f.ExpensesEUR)))
	}
	if f.MonthlyCostsEUR != nil {
		s = append(s, c.T("money.monthly", "monthly", i18n.Euro(l, *f.MonthlyCostsEUR)))
	}
	md.Para(s...)
}

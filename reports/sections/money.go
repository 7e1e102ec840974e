package sections

import (
	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// money states donations, expenses, their balance and the monthly running costs, as far as the facts
// give them.
func money(c *Context, md *Markdown) {
	f, l := c.Facts, c.Lang
	if f.DonationsEUR == nil && f.ExpensesEUR == nil && f.MonthlyCostsEUR == nil && len(f.ExpenseItems) == 0 {
		return
	}
	md.Heading(c.T("money.heading"))
	var s []string
	switch {
	case f.DonationsEUR != nil && f.ExpensesEUR != nil:
		d, e := *f.DonationsEUR, *f.ExpensesEUR
		s = append(s, c.T("money.both", "year", c.year(), "donations", qualified(c, f.DonationsQualifier, i18n.Euro(l, d)),
			"expenses", qualified(c, f.ExpensesQualifier, i18n.Euro(l, e))))
		// The balance of a rounded sum is rounded too.
		var dq facts.Qualifier
		if f.DonationsQualifier != "" || f.ExpensesQualifier != "" {
			dq = facts.About
		}
		if d > e {
			s = append(s, c.T("money.surplus", "diff", qualified(c, dq, i18n.Euro(l, d-e))))
		} else if e > d {
			s = append(s, c.T("money.deficit", "diff", qualified(c, dq, i18n.Euro(l, e-d))))
		}
	case f.DonationsEUR != nil:
		s = append(s, c.T("money.donations", "year", c.year(), "donations", qualified(c, f.DonationsQualifier, i18n.Euro(l, *f.DonationsEUR))))
	case f.ExpensesEUR != nil:
		s = append(s, c.T("money.expenses", "year", c.year(), "expenses", qualified(c, f.ExpensesQualifier, i18n.Euro(l, *f.ExpensesEUR))))
	}
	if f.MonthlyCostsEUR != nil {
		s = append(s, c.T("money.monthly", "monthly", i18n.Euro(l, *f.MonthlyCostsEUR)))
	}
	md.Para(s...)
	if len(f.ExpenseItems) > 0 {
		md.Para(c.T("money.items"))
		expensesTable(c, md)
	}
}

// expensesTable is the breakdown of the expenses; nothing when the facts give none.
func expensesTable(c *Context, md *Markdown) {
	f, l := c.Facts, c.Lang
	if len(f.ExpenseItems) == 0 {
		return
	}
	var rows [][]string
	for _, e := range f.ExpenseItems {
		label := e.LabelEN
		if l == i18n.DE {
			label = e.LabelDE
		}
		rows = append(rows, []string{label, i18n.Euro(l, *e.AmountEUR)})
	}
	md.Table([]string{c.T("table.item"), c.T("table.amount")}, rows, true)
}

// qualified puts the qualifier q before the formatted figure v: "circa 11.400 €", "about €11,400";
// v alone when the figure is exact.
func qualified(c *Context, q facts.Qualifier, v string) string {
	if q == "" {
		return v
	}
	return c.T("qualifier."+string(q)) + " " + v
}

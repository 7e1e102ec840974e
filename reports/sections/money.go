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
	case f.DonationsEUR != nil && *f.DonationsEUR == 0 && f.ExpensesEUR != nil:
		// No donations: not "€0 in donations", and no balance that only repeats the expenses.
		s = append(s, c.T("money.none_spent", "year", c.year(), "expenses", qualified(c, f.ExpensesQualifier, *f.ExpensesEUR, i18n.Euro)))
	case f.DonationsEUR != nil && *f.DonationsEUR == 0:
		s = append(s, c.T("money.none", "year", c.year()))
	case f.DonationsEUR != nil && f.ExpensesEUR != nil:
		d, e := *f.DonationsEUR, *f.ExpensesEUR
		s = append(s, c.T("money.both", "year", c.year(), "donations", qualified(c, f.DonationsQualifier, d, i18n.Euro),
			"expenses", qualified(c, f.ExpensesQualifier, e, i18n.Euro)))
		// The balance of a rounded sum is rounded too.
		var dq facts.Qualifier
		if f.DonationsQualifier != "" || f.ExpensesQualifier != "" {
			dq = facts.About
		}
		if d > e {
			s = append(s, c.T("money.surplus", "diff", qualified(c, dq, shown(f.DonationsQualifier, d)-shown(f.ExpensesQualifier, e), i18n.Euro)))
		} else if e > d {
			s = append(s, c.T("money.deficit", "diff", qualified(c, dq, shown(f.ExpensesQualifier, e)-shown(f.DonationsQualifier, d), i18n.Euro)))
		}
	case f.DonationsEUR != nil:
		s = append(s, c.T("money.donations", "year", c.year(), "donations", qualified(c, f.DonationsQualifier, *f.DonationsEUR, i18n.Euro)))
	case f.ExpensesEUR != nil:
		s = append(s, c.T("money.expenses", "year", c.year(), "expenses", qualified(c, f.ExpensesQualifier, *f.ExpensesEUR, i18n.Euro)))
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

// qualified puts the qualifier q before the figure n formatted by format: "circa 11.400 €",
// "about €11,400"; n alone when the figure is exact. A figure that is not round (the exact 9.987
// with almost) is rounded the way its word needs to stay true ("fast 10.000"); a round one is the
// team's own rounding and is written as given.
func qualified(c *Context, q facts.Qualifier, n int64, format func(i18n.Lang, int64) string) string {
	if q == "" {
		return format(c.Lang, n)
	}
	r := rounding(q)
	return c.T(i18n.RoundingWord(r)) + " " + format(c.Lang, i18n.RoundInt(n, r))
}

// shown is the figure n as the text shows it with qualifier q.
func shown(q facts.Qualifier, n int64) int64 {
	if q == "" {
		return n
	}
	return i18n.RoundInt(n, rounding(q))
}

// rounding is the direction a qualifier's figure is rounded in.
func rounding(q facts.Qualifier) i18n.Rounding {
	switch q {
	case facts.Over:
		return i18n.Down
	case facts.Almost:
		return i18n.Up
	}
	return i18n.Nearest
}

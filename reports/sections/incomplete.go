package sections

import (
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// A node in service that did not answer for a while (its BBB API failed, or its exporter was down
// while the others reported) leaves the cluster's sum too low at those instants. figures marks the
// days whose peak that could have changed (figures.Day.Incomplete) and the months and years whose
// peak is then only a lower bound (LowerBound). This file words those figures so that they stay
// true: "at least", never a quietest day, and the days named among the gaps.

// atLeast formats a peak: "mindestens 5.900" / "at least 5,900" when it is only a lower bound.
func atLeast(c *Context, n int64, lower bool) string {
	if lower {
		return c.T("peak.atleast", "n", c.Int(n))
	}
	return c.Int(n)
}

// upTo is the year's peak as the page's description says it: "bis zu 5.900", or "mindestens 5.900"
// when it is a lower bound ("up to" would claim it was the most).
func upTo(l i18n.Lang, y *figures.Year) string {
	if y.LowerBound() {
		return i18n.T(l, "peak.atleast", "n", i18n.Int(l, y.Peak.Endpoints))
	}
	return i18n.T(l, "peak.upto", "n", i18n.Int(l, y.Peak.Endpoints))
}

// UpTo is upTo for the page's front matter.
func UpTo(c *Context) string { return upTo(c.Lang, c.Year) }

// incompleteDays names the days on which a node did not answer for a while, at instants where it
// could have changed the day's peak.
func incompleteDays(c *Context, md *Markdown) {
	if days := c.Year.IncompleteDays(); len(days) > 0 {
		md.Para(c.Plural("gaps.incomplete", int64(len(days)), "days", i18n.List(c.Lang, runsOf(c, days))))
	}
}

// roundedLowerBound is a rounded figure that is only a lower bound: "über 5.800" when rounding
// down leaves something over, else "mindestens 5.873"; "circa" or "fast" could claim too little.
func roundedLowerBound(l i18n.Lang, n int64, r i18n.Rounding) string {
	if r == i18n.Down {
		if v := i18n.RoundInt(n, r); v < n {
			return i18n.T(l, "qualifier.over") + " " + i18n.Int(l, v)
		}
	}
	return i18n.T(l, "peak.atleast", "n", i18n.Int(l, n))
}

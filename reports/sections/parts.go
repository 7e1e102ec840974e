package sections

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// The parts a team's template can place besides whole sections: charts, tables and inline figures.
// Each set is closed; a name not in it is an error when the template is loaded.

// ChartParts are the charts by the name a template places them with; each writes the image with
// its short alt text and the long description below it, or nothing when the year has no data for it.
var ChartParts = map[string]func(c *Context, md *Markdown){
	"participants": peakChart,
	"traffic":      trafficPlace,
}

// TableParts are the tables by name; each writes nothing when there is nothing to list.
var TableParts = map[string]func(c *Context, md *Markdown){
	"participants": peakTable,
	"traffic":      trafficTable,
	"expenses":     expensesTable,
	"requests":     requestsTable,
}

// ErrNotMeasured is returned by Figure for a figure the history did not measure or the facts do
// not give: it is never written as 0.
var ErrNotMeasured = errors.New("not measured or not given")

// figure is one inline figure: its value formatted for the context's language, and false when
// the data does not have it.
type figure func(c *Context) (string, bool)

// FigureParts are the inline figures by name, each formatted for the page's language.
var FigureParts = map[string]figure{
	"year":    func(c *Context) (string, bool) { return c.year(), true },
	"service": func(c *Context) (string, bool) { return c.Facts.Service, true },
	"peak.participants": func(c *Context) (string, bool) {
		return atLeast(c, c.Year.Peak.Endpoints, c.Year.LowerBound()), hasPeak(c)
	},
	"peak.date": func(c *Context) (string, bool) { return i18n.Date(c.Lang, c.Year.Peak.Time), hasPeak(c) },
	"peak.time": func(c *Context) (string, bool) { return i18n.Clock(c.Year.Peak.Time), hasPeak(c) },
	"prev.year": func(c *Context) (string, bool) { return c.prevYear(), true },
	"prev.peak.participants": func(c *Context) (string, bool) {
		return atLeast(c, c.Prev.Peak.Endpoints, c.hasPrev() && c.Prev.LowerBound()), c.hasPrev() && !c.Prev.Peak.Time.IsZero()
	},
	"prev.peak.date": func(c *Context) (string, bool) {
		if !c.hasPrev() || c.Prev.Peak.Time.IsZero() {
			return "", false
		}
		return i18n.Date(c.Lang, c.Prev.Peak.Time), true
	},
	"traffic.tb": func(c *Context) (string, bool) {
		return trafficTotal(c, c.Year.TransmitBytes+c.Year.ReceiveBytes), TrafficWhole(c)
	},
	"traffic.out": func(c *Context) (string, bool) {
		return trafficTotal(c, c.Year.TransmitBytes), measuredOut(c.Year) && wholeMonths(c.Year)
	},
	"traffic.in": func(c *Context) (string, bool) {
		return trafficTotal(c, c.Year.ReceiveBytes), measuredIn(c.Year) && wholeMonths(c.Year)
	},
	"traffic.share": func(c *Context) (string, bool) {
		if !measuredOut(c.Year) || !measuredIn(c.Year) {
			return "", false
		}
		s, ok := figures.OutgoingShare(c.Year.TransmitBytes, c.Year.ReceiveBytes)
		return i18n.Percent(c.Lang, s), ok
	},
	"prev.traffic.tb": func(c *Context) (string, bool) {
		if !prevTrafficWhole(c) {
			return "", false
		}
		return trafficTotal(c, c.Prev.TransmitBytes+c.Prev.ReceiveBytes), true
	},
	"donations":     given(i18n.Euro, func(f *facts.Facts) (*int64, facts.Qualifier) { return f.DonationsEUR, f.DonationsQualifier }),
	"expenses":      given(i18n.Euro, func(f *facts.Facts) (*int64, facts.Qualifier) { return f.ExpensesEUR, f.ExpensesQualifier }),
	"monthly_costs": given(i18n.Euro, func(f *facts.Facts) (*int64, facts.Qualifier) { return f.MonthlyCostsEUR, "" }),
	"accounts": given(i18n.Int, func(f *facts.Facts) (*int64, facts.Qualifier) {
		return f.RegisteredAccounts, f.RegisteredAccountsQualifier
	}),
	"accounts.start": given(i18n.Int, func(f *facts.Facts) (*int64, facts.Qualifier) { return f.RegisteredAccountsStart, "" }),
	"avv":            given(i18n.Int, func(f *facts.Facts) (*int64, facts.Qualifier) { return f.AVVOrganisations, "" }),
	"servers":        given(i18n.Int, func(f *facts.Facts) (*int64, facts.Qualifier) { return f.Servers, "" }),
	"retention.days": given(i18n.Int, func(f *facts.Facts) (*int64, facts.Qualifier) { return f.LogRetentionDays, "" }),
	"requests": func(c *Context) (string, bool) {
		return c.Int(int64(len(c.Facts.Requests))), c.Facts.Requests != nil
	},
	"days.missing": func(c *Context) (string, bool) {
		return c.Int(int64(len(gapDays(c)))), c.Year.HasData
	},
}

// measured is a figure the history knows exactly: a count, or bytes shown as terabytes.
type measured func(c *Context) (v float64, bytes, ok bool)

// RoundableParts are the figures a template may round with over, about or almost: those the history
// measures exactly, so that the qualifier is checked against the true value. The team's own
// figures carry their qualifier in the facts.
var RoundableParts = map[string]measured{
	"peak.participants": func(c *Context) (float64, bool, bool) { return float64(c.Year.Peak.Endpoints), false, hasPeak(c) },
	"prev.peak.participants": func(c *Context) (float64, bool, bool) {
		if !c.hasPrev() || c.Prev.Peak.Time.IsZero() {
			return 0, false, false
		}
		return float64(c.Prev.Peak.Endpoints), false, true
	},
	"traffic.tb": func(c *Context) (float64, bool, bool) {
		return float64(c.Year.TransmitBytes + c.Year.ReceiveBytes), true, TrafficWhole(c)
	},
	"traffic.out": func(c *Context) (float64, bool, bool) {
		return float64(c.Year.TransmitBytes), true, measuredOut(c.Year) && wholeMonths(c.Year)
	},
	"traffic.in": func(c *Context) (float64, bool, bool) {
		return float64(c.Year.ReceiveBytes), true, measuredIn(c.Year) && wholeMonths(c.Year)
	},
	"prev.traffic.tb": func(c *Context) (float64, bool, bool) {
		return float64(c.Prev.TransmitBytes + c.Prev.ReceiveBytes), true, prevTrafficWhole(c)
	},
}

// RoundedFigure is the figure name rounded the way r says, with the qualifier that is then true:
// "über 6.000" only when more than 6,000 were measured. A figure the data does not have is
// ErrNotMeasured.
func RoundedFigure(c *Context, name string, r i18n.Rounding) (string, error) {
	f, ok := RoundableParts[name]
	if !ok {
		return "", fmt.Errorf("figure %q cannot be rounded here, want one of %s", name, strings.Join(Names(RoundableParts), ", "))
	}
	v, isBytes, ok := f(c)
	if !ok {
		return "", fmt.Errorf("figure %q: %w in %d", name, ErrNotMeasured, c.Facts.Year)
	}
	if isBytes {
		return i18n.TBRounded(c.Lang, v/1e12, r), nil
	}
	if lowerBound(c, name) {
		return roundedLowerBound(c.Lang, int64(v), r), nil
	}
	return i18n.IntRounded(c.Lang, int64(v), r), nil
}

// lowerBound reports whether the peak figure name is only a lower bound (a server did not answer
// for a while when it might have mattered).
func lowerBound(c *Context, name string) bool {
	switch name {
	case "peak.participants":
		return c.Year.LowerBound()
	case "prev.peak.participants":
		return c.hasPrev() && c.Prev.LowerBound()
	}
	return false
}

// given is a figure of the facts, formatted by format with its qualifier; false when the facts
// leave it out.
func given(format func(i18n.Lang, int64) string, get func(*facts.Facts) (*int64, facts.Qualifier)) figure {
	return func(c *Context) (string, bool) {
		v, q := get(c.Facts)
		if v == nil {
			return "", false
		}
		return qualified(c, q, *v, format), true
	}
}

// Names lists the names of a set of parts, sorted, for error messages and the docs.
func Names[V any](parts map[string]V) []string {
	var out []string
	for k := range parts {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// SectionIDs lists the IDs of List, in order.
func SectionIDs() []string {
	var out []string
	for _, s := range List {
		out = append(out, s.ID)
	}
	return out
}

// RenderSection writes the section id for c's language; empty when it has nothing to say.
func RenderSection(c *Context, id string) (string, error) {
	i := slices.IndexFunc(List, func(s Section) bool { return s.ID == id })
	if i < 0 {
		return "", fmt.Errorf("unknown section %q, want one of %s", id, strings.Join(SectionIDs(), ", "))
	}
	var md Markdown
	List[i].Write(c, &md)
	return strings.TrimSpace(md.b.String()), nil
}

// RenderSectionText writes the section id without its heading, for a template that gives its own.
func RenderSectionText(c *Context, id string) (string, error) {
	s, err := RenderSection(c, id)
	if err != nil || !strings.HasPrefix(s, "## ") {
		return s, err
	}
	_, rest, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(rest), nil
}

// RenderChart writes the chart name (image, short alt text, long description); empty when the
// year has no data for it.
func RenderChart(c *Context, name string) (string, error) {
	return renderPart(c, "chart", name, ChartParts)
}

// RenderTable writes the table name; empty when there is nothing to list.
func RenderTable(c *Context, name string) (string, error) {
	return renderPart(c, "table", name, TableParts)
}

func renderPart(c *Context, kind, name string, parts map[string]func(*Context, *Markdown)) (string, error) {
	p, ok := parts[name]
	if !ok {
		return "", fmt.Errorf("unknown %s %q, want one of %s", kind, name, strings.Join(Names(parts), ", "))
	}
	var md Markdown
	p(c, &md)
	return strings.TrimSpace(md.b.String()), nil
}

// Figure is the inline figure name in c's language. A figure the data does not have is
// ErrNotMeasured, never a 0.
func Figure(c *Context, name string) (string, error) {
	f, ok := FigureParts[name]
	if !ok {
		return "", fmt.Errorf("unknown figure %q, want one of %s", name, strings.Join(Names(FigureParts), ", "))
	}
	v, ok := f(c)
	if !ok {
		return "", fmt.Errorf("figure %q: %w in %s", name, ErrNotMeasured, strconv.Itoa(c.Facts.Year))
	}
	return v, nil
}

// HasFigure reports whether the data has the figure name; false for an unknown name.
func HasFigure(c *Context, name string) bool {
	f, ok := FigureParts[name]
	if !ok {
		return false
	}
	_, ok = f(c)
	return ok
}

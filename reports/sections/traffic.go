package sections

import (
	"math"
	"strings"

	"github.com/bbbkit/bbbkit/reports/chart"
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// traffic states the year's bytes out and in, the outgoing share, the year before, the monthly chart
// and table.
func traffic(c *Context, md *Markdown) {
	y, l := c.Year, c.Lang
	md.Heading(c.T("traffic.heading"))
	share, ok := figures.OutgoingShare(y.TransmitBytes, y.ReceiveBytes)
	if !ok {
		md.Para(c.T("traffic.none", "year", c.year()))
		return
	}
	var why, prev string
	if share > 50 {
		why = c.T("traffic.why")
	}
	if c.hasPrev() && c.Prev.TransmitBytes+c.Prev.ReceiveBytes > 0 {
		ps, _ := figures.OutgoingShare(c.Prev.TransmitBytes, c.Prev.ReceiveBytes)
		prev = c.T("traffic.prev", "when", prevWhen(c), "out", tb(l, c.Prev.TransmitBytes), "in", tb(l, c.Prev.ReceiveBytes), "share", i18n.Percent(l, ps))
	}
	md.Para(c.T("traffic.year", "year", c.year(), "out", tb(l, y.TransmitBytes), "in", tb(l, y.ReceiveBytes),
		"share", i18n.Percent(l, share)), why, prev)

	long := strings.TrimPrefix(trafficAlt(c, share), c.T("alt.traffic.intro", "year", c.year())+" ")
	c.place(md, "traffic", trafficShort(c, share), long, trafficChart(c).SVG)

	md.Para(c.T("traffic.months"))
	header := []string{c.T("table.month"), c.T("table.out", "year", c.year()), c.T("table.in", "year", c.year()), c.T("table.share")}
	if c.hasPrev() {
		header = append(header, c.T("table.out", "year", c.prevYear()), c.T("table.in", "year", c.prevYear()))
	}
	var rows [][]string
	for i, m := range y.Months {
		row := []string{i18n.MonthName(l, m.Start.Month()), c.T("table.nodata"), "–", "–"}
		if m.HasData && total(m) == 0 {
			row[1] = c.T("table.notmeasured")
		} else if m.HasData {
			row[1], row[2] = tb(l, m.TransmitBytes), tb(l, m.ReceiveBytes)
			if s, ok := figures.OutgoingShare(m.TransmitBytes, m.ReceiveBytes); ok {
				row[3] = i18n.Percent(l, s)
			}
		}
		if c.hasPrev() {
			p := c.Prev.Months[i]
			switch {
			case p.HasData && total(p) == 0:
				row = append(row, c.T("table.notmeasured"), "–")
			case p.HasData:
				row = append(row, tb(l, p.TransmitBytes), tb(l, p.ReceiveBytes))
			default:
				row = append(row, c.T("table.nodata"), "–")
			}
		}
		rows = append(rows, row)
	}
	md.Table(header, rows, true)
}

func tb(l i18n.Lang, bytes uint64) string { return i18n.TB(l, figures.TB(bytes)) }

// trafficChart is a bar pair per month: out and in, in TB; months without data have no bars.
func trafficChart(c *Context) chart.Bars {
	l := c.Lang
	out := chart.BarSeries{Name: c.T("chart.traffic.out")}
	in := chart.BarSeries{Name: c.T("chart.traffic.in")}
	for _, m := range c.Year.Months {
		o, i := math.NaN(), math.NaN()
		if m.HasData && total(m) > 0 {
			o, i = figures.TB(m.TransmitBytes), figures.TB(m.ReceiveBytes)
		}
		out.Values = append(out.Values, o)
		in.Values = append(in.Values, i)
	}
	return chart.Bars{
		Title:   c.T("chart.traffic.title", "year", c.year()),
		YLabel:  c.T("chart.traffic.ylabel"),
		Labels:  i18n.MonthAbbrs(l),
		Series:  []chart.BarSeries{out, in},
		YFormat: func(v float64) string { return i18n.Decimal(l, v, i18n.Decimals(v)) },
		NoData:  c.T("table.nodata"),
	}
}

// trafficAlt tells the monthly traffic chart's story: which direction dominates, the busiest and
// quietest month, the months without bars.
func trafficAlt(c *Context, share float64) string {
	y, l := c.Year, c.Lang
	s := []string{c.T("alt.traffic.intro", "year", c.year())}
	var withData, outWins int
	busy, quiet := -1, -1
	var missing []string
	for i, m := range y.Months {
		if !m.HasData || total(m) == 0 {
			missing = append(missing, i18n.MonthName(l, m.Start.Month()))
			continue
		}
		withData++
		if m.TransmitBytes > m.ReceiveBytes {
			outWins++
		}
		if busy < 0 || total(m) > total(y.Months[busy]) {
			busy = i
		}
		if quiet < 0 || total(m) < total(y.Months[quiet]) {
			quiet = i
		}
	}
	switch {
	case outWins == withData:
		s = append(s, c.T("alt.traffic.out_always", "share", i18n.Percent(l, share)))
	case share > 50:
		s = append(s, c.T("alt.traffic.out_mostly", "n", c.Int(int64(outWins)), "m", c.Int(int64(withData)),
			"share", i18n.Percent(l, share)))
	default:
		s = append(s, c.T("alt.traffic.in_mostly", "share", i18n.Percent(l, share)))
	}
	if busy >= 0 && total(y.Months[busy]) == total(y.Months[quiet]) {
		b := y.Months[busy]
		s = append(s, c.T("alt.traffic.even", "out", tb(l, b.TransmitBytes), "in", tb(l, b.ReceiveBytes)))
	} else if busy >= 0 {
		b, q := y.Months[busy], y.Months[quiet]
		s = append(s, c.T("alt.traffic.busiest", "month", i18n.MonthName(l, b.Start.Month()),
			"out", tb(l, b.TransmitBytes), "in", tb(l, b.ReceiveBytes),
			"low_month", i18n.MonthName(l, q.Start.Month()), "low_out", tb(l, q.TransmitBytes)))
	}
	if len(missing) > 0 {
		s = append(s, c.T("alt.traffic.missing", "months", i18n.List(l, missing)))
	}
	return strings.Join(s, " ")
}

// trafficShort is the traffic chart's short alt text: what it shows and how much of it went out.
func trafficShort(c *Context, share float64) string {
	return c.T("alt.traffic.intro", "year", c.year()) + " " + c.T("alt.traffic.share", "share", i18n.Percent(c.Lang, share))
}

func total(m figures.Month) uint64 { return m.TransmitBytes + m.ReceiveBytes }

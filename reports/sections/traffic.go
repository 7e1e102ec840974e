package sections

import (
	"math"
	"strings"

	"github.com/bbbkit/bbbkit/reports/chart"
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// traffic states the year's bytes out and in, the outgoing share, the year before, the monthly chart
// and table. A direction that was not measured (no sample carried its counter) is said to be not
// measured, never "0 TB".
func traffic(c *Context, md *Markdown) {
	y, l := c.Year, c.Lang
	md.Heading(c.T("traffic.heading"))
	if !hasTraffic(c) {
		md.Para(c.T("traffic.none", "year", c.year()))
		return
	}
	switch {
	case measuredOut(y) && measuredIn(y):
		share, _ := figures.OutgoingShare(y.TransmitBytes, y.ReceiveBytes)
		var why, prev string
		if share > 50 {
			why = c.T("traffic.why")
		}
		// Four months of this year against a whole year before would be no comparison.
		if _, whole := trafficMonths(y); whole && c.hasPrev() && measuredOut(c.Prev) && measuredIn(c.Prev) {
			ps, _ := figures.OutgoingShare(c.Prev.TransmitBytes, c.Prev.ReceiveBytes)
			prev = c.T("traffic.prev", "when", trafficPrevWhen(c), "out", tb(l, c.Prev.TransmitBytes), "in", tb(l, c.Prev.ReceiveBytes), "share", i18n.Percent(l, ps))
		}
		md.Para(c.T("traffic.year", "when", trafficWhen(c), "out", trafficTotal(c, y.TransmitBytes), "in", trafficTotal(c, y.ReceiveBytes),
			"share", i18n.Percent(l, share)), why, partly(c), prev)
	case measuredOut(y):
		md.Para(c.T("traffic.year.out_only", "when", trafficWhen(c), "out", trafficTotal(c, y.TransmitBytes)), partly(c))
	default:
		md.Para(c.T("traffic.year.in_only", "when", trafficWhen(c), "in", trafficTotal(c, y.ReceiveBytes)), partly(c))
	}
	trafficPlace(c, md)
	md.Para(c.T("traffic.months"))
	trafficTable(c, md)
}

// partly says that traffic was not measured in the other months with data; empty when it was
// measured in all of them.
func partly(c *Context) string {
	if _, whole := trafficMonths(c.Year); whole {
		return ""
	}
	return c.T("traffic.partly")
}

// hasTraffic says whether traffic was measured in the year, in at least one direction.
func hasTraffic(c *Context) bool { return measuredOut(c.Year) || measuredIn(c.Year) }

// measuredOut and measuredIn say whether a direction was measured in y: a history whose samples never
// carried that counter (a host that counts only what it sends) has no byte of it in the whole year.
// A counter that was read adds the host's own chatter even in an idle year, so a year's zero is
// "not measured", never "nothing flowed".
func measuredOut(y *figures.Year) bool { return y != nil && y.TransmitBytes > 0 }

func measuredIn(y *figures.Year) bool { return y != nil && y.ReceiveBytes > 0 }

// trafficTotal formats a year's total as the text states it: rounded the way the facts'
// traffic_qualifier says ("über 93 TB" only when more than 93 TB flowed), else as TB.
func trafficTotal(c *Context, bytes uint64) string {
	if q := c.Facts.TrafficQualifier; q != "" {
		return i18n.TBRounded(c.Lang, figures.TB(bytes), rounding(q))
	}
	return tb(c.Lang, bytes)
}

// trafficPlace places the monthly traffic chart; nothing when traffic was not measured.
func trafficPlace(c *Context, md *Markdown) {
	if !hasTraffic(c) {
		return
	}
	share, _ := figures.OutgoingShare(c.Year.TransmitBytes, c.Year.ReceiveBytes)
	// The long description goes on from the short alt text; it never repeats it.
	short := trafficShort(c, share)
	long := strings.TrimPrefix(trafficAlt(c, share), short+" ")
	long = strings.TrimPrefix(long, c.T("alt.traffic.intro", "year", c.year())+" ")
	c.place(md, "traffic", short, long, trafficChart(c).SVG)
}

// trafficTable is the traffic of every month, the year before beside it; nothing when traffic was
// not measured.
func trafficTable(c *Context, md *Markdown) {
	y, l := c.Year, c.Lang
	if !hasTraffic(c) {
		return
	}
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
			row[1], row[2] = directions(c, y, m)
			if s, ok := figures.OutgoingShare(m.TransmitBytes, m.ReceiveBytes); ok && m.TransmitBytes > 0 && m.ReceiveBytes > 0 {
				row[3] = i18n.Percent(l, s)
			}
		}
		if c.hasPrev() {
			p := c.Prev.Months[i]
			switch {
			case p.HasData && total(p) == 0:
				row = append(row, c.T("table.notmeasured"), "–")
			case p.HasData:
				o, in := directions(c, c.Prev, p)
				row = append(row, o, in)
			default:
				row = append(row, c.T("table.nodata"), "–")
			}
		}
		rows = append(rows, row)
	}
	md.Table(header, rows, true)
}

// directions are a month's cells out and in; a direction without a byte in the month (its counter
// was not read: any traffic flows both ways) reads "not measured", never 0 TB.
func directions(c *Context, y *figures.Year, m figures.Month) (out, in string) {
	out, in = c.T("table.notmeasured"), c.T("table.notmeasured")
	if measuredOut(y) && m.TransmitBytes > 0 {
		out = tb(c.Lang, m.TransmitBytes)
	}
	if measuredIn(y) && m.ReceiveBytes > 0 {
		in = tb(c.Lang, m.ReceiveBytes)
	}
	return out, in
}

func tb(l i18n.Lang, bytes uint64) string { return i18n.TB(l, figures.TB(bytes)) }

// trafficChart is a bar pair per month: out and in, in TB; months without data have no bars.
func trafficChart(c *Context) chart.Bars {
	l := c.Lang
	out := chart.BarSeries{Name: c.T("chart.traffic.out")}
	in := chart.BarSeries{Name: c.T("chart.traffic.in")}
	for _, m := range c.Year.Months {
		o, i := math.NaN(), math.NaN()
		if m.HasData && m.TransmitBytes > 0 {
			o = figures.TB(m.TransmitBytes)
		}
		if m.HasData && m.ReceiveBytes > 0 {
			i = figures.TB(m.ReceiveBytes)
		}
		out.Values = append(out.Values, o)
		in.Values = append(in.Values, i)
	}
	var series []chart.BarSeries
	if measuredOut(c.Year) {
		series = append(series, out)
	}
	if measuredIn(c.Year) {
		series = append(series, in)
	}
	return chart.Bars{
		Title:   c.T("chart.traffic.title", "year", c.year()),
		YLabel:  c.T("chart.traffic.ylabel"),
		Labels:  i18n.MonthAbbrs(l),
		Series:  series,
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
		if oneDirection(c) == "" && (m.TransmitBytes == 0 || m.ReceiveBytes == 0) {
			continue // one counter not read this month: its figures would claim 0 TB
		}
		withData++
		if m.TransmitBytes > m.ReceiveBytes {
			outWins++
		}
		if busy < 0 || total(m) > total(y.Months[busy]) {
			busy = i
		}
		if fullMonth(y, i) && (quiet < 0 || total(m) < total(y.Months[quiet])) {
			quiet = i
		}
	}
	if one := oneDirection(c); one != "" {
		return oneDirectionAlt(c, one, busy, quiet, missing)
	}
	switch {
	case outWins == withData && len(missing) > 0:
		s = append(s, c.T("alt.traffic.out_always_bars", "share", i18n.Percent(l, share)))
	case outWins == withData:
		s = append(s, c.T("alt.traffic.out_always", "share", i18n.Percent(l, share)))
	case share > 50:
		s = append(s, c.T("alt.traffic.out_mostly", "n", c.Int(int64(outWins)), "m", c.Int(int64(withData)),
			"share", i18n.Percent(l, share)))
	default:
		s = append(s, c.T("alt.traffic.in_mostly", "share", i18n.Percent(l, share)))
	}
	if busy >= 0 && quiet >= 0 && total(y.Months[busy]) == total(y.Months[quiet]) {
		b := y.Months[busy]
		s = append(s, c.T("alt.traffic.even", "out", tb(l, b.TransmitBytes), "in", tb(l, b.ReceiveBytes)))
	} else if busy >= 0 && (quiet < 0 || quiet == busy) {
		b := y.Months[busy]
		s = append(s, c.T("alt.traffic.busiest_only", "month", i18n.MonthName(l, b.Start.Month()),
			"out", tb(l, b.TransmitBytes), "in", tb(l, b.ReceiveBytes)))
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

// oneDirection is "out" or "in" when only that direction was measured; empty for both.
func oneDirection(c *Context) string {
	switch o, i := measuredOut(c.Year), measuredIn(c.Year); {
	case o && !i:
		return "out"
	case i && !o:
		return "in"
	}
	return ""
}

// oneDirectionAlt describes the chart of the one measured direction: its busiest and quietest
// month, the months without bars.
func oneDirectionAlt(c *Context, dir string, busy, quiet int, missing []string) string {
	y, l := c.Year, c.Lang
	s := []string{c.T("alt.traffic.intro_one", "year", c.year(), "dir", c.T("chart.traffic."+dir)), c.T("alt.traffic.only_" + dir)}
	if busy >= 0 && (quiet < 0 || quiet == busy) {
		b := y.Months[busy]
		s = append(s, c.T("alt.traffic.busiest_one_only", "month", i18n.MonthName(l, b.Start.Month()), "v", tb(l, total(b))))
	} else if busy >= 0 && total(y.Months[busy]) != total(y.Months[quiet]) {
		b, q := y.Months[busy], y.Months[quiet]
		s = append(s, c.T("alt.traffic.busiest_one", "month", i18n.MonthName(l, b.Start.Month()), "v", tb(l, total(b)),
			"low_month", i18n.MonthName(l, q.Start.Month()), "low_v", tb(l, total(q))))
	}
	if len(missing) > 0 {
		s = append(s, c.T("alt.traffic.missing", "months", i18n.List(l, missing)))
	}
	return strings.Join(s, " ")
}

// trafficShort is the traffic chart's short alt text: what it shows and how much of it went out.
func trafficShort(c *Context, share float64) string {
	if one := oneDirection(c); one != "" {
		return c.T("alt.traffic.intro_one", "year", c.year(), "dir", c.T("chart.traffic."+one)) + " " + c.T("alt.traffic.only_"+one)
	}
	return c.T("alt.traffic.intro", "year", c.year()) + " " + c.T("alt.traffic.share", "share", i18n.Percent(c.Lang, share))
}

func total(m figures.Month) uint64 { return m.TransmitBytes + m.ReceiveBytes }

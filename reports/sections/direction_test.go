package sections

import (
	"strings"
	"testing"

	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// TestOneDirection: a history that counted only what the servers sent (or only what they received)
// never says the other direction was 0 TB, nor a share of 100 %.
func TestOneDirection(t *testing.T) {
	f := &facts.Facts{Year: 2021, Service: "Call", Location: berlin(t)}
	for _, c := range []struct {
		name   string
		tx, rx uint64
		want   map[i18n.Lang]string
	}{
		{"transmit only", 2e12, 0, map[i18n.Lang]string{
			i18n.EN: "In 2021 our servers sent 24\u00a0TB; we did not measure incoming traffic.",
			i18n.DE: "2021 haben unsere Server 24\u00a0TB gesendet; den eingehenden Verkehr haben wir nicht gemessen."}},
		{"receive only", 0, 1e12, map[i18n.Lang]string{
			i18n.EN: "In 2021 our servers received 12\u00a0TB; we did not measure outgoing traffic.",
			i18n.DE: "2021 haben unsere Server 12\u00a0TB empfangen; den ausgehenden Verkehr haben wir nicht gemessen."}},
	} {
		t.Run(c.name, func(t *testing.T) {
			y := year(t, 2021, c.tx, c.rx, true)
			prev := year(t, 2020, c.tx, c.rx, true)
			for _, l := range i18n.Langs {
				ctx := &Context{Lang: l, Facts: f, Year: y, Prev: prev}
				md := Render(ctx)
				if !strings.Contains(md, c.want[l]) {
					t.Errorf("%s lacks %q:\n%s", l, c.want[l], md)
				}
				for _, bad := range []string{"| 0\u00a0TB", " 0\u00a0TB", "100\u00a0%", "100%", i18n.T(l, "traffic.why")} {
					if strings.Contains(md, bad) {
						t.Errorf("%s says %q:\n%s", l, bad, md)
					}
				}
				if !strings.Contains(md, i18n.T(l, "alt.traffic.only_"+map[bool]string{true: "out", false: "in"}[c.tx > 0])) {
					t.Errorf("%s: the chart's text does not say which direction was measured:\n%s", l, md)
				}
				if len(ctx.Charts()) != 2 {
					t.Errorf("%s: charts %v", l, ctx.Charts())
				}
				if _, err := Figure(ctx, "traffic.share"); err == nil {
					t.Errorf("%s: an outgoing share of one direction", l)
				}
			}
		})
	}
}

// TestTrafficQualifier: "über 93 TB" only when more than 93 TB flowed; "fast" only when less.
func TestTrafficQualifier(t *testing.T) {
	for _, c := range []struct {
		q        facts.Qualifier
		tx       uint64
		de, en   string
		notDE    string
		monthsTB string
	}{
		{facts.Over, 7_790_000_000_000, "über 93\u00a0TB", "over 93\u00a0TB", "über 94", ""},     // 93.48 TB a year: floor
		{facts.Almost, 7_790_000_000_000, "fast 94\u00a0TB", "almost 94\u00a0TB", "fast 93", ""}, // ceil
		{facts.About, 7_790_000_000_000, "circa 93\u00a0TB", "about 93\u00a0TB", "", ""},
		{facts.Over, 7_750_000_000_000, "über 93\u00a0TB", "over 93\u00a0TB", "", ""}, // exactly 93.0 TB: "over" would be false
		{"", 7_790_000_000_000, "93\u00a0TB", "93\u00a0TB", "über 93", ""},
	} {
		f := &facts.Facts{Year: 2021, Service: "Call", Location: berlin(t), TrafficQualifier: c.q}
		y := year(t, 2021, c.tx, 1e9, true)
		for l, want := range map[i18n.Lang]string{i18n.DE: c.de, i18n.EN: c.en} {
			got, err := Figure(&Context{Lang: l, Facts: f, Year: y}, "traffic.out")
			if c.tx == 7_750_000_000_000 {
				want = "93\u00a0TB" // exact: no qualifier
			}
			if err != nil || got != want {
				t.Errorf("%s %s %d: got %q %v, want %q", c.q, l, c.tx, got, err, want)
			}
		}
		if c.notDE != "" {
			if md := Render(&Context{Lang: i18n.DE, Facts: f, Year: y}); strings.Contains(md, c.notDE) {
				t.Errorf("%s: says %q", c.q, c.notDE)
			}
		}
	}
}

// TestQualifiedFactsStayTrue: an exact count given with a qualifier is rounded the way its word
// needs ("fast 10.000" of 9.987, "über 15.500 €" of 15.538); a round one is the team's own.
func TestQualifiedFactsStayTrue(t *testing.T) {
	y := year(t, 2021, 1e12, 1e12, true)
	for _, c := range []struct {
		f    facts.Facts
		want []string
	}{
		{facts.Facts{RegisteredAccounts: n(9987), RegisteredAccountsQualifier: facts.Almost}, []string{"Ende 2021 waren fast 10.000 Konten registriert."}},
		{facts.Facts{RegisteredAccounts: n(10000), RegisteredAccountsQualifier: facts.Almost}, []string{"Ende 2021 waren fast 10.000 Konten registriert."}},
		{facts.Facts{DonationsEUR: n(15538), DonationsQualifier: facts.Over, ExpensesEUR: n(11412), ExpensesQualifier: facts.About},
			[]string{"über 15.500\u00a0€ an Spenden", "circa 11.400\u00a0€ ausgegeben", "Es bleiben circa 4.100\u00a0€"}},
	} {
		f := c.f
		f.Year, f.Service, f.Location = 2021, "Call", berlin(t)
		md := Render(&Context{Lang: i18n.DE, Facts: &f, Year: y})
		for _, w := range c.want {
			if !strings.Contains(md, w) {
				t.Errorf("lacks %q:\n%s", w, md)
			}
		}
		for _, bad := range []string{"fast 9.987", "über 15.538"} {
			if strings.Contains(md, bad) {
				t.Errorf("says %q", bad)
			}
		}
	}
}

// TestMonthWithOneCounter: a month whose receive counter was not read, in a year that has both,
// reads "not measured" in that cell, not 0 TB, and gets no outgoing share.
func TestMonthWithOneCounter(t *testing.T) {
	f := &facts.Facts{Year: 2021, Service: "Call", Location: berlin(t)}
	y := year(t, 2021, 2e12, 1e12, true)
	y.ReceiveBytes -= y.Months[2].ReceiveBytes
	y.Months[2].ReceiveBytes = 0
	y.Months[2].TransmitBytes = 9e12 // the busiest month, but not to be told with 0 TB in
	y.TransmitBytes += 7e12
	md := Render(&Context{Lang: i18n.EN, Facts: f, Year: y})
	if strings.Contains(md, " 0\u00a0TB") || strings.Contains(md, "busiest month was March") {
		t.Errorf("0 TB in a month without the counter:\n%s", md)
	}
	if !strings.Contains(md, "| March | 9.0\u00a0TB | not measured | – |") {
		t.Errorf("March:\n%s", md)
	}
}

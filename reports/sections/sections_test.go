package sections

import (
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":               "plain text",
		"a | b":                    `a \| b`,
		"<script>x</script>":       `\<script\>x\</script\>`,
		"[link](http://x)":         `\[link\](http://x)`,
		"*bold* _it_ `code`":       "\\*bold\\* \\_it\\_ \\`code\\`",
		"- item":                   `\- item`,
		"1. item":                  `1\. item`,
		"8.9 TB":                   "8.9 TB",
		"line\nbreak\r\n  spaces ": "line break spaces",
		"# heading":                `\# heading`,
		"AT&T":                     `AT\&T`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAbout(t *testing.T) {
	for in, want := range map[float64]int64{1117: 1120, 1165: 1170, 999.4: 1000, 87.4: 87, 640: 640, 645: 650, 99.6: 100, 12345: 12300, 0: 0} {
		if got := about(in); got != want {
			t.Errorf("about(%v) = %d, want %d", in, got, want)
		}
	}
}

func n(v int64) *int64 { return &v }

func berlin(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// year makes a year whose months have the given traffic and a flat peak.
func year(t *testing.T, y int, tx, rx uint64, withData bool) *figures.Year {
	loc := berlin(t)
	fy := &figures.Year{Year: y, Location: loc, HasData: withData}
	for d := time.Date(y, 1, 1, 0, 0, 0, 0, loc); d.Year() == y; d = d.AddDate(0, 0, 1) {
		day := figures.Day{Date: d, HasData: withData}
		if withData {
			day.Peak = figures.Peak{Endpoints: 100 + int64(d.YearDay()%7), Time: d.Add(10 * time.Hour)}
		}
		fy.Days = append(fy.Days, day)
	}
	for m := range fy.Months {
		fy.Months[m].Start = time.Date(y, time.January+time.Month(m), 1, 0, 0, 0, 0, loc)
		if withData {
			fy.Months[m].HasData = true
			fy.Months[m].TransmitBytes, fy.Months[m].ReceiveBytes = tx, rx
			fy.Months[m].Peak = fy.Days[fy.Months[m].Start.YearDay()-1].Peak
			fy.TransmitBytes += tx
			fy.ReceiveBytes += rx
		}
	}
	if withData {
		fy.Peak = fy.Days[5].Peak
	}
	return fy
}

func render(t *testing.T, l i18n.Lang, f *facts.Facts, y, prev *figures.Year) string {
	t.Helper()
	c := &Context{Lang: l, Facts: f, Year: y, Prev: prev}
	md := Render(c)
	if strings.Contains(md, "[missing") {
		t.Errorf("%s: a message or placeholder is missing:\n%s", l, md)
	}
	return md
}

func TestVariants(t *testing.T) {
	loc := berlin(t)
	base := func() *facts.Facts { return &facts.Facts{Year: 2021, Service: "Call", Location: loc} }
	for _, c := range []struct {
		name  string
		facts func() *facts.Facts
		y     *figures.Year
		prev  *figures.Year
		want  map[i18n.Lang][]string
	}{
		{"nothing at all", base, year(t, 2021, 0, 0, false), nil, map[i18n.Lang][]string{
			i18n.EN: {"We have no measurements of participants for 2021.", "We have no measurements of traffic for 2021.",
				"We have no measurements for 2021, so the usage figures are missing."},
			i18n.DE: {"Für 2021 liegen keine Messungen der Teilnehmenden vor."},
		}},
		{"incoming dominates", func() *facts.Facts {
			f := base()
			f.DonationsEUR, f.LogRetentionDays, f.Servers = n(1000), n(0), n(1)
			return f
		}, year(t, 2021, 1e12, 3e12, true), year(t, 2020, 1e12, 1e12, true), map[i18n.Lang][]string{
			i18n.EN: {"Incoming traffic dominates; outgoing makes up only 25% of the total.", "In 2021 we received €1,000 in donations.",
				"In 2021 we kept no logs.", "In 2021 the service ran on one server.", "A year earlier it was 12\u00a0TB out and 12\u00a0TB in, 50% of it outgoing.",
				"We have measurements for every day of 2021."},
			i18n.DE: {"Der eingehende Verkehr überwiegt; der ausgehende macht insgesamt nur 25\u00a0% aus.", "2021 haben wir keine Protokolle aufbewahrt.",
				"2021 lief der Dienst auf einem Server.", "Für jeden Tag des Jahres 2021 liegen Messungen vor."},
		}},
		{"expenses only, one day of retention", func() *facts.Facts {
			f := base()
			f.ExpensesEUR, f.MonthlyCostsEUR, f.LogRetentionDays, f.AVVOrganisations = n(5000), n(400), n(1), n(1)
			f.Requests = []facts.Request{{Day: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC), Authority: "BKA", Requested: facts.Text{DE: "logs", EN: "logs"}, Outcome: facts.Complied}}
			return f
		}, year(t, 2021, 5e12, 1e12, true), nil, map[i18n.Lang][]string{
			i18n.EN: {"In 2021 we spent €5,000. Running the service costs us about €400 a month.", "after one day",
				"with one non-profit organisation.", "In 2021 we received one request", "| 1 March 2021 | BKA | logs | complied, data handed over |",
				"Outgoing traffic is larger in every month and makes up 83% of the year."},
			i18n.DE: {"2021 haben wir 5.000\u00a0€ ausgegeben.", "nach einem Tag", "| 1.3.2021 | BKA | logs | beantwortet, Daten herausgegeben |"},
		}},
		{"account growth, agreement offered without a count", func() *facts.Facts {
			f := base()
			yes := true
			f.RegisteredAccounts, f.RegisteredAccountsStart, f.DPAOffered = n(11342), n(9800), &yes
			return f
		}, year(t, 2021, 5e12, 1e12, true), nil, map[i18n.Lang][]string{
			i18n.EN: {"At the end of 2021, 11,342 accounts were registered. At the start of the year there were 9,800. In 2021 we offered organisations a data-processing agreement (AVV)."},
			i18n.DE: {"Ende 2021 waren 11.342 Konten registriert. Zu Beginn des Jahres waren es 9.800. 2021 haben wir Organisationen einen Vertrag zur Auftragsverarbeitung (AVV) angeboten."},
		}},
		{"rounded account count", func() *facts.Facts {
			f := base()
			f.RegisteredAccounts, f.RegisteredAccountsQualifier = n(10000), facts.Almost
			return f
		}, year(t, 2021, 5e12, 1e12, true), nil, map[i18n.Lang][]string{
			i18n.EN: {"At the end of 2021, almost 10,000 accounts were registered."},
			i18n.DE: {"Ende 2021 waren fast 10.000 Konten registriert."},
		}},
		{"expense breakdown", func() *facts.Facts {
			f := base()
			f.ExpensesEUR = n(9000)
			f.ExpenseItems = []facts.ExpenseItem{{LabelDE: "Server", LabelEN: "servers", AmountEUR: n(7200)}, {LabelDE: "Domains", LabelEN: "domains", AmountEUR: n(1800)}}
			return f
		}, year(t, 2021, 5e12, 1e12, true), nil, map[i18n.Lang][]string{
			i18n.EN: {"What we spent the money on:", "| servers | €7,200 |", "| domains | €1,800 |"},
			i18n.DE: {"| Posten | Betrag |", "| Server | 7.200\u00a0€ |"},
		}},
		{"rounded sums", func() *facts.Facts {
			f := base()
			f.DonationsEUR, f.DonationsQualifier, f.ExpensesEUR, f.ExpensesQualifier = n(11400), facts.About, n(10000), facts.Almost
			return f
		}, year(t, 2021, 5e12, 1e12, true), nil, map[i18n.Lang][]string{
			i18n.EN: {"In 2021 we received about €11,400 in donations and spent almost €10,000. That leaves about €1,400 for the years ahead."},
			i18n.DE: {"2021 haben wir circa 11.400\u00a0€ an Spenden erhalten und fast 10.000\u00a0€ ausgegeben. Es bleiben circa 1.400\u00a0€"},
		}},
		{"requests with kind, data type, admissibility, month only", func() *facts.Facts {
			f := base()
			no := false
			f.Requests = []facts.Request{
				{Day: time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC), MonthOnly: true, Authority: "AG Köln", AuthorityKind: facts.Court,
					Requested: facts.Text{DE: "Namen", EN: "names"}, DataType: facts.InventoryData, Admissible: &no, Outcome: facts.Rejected,
					HandedOver: facts.Text{DE: "keine", EN: "none"}, ReplyTime: facts.ReplyTime{Keyword: "few_days"}},
				{Day: time.Date(2021, 7, 2, 0, 0, 0, 0, time.UTC), Authority: "LKA", Requested: facts.Text{DE: "IP", EN: "IP"}, Outcome: facts.NoData},
			}
			return f
		}, year(t, 2021, 5e12, 1e12, true), nil, map[i18n.Lang][]string{
			i18n.EN: {"| Date | Authority | Kind of authority | What was asked for | Kind of data | Formally admissible | Our answer | Data handed over | When we answered |",
				"| May 2021 | AG Köln | court | names | subscriber data | no | rejected | none | a few days later |",
				"| 2 July 2021 | LKA |  | IP |  |  | we had no such data |  |  |"},
			i18n.DE: {"| Mai 2021 | AG Köln | Gericht | Namen | Bestandsdaten | nein | abgelehnt | keine | wenige Tage später |"},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for l, wants := range c.want {
				md := render(t, l, c.facts(), c.y, c.prev)
				for _, w := range wants {
					if !strings.Contains(md, w) {
						t.Errorf("%s lacks %q:\n%s", l, w, md)
					}
				}
			}
		})
	}
}

// TestSectionsOrdered keeps List in the order the report reads.
func TestSectionsOrdered(t *testing.T) {
	var ids []string
	for _, s := range List {
		ids = append(ids, s.ID)
	}
	if got := strings.Join(ids, ","); got != "intro,peak,traffic,money,accounts,requests,retention,notes,gaps" {
		t.Errorf("sections %s", got)
	}
}

func TestDayRange(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		l        i18n.Lang
		from, to time.Time
		year     bool
		want     string
	}{
		{i18n.EN, d(2025, 2, 11), d(2025, 2, 12), true, "11 to 12 February 2025"},
		{i18n.DE, d(2025, 2, 11), d(2025, 2, 12), true, "11. bis 12.2.2025"},
		{i18n.EN, d(2025, 1, 30), d(2025, 2, 2), true, "30 January to 2 February 2025"},
		{i18n.DE, d(2025, 1, 30), d(2025, 2, 2), false, "30.1. bis 2.2."},
		{i18n.DE, d(2024, 12, 30), d(2025, 1, 2), true, "30.12.2024 bis 2.1.2025"},
		{i18n.EN, d(2025, 8, 19), d(2025, 8, 19), true, "19 August 2025"},
	} {
		if got := dayRange(&Context{Lang: c.l}, c.from, c.to, c.year); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

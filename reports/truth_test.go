package reports

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
	"github.com/bbbkit/bbbkit/reports/demo"
	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
	"github.com/bbbkit/bbbkit/reports/post"
)

// synth describes a synthetic history shaped like the team's real years: hourly samples of a few
// nodes, a weekday rhythm, a season, and whatever went wrong.
type synth struct {
	from, to time.Time // first and last day sampled (local dates)
	nodes    int
	// load is the cluster's endpoints at the hour; split evenly over the nodes. Nil: the default.
	load func(t time.Time) int
	// traffic says whether a direction was measured at t; nil: both always.
	traffic func(t time.Time) (tx, rx bool)
	// down are the days without any sample (monitoring outage).
	down map[string]bool
	// apiFail are the sample times at which the BBB API did not answer.
	apiFail map[time.Time]bool
	// nodeFail says, per node n (0-based) and sample time, that its BBB API did not answer (fail)
	// or that it wrote no sample at all (gone: its exporter down, or the node not yet added or
	// already retired). Nil: every node answers.
	nodeFail func(n int, t time.Time) (fail, gone bool)
}

// defaultLoad rises through the year, drops at weekends and peaks in the afternoon, never reaching
// the record set by a test.
func defaultLoad(t time.Time) int {
	base := 1000 + 2*t.YearDay()
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		base /= 4
	}
	if h := t.Hour(); h < 8 || h > 19 {
		return base / 10
	}
	return base + 10*t.Hour()
}

// history builds the synthetic history in memory.
func (s synth) history(t *testing.T) *demo.Memory {
	t.Helper()
	m := demo.NewMemory()
	load := s.load
	if load == nil {
		load = defaultLoad
	}
	nodes := max(s.nodes, 1)
	batches := make([][]history.Sample, nodes)
	for d := s.from; !d.After(s.to); d = d.AddDate(0, 0, 1) {
		if s.down[d.Format(time.DateOnly)] {
			continue
		}
		for h := range 24 {
			at := time.Date(d.Year(), d.Month(), d.Day(), h, 0, 0, 0, d.Location())
			tx, rx := true, true
			if s.traffic != nil {
				tx, rx = s.traffic(at)
			}
			ep := load(at)
			for n := range nodes {
				smp := history.Sample{Time: at, Endpoints: uint32(ep / nodes), HasMeetings: true}
				if n == 0 {
					smp.Endpoints += uint32(ep % nodes)
				}
				if s.apiFail[at] {
					smp.Endpoints, smp.HasMeetings = 0, false
				}
				if s.nodeFail != nil {
					fail, gone := s.nodeFail(n, at)
					if gone {
						continue
					}
					if fail {
						smp.Endpoints, smp.HasMeetings = 0, false
					}
				}
				if tx {
					smp.TransmitBytes = uint64(ep/nodes+1) * 1_000_000_000
				}
				if rx {
					smp.ReceiveBytes = uint64(ep/nodes+1) * 200_000_000
				}
				batches[n] = append(batches[n], smp)
			}
		}
	}
	for n, b := range batches {
		if err := m.Append("node"+string(rune('a'+n)), b...); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// truthCase is one report built from a synthetic history.
type truthCase struct {
	name  string
	facts string // the facts file; year and service are added
	year  int
	hist  synth
	// want and bad are per language: sentences the page must hold, and words it must not.
	want, bad map[i18n.Lang][]string
}

// makeTruth builds the case's pages with an optional template.
func makeTruth(t *testing.T, c truthCase, tmpl post.Set) []Page {
	t.Helper()
	f, err := facts.Parse("facts.yml", []byte("year: "+strconv.Itoa(c.year)+"\nservice: Call\n"+c.facts))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := Make(Options{History: c.hist.history(t), Facts: f, Template: tmpl, Grid: figures.Options{Step: time.Hour, Stale: time.Hour},
		Date: time.Date(c.year+1, time.January, 20, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// buildTruth builds the case's report as the team would in January of the year after, and returns
// the Markdown per language. With BBBKIT_TRUTH_DUMP set, it also writes them there for reading.
func buildTruth(t *testing.T, c truthCase) map[i18n.Lang]string {
	t.Helper()
	out := map[i18n.Lang]string{}
	for _, p := range makeTruth(t, c, nil) {
		out[p.Lang] = string(p.Markdown)
		if dir := os.Getenv("BBBKIT_TRUTH_DUMP"); dir != "" {
			d := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_"))
			_ = os.MkdirAll(d, 0o755)
			_ = os.WriteFile(filepath.Join(d, "index."+string(p.Lang)+".md"), p.Markdown, 0o644)
			for _, ch := range p.Charts {
				if w, err := os.Create(filepath.Join(d, ch.File)); err == nil {
					_ = ch.SVG(w)
					_ = w.Close()
				}
			}
			_ = os.WriteFile(filepath.Join(d, "figures.json"), p.Sidecar, 0o644)
		}
	}
	return out
}

func day(loc *time.Location, y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// apiFailures are the samples at which the BBB API did not answer: two hours on 9 June and the whole
// of 22 July (the bytes still counted).
func apiFailures(loc *time.Location) map[time.Time]bool {
	m := map[time.Time]bool{time.Date(2021, 6, 9, 14, 0, 0, 0, loc): true, time.Date(2021, 6, 9, 15, 0, 0, 0, loc): true}
	for h := range 24 {
		m[time.Date(2021, 7, 22, h, 0, 0, 0, loc)] = true
	}
	return m
}

// hoursDown are the sample times of day d from hour from to hour to (exclusive): the BBB API did
// not answer then.
func hoursDown(d time.Time, from, to int) map[time.Time]bool {
	m := map[time.Time]bool{}
	for h := from; h < to; h++ {
		m[time.Date(d.Year(), d.Month(), d.Day(), h, 0, 0, 0, d.Location())] = true
	}
	return m
}

// TestTruth builds reports from histories shaped like the team's real years and checks every
// sentence that would be false in them.
func TestTruth(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	cases := []truthCase{
		{
			name: "2020 first year from March", year: 2020,
			facts: "servers: 3\n",
			hist:  synth{from: day(loc, 2020, 3, 16), to: day(loc, 2020, 12, 31), nodes: 3, apiFail: hoursDown(day(loc, 2020, 6, 3), 4, 24)},
			want: map[i18n.Lang][]string{
				i18n.EN: {"On one day the measurements covered less than half the day: 3 June 2020;", "## Servers\n\nIn 2020 the service ran on 3 servers.", "Our measurements began on 16 March 2020;", "In 2020 the service ran on 3 servers.", "In 2020 our servers sent", "the quietest was April", "it was lowest in April (1,432) and May (1,490)."},
				i18n.DE: {"## Server\n\n2020 lief der Dienst auf 3 Servern.", "Unsere Messungen begannen am 16.3.2020;", "2020 lief der Dienst auf 3 Servern.", "am wenigsten der April"},
			},
			bad: map[i18n.Lang][]string{
				i18n.EN: {"A year earlier", "Peak 2019", "2019", "days missing", "No data on", "Every year", "every year", "runs on", "begin on", "We have a", "We delete", "| 0\u00a0TB", " 0\u00a0TB", "quietest was March", "lowest in March"},
				i18n.DE: {"Ein Jahr zuvor", "2019", "fehlen Daten", "jedes Jahr", "Jedes Jahr", "läuft", "beginnen am", "löschen wir", "| 0\u00a0TB", " 0\u00a0TB", "wenigsten der März"},
			},
		},
		{
			name: "2021 after a first year from March", year: 2021,
			facts: "servers: 25\n",
			hist: synth{from: day(loc, 2020, 3, 16), to: day(loc, 2021, 12, 31), nodes: 5, load: func(t time.Time) int {
				if t.Equal(time.Date(2021, 11, 23, 15, 0, 0, 0, t.Location())) {
					return 6000
				}
				return defaultLoad(t)
			}},
			want: map[i18n.Lang][]string{
				i18n.EN: {"In 2021 the service ran on 25 servers.", "at 15:00, 6,000 participants were connected",
					"A year earlier (measured only from 16 March to 31 December 2020) the peak was 1,922",
					"| January | 1,248 | 29 January | no data |", "We have measurements for every day of 2021."},
				i18n.DE: {"2021 lief der Dienst auf 25 Servern.", "Ein Jahr zuvor (gemessen nur vom 16.3. bis 31.12.2020) lag der Höchststand bei 1.922",
					"Am 23.11.2021 um 15:00 Uhr waren 6.000 Teilnehmende gleichzeitig verbunden."},
			},
			bad: map[i18n.Lang][]string{
				i18n.EN: {"runs on", "is running", "Our measurements began", "days missing", "| 0 |"},
				i18n.DE: {"läuft", "Unsere Messungen begannen", "| 0 |"},
			},
		},
		{
			name: "traffic not measured", year: 2021,
			facts: "servers: 1\ndonations_eur: 0\nexpenses_eur: 1200\nregistered_accounts: 1\nlaw_enforcement_requests: []\n",
			hist: synth{from: day(loc, 2020, 1, 1), to: day(loc, 2021, 12, 31), nodes: 1,
				traffic: func(time.Time) (bool, bool) { return false, false }},
			want: map[i18n.Lang][]string{
				i18n.EN: {"In 2021 we received no donations and spent €1,200.\n", "We have no measurements of traffic for 2021.", "In 2021 the service ran on one server.", "one account was registered",
					"## Requests from authorities\n\nIn 2021 we received no requests from law enforcement.\n"},
				i18n.DE: {"2021 haben wir keine Spenden erhalten und 1.200\u00a0€ ausgegeben.\n", "Für 2021 liegen keine Messungen des Datenverkehrs vor.", "2021 lief der Dienst auf einem Server.", "Ende 2021 war ein Konto registriert.",
					"2021 hat uns keine Anfrage von Strafverfolgungsbehörden erreicht."},
			},
			bad: map[i18n.Lang][]string{i18n.EN: {"TB", "traffic.en.svg", "bytes", "€0", "more than came in"}, i18n.DE: {"TB", "traffic.de.svg", "Bytes", " 0\u00a0€ an Spenden", "als an Spenden kam"}},
		},
		{
			name: "transmit only", year: 2021,
			facts: "registered_accounts: 120\navv_organisations: 1\n",
			hist: synth{from: day(loc, 2020, 1, 1), to: day(loc, 2021, 12, 31), nodes: 2,
				traffic: func(time.Time) (bool, bool) { return true, false }},
			want: map[i18n.Lang][]string{
				i18n.EN: {"In 2021 our servers sent 5,783\u00a0TB; we did not measure incoming traffic.", "We had a data-processing agreement (AVV) with one non-profit organisation.", "| January | 371\u00a0TB | not measured | – | 392\u00a0TB | not measured |",
					"description: 'Call in 2021: up to 1,920 participants at the same time.'",
					"About the chart: The busiest month was December, with 612\u00a0TB; the quietest was February, with 363\u00a0TB."},
				i18n.DE: {"Mit einer gemeinnützigen Organisation hatten wir einen Vertrag zur Auftragsverarbeitung (AVV).", "Zum Diagramm: Am meisten Verkehr hatte der Dezember mit 612\u00a0TB, am wenigsten der Februar mit 363\u00a0TB.",
					"2021 haben unsere Server 5.783\u00a0TB gesendet; den eingehenden Verkehr haben wir nicht gemessen."},
			},
			bad: map[i18n.Lang][]string{i18n.EN: {"| 0\u00a0TB", " 0\u00a0TB", "received", "% of the traffic"}, i18n.DE: {"| 0\u00a0TB", " 0\u00a0TB", "empfangen;", "%\u00a0des Verkehrs"}},
		},
		{
			name: "traffic from September", year: 2021,
			facts: "law_enforcement_requests:\n  - date: 2021-03\n    authority: Polizei Köln\n    requested: IP\n    outcome: rejected\n    reply_time:\n      de: wenige Tage später\n      en: a few days later\n",
			hist: synth{from: day(loc, 2020, 1, 1), to: day(loc, 2021, 12, 31), nodes: 2,
				traffic: func(t time.Time) (bool, bool) { on := t.Year() == 2021 && t.Month() >= time.September; return on, on }},
			want: map[i18n.Lang][]string{
				i18n.EN: {"In 2021 we received one request from law enforcement.", "| Date | Authority | What was asked for | Our answer | When we answered |",
					"| March 2021 | Polizei Köln | IP | rejected | a few days later |", "From September to December 2021 our servers sent 2,252\u00a0TB and received 450\u00a0TB", "We did not measure traffic in the other months.",
					"Outgoing traffic is larger in every month with bars", "No bars where traffic was not measured: January, February,",
					"description: 'Call in 2021: up to 1,920 participants at the same time.'", "| August | not measured | – | – | not measured | – |"},
				i18n.DE: {"2021 hat uns eine Anfrage einer Strafverfolgungsbehörde erreicht.", "| Datum | Behörde | Was verlangt wurde | Unsere Antwort | Wann wir antworteten |",
					"| März 2021 | Polizei Köln | IP | abgelehnt | wenige Tage später |", "Von September bis Dezember 2021 haben unsere Server 2.252\u00a0TB gesendet", "In den übrigen Monaten haben wir den Datenverkehr nicht gemessen.",
					"description: 'Call im Jahr 2021: bis zu 1.920 Teilnehmende gleichzeitig.'"},
			},
			bad: map[i18n.Lang][]string{
				i18n.EN: {"In 2021 our servers", "A year earlier (", "A year earlier it was", "| 0\u00a0TB", " 0\u00a0TB", "TB of traffic", "in every month and", "| Reply |", "1 March 2021", "requests from"},
				i18n.DE: {"\n2021 haben unsere Server", "Ein Jahr zuvor waren", "| 0\u00a0TB", " 0\u00a0TB", "TB Datenverkehr", "In jedem Monat überwiegt", "Antwort |\n", "1.3.2021"},
			},
		},
		{
			name: "traffic from September after a whole year", year: 2021,
			hist: synth{from: day(loc, 2020, 1, 1), to: day(loc, 2021, 12, 31), nodes: 2,
				traffic: func(t time.Time) (bool, bool) { on := t.Year() == 2020 || t.Month() >= time.September; return on, on }},
			want: map[i18n.Lang][]string{
				i18n.EN: {"From September to December 2021 our servers sent", "| January | not measured | – | – | 392\u00a0TB | 78\u00a0TB |"},
				i18n.DE: {"Von September bis Dezember 2021 haben unsere Server"},
			},
			bad: map[i18n.Lang][]string{i18n.EN: {"A year earlier it was", "A year earlier (measured"}, i18n.DE: {"Ein Jahr zuvor waren", "Ein Jahr zuvor (gemessen"}},
		},
		{
			name: "traffic from September the year before", year: 2021,
			hist: synth{from: day(loc, 2020, 1, 1), to: day(loc, 2021, 12, 31), nodes: 2,
				traffic: func(t time.Time) (bool, bool) { on := t.Year() == 2021 || t.Month() >= time.September; return on, on }},
			want: map[i18n.Lang][]string{
				i18n.EN: {"In 2021 our servers sent", "A year earlier (measured only from September to December 2020) it was"},
				i18n.DE: {"Ein Jahr zuvor (gemessen nur von September bis Dezember 2020) waren es"},
			},
		},
		{
			name: "api failure and outages", year: 2021,
			hist: synth{from: day(loc, 2021, 1, 1), to: day(loc, 2021, 12, 31), nodes: 2,
				down:    map[string]bool{"2021-02-10": true, "2021-04-30": true, "2021-05-01": true, "2021-10-14": true},
				apiFail: apiFailures(loc),
				load: func(t time.Time) int {
					if t.Equal(time.Date(2021, 10, 13, 15, 0, 0, 0, loc)) {
						return 9000
					}
					return defaultLoad(t)
				}},
			want: map[i18n.Lang][]string{
				i18n.EN: {"In this report we lay open how busy Call was in 2021. ", "## What our measurements hold",
					"No data on 5 days: 10 February 2021, 30 April to 1 May 2021, 22 July 2021 and 14 October 2021.",
					"The line has gaps where data is missing: 10 February, 30 April to 1 May, 22 July and 14 October."},
				i18n.DE: {"In diesem Bericht legen wir offen, wie viel im Jahr 2021 auf Call los war. ", "## Was unsere Messungen enthalten",
					"An 5 Tagen fehlen Daten: 10.2.2021, 30.4. bis 1.5.2021, 22.7.2021 und 14.10.2021."},
			},
			bad: map[i18n.Lang][]string{
				i18n.EN: {"cost", "who asked", "Requests from authorities", "How long we keep logs", "10 February 2021, with", "14 October 2021, with", "9 June 2021, with", "| 0 |", " 0 participants", "quietest was February", "quietest was April", "quietest was May", "quietest was October"},
				i18n.DE: {"gekostet", "wer Daten", "Wie lange", "am 10.2.2021 mit", "am 9.6.2021 mit", "| 0 |", "wenigsten der Februar"},
			},
		},
		{
			name: "record on 1 January", year: 2021,
			hist: synth{from: day(loc, 2021, 1, 1), to: day(loc, 2021, 12, 31), nodes: 2, load: func(t time.Time) int {
				if t.Equal(time.Date(2021, 1, 1, 11, 0, 0, 0, loc)) {
					return 5000
				}
				return defaultLoad(t)
			}},
			want: map[i18n.Lang][]string{
				i18n.EN: {"The busiest moment of 2021 came on 1 January 2021: at 11:00, 5,000 participants", "From 1 January to 31 December the weekday peak rises from about 1,210 to 1,920."},
				i18n.DE: {"Am 1.1.2021 um 11:00 Uhr waren 5.000 Teilnehmende", "Vom 1.1. bis 31.12. steigt das Niveau der Werktage von etwa 1.210 auf 1.920."},
			},
			bad: map[i18n.Lang][]string{i18n.EN: {"3,100", "falls"}, i18n.DE: {"3.100", "fällt es"}},
		},
		{
			name: "two days tie", year: 2021,
			hist: synth{from: day(loc, 2021, 1, 1), to: day(loc, 2021, 12, 31), nodes: 2, load: func(t time.Time) int {
				if t.Equal(time.Date(2021, 3, 3, 11, 0, 0, 0, loc)) || t.Equal(time.Date(2021, 9, 8, 16, 0, 0, 0, loc)) {
					return 5000
				}
				return defaultLoad(t)
			}},
			want: map[i18n.Lang][]string{
				i18n.EN: {"on 3 March 2021 at 11:00, and again on 8 September 2021.", "5,000 on 3 March 2021, reached again on 8 September 2021."},
				i18n.DE: {"am 3.3.2021 um 11:00 Uhr und noch einmal am 8.9.2021.", "5.000 am 3.3.2021, noch einmal erreicht am 8.9.2021."},
			},
			bad: map[i18n.Lang][]string{
				i18n.EN: {"The busiest moment of 2021 came", "about 5,000"},
				i18n.DE: {"etwa 5.000"},
			},
		},
		{
			name: "constant load", year: 2022,
			facts: "donations_eur: 11400\ndonations_qualifier: about\nexpenses_eur: 9987\nexpenses_qualifier: almost\nregistered_accounts: 9987\nregistered_accounts_qualifier: almost\nregistered_accounts_start: 8000\n",
			hist:  synth{from: day(loc, 2021, 1, 1), to: day(loc, 2022, 12, 31), nodes: 2, load: func(time.Time) int { return 40 }},
			want: map[i18n.Lang][]string{
				i18n.EN: {"in 2022 was 40, reached on 365 days, first on 1 January 2022 at 00:00.", "A year earlier the peak was 40, reached on 365 days, first on 1 January 2021.",
					"stays flat at about 40", "the first of 365 days that reached it."},
				i18n.DE: {"40 Teilnehmende gleichzeitig, erreicht an 365 Tagen, zuerst am 1.1.2022 um 00:00 Uhr.", "bleibt die Kurve flach bei etwa 40"},
			},
			bad: map[i18n.Lang][]string{
				i18n.EN: {"quietest day", "busiest moment", "lowest daily peak", "goes up and down"},
				i18n.DE: {"Am wenigsten los", "niedrigste", "auf und ab"},
			},
		},
	}
	cases = append(cases, nodeGapCases(loc)...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pages := buildTruth(t, c)
			for l, md := range pages {
				// In every case: no missing message, no 0 TB, no 0 participants, a short alt text of
				// two or three sentences with the long description after it.
				for _, bad := range []string{"[missing", "| 0\u00a0TB", " 0\u00a0TB", "| 0 |", " 0 participants", " 0 Teilnehmende"} {
					if strings.Contains(md, bad) {
						t.Errorf("%s says %q:\n%s", l, bad, md)
					}
				}
				for _, line := range strings.Split(md, "\n") {
					if alt, ok := strings.CutPrefix(line, "!["); ok {
						alt = alt[:strings.Index(alt, "](")]
						if n := strings.Count(alt, ". ") + 1; n > 3 {
							t.Errorf("%s: alt text of %d sentences: %s", l, n, alt)
						}
					}
				}
				if strings.Count(md, "![") != strings.Count(md, i18n.T(l, "chart.long", "text", "")) {
					t.Errorf("%s: a chart without its long description:\n%s", l, md)
				}
				for _, w := range c.want[l] {
					if !strings.Contains(md, w) {
						t.Errorf("%s lacks %q:\n%s", l, w, md)
					}
				}
				for _, b := range c.bad[l] {
					if strings.Contains(md, b) {
						t.Errorf("%s says %q:\n%s", l, b, md)
					}
				}
			}
		})
	}
}

// TestTemplateTrafficOfSomeMonths: a team's template that states the year's traffic cannot print
// four months' bytes as the year's, nor one direction's as all of it: the figure is not there, and
// {{ if has }} leaves the sentence out.
func TestTemplateTrafficOfSomeMonths(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	f, err := facts.Parse("facts.yml", []byte("year: 2021\nservice: Call\n"))
	if err != nil {
		t.Fatal(err)
	}
	for name, traffic := range map[string]func(time.Time) (bool, bool){
		"from September": func(t time.Time) (bool, bool) { return t.Month() >= time.September, t.Month() >= time.September },
		"transmit only":  func(time.Time) (bool, bool) { return true, false },
	} {
		// The year before is measured alike, so its traffic is no year's either.
		h := synth{from: day(loc, 2020, 1, 1), to: day(loc, 2021, 12, 31), traffic: traffic}.history(t)
		set := post.Set{}
		for _, l := range i18n.Langs {
			p, err := post.Parse("report."+string(l)+".md", l, []byte("We had {{ figure \"peak.participants\" }}{{ if has \"traffic.tb\" }} and TRAFFIC {{ about \"traffic.tb\" }}{{ end }}."+
				"{{ if has \"prev.traffic.tb\" }} PREV {{ figure \"prev.traffic.tb\" }}{{ end }}\n"))
			if err != nil {
				t.Fatal(err)
			}
			set[l] = p
		}
		pages, err := Make(Options{History: h, Facts: f, Template: set, Grid: figures.Options{Step: time.Hour, Stale: time.Hour}})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			if strings.Contains(string(p.Markdown), "TRAFFIC") || strings.Contains(string(p.Markdown), "PREV") {
				t.Errorf("%s, %s: the year's traffic is stated:\n%s", name, p.Lang, p.Markdown)
			}
		}
	}
}

// TestTemplateDaysMissingInAFirstYear: a team's "{{ figure "days.missing" }} days without data" in a
// first year that began in March counts the gaps since then, not January and February.
func TestTemplateDaysMissingInAFirstYear(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	f, err := facts.Parse("facts.yml", []byte("year: 2020\nservice: Call\n"))
	if err != nil {
		t.Fatal(err)
	}
	h := synth{from: day(loc, 2020, 3, 16), to: day(loc, 2020, 12, 31), down: map[string]bool{"2020-05-05": true}}.history(t)
	set := post.Set{}
	for _, l := range i18n.Langs {
		p, err := post.Parse("report."+string(l)+".md", l, []byte("MISSING={{ figure \"days.missing\" }}\n"))
		if err != nil {
			t.Fatal(err)
		}
		set[l] = p
	}
	pages, err := Make(Options{History: h, Facts: f, Template: set, Grid: figures.Options{Step: time.Hour, Stale: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if !strings.Contains(string(p.Markdown), "MISSING=1\n") {
			t.Errorf("%s: want one day missing (5 May), got:\n%s", p.Lang, p.Markdown)
		}
	}
}

package reports

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/reports/i18n"
	"github.com/bbbkit/bbbkit/reports/post"
)

// Histories of 25 servers of which one does not answer for a while: the cluster's sum is then too
// low, and the report must neither name such a day the quietest nor place a month's peak on
// another day as if it were certain. A server added or retired during the year is no gap.

// failing is a nodeFail: node n's BBB API did not answer at the given local hours.
func failing(n int, hours ...time.Time) func(int, time.Time) (bool, bool) {
	return func(node int, t time.Time) (bool, bool) {
		return node == n && slices.ContainsFunc(hours, t.Equal), false
	}
}

// nodeGapCases are the multi-node cases; TestTruth checks them with its own.
func nodeGapCases(loc *time.Location) []truthCase {
	return []truthCase{
		{
			// The quietest days are 2 and 3 January (peak 441). On Saturday 9 January (true peak 444
			// at 19:00) server 3 fails from 18:00 to 20:00: the day measures 427, which would make it
			// the quietest.
			name: "one of 25 fails on a quiet day", year: 2021,
			hist: synth{from: day(loc, 2020, 1, 1), to: day(loc, 2021, 12, 31), nodes: 25,
				nodeFail: failing(3, time.Date(2021, 1, 9, 18, 0, 0, 0, loc), time.Date(2021, 1, 9, 19, 0, 0, 0, loc))},
			want: map[i18n.Lang][]string{
				i18n.EN: {"The lowest peak of a day measured in full, 441, came on 2 days, the first on 2 January 2021.", "The busiest moment of 2021 came on",
					"On one day one of our servers did not answer for a while as the others were counted: 9 January 2021; its peak may have been higher than shown."},
				i18n.DE: {"An einem Tag antwortete einer unserer Server zeitweise nicht, während die anderen gezählt wurden: 9.1.2021;"},
			},
			bad: map[i18n.Lang][]string{
				i18n.EN: {"9 January 2021, with", "on 9 January", "at least", "highest we measured"},
				i18n.DE: {"am 9.1.2021 mit", "mindestens"},
			},
		},
		{
			// 15 June at 15:00 is June's true peak (1,560); server 5 does not answer then, so that
			// the sum reads 1,498 and 30 June (1,552) looks like June's peak. On 23 November at 15:00
			// the year's record (6,000) falls into server 7's failure: 5,760 measured.
			name: "one of 25 fails at the peaks", year: 2021,
			hist: synth{from: day(loc, 2020, 1, 1), to: day(loc, 2021, 12, 31), nodes: 25,
				load: func(t time.Time) int {
					switch {
					case t.Equal(time.Date(2021, 6, 15, 15, 0, 0, 0, loc)):
						return 1560
					case t.Equal(time.Date(2021, 11, 23, 15, 0, 0, 0, loc)):
						return 6000
					}
					return defaultLoad(t)
				},
				nodeFail: func(n int, t time.Time) (bool, bool) {
					return (n == 5 && t.Equal(time.Date(2021, 6, 15, 15, 0, 0, 0, loc))) ||
						(n == 7 && t.Equal(time.Date(2021, 11, 23, 15, 0, 0, 0, loc))), false
				}},
			want: map[i18n.Lang][]string{
				i18n.EN: {"The highest we measured in 2021: on 23 November 2021 at 15:00, at least 5,760 participants were connected at the same time.",
					"| June | at least 1,552 | 30 June |", "| November | at least 5,760 | 23 November |",
					"The highest we measured, marked in the chart: 5,760 on 23 November 2021;",
					"On 2 days at least one of our servers did not answer for a while as the others were counted: 15 June 2021 and 23 November 2021;",
					"description: 'Call in 2021: at least 5,760 participants at the same time"},
				i18n.DE: {"Der höchste gemessene Stand des Jahres 2021: Am 23.11.2021 um 15:00 Uhr waren mindestens 5.760 Teilnehmende gleichzeitig verbunden.",
					"| Juni | mindestens 1.552 | 30.6. |", "description: 'Call im Jahr 2021: mindestens 5.760 Teilnehmende gleichzeitig"},
			},
			bad: map[i18n.Lang][]string{
				i18n.EN: {"| June | 1,552", "The busiest moment", "up to 5,760", "The record, marked"},
				i18n.DE: {"| Juni | 1.552", "bis zu 5.760", "Der Rekord, im Diagramm"},
			},
		},
		{
			// Server 24 is retired at the end of June, server 23 added on 1 March: neither is a gap.
			// Server 2's exporter is down on 12 May from 10:00 to 13:00 while the others report, when
			// it could not have changed the day's peak at 19:00 (no server ever held more than 74),
			// and on 19 May from 18:00 to 20:00, when it could.
			name: "servers added, retired and down", year: 2021,
			hist: synth{from: day(loc, 2020, 1, 1), to: day(loc, 2021, 12, 31), nodes: 25,
				nodeFail: func(n int, t time.Time) (bool, bool) {
					switch n {
					case 24:
						return false, !t.Before(time.Date(2021, 7, 1, 0, 0, 0, 0, loc))
					case 23:
						return false, t.Before(time.Date(2021, 3, 1, 0, 0, 0, 0, loc))
					case 2:
						may := t.Year() == 2021 && t.Month() == time.May
						return false, may && (t.Day() == 12 && t.Hour() >= 10 && t.Hour() < 13 || t.Day() == 19 && t.Hour() >= 18 && t.Hour() < 20)
					}
					return false, false
				}},
			want: map[i18n.Lang][]string{
				i18n.EN: {"We have measurements for every day of 2021.", "The busiest moment of 2021 came on",
					"On one day one of our servers did not answer for a while as the others were counted: 19 May 2021;"},
				i18n.DE: {"Für jeden Tag des Jahres 2021 liegen Messungen vor."},
			},
			bad: map[i18n.Lang][]string{
				i18n.EN: {"at least", "On 2 days", "12 May"},
				i18n.DE: {"mindestens", "An 2 Tagen"},
			},
		},
	}
}

// TestSidecarIncompleteDays: figures.json names the incomplete days and marks the peaks that are
// lower bounds; the retired and added servers make none.
func TestSidecarIncompleteDays(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"one of 25 fails at the peaks":    {"2021-06-15", "2021-11-23"},
		"servers added, retired and down": {"2021-05-19"},
	}
	for _, c := range nodeGapCases(loc) {
		w, ok := want[c.name]
		if !ok {
			continue
		}
		raw := makeTruth(t, c, nil)[0].Sidecar
		var s Sidecar
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		// And it matches the schema, lower bounds and all.
		var doc, schema any
		b, err := os.ReadFile("figures.schema.json")
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &schema); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		for _, e := range validate(schema.(map[string]any), schema.(map[string]any), doc, "$") {
			t.Errorf("%s: %s", c.name, e)
		}
		if !slices.Equal(s.DaysIncomplete, w) {
			t.Errorf("%s: days_incomplete %v, want %v", c.name, s.DaysIncomplete, w)
		}
		atPeaks := c.name == "one of 25 fails at the peaks"
		if s.Peak.LowerBound != atPeaks || s.Months[time.June-1].Peak.LowerBound != atPeaks || s.Months[time.July-1].Peak.LowerBound {
			t.Errorf("%s: lower bounds year %v, June %v, July %v", c.name, s.Peak.LowerBound, s.Months[time.June-1].Peak.LowerBound, s.Months[time.July-1].Peak.LowerBound)
		}
	}
}

// TestTemplatePeakLowerBound: a team's template that states the record gets "at least" when it is
// a lower bound; "about" and "almost" could claim too little, "over" stays true.
func TestTemplatePeakLowerBound(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	set := post.Set{}
	for _, l := range i18n.Langs {
		p, err := post.Parse("report."+string(l)+".md", l, []byte(`F={{ figure "peak.participants" }} A={{ about "peak.participants" }} L={{ almost "peak.participants" }} O={{ over "peak.participants" }}`+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		set[l] = p
	}
	pages := makeTruth(t, nodeGapCases(loc)[1], set)
	want := map[i18n.Lang]string{
		i18n.EN: "F=at least 5,760 A=at least 5,760 L=at least 5,760 O=over 5,700\n",
		i18n.DE: "F=mindestens 5.760 A=mindestens 5.760 L=mindestens 5.760 O=über 5.700\n",
	}
	for _, p := range pages {
		if !strings.Contains(string(p.Markdown), want[p.Lang]) {
			t.Errorf("%s: want %q in:\n%s", p.Lang, want[p.Lang], p.Markdown)
		}
	}
}

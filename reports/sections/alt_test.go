package sections

import (
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// TestEndpointsAlt checks the daily-peak chart's alt text against a year that is flat at 100 until
// June, rises to 500 by the end of the year, with its record on 20 December and a week without data.
func TestEndpointsAlt(t *testing.T) {
	loc := berlin(t)
	y := &figures.Year{Year: 2023, Location: loc, HasData: true}
	for d := time.Date(2023, 1, 1, 0, 0, 0, 0, loc); d.Year() == 2023; d = d.AddDate(0, 0, 1) {
		v := int64(100)
		if d.Month() >= time.July {
			v = 100 + int64(d.YearDay()-181)*400/184
		}
		if d.Month() == time.December && d.Day() == 20 {
			v = 700
		}
		day := figures.Day{Date: d, HasData: !(d.Month() == time.March && d.Day() >= 6 && d.Day() <= 12)}
		if day.HasData {
			day.Peak = figures.Peak{Endpoints: v, Time: d.Add(11 * time.Hour)}
		}
		y.Days = append(y.Days, day)
	}
	y.Peak = y.Days[353].Peak
	f := &facts.Facts{Year: 2023, Service: "Call", Location: loc}
	_, pts := endpointsChart(&Context{Lang: i18n.EN, Facts: f, Year: y})
	en := endpointsAlt(&Context{Lang: i18n.EN, Facts: f, Year: y}, pts)
	for _, want := range []string{
		"Line chart of the highest number of participants at the same time on each day of 2023.",
		"From 1 January to ", "the curve stays flat at about 100", "rises from about",
		"The record, marked in the chart: 700 on 20 December 2023.",
		"The line has gaps where data is missing: 6 to 12 March.",
	} {
		if !strings.Contains(en, want) {
			t.Errorf("alt text lacks %q:\n%s", want, en)
		}
	}
	de := endpointsAlt(&Context{Lang: i18n.DE, Facts: f, Year: y}, pts)
	for _, want := range []string{"Vom 1.1. bis ", "bleibt die Kurve flach bei etwa 100", "Der Rekord, im Diagramm markiert: 700 am 20.12.2023.", "6. bis 12.3."} {
		if !strings.Contains(de, want) {
			t.Errorf("Alt-Text ohne %q:\n%s", want, de)
		}
	}
}

// TestEndpointsAltWeekdays checks the alt text of a year whose weekdays peak far above its weekends
// (about 1,000 against 100 in term time): it must tell the terms and breaks of the weekday peaks,
// never a level dragged down to the weekly mean.
func TestEndpointsAltWeekdays(t *testing.T) {
	loc := berlin(t)
	y := &figures.Year{Year: 2025, Location: loc, HasData: true}
	for d := time.Date(2025, 1, 1, 0, 0, 0, 0, loc); d.Year() == 2025; d = d.AddDate(0, 0, 1) {
		m := d.Month()
		v := int64(1000) // winter term
		switch {
		case m >= time.March && m <= time.April && !(m == time.April && d.Day() >= 14):
			v = 400 // break
		case m >= time.April && m <= time.July:
			v = 840 // summer term
		case m >= time.August && m <= time.September:
			v = 330 // break
		case m == time.December && d.Day() == 3:
			v = 1160 // the record
		}
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			v = 100
		}
		p := figures.Peak{Endpoints: v + int64(d.YearDay()%5), Time: d.Add(11 * time.Hour)}
		y.Days = append(y.Days, figures.Day{Date: d, HasData: true, Peak: p})
		if p.Endpoints > y.Peak.Endpoints {
			y.Peak = p
		}
	}
	f := &facts.Facts{Year: 2025, Service: "Call", Location: loc}
	_, pts := endpointsChart(&Context{Lang: i18n.EN, Facts: f, Year: y})
	for _, tc := range []struct {
		lang  i18n.Lang
		want  []string
		never []string
	}{
		{i18n.EN, []string{
			"The curve goes up and down every week: at weekends it drops to about 10% of the weekday level.",
			"From 1 January to ", "the weekday peak stays flat at about 1,000",
			"it falls from about 1,000 to 400", "it stays flat at about 400",
			"it rises from about 400 to 840", "it stays flat at about 840",
			"it falls from about 840 to 330", "it stays flat at about 330",
			"it rises from about 330 to 1,000", "The record, marked in the chart: 1,162 on 3 December 2025.",
			"The lowest daily peak, 100, came on 21 days, the first on 5 January 2025.",
		}, []string{"about 100", "between about", "about 7", "about 6", "the curve stays flat"}},
		{i18n.DE, []string{
			"Die Kurve geht jede Woche auf und ab: Am Wochenende fällt sie auf etwa 10\u00a0% des Niveaus der Werktage.",
			"Vom 1.1. bis ", "bleibt das Niveau der Werktage flach bei etwa 1.000",
			"fällt es von etwa 1.000 auf 400", "bleibt es flach bei etwa 400",
			"steigt es von etwa 400 auf 840", "fällt es von etwa 840 auf 330",
			"steigt es von etwa 330 auf 1.000", "Der Rekord, im Diagramm markiert: 1.162 am 3.12.2025.",
		}, []string{"etwa 100", "zwischen etwa", "etwa 7", "etwa 6"}},
	} {
		alt := endpointsAlt(&Context{Lang: tc.lang, Facts: f, Year: y}, pts)
		for _, w := range tc.want {
			if !strings.Contains(alt, w) {
				t.Errorf("%s: alt text lacks %q:\n%s", tc.lang, w, alt)
			}
		}
		for _, w := range tc.never {
			if strings.Contains(alt, w) {
				t.Errorf("%s: alt text has %q:\n%s", tc.lang, w, alt)
			}
		}
	}
}

// TestMonthsSentenceEven: when every month peaks alike, the alt text does not pick a highest and a
// lowest month among equals.
func TestMonthsSentenceEven(t *testing.T) {
	y := year(t, 2021, 1e12, 1e11, true)
	for m := range y.Months {
		y.Months[m].Peak.Endpoints = 40
	}
	f := &facts.Facts{Year: 2021, Service: "Call", Location: y.Location}
	for l, want := range map[i18n.Lang]string{
		i18n.EN: "Every month with data reached the same peak, 40.",
		i18n.DE: "Jeder Monat mit Daten erreichte denselben Höchststand, 40.",
	} {
		if got := monthsSentence(&Context{Lang: l, Facts: f, Year: y}); got != want {
			t.Errorf("%s: %q, want %q", l, got, want)
		}
	}
}

// TestLevelsWithinTheChart: a level is rounded the way that keeps it inside what the chart shows:
// a curve whose record is 106 does not stay "at about 110", one whose lowest day is 1,151 does not
// fall "to about 1,150".
func TestLevelsWithinTheChart(t *testing.T) {
	for _, c := range []struct {
		v, lo, hi float64
		want      int64
	}{
		{106, 100, 106, 106}, {104, 100, 106, 100}, {169, 20, 169, 169}, {168.6, 20, 169, 169}, {1152, 1151, 1160, 1152},
		{430, 100, 500, 430}, {1234, 1000, 2000, 1230}, {95, 90, 95, 95}, {145, 145, 150, 150}, {1159.7, 30, 1159, 1159},
	} {
		if got := aboutWithin(c.v, c.lo, c.hi); got != c.want {
			t.Errorf("aboutWithin(%v, %v, %v) = %d, want %d", c.v, c.lo, c.hi, got, c.want)
		}
	}
	// Daily peaks between 100 and 106, as in year.
	md := render(t, i18n.EN, &facts.Facts{Year: 2021, Service: "Call", Location: berlin(t)}, year(t, 2021, 1e12, 1e12, true), nil)
	if strings.Contains(md, "about 110") {
		t.Errorf("a level above the record:\n%s", md)
	}
}

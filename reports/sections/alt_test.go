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

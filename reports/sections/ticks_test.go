package sections

import (
	"bytes"
	"regexp"
	"slices"
	"testing"

	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// TestSmallServiceTicks checks the charts of a tiny service (a few participants, a few gigabytes a
// month): every y tick reads as its own value, in the language's decimal form, and no two ticks
// share a label (a tick at 0.5 must not read "1").
func TestSmallServiceTicks(t *testing.T) {
	y := year(t, 2021, 20e9, 4e9, true)
	for i := range y.Days {
		y.Days[i].Peak.Endpoints = int64(i%3) + 1
	}
	for m := range y.Months {
		y.Months[m].Peak = y.Days[y.Months[m].Start.YearDay()-1].Peak
	}
	y.Peak = y.Days[2].Peak
	f := &facts.Facts{Year: 2021, Service: "Call", Location: y.Location}
	text := regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)
	for _, l := range []i18n.Lang{i18n.DE, i18n.EN} {
		c := &Context{Lang: l, Facts: f, Year: y}
		md := Render(c)
		for _, ch := range c.Charts() {
			var b bytes.Buffer
			if err := ch.SVG(&b); err != nil {
				t.Fatal(err)
			}
			var ticks []string
			for _, m := range text.FindAllStringSubmatch(b.String(), -1) {
				if regexp.MustCompile(`^[0-9][0-9.,]*$`).MatchString(m[1]) {
					ticks = append(ticks, m[1])
				}
			}
			if len(ticks) < 3 {
				t.Errorf("%s %s: ticks %q", l, ch.File, ticks)
			}
			sorted := slices.Clone(ticks)
			slices.Sort(sorted)
			if len(slices.Compact(sorted)) != len(ticks) {
				t.Errorf("%s %s: tick labels repeat: %q", l, ch.File, ticks)
			}
			wrongSep := "."
			if l == i18n.EN {
				wrongSep = ","
			}
			for _, tk := range ticks {
				if bytes.Contains([]byte(tk), []byte(wrongSep)) {
					t.Errorf("%s %s: tick %q has the other language's decimal mark", l, ch.File, tk)
				}
			}
		}
		want := map[i18n.Lang]string{i18n.DE: "| Januar | 0,020\u00a0TB | 0,004\u00a0TB |", i18n.EN: "| January | 0.020\u00a0TB | 0.004\u00a0TB |"}[l]
		if !bytes.Contains([]byte(md), []byte(want)) {
			t.Errorf("%s: lacks %q:\n%s", l, want, md)
		}
	}
}

// TestChartSpansYear: a history that begins in March still draws January to December, so that the
// months without data show as empty space rather than as a shorter year.
func TestChartSpansYear(t *testing.T) {
	y := year(t, 2025, 1e12, 1e11, true)
	for i := range y.Days[:73] {
		y.Days[i].HasData = false
	}
	f := &facts.Facts{Year: 2025, Service: "Call", Location: y.Location}
	line, pts := endpointsChart(&Context{Lang: i18n.DE, Facts: f, Year: y})
	if !line.From.Equal(y.Days[0].Date) || !line.To.Equal(y.Days[364].Date) || len(pts) != 365-73 {
		t.Errorf("axis %s to %s with %d points, want the whole year 2025", line.From, line.To, len(pts))
	}
}

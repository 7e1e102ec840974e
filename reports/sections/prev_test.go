package sections

import (
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// TestPrevPartial checks that a year before that was measured only in part is never compared as if
// it were whole, in both sentences that compare and in both languages.
func TestPrevPartial(t *testing.T) {
	loc := berlin(t)
	f := &facts.Facts{Year: 2021, Service: "Call", Location: loc}
	cur := year(t, 2021, 5e12, 1e12, true)
	onlyQ4 := year(t, 2020, 5e12, 1e12, true) // a leap year: 366 days
	for i := range onlyQ4.Days {
		if onlyQ4.Days[i].Date.Month() < time.October {
			onlyQ4.Days[i] = figures0(onlyQ4.Days[i].Date)
		}
	}
	scattered := year(t, 2020, 5e12, 1e12, true)
	for i := range scattered.Days {
		if i%3 == 0 {
			scattered.Days[i] = figures0(scattered.Days[i].Date)
		}
	}
	for _, tc := range []struct {
		name string
		prev func() *Context
		want map[i18n.Lang][]string
	}{
		{"whole", func() *Context { return &Context{Prev: year(t, 2020, 5e12, 1e12, true)} }, map[i18n.Lang][]string{
			i18n.EN: {"A year earlier the peak was 10", "A year earlier it was 60\u00a0TB out"},
			i18n.DE: {"Ein Jahr zuvor lag der Höchststand bei 10", "Ein Jahr zuvor waren es 60\u00a0TB ausgehend"},
		}},
		{"last quarter", func() *Context { return &Context{Prev: onlyQ4} }, map[i18n.Lang][]string{
			i18n.EN: {"A year earlier (measured only from 1 October to 31 December 2020) the peak was",
				"A year earlier (measured only from 1 October to 31 December 2020) it was"},
			i18n.DE: {"Ein Jahr zuvor (gemessen nur vom 1.10. bis 31.12.2020) lag der Höchststand",
				"Ein Jahr zuvor (gemessen nur vom 1.10. bis 31.12.2020) waren es"},
		}},
		{"scattered", func() *Context { return &Context{Prev: scattered} }, map[i18n.Lang][]string{
			i18n.EN: {"A year earlier (measured on only 244 of 366 days) the peak was"},
			i18n.DE: {"Ein Jahr zuvor (gemessen an nur 244 von 366 Tagen) lag"},
		}},
	} {
		for l, wants := range tc.want {
			md := render(t, l, f, cur, tc.prev().Prev)
			for _, w := range wants {
				if !strings.Contains(md, w) {
					t.Errorf("%s %s: lacks %q:\n%s", tc.name, l, w, md)
				}
			}
		}
	}
}

// figures0 is a day without data.
func figures0(d time.Time) figures.Day { return figures.Day{Date: d} }

// TestPartialDaysSaid: days with data on less than half the day are named, in both languages.
func TestPartialDaysSaid(t *testing.T) {
	f := &facts.Facts{Year: 2021, Service: "Call", Location: berlin(t)}
	y := year(t, 2021, 5e12, 1e12, true)
	for i := range y.Days {
		y.Days[i].Coverage = 1
	}
	for _, i := range []int{40, 41, 200} {
		y.Days[i].Coverage = 0.3
	}
	want := map[i18n.Lang]string{
		i18n.EN: "We have measurements for every day of 2021.\n\nOn 3 days the measurements covered less than half the day: 10 to 11 February 2021 and 20 July 2021; their peaks may be too low.",
		i18n.DE: "An 3 Tagen deckten die Messungen weniger als den halben Tag ab: 10. bis 11.2.2021 und 20.7.2021; ihre Höchststände können zu niedrig sein.",
	}
	for l, w := range want {
		if md := render(t, l, f, y, nil); !strings.Contains(md, w) {
			t.Errorf("%s lacks %q:\n%s", l, w, md)
		}
	}
	y.Days[40].Coverage, y.Days[41].Coverage = 1, 1
	if md := render(t, i18n.EN, f, y, nil); !strings.Contains(md, "On one day the measurements covered less than half the day: 20 July 2021; its peak may be too low.") {
		t.Errorf("one partial day:\n%s", md)
	}
}

package sections

import (
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// TestNeverAFalseSentence renders edge cases the team met in real years and checks that no sentence
// in them is untrue.
func TestNeverAFalseSentence(t *testing.T) {
	loc := berlin(t)
	f := &facts.Facts{Year: 2021, Service: "Call", Location: loc, Servers: n(25)}

	t.Run("traffic not measured in some months", func(t *testing.T) {
		y := year(t, 2021, 2e12, 1e12, true)
		prev := year(t, 2020, 0, 0, true) // participants counted, traffic never measured
		y.Months[0].TransmitBytes, y.Months[0].ReceiveBytes = 0, 0
		for _, l := range i18n.Langs {
			md := render(t, l, f, y, prev)
			if strings.Contains(md, " 0\u00a0TB") || strings.Contains(md, "| 0 TB") {
				t.Errorf("%s: 0 TB for traffic that was not measured:\n%s", l, md)
			}
			if want := i18n.T(l, "table.notmeasured"); !strings.Contains(md, want) {
				t.Errorf("%s: lacks %q", l, want)
			}
		}
	})

	t.Run("an outage day is not the quietest", func(t *testing.T) {
		y := year(t, 2021, 1e12, 1e12, true)
		for i := range y.Days {
			y.Days[i].Coverage = 1
		}
		out := &y.Days[40] // 10 February: monitoring down but for a few minutes
		out.Coverage, out.Peak.Endpoints = 0.01, 2
		md := render(t, i18n.EN, f, y, nil)
		if strings.Contains(md, "quietest day was 10 February 2021") {
			t.Errorf("the outage day is called the quietest:\n%s", md)
		}
	})

	t.Run("a first year that starts in March", func(t *testing.T) {
		y := year(t, 2021, 1e12, 1e12, true)
		start := time.Date(2021, 3, 20, 0, 0, 0, 0, loc)
		for i := range y.Days {
			if y.Days[i].Date.Before(start) {
				y.Days[i].HasData = false
			}
		}
		md := render(t, i18n.EN, f, y, nil)
		for _, bad := range []string{"79 days", "Every year", "runs on"} {
			if strings.Contains(md, bad) {
				t.Errorf("says %q:\n%s", bad, md)
			}
		}
		for _, want := range []string{"Our measurements began on 20 March 2021", "In 2021 the service ran on 25 servers."} {
			if !strings.Contains(md, want) {
				t.Errorf("lacks %q:\n%s", want, md)
			}
		}
	})

	t.Run("an intelligence service is not law enforcement", func(t *testing.T) {
		y := year(t, 2021, 1e12, 1e12, true)
		g := *f
		g.Requests = []facts.Request{{Authority: "BfV", AuthorityKind: facts.Intelligence, Day: time.Date(2021, 3, 1, 0, 0, 0, 0, loc),
			Requested: facts.Text{DE: "x", EN: "x"}, Outcome: facts.Rejected}}
		md := render(t, i18n.EN, &g, y, nil)
		if strings.Contains(md, "law enforcement") || !strings.Contains(md, "In 2021 we received one request from an authority.") ||
			!strings.Contains(md, "| intelligence service |") {
			t.Errorf("an intelligence service's request:\n%s", md)
		}
	})

	t.Run("no requests only when the facts say so", func(t *testing.T) {
		y := year(t, 2021, 1e12, 1e12, true)
		silent := render(t, i18n.EN, f, y, nil)
		if strings.Contains(silent, "no requests") || strings.Contains(silent, "Requests from authorities") {
			t.Errorf("facts silent about requests, report speaks of them:\n%s", silent)
		}
		none := *f
		none.Requests = []facts.Request{}
		if md := render(t, i18n.EN, &none, y, nil); !strings.Contains(md, "In 2021 we received no requests from law enforcement.") {
			t.Errorf("facts say none, report does not:\n%s", md)
		}
	})
}

// TestAltShortLongBelow: the image's alt text is two or three sentences; the long description,
// gaps included, follows as a paragraph.
func TestAltShortLongBelow(t *testing.T) {
	f := &facts.Facts{Year: 2021, Service: "Call", Location: berlin(t)}
	y := year(t, 2021, 2e12, 1e12, true)
	y.Days[40].HasData = false
	md := render(t, i18n.EN, f, y, nil)
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "![") {
			alt := line[2:strings.Index(line, "](")]
			if n := strings.Count(alt, ". "); n > 2 {
				t.Errorf("alt text of %d sentences: %s", n+1, alt)
			}
		}
	}
	if !strings.Contains(md, "About the chart: ") || !strings.Contains(md, "gaps where data is missing: 10 February") {
		t.Errorf("no long description naming the gap:\n%s", md)
	}
}

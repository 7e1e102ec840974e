package figures

import (
	"slices"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
)

// hourly is one node's samples every hour from from to to (inclusive), with endpoints n(t); a
// negative n is a sample whose BBB API did not answer, and math.MinInt none at all.
func hourly(from, to time.Time, n func(t time.Time) int) []history.Sample {
	var out []history.Sample
	for t := from; !t.After(to); t = t.Add(time.Hour) {
		switch v := n(t); {
		case v == noSample:
		case v < 0:
			out = append(out, history.Sample{Time: t})
		default:
			out = append(out, history.Sample{Time: t, Endpoints: uint32(v), HasMeetings: true})
		}
	}
	return out
}

const noSample = -1 << 30

// daytime is per node 150 at noon UTC, 100 from 8:00 to 17:00 and 5 at night.
func daytime(t time.Time) int {
	switch h := t.Hour(); {
	case h == 12:
		return 150
	case h >= 8 && h < 18:
		return 100
	}
	return 5
}

func TestMissingNodeMakesDaysIncomplete(t *testing.T) {
	from, to := at("2021-01-01T00:00:00Z"), at("2021-12-31T23:00:00Z")
	fail := func(bad func(t time.Time) bool, none bool) func(time.Time) int {
		return func(t time.Time) int {
			if bad(t) {
				if none {
					return noSample
				}
				return -1
			}
			return daytime(t)
		}
	}
	on := func(date string, hours ...int) func(time.Time) bool {
		return func(t time.Time) bool {
			return t.Format(time.DateOnly) == date && (len(hours) == 0 || slices.Contains(hours, t.Hour()))
		}
	}
	src := memSource{
		// API failure at noon on 10 March: the day's peak may have been higher.
		"a": hourly(from, to, fail(on("2021-03-10", 12), false)),
		// Exporter down at 3:00 on 11 March, when no node has more than 100: cannot change the peak.
		"b": hourly(from, to, fail(on("2021-03-11", 3), true)),
		// Retired on 30 June: not a gap after.
		"c": hourly(from, at("2021-06-30T23:00:00Z"), daytime),
		// Added on 1 October: not a gap before.
		"d": hourly(at("2021-10-01T00:00:00Z"), to, daytime),
		// A TURN server: never any endpoints; never a gap.
		"turn": hourly(from, to, func(time.Time) int { return -1 }),
		// Exporter down for the whole of 12 March.
		"e": hourly(from, to, fail(on("2021-03-12"), true)),
	}
	y, err := Compute(src, 2021, time.UTC, Options{Step: time.Hour, Stale: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	got := dateStrings(y.IncompleteDays())
	if want := []string{"2021-03-10", "2021-03-12"}; !slices.Equal(got, want) {
		t.Fatalf("incomplete days %v, want %v", got, want)
	}
	d := y.Days[time.Date(2021, 3, 10, 0, 0, 0, 0, time.UTC).YearDay()-1]
	if d.Peak.Endpoints != 450 || d.Upper != 600 || !d.Incomplete() {
		t.Errorf("10 March: peak %d upper %d, want 450 (b, c, e at noon) and 600", d.Peak.Endpoints, d.Upper)
	}
	if m := y.Months[time.March-1]; m.LowerBound() || m.Peak.Endpoints != 600 {
		// Every other day of March reached 600 at noon: 10 March cannot pass it.
		t.Errorf("March: peak %d upper %d, want exactly 600", m.Peak.Endpoints, m.Upper)
	}
	if m := y.Months[time.August-1]; m.LowerBound() || m.Peak.Endpoints != 450 {
		t.Errorf("August (c retired, d not yet added): peak %d upper %d, want exactly 450", m.Peak.Endpoints, m.Upper)
	}
	if y.LowerBound() {
		// 600 on every day of January to June: the incomplete days cannot pass it.
		t.Errorf("year peak %d upper %d: not a lower bound", y.Peak.Endpoints, y.Upper)
	}
}

func TestNodeInServiceAcrossTheYear(t *testing.T) {
	// Node b answered in December 2020 and from 13:00 on 1 January 2021: its failure in the first
	// hours of the year (samples without endpoints) and its silence at the end of the year while
	// it answered again in January 2022 are gaps.
	src := memSource{
		"a": hourly(at("2020-12-01T00:00:00Z"), at("2022-01-31T23:00:00Z"), daytime),
		"b": hourly(at("2020-12-01T00:00:00Z"), at("2022-01-31T23:00:00Z"), func(t time.Time) int {
			switch {
			case t.Before(at("2021-01-01T13:00:00Z")) && !t.Before(at("2021-01-01T00:00:00Z")):
				return -1
			case t.Year() == 2021 && t.Month() == time.December && t.Day() == 31:
				return noSample
			}
			return daytime(t)
		}),
	}
	y, err := Compute(src, 2021, time.UTC, Options{Step: time.Hour, Stale: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dateStrings(y.IncompleteDays()), []string{"2021-01-01", "2021-12-31"}; !slices.Equal(got, want) {
		t.Fatalf("incomplete days %v, want %v", got, want)
	}
}

func dateStrings(ds []time.Time) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}

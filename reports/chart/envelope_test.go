package chart

import (
	"math"
	"math/rand"
	"reflect"
	"sort"
	"testing"
	"time"
)

// weekdayYear is a year of daily peaks shaped like the demo's: on weekdays a
// winter semester at about 1,000 until mid-February, a break at about 400
// until mid-April, a summer semester at about 840 until mid-July, a summer
// break at about 330 until mid-October, then a winter semester rising from
// about 1,000 to its record on 10 December and a Christmas break from 22
// December; on weekends the peak stays at about 100 all year.
func weekdayYear(loc *time.Location, year int) []Point {
	var pts []Point
	for d := time.Date(year, 1, 1, 0, 0, 0, 0, loc); d.Year() == year; d = d.AddDate(0, 0, 1) {
		m, day := d.Month(), d.Day()
		var v float64
		switch {
		case m == time.January && day <= 6, m == time.December && day >= 22:
			v = 170
		case m == time.January, m == time.February && day <= 14:
			v = 1000
		case m < time.April || m == time.April && day < 14:
			v = 400
		case m < time.July || m == time.July && day <= 18:
			v = 840
		case m < time.October || m == time.October && day < 13:
			v = 330
		default: // 13 October to 21 December: from 1,000 up to 1,160
			v = 1000 + 160*math.Min(1, float64(d.YearDay()-286)/58)
		}
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			v = 100
		}
		v += float64((d.YearDay()*7919)%23) - 11 // noise in [-11, 11]
		pts = append(pts, Point{Time: d, Value: math.Round(v)})
	}
	return pts
}

// TestDescribePeaks checks that a year of weekday peaks far above its
// weekends is told by its weekdays: high, a fall in February, a rise in
// April, a fall in July, a rise in October, a fall at Christmas. The mean,
// dragged down by the weekends, tells less; the test shows that too.
func TestDescribePeaks(t *testing.T) {
	loc := berlin(t)
	date := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, loc) }
	year := weekdayYear(loc, 2025)
	s := DescribePeaks(year)
	checkShape(t, s)

	var moves []Segment
	for _, g := range s.Segments {
		if g.Trend != Flat {
			moves = append(moves, g)
		}
	}
	wantMoves := []struct {
		trend    Trend
		from, to float64   // the envelope's level, ±15 %
		at       time.Time // when the move happens: within it, ±10 days
	}{
		{Falling, 1000, 400, date(2, 14)},
		{Rising, 400, 840, date(4, 14)},
		{Falling, 840, 330, date(7, 18)},
		{Rising, 330, 1160, date(10, 13)}, // the jump and the climb to the record: one rise
		{Falling, 1160, 170, date(12, 22)},
	}
	if len(moves) != len(wantMoves) {
		t.Fatalf("%d moves, want %d: %+v", len(moves), len(wantMoves), s.Segments)
	}
	near := func(got, want float64) bool { return math.Abs(got-want) <= 0.15*want }
	for i, w := range wantMoves {
		g := moves[i]
		slack := 10 * 24 * time.Hour
		if g.Trend != w.trend || !near(g.From.Value, w.from) || !near(g.To.Value, w.to) ||
			w.at.Before(g.From.Time.Add(-slack)) || w.at.After(g.To.Time.Add(slack)) {
			t.Errorf("move %d: %s from %.0f (%s) to %.0f (%s), want %s from %.0f to %.0f about %s",
				i, g.Trend, g.From.Value, g.From.Time.Format(time.DateOnly), g.To.Value, g.To.Time.Format(time.DateOnly),
				w.trend, w.from, w.to, w.at.Format(time.DateOnly))
		}
	}
	// Flat runs sit at the weekday level, never at the weekends' 100.
	for i, g := range s.Segments {
		if g.Trend == Flat && (g.From.Value < 300 && g.To.Time.Sub(g.From.Time) > 20*24*time.Hour) {
			t.Errorf("flat segment %d at %.0f: the weekends show through", i, g.From.Value)
		}
	}
	// The raw facts are the series' own.
	plain := Describe(year)
	if s.Min != plain.Min || s.Max != plain.Max || s.Points != 365 || s.Step != 24*time.Hour || len(s.Gaps) != 0 {
		t.Errorf("min %v max %v points %d step %v gaps %v", s.Min, s.Max, s.Points, s.Step, s.Gaps)
	}
	if s.Max.Value < 1149 || s.Max.Time.Month() != time.December {
		t.Errorf("max %+v, want the December record", s.Max)
	}
}

func TestDescribePeaksSmall(t *testing.T) {
	loc := berlin(t)
	p := Point{time.Date(2021, 12, 16, 0, 0, 0, 0, loc), 1117}
	if got, want := DescribePeaks([]Point{p}), Describe([]Point{p}); !reflect.DeepEqual(got, want) {
		t.Errorf("one point: %+v, want %+v", got, want)
	}
	if s := DescribePeaks(nil); !reflect.DeepEqual(s, Shape{}) {
		t.Errorf("no points: %+v", s)
	}
	// Ten days, shorter than the window: one level, the highest.
	var short []Point
	for d := 0; d < 10; d++ {
		v := 900.0
		if d%7 >= 5 {
			v = 90
		}
		short = append(short, Point{time.Date(2021, 3, 1+d, 0, 0, 0, 0, loc), v})
	}
	s := DescribePeaks(short)
	checkShape(t, s)
	if len(s.Segments) != 1 || s.Segments[0].Trend != Flat || s.Segments[0].From.Value != 900 {
		t.Errorf("short: %+v", s.Segments)
	}
	// White noise stays flat; a steady rise rises.
	r := rand.New(rand.NewSource(5))
	cases := map[string]struct {
		pts  []Point
		want []Trend
	}{
		"white noise": {year(func(d int) float64 { return 500 + r.NormFloat64()*100 }), []Trend{Flat}},
		"rising":      {year(func(d int) float64 { return 100 + float64(d)*2 }), []Trend{Rising}},
		"all equal":   {flat(loc, 7, 365), []Trend{Flat}},
	}
	for name, tc := range cases {
		if got := trends(DescribePeaks(tc.pts)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: trends %v, want %v", name, got, tc.want)
		}
	}
}

func year(f func(d int) float64) []Point {
	var pts []Point
	for d := 0; d < 365; d++ {
		pts = append(pts, Point{time.Date(2021, 1, 1+d, 0, 0, 0, 0, time.UTC), f(d)})
	}
	return pts
}

func TestEnvelope(t *testing.T) {
	var pts []Point
	for d := 0; d < 365; d++ {
		pts = append(pts, Point{time.Unix(int64(d)*86400, 0), float64(d % 7)})
	}
	for i, p := range envelope(pts) {
		// Every window holds one of each weekday value: the second-highest is 5.
		if p.Value != 5 || !p.Time.Equal(pts[i].Time) {
			t.Fatalf("point %d: %+v, want 5 at %v", i, p, pts[i].Time)
		}
	}
	// Against the plain definition, on an irregular series with a gap.
	var irr []Point
	for h := 0; h < 24*200; h += 7 + h%5 {
		if h < 24*50 || h > 24*60 {
			irr = append(irr, Point{time.Unix(int64(h)*3600, 0), float64((h * 7919) % 1000)})
		}
	}
	got := envelope(irr)
	first, last := irr[0].Time, irr[len(irr)-1].Time
	half := max(last.Sub(first)/104, envelopeHalf)
	for i, p := range irr {
		c := p.Time
		if c.Sub(first) < half {
			c = first.Add(half)
		}
		if last.Sub(c) < half {
			c = last.Add(-half)
		}
		var in []float64
		for _, q := range irr {
			if q.Time.Sub(c).Abs() <= half {
				in = append(in, q.Value)
			}
		}
		sort.Float64s(in)
		want := in[len(in)-1]
		if len(in) > 1 {
			want = in[len(in)-2]
		}
		if got[i].Value != want {
			t.Fatalf("point %d: %v, want %v", i, got[i].Value, want)
		}
	}
}

// TestOneDaySpikeIsNoRun: a record reached on one day only (or on two days months apart) is the
// record's story; the weekday level around it neither rises to it nor falls from it.
func TestOneDaySpikeIsNoRun(t *testing.T) {
	for name, spikes := range map[string][]int{"one day": {61}, "two days tie": {61, 250}, "first day": {0}} {
		pts := year(func(d int) float64 {
			v := 1200 + float64(d)*2
			if d%7 >= 5 {
				v /= 4
			}
			return v
		})
		for _, d := range spikes {
			pts[d].Value = 5000
		}
		s := DescribePeaks(pts)
		for _, g := range s.Segments {
			if g.From.Value > 2000 || g.To.Value > 2000 {
				t.Errorf("%s: a run at the spike's level: %+v", name, s.Segments)
				break
			}
		}
		if got := trends(s); !reflect.DeepEqual(got, []Trend{Rising}) {
			t.Errorf("%s: trends %v, want one rise", name, got)
		}
	}
}

// TestFallStartsAfterTheLastRecordDay: when the record is reached twice within a few days and a
// fall follows, the fall starts on the second day, so no day of the fall reaches the record.
func TestFallStartsAfterTheLastRecordDay(t *testing.T) {
	pts := year(func(d int) float64 {
		switch {
		case d == 150 || d == 153:
			return 1500
		case d > 158:
			return 400
		}
		return 1000 + 3*float64(d)
	})
	s := DescribePeaks(pts)
	for _, g := range s.Segments {
		if g.Trend == Falling && g.From.Value == 1500 && !g.From.Time.Equal(pts[153].Time) {
			t.Errorf("the fall starts on %s, before the last record day %s: %+v", g.From.Time.Format(time.DateOnly),
				pts[153].Time.Format(time.DateOnly), s.Segments)
		}
		if g.Trend == Falling && g.From.Value == 1500 {
			return
		}
	}
	t.Errorf("no fall from the record: %+v", s.Segments)
}

package chart

import (
	"math"
	"testing"
	"time"
)

// TestWeekly: weekends far below the weekdays, week after week, are a rhythm; a curve without
// quiet weekends, or one quiet weekend, is not.
func TestWeekly(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	series := func(weekend func(week int) float64) []Point {
		var pts []Point
		for d := 0; d < 120; d++ {
			day := start.AddDate(0, 0, d)
			v := 1000.0 + float64(d%3)
			if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
				v = weekend(d / 7)
			}
			pts = append(pts, Point{Time: day, Value: v})
		}
		return pts
	}
	for _, c := range []struct {
		name    string
		weekend func(int) float64
		want    float64
	}{
		{"quiet weekends", func(int) float64 { return 150 }, 0.15},
		{"busy weekends", func(int) float64 { return 950 }, 0},
		{"one quiet weekend", func(w int) float64 { return map[bool]float64{true: 100, false: 990}[w == 3] }, 0},
	} {
		got := DescribePeaks(series(c.weekend)).Weekly
		if math.Abs(got-c.want) > 0.01 {
			t.Errorf("%s: Weekly = %v, want %v", c.name, got, c.want)
		}
	}
	var hourly []Point
	for h := 0; h < 24*60; h++ {
		hourly = append(hourly, Point{Time: start.Add(time.Duration(h) * time.Hour), Value: float64(h % 24)})
	}
	if w := DescribePeaks(hourly).Weekly; w != 0 {
		t.Errorf("an hourly series has Weekly %v", w)
	}
}

// TestRiseEndsOnRecord: a rise to the record ends on the record's day, not days after it.
func TestRiseEndsOnRecord(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var pts []Point
	record := start.AddDate(0, 0, 322)
	for d := 0; d < 365; d++ {
		day := start.AddDate(0, 0, d)
		v := 300.0
		switch {
		case d > 250 && d <= 320:
			v = 300 + float64(d-250)*12 // up to 1,140
		case d > 320 && d <= 332:
			v = 1150 // too short a level to be a run of its own, as in December
		case d > 332 && d < 350:
			v = 1150 - float64(d-332)*50
		}
		if day.Equal(record) {
			v = 1160
		}
		pts = append(pts, Point{Time: day, Value: v})
	}
	s := DescribePeaks(pts)
	for _, seg := range s.Segments {
		if seg.Trend == Rising && seg.To.Value >= 0.95*s.Max.Value && seg.To.Time.After(record) {
			t.Errorf("a rise to %v ends on %v, after the record on %v: %+v", seg.To.Value, seg.To.Time, record, s.Segments)
		}
		if seg.From.Value > s.Max.Value || seg.To.Value > s.Max.Value {
			t.Errorf("a level above the record: %+v", seg)
		}
	}
}

package chart

import (
	"math"
	"math/rand"
	"reflect"
	"testing"
	"time"
)

func trends(s Shape) []Trend {
	var out []Trend
	for _, g := range s.Segments {
		out = append(out, g.Trend)
	}
	return out
}

func TestDescribeEmpty(t *testing.T) {
	for _, pts := range [][]Point{nil, {}, {{time.Unix(0, 0), math.NaN()}}, {{time.Unix(0, 0), math.Inf(-1)}}} {
		if s := Describe(pts); !reflect.DeepEqual(s, Shape{}) {
			t.Errorf("Describe(%v) = %+v, want the zero Shape", pts, s)
		}
	}
}

func TestDescribeSinglePoint(t *testing.T) {
	p := Point{time.Date(2021, 12, 16, 0, 0, 0, 0, berlin(t)), 1117}
	s := Describe([]Point{p, {p.Time, 3}}) // a duplicate time: the larger value stays
	want := Shape{Min: p, Max: p, First: p, Last: p, Segments: []Segment{{From: p, To: p, Trend: Flat}}, Points: 1}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got %+v\nwant %+v", s, want)
	}
}

func TestDescribeTrends(t *testing.T) {
	loc := berlin(t)
	line := func(a, b float64) []Point { // a year from a to b with weekend dips
		var pts []Point
		for d := 0; d < 365; d++ {
			tm := time.Date(2021, 1, 1+d, 0, 0, 0, 0, loc)
			v := a + (b-a)*float64(d)/364
			if wd := tm.Weekday(); wd == time.Saturday || wd == time.Sunday {
				v *= 0.8
			}
			pts = append(pts, Point{tm, v})
		}
		return pts
	}
	cases := []struct {
		name   string
		points []Point
		want   []Trend
	}{
		{"all zero", flat(loc, 0, 365), []Trend{Flat}},
		{"all equal", flat(loc, 1117, 365), []Trend{Flat}},
		{"negative equal", flat(loc, -5, 365), []Trend{Flat}},
		{"rising", line(100, 900), []Trend{Rising}},
		{"falling", line(900, 100), []Trend{Falling}},
		{"noisy plateau", line(1000, 1010), []Trend{Flat}},
		{"two points rising", []Point{{time.Unix(0, 0), 1}, {time.Unix(86400, 0), 2}}, []Trend{Rising}},
		{"huge", []Point{{time.Unix(0, 0), -1e308}, {time.Unix(86400, 0), 1e308}, {time.Unix(2*86400, 0), 1e308}}, nil},
		{"semester", semesterYear(loc, 2021), []Trend{Flat, Falling, Flat, Rising, Flat, Falling, Flat, Rising, Falling}},
		{"semester with gap", without(semesterYear(loc, 2021), 100, 109), []Trend{Flat, Falling, Flat, Rising, Flat, Falling, Flat, Rising, Falling}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := Describe(tc.points)
			if tc.want != nil && !reflect.DeepEqual(trends(s), tc.want) {
				t.Errorf("trends %v, want %v", trends(s), tc.want)
			}
			checkShape(t, s)
		})
	}
}

// checkShape asserts what holds for every Shape of a non-empty series.
func checkShape(t *testing.T, s Shape) {
	t.Helper()
	if s.Points == 0 {
		if len(s.Segments) != 0 || len(s.Gaps) != 0 {
			t.Fatalf("empty shape with segments or gaps: %+v", s)
		}
		return
	}
	if len(s.Segments) == 0 || len(s.Segments) > maxSegments {
		t.Fatalf("%d segments", len(s.Segments))
	}
	if !s.Segments[0].From.Time.Equal(s.First.Time) || !s.Segments[len(s.Segments)-1].To.Time.Equal(s.Last.Time) {
		t.Errorf("segments do not span first to last: %+v", s)
	}
	for i, g := range s.Segments {
		if i > 0 && !g.From.Time.Equal(s.Segments[i-1].To.Time) {
			t.Errorf("segment %d does not start where %d ends", i, i-1)
		}
		if g.To.Time.Before(g.From.Time) || math.IsNaN(g.From.Value) || math.IsNaN(g.To.Value) {
			t.Errorf("bad segment %d: %+v", i, g)
		}
		if i > 0 && g.Trend == s.Segments[i-1].Trend && g.Trend != Flat {
			t.Errorf("segments %d and %d both %s", i-1, i, g.Trend)
		}
	}
	if s.Min.Value > s.Max.Value || s.First.Time.After(s.Last.Time) {
		t.Errorf("min/max or first/last out of order: %+v", s)
	}
	for _, g := range s.Gaps {
		if g[1].Before(g[0]) || !g[0].After(s.First.Time) || !g[1].Before(s.Last.Time) {
			t.Errorf("bad gap %v", g)
		}
	}
}

func TestDescribeSemester(t *testing.T) {
	loc := berlin(t)
	s := Describe(semesterYear(loc, 2021))
	// Corners of the underlying shape, by day of the year (0 = 1 January).
	want := []int{30, 45, 90, 110, 195, 212, 273, 348}
	for i, d := range want {
		got := s.Segments[i].To.Time.YearDay() - 1
		if got < d-10 || got > d+10 {
			t.Errorf("segment %d ends on day %d, want %d±10", i, got, d)
		}
	}
	if got := s.Max; !got.Time.Equal(time.Date(2021, 12, 15, 0, 0, 0, 0, loc)) || got.Value != 1110 {
		t.Errorf("max %+v", got)
	}
	if s.Step != 24*time.Hour || s.Points != 365 || len(s.Gaps) != 0 {
		t.Errorf("step %v, points %d, gaps %v", s.Step, s.Points, s.Gaps)
	}
}

func TestDescribeGaps(t *testing.T) {
	loc := berlin(t)
	date := func(m time.Month, d int) time.Time { return time.Date(2021, m, d, 0, 0, 0, 0, loc) }
	year := semesterYear(loc, 2021)
	// Days 100–109 (11–20 April), the DST change (27–29 March, days 85–87)
	// and the last day missing.
	pts := without(without(without(year, 100, 109), 85, 87), 364, 364)
	s := Describe(pts)
	want := [][2]time.Time{{date(3, 27), date(3, 29)}, {date(4, 11), date(4, 20)}}
	if !reflect.DeepEqual(s.Gaps, want) {
		t.Errorf("gaps %v, want %v", s.Gaps, want)
	}
	if !s.Last.Time.Equal(date(12, 30)) || s.Points != 365-14 {
		t.Errorf("last %v, points %d", s.Last.Time, s.Points)
	}
	checkShape(t, s)

	// One day missing, hourly data with a hole.
	one := without(year, 200, 200)
	if g := Describe(one).Gaps; !reflect.DeepEqual(g, [][2]time.Time{{date(7, 20), date(7, 20)}}) {
		t.Errorf("one day: gaps %v", g)
	}
	var hourly []Point
	for h := 0; h < 48; h++ {
		if h < 10 || h > 12 {
			hourly = append(hourly, Point{time.Date(2021, 6, 1, h, 0, 0, 0, time.UTC), 1})
		}
	}
	wantH := [][2]time.Time{{time.Date(2021, 6, 1, 10, 0, 0, 0, time.UTC), time.Date(2021, 6, 1, 12, 0, 0, 0, time.UTC)}}
	if g := Describe(hourly).Gaps; !reflect.DeepEqual(g, wantH) {
		t.Errorf("hourly: gaps %v, want %v", g, wantH)
	}
}

// TestDescribeCleans checks that order, duplicates and non-finite values do
// not change the description.
func TestDescribeCleans(t *testing.T) {
	loc := berlin(t)
	year := semesterYear(loc, 2021)
	messy := make([]Point, 0, len(year)+3)
	for i := len(year) - 1; i >= 0; i-- {
		messy = append(messy, year[i])
	}
	messy = append(messy, Point{year[5].Time, year[5].Value - 3}, Point{year[6].Time, math.NaN()}, Point{year[7].Time, math.Inf(-1)})
	a, b := Describe(year), Describe(messy)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("messy input described differently:\n%+v\n%+v", a, b)
	}
	// Min and max ties go to the earliest point.
	s := Describe(flat(loc, 7, 10))
	if !s.Min.Time.Equal(s.First.Time) || !s.Max.Time.Equal(s.First.Time) {
		t.Errorf("ties: min %v max %v", s.Min, s.Max)
	}
}

func TestTrendString(t *testing.T) {
	if Flat.String() != "flat" || Rising.String() != "rising" || Falling.String() != "falling" {
		t.Error("Trend.String")
	}
}

// TestSmoothPrecision checks that a huge value leaving the window does not
// take the small ones' digits with it.
func TestSmoothPrecision(t *testing.T) {
	var pts []Point
	for d := 0; d < 365; d++ {
		v := float64(d%5 + 1)
		if d == 0 {
			v = 1e300
		}
		pts = append(pts, Point{time.Unix(int64(d)*86400, 0), v})
	}
	sm := smooth(pts)
	for i, p := range sm[20:] {
		if p.Value < 1 || p.Value > 5 {
			t.Fatalf("smoothed point %d = %v, want within [1, 5]", i+20, p.Value)
		}
	}
}

// TestDescribeStories checks series whose story a person would tell in one
// way: a one-day spike is no trend, a short jump is, white noise is flat.
func TestDescribeStories(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	year := func(f func(d int) float64) []Point {
		var pts []Point
		for d := 0; d < 365; d++ {
			pts = append(pts, Point{time.Date(2021, 1, 1+d, 0, 0, 0, 0, time.UTC), f(d)})
		}
		return pts
	}
	cases := []struct {
		name   string
		points []Point
		want   []Trend
	}{
		{"one-day spike", year(func(d int) float64 {
			if d == 200 {
				return 3000
			}
			return 500 + r.Float64()*50
		}), []Trend{Flat}},
		{"conference week", year(func(d int) float64 {
			if d >= 150 && d < 155 {
				return 2000
			}
			return 500
		}), []Trend{Flat}},
		{"jump in a week", year(func(d int) float64 {
			switch {
			case d < 72:
				return 50 + r.Float64()*10
			case d < 80:
				return 50 + float64(d-72)*100
			}
			return 850 + r.Float64()*100
		}), []Trend{Flat, Rising, Flat}},
		{"white noise", year(func(int) float64 { return 500 + r.NormFloat64()*100 }), []Trend{Flat}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := Describe(tc.points)
			if !reflect.DeepEqual(trends(s), tc.want) {
				t.Errorf("trends %v, want %v", trends(s), tc.want)
			}
			checkShape(t, s)
		})
	}
}

// TestDescribeSine allows the trough to read as levelling off, but wants
// the sine's order: up, down, up.
func TestDescribeSine(t *testing.T) {
	var pts []Point
	for d := 0; d < 365; d++ {
		pts = append(pts, Point{time.Date(2021, 1, 1+d, 0, 0, 0, 0, time.UTC), 500 + 300*math.Sin(float64(d)/365*2*math.Pi)})
	}
	var moves []Trend
	for _, tr := range trends(Describe(pts)) {
		if tr != Flat {
			moves = append(moves, tr)
		}
	}
	if !reflect.DeepEqual(moves, []Trend{Rising, Falling, Rising}) {
		t.Errorf("moves %v, want rising, falling, rising", moves)
	}
}

func TestDescribeHourly(t *testing.T) {
	var pts []Point
	for h := 0; h < 8760; h++ {
		day := 200 * math.Sin(float64(h%24)/24*2*math.Pi)
		pts = append(pts, Point{time.Date(2021, 1, 1, h, 0, 0, 0, time.UTC), 500 + float64(h)/8760*400 + day})
	}
	s := Describe(pts)
	if !reflect.DeepEqual(trends(s), []Trend{Rising}) || s.Step != time.Hour || len(s.Gaps) != 0 {
		t.Errorf("trends %v, step %v, gaps %v", trends(s), s.Step, s.Gaps)
	}
}

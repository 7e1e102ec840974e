package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2" // the Berlin zone even where the system has no tzdata
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func berlin(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// semesterYear is a year of daily peaks shaped like a university's: a winter
// semester in January, a break in February and March, a summer semester, a
// summer break and a rising winter semester, with weekend dips and
// deterministic noise.
func semesterYear(loc *time.Location, year int) []Point {
	knots := []struct {
		day int
		v   float64
	}{{0, 800}, {30, 800}, {45, 300}, {90, 300}, {110, 700}, {195, 700}, {212, 250}, {273, 250}, {292, 900}, {348, 1100}, {364, 600}}
	var pts []Point
	for d := 0; d < 365; d++ {
		k := 1
		for knots[k].day < d {
			k++
		}
		a, b := knots[k-1], knots[k]
		v := a.v + (b.v-a.v)*float64(d-a.day)/float64(b.day-a.day)
		tm := time.Date(year, 1, 1+d, 0, 0, 0, 0, loc)
		if wd := tm.Weekday(); wd == time.Saturday || wd == time.Sunday {
			v *= 0.6
		}
		v += float64((d*7919)%23) - 11 // noise in [-11, 11]
		pts = append(pts, Point{Time: tm, Value: math.Round(v)})
	}
	return pts
}

// peak returns the highest point (the earliest on a tie).
func peak(pts []Point) Point {
	p := pts[0]
	for _, q := range pts {
		if q.Value > p.Value {
			p = q
		}
	}
	return p
}

// without drops the points whose day of year is in [from, to].
func without(pts []Point, from, to int) []Point {
	var out []Point
	for _, p := range pts {
		if d := p.Time.YearDay() - 1; d < from || d > to {
			out = append(out, p)
		}
	}
	return out
}

var germanMonths = []string{"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"}

func TestGolden(t *testing.T) {
	loc := berlin(t)
	year := without(semesterYear(loc, 2021), 100, 109)
	rec := peak(year)
	out := []float64{9.1e12, 8.2e12, 7.4e12, 8e12, 6.3e12, 5e12, 4.1e12, 4e12, 7.2e12, 9.3e12, 10.4e12, 11.9e12}
	in := []float64{1e12, 0.9e12, 0.8e12, 0.9e12, 0.6e12, 0.5e12, 0.4e12, 0.4e12, 0.7e12, 0.9e12, 1.1e12, 1.3e12}
	for i := range out {
		out[i], in[i] = out[i]/1e12, in[i]/1e12
	}
	cases := map[string]interface{ SVG(io.Writer) error }{
		"line-year-en": Line{Title: "Concurrent endpoints 2021 (daily peak)", YLabel: "endpoints", Points: year, Mark: &rec, Loc: loc},
		"line-year-de": Line{
			Title: "Gleichzeitige Teilnehmende 2021 (Tageshöchstwert)", YLabel: "Endpunkte", Points: year, Mark: &rec, Loc: loc,
			Months: germanMonths, YFormat: func(v float64) string { return FormatThousands(v, ".") },
			MarkLabel: "Rekord: 1.117 am 16.12.",
		},
		"line-one-point": Line{Title: "One day", Points: []Point{{time.Date(2021, 3, 28, 0, 0, 0, 0, loc), 42}}, Loc: loc},
		"line-flat-zero": Line{Title: "All zero", Points: flat(loc, 0, 60), Loc: loc},
		"line-no-data":   Line{Title: "Nothing & <nobody>", Points: nil, NoData: "keine Daten"},
		"line-late-start": Line{Title: "From October", Name: "2021", Points: semesterYear(loc, 2021)[273:], Loc: loc,
			From: time.Date(2021, 1, 1, 0, 0, 0, 0, loc), To: time.Date(2021, 12, 31, 0, 0, 0, 0, loc)},
		"bars-traffic": Bars{
			Title: "Traffic per month 2021", YLabel: "TB", Labels: englishMonths,
			Series: []BarSeries{{Name: "out", Values: out}, {Name: "in", Values: in}},
		},
		"bars-negative": Bars{Title: "Balance", Labels: []string{"2019", "2020", "2021"}, Series: []BarSeries{{Values: []float64{-1200, 300, math.NaN()}}}},
		"bars-no-data":  Bars{Title: "Traffic", Labels: englishMonths[:2], Series: []BarSeries{{Name: "out", Values: []float64{math.NaN(), math.Inf(1)}}}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.SVG(&buf); err != nil {
				t.Fatal(err)
			}
			checkSVG(t, buf.Bytes())
			golden(t, filepath.Join("testdata", name+".svg"), buf.Bytes())
		})
	}
}

func flat(loc *time.Location, v float64, days int) []Point {
	var pts []Point
	for d := 0; d < days; d++ {
		pts = append(pts, Point{time.Date(2021, 1, 1+d, 0, 0, 0, 0, loc), v})
	}
	return pts
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (%d vs %d bytes); run go test -update and review the diff", path, len(want), len(got))
	}
}

// checkSVG asserts that b is one well-formed SVG element with a size and
// without NaN or infinite coordinates.
func checkSVG(t *testing.T, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if e.Name.Local != "svg" {
					t.Fatalf("root element %q, want svg", e.Name.Local)
				}
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 {
		t.Fatalf("%d root elements, want 1", roots)
	}
	s := string(b)
	for _, bad := range []string{"NaN", "Inf", "-9223372036854775808"} {
		if strings.Contains(s, bad) {
			t.Fatalf("SVG contains %q", bad)
		}
	}
	if !strings.HasPrefix(s, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="`) || !strings.Contains(s, `role="img"`) {
		t.Fatalf("SVG lacks width/height: %.120s", s)
	}
}

func TestDeterministic(t *testing.T) {
	loc := berlin(t)
	year := semesterYear(loc, 2021)
	rec := peak(year)
	shuffled := append([]Point{}, year...)
	for i := range shuffled { // a fixed permutation
		j := (i * 7919) % len(shuffled)
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	}
	var a, b, c bytes.Buffer
	if err := (Line{Title: "x", Points: year, Mark: &rec, Loc: loc}).SVG(&a); err != nil {
		t.Fatal(err)
	}
	if err := (Line{Title: "x", Points: year, Mark: &rec, Loc: loc}).SVG(&b); err != nil {
		t.Fatal(err)
	}
	// Unsorted input with duplicates lower than the originals.
	dups := append(shuffled, Point{year[10].Time, year[10].Value - 1}, Point{year[20].Time, math.NaN()})
	if err := (Line{Title: "x", Points: dups, Mark: &rec, Loc: loc}).SVG(&c); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renderings of the same chart differ")
	}
	if !bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("shuffled points with lower duplicates and NaN render differently from sorted points")
	}
}

func TestLineGuards(t *testing.T) {
	loc := berlin(t)
	day := func(d int) time.Time { return time.Date(2021, 1, 1+d, 0, 0, 0, 0, loc) }
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name   string
		points []Point
		mark   *Point
		want   string // a substring of the SVG
	}{
		{"nil", nil, nil, "no data"},
		{"empty with mark", []Point{}, &Point{day(1), 5}, "no data"},
		{"all NaN", []Point{{day(0), nan}, {day(1), nan}}, nil, "no data"},
		{"all Inf", []Point{{day(0), inf}, {day(1), -inf}}, nil, "no data"},
		{"one point", []Point{{day(0), 7}}, nil, "<circle"},
		{"one point NaN mark", []Point{{day(0), 7}}, &Point{day(0), nan}, "<circle"},
		{"same time twice", []Point{{day(3), 1}, {day(3), 9}}, nil, "<circle"},
		{"two points", []Point{{day(0), 1}, {day(1), 2}}, nil, "1 Jan"},
		{"flat", flat(loc, 1117, 365), nil, "1,200"},
		{"all zero", flat(loc, 0, 365), nil, "Dec"},
		{"negative", []Point{{day(0), -5}, {day(100), -1e6}}, nil, "-1,000,000"},
		{"huge", []Point{{day(0), 1e300}, {day(100), 2e300}}, nil, "e+300"},
		{"tiny", []Point{{day(0), 1e-300}, {day(100), 2e-300}}, nil, "<path"},
		{"fractions", []Point{{day(0), 0.1}, {day(100), 0.9}}, nil, ">0.8<"},
		{"thousandths", []Point{{day(0), 0.001}, {day(100), 0.004}}, &Point{day(100), 0.004}, "0.004 (11 Apr)"},
		{"NaN inside", []Point{{day(0), 1}, {day(1), nan}, {day(2), 3}, {day(3), 4}}, nil, "<circle"},
		{"mark outside", []Point{{day(0), 1}, {day(1), 2}}, &Point{day(40), 9}, "9 (10 Feb)"},
		{"years", []Point{{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), 1}, {time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), 2}}, nil, ">5000<"},
		{"far future", []Point{{time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), 1}, {time.Date(200000000, 1, 1, 0, 0, 0, 0, time.UTC), 2}}, nil, ">100000000<"},
		{"zero time", []Point{{time.Time{}, 1}, {day(3), 2}}, nil, ">1000<"},
		{"before 1 AD", []Point{{time.Date(-50, 1, 1, 0, 0, 0, 0, time.UTC), 1}, {time.Date(3, 1, 1, 0, 0, 0, 0, time.UTC), 2}}, nil, "<path"},
		{"seconds", []Point{{day(0), 1}, {day(0).Add(time.Second), 2}}, nil, "<path"},
		{"nanoseconds", []Point{{day(0), 1}, {day(0).Add(time.Nanosecond), 2}}, nil, "<path"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := (Line{Title: "t", Points: tc.points, Mark: tc.mark, Loc: loc}).SVG(&buf); err != nil {
				t.Fatal(err)
			}
			checkSVG(t, buf.Bytes())
			if !strings.Contains(buf.String(), tc.want) {
				t.Errorf("SVG lacks %q", tc.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	loc := berlin(t)
	pts := flat(loc, 3, 10)
	cases := []struct {
		name string
		c    interface{ SVG(io.Writer) error }
		want string
	}{
		{"too large", Line{Title: "big", Points: []Point{{pts[0].Time, -1e308}, {pts[1].Time, 1e308}}},
			`line chart "big": values too large to plot`},
		{"max float", Line{Title: "max", Points: []Point{{pts[0].Time, math.MaxFloat64}}},
			`line chart "max": values too large to plot`},
		{"months", Line{Title: "m", Points: pts, Months: []string{"Jan"}}, `line chart "m": months: want 12 names, have 1`},
		{"narrow", Line{Title: "n", Points: pts, Width: 10}, `line chart "n": size 10×340 out of range (200×150 to 8000×8000)`},
		{"negative size", Bars{Title: "s", Height: -1}, `bar chart "s": size 600×-1 out of range (200×150 to 8000×8000)`},
		{"length", Bars{Title: "Traffic", Labels: []string{"Jan", "Feb"}, Series: []BarSeries{{Name: "out", Values: []float64{1}}}},
			`bar chart "Traffic": series 1 ("out"): 1 values for 2 labels`},
		{"series", Bars{Title: "five", Labels: []string{"a"}, Series: []BarSeries{{"a", []float64{1}}, {"b", []float64{1}}, {"c", []float64{1}}, {"d", []float64{1}}, {"e", []float64{1}}}},
			`bar chart "five": 5 series, at most 4`},
		{"panicking formatter", Bars{Title: "p", Labels: []string{"a"}, Series: []BarSeries{{Values: []float64{1}}}, YFormat: func(float64) string { panic("boom") }},
			`bar chart "p": panic while drawing: boom`},
		{"panicking day label", Line{Title: "d", Points: pts[:3], DayLabel: func(time.Time) string { panic("bang") }},
			`line chart "d": panic while drawing: bang`},
		{"bar overflow", Bars{Title: "o", Labels: []string{"a", "b"}, Series: []BarSeries{{Values: []float64{-1e308, 1e308}}}},
			`bar chart "o": values too large to plot`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := tc.c.SVG(&buf)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", buf.Len())
			}
		})
	}
}

func TestBarsGuards(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name string
		c    Bars
		want string
	}{
		{"no labels", Bars{Title: "t"}, "no data"},
		{"no series", Bars{Title: "t", Labels: []string{"a"}}, "no data"},
		{"all zero", Bars{Labels: []string{"a", "b"}, Series: []BarSeries{{Values: []float64{0, 0}}}}, ">5<"},
		{"one bar", Bars{Labels: []string{"a"}, Series: []BarSeries{{Values: []float64{5}}}}, ">a<"},
		{"all equal", Bars{Labels: []string{"a", "b"}, Series: []BarSeries{{Values: []float64{5, 5}}}}, ">5<"},
		{"NaN", Bars{Labels: []string{"a", "b"}, Series: []BarSeries{{Name: "x", Values: []float64{nan, 5}}}}, ">x<"},
		{"escaped", Bars{Title: "A&B", Labels: []string{"<a>"}, Series: []BarSeries{{Name: "in & out", Values: []float64{1}}}}, "in &amp; out"},
		{"four series", Bars{Labels: []string{"a"}, Series: []BarSeries{{"a", []float64{1}}, {"b", []float64{2}}, {"c", []float64{3}}, {"d", []float64{4}}}}, ">d<"},
		{"many labels", Bars{Labels: make([]string, 120), Series: []BarSeries{{Values: make([]float64, 120)}}}, "<path"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.c.SVG(&buf); err != nil {
				t.Fatal(err)
			}
			checkSVG(t, buf.Bytes())
			if !strings.Contains(buf.String(), tc.want) {
				t.Errorf("SVG lacks %q", tc.want)
			}
		})
	}
}

func TestFormatThousands(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		sep  string
		want string
	}{
		{0, ",", "0"}, {999, ",", "999"}, {1117, ".", "1.117"}, {-1234567, ",", "-1,234,567"},
		{1e6, ".", "1.000.000"}, {0.4, ",", "0"}, {-0.4, ",", "0"}, {999999.5, ",", "1,000,000"},
		{1e15, ",", "1e+15"}, {math.NaN(), ",", "NaN"}, {math.Inf(-1), ",", "-Inf"}, {-1e-9, ",", "0"},
	} {
		if got := FormatThousands(tc.v, tc.sep); got != tc.want {
			t.Errorf("FormatThousands(%v, %q) = %q, want %q", tc.v, tc.sep, got, tc.want)
		}
	}
}

func TestDefaultFormat(t *testing.T) {
	for _, tc := range []struct {
		step, v float64
		want    string
	}{
		{500, 1500, "1,500"}, {0.2, 1.4, "1.4"}, {0.5, 0.5, "0.5"}, {0.05, -1234.5, "-1,234.50"},
		{1e-9, 1e-9, "0.000000"}, {1, -0.0001, "0"}, {0.5, 0, "0.0"},
	} {
		if got := defaultFormat(tc.step)(tc.v); got != tc.want {
			t.Errorf("defaultFormat(%v)(%v) = %q, want %q", tc.step, tc.v, got, tc.want)
		}
	}
}

// TestWriterError checks that a failing writer's error comes back.
func TestWriterError(t *testing.T) {
	err := (Bars{Title: "w", Labels: []string{"a"}, Series: []BarSeries{{Values: []float64{1}}}}).SVG(failWriter{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("error %v, want the writer's", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

// unrotatingSVG is go-chart's plain SVG renderer with only the rotation fix
// of measuring.SetFont, no cache.
func unrotatingSVG(w, h int) (gochart.Renderer, error) {
	r, err := gochart.SVG(w, h)
	return unrotating{r}, err
}

type unrotating struct{ gochart.Renderer }

func (u unrotating) SetFont(f *truetype.Font) { u.Renderer.SetFont(f); u.Renderer.ClearTextRotation() }
func (u unrotating) ResetStyle()              { u.Renderer.ResetStyle(); u.Renderer.ClearTextRotation() }

// TestTitleNotRotated guards against go-chart's leak of the y axis name's
// rotation into the title and our own labels: only the y axis name is turned.
func TestTitleNotRotated(t *testing.T) {
	loc := berlin(t)
	year := semesterYear(loc, 2021)
	rec := peak(year)
	var buf bytes.Buffer
	c := Line{Title: "Upright title", YLabel: "endpoints", Name: "2021", Points: year, Mark: &rec, Loc: loc}
	if err := c.SVG(&buf); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "transform="); n != 1 {
		t.Errorf("%d rotated texts, want 1 (the y axis name)", n)
	}
	if !regexp.MustCompile(`<text [^>]*>Upright title</text>`).Match(buf.Bytes()) || strings.Contains(buf.String(), `transform="rotate(270.00,393`) {
		t.Errorf("title missing or rotated")
	}
}

// TestMeasureCache checks that caching text measurements changes nothing:
// the same chart rendered with go-chart's plain SVG renderer gives the same
// bytes, before and after the cache is warm.
func TestMeasureCache(t *testing.T) {
	loc := berlin(t)
	year := semesterYear(loc, 2021)
	rec := peak(year)
	for _, c := range []interface {
		chart() (gochart.Chart, error)
	}{
		Line{Title: "Cache & co", YLabel: "endpoints", Name: "2021", Points: year, Mark: &rec, Loc: loc},
		Bars{Title: "Bars", YLabel: "TB", Labels: englishMonths, Series: []BarSeries{{"out", make([]float64, 12)}, {"in", make([]float64, 12)}}},
	} {
		ch, err := c.chart()
		if err != nil {
			t.Fatal(err)
		}
		var plain, cached bytes.Buffer
		if err := ch.Render(unrotatingSVG, &plain); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			cached.Reset()
			if err := ch.Render(svgRenderer, &cached); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(plain.Bytes(), cached.Bytes()) {
				t.Fatalf("pass %d: cached rendering differs from go-chart's", i)
			}
		}
	}
}

// TestConcurrent renders charts from several goroutines; run with -race.
func TestConcurrent(t *testing.T) {
	loc := berlin(t)
	year := semesterYear(loc, 2021)
	var want bytes.Buffer
	c := Line{Title: "Concurrent", Points: year, Loc: loc}
	if err := c.SVG(&want); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			var got bytes.Buffer
			err := c.SVG(&got)
			if err == nil && !bytes.Equal(got.Bytes(), want.Bytes()) {
				err = errors.New("concurrent rendering differs")
			}
			errs <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"A & B <c>":     "A &amp; B &lt;c&gt;",
		"bell\x07\x00":  "bell\uFFFD\uFFFD",
		"bad \xff utf8": "bad \uFFFD utf8",
		"Mär\tz":        "Mär\tz",
		"\uFFFE":        "\uFFFD",
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
	var buf bytes.Buffer
	if err := (Bars{Title: "x\x00<y>\xfe", Labels: []string{"\x1b[31m"}, Series: []BarSeries{{"\x01", []float64{1}}}}).SVG(&buf); err != nil {
		t.Fatal(err)
	}
	checkSVG(t, buf.Bytes())
}

func TestMonthStep(t *testing.T) {
	for n, want := range map[int]int{0: 1, 12: 1, 14: 1, 15: 2, 28: 2, 29: 2, 30: 3, 50: 6, 84: 6, 90: 12, 200: 24, 1000: 120, 3_000_000_000: 240_000_000} {
		if got := monthStep(n); got != want {
			t.Errorf("monthStep(%d) = %d, want %d", n, got, want)
		}
	}
}

// TestLongTitle checks that a long title shrinks to fit instead of running
// off both edges.
func TestLongTitle(t *testing.T) {
	title := "Gleichzeitig verbundene Endpunkte im Jahr 2021 (Tageshöchstwerte, alle Server zusammen)"
	var buf bytes.Buffer
	// At 14 points the title is about 700 pixels wide.
	if err := (Bars{Title: title, Width: 500, Labels: []string{"a"}, Series: []BarSeries{{Values: []float64{1}}}}).SVG(&buf); err != nil {
		t.Fatal(err)
	}
	checkSVG(t, buf.Bytes())
	if strings.Contains(buf.String(), `<text x="-`) {
		t.Error("title starts left of the picture")
	}
	if !strings.Contains(buf.String(), "font-size:11.5px") { // 9 points at 92 DPI
		t.Error("title not shrunk to 9 points")
	}
	if !strings.Contains(buf.String(), "<title>"+title+"</title>") {
		t.Error("SVG lacks its <title>")
	}
}

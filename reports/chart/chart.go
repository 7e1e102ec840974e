// Package chart draws the report's charts as SVG and describes a series in
// language-free terms for alt text. It is the only package that imports
// go-chart (github.com/wcharczuk/go-chart/v2, archived upstream), so a fork
// or another library can replace it behind Line, Bars, Describe and
// DescribePeaks.
//
// Input is never trusted, and go-chart's known failure cases are prevented
// rather than caught:
//
//   - NaN and ±Inf values are dropped; in a line the hole they leave is a
//     gap, in a bar chart the bar is missing.
//   - Points are sorted by time; points sharing an instant collapse to the
//     largest value (the charts show peaks).
//   - go-chart refuses a zero x range ("at least (2) values") and a zero y
//     range ("invalid data range; cannot be zero"), and turns NaN into
//     broken coordinates. Here both ranges are explicit: the y axis always
//     spans zero and ends on round ticks (an all-zero series gets 0 to 5), a
//     span under a minute gets half a day either side, and the line, mark and
//     bars are drawn by this package on go-chart's frame.
//   - go-chart writes text into the SVG unescaped; all text is escaped here,
//     and control characters and invalid UTF-8 become U+FFFD.
//   - A chart without a single usable value renders a valid SVG with its
//     title and the NoData text ("no data" by default), so a report always
//     has its picture; Describe then reports Points == 0.
//   - What cannot be drawn is an error naming the chart, and nothing is
//     written: a size outside 200×150 to 8000×8000, month names not twelve,
//     a bar series without one value per label, more than four bar series,
//     values whose span overflows a float64. A panic inside go-chart, should
//     one remain, is recovered into such an error.
//
// Output is deterministic: the same input gives the same bytes (go-chart
// uses no random IDs or map order), which the golden files in testdata/
// check; rewrite them with go test -update.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Point is one value of a time series.
type Point struct {
	Time  time.Time
	Value float64
}

// DefaultWidth and DefaultHeight are a chart's size in pixels when it sets
// none: small enough, with fontSize, that a chart scaled down to a 390 px
// phone's column (about 358 px) keeps its smallest text at 9 px or more.
const (
	DefaultWidth  = 600
	DefaultHeight = 340
)

// fontSize is the size in points of axis labels, legends and the record's
// label; the title is larger.
const fontSize = 12

// The accepted chart sizes in pixels.
const (
	minWidth  = 200
	minHeight = 150
	maxSide   = 8000
)

// DefaultNoData is the text a chart without usable values shows.
const DefaultNoData = "no data"

// englishMonths are the x tick labels when a Line has no Months.
var englishMonths = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// Colours: a blue/orange pair that stays apart for colour-blind readers.
var (
	colorBlue   = drawing.ColorFromHex("1f77b4")
	colorOrange = drawing.ColorFromHex("ff7f0e")
	colorMark   = drawing.ColorFromHex("c0392b")
	colorText   = drawing.ColorFromHex("333333")
	colorGrid   = drawing.ColorFromHex("dddddd")
	colorAxis   = drawing.ColorFromHex("888888")
	seriesColor = []drawing.Color{colorBlue, colorOrange, drawing.ColorFromHex("2ca02c"), drawing.ColorFromHex("9467bd")}
)

var (
	fontOnce sync.Once
	fontVal  *truetype.Font
	fontErr  error
)

// font loads go-chart's embedded Roboto once; go-chart's own lazy loader is
// not safe for concurrent first use.
func font() (*truetype.Font, error) {
	fontOnce.Do(func() { fontVal, fontErr = gochart.GetDefaultFont() })
	return fontVal, fontErr
}

// FormatThousands formats v rounded to an integer with sep between groups of
// three digits, e.g. FormatThousands(1117, ".") is "1.117". Magnitudes from
// 10^15 on are written in exponent form.
func FormatThousands(v float64, sep string) string { return formatNumber(v, 0, sep, "") }

// formatNumber formats v with dec decimals after point and sep between
// groups of three integer digits.
func formatNumber(v float64, dec int, sep, point string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	if math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	digits := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	whole, frac, _ := strings.Cut(digits, ".")
	var b strings.Builder
	if v < 0 && strings.Trim(digits, "0.") != "" { // no "-0"
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return b.String()
}

// defaultFormat is the Y axis formatter for a chart without YFormat: English
// separators and as many decimals as the tick step needs (at most six).
func defaultFormat(step float64) func(float64) string {
	dec := 0
	if step > 0 && step < 1 {
		dec = min(6, int(math.Ceil(-math.Log10(step)-1e-9)))
	}
	return func(v float64) string { return formatNumber(v, dec, ",", ".") }
}

// size checks and defaults a chart's width and height.
func size(w, h int) (int, int, error) {
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	if w < minWidth || h < minHeight || w > maxSide || h > maxSide {
		return 0, 0, fmt.Errorf("size %d×%d out of range (%d×%d to %d×%d)", w, h, minWidth, minHeight, maxSide, maxSide)
	}
	return w, h, nil
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// clean returns the finite points sorted by time, one per instant (the
// largest value wins), as a new slice.
func clean(points []Point) []Point {
	out := make([]Point, 0, len(points))
	for _, p := range points {
		if finite(p.Value) {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	n := 0
	for _, p := range out {
		if n > 0 && out[n-1].Time.Equal(p.Time) {
			if p.Value > out[n-1].Value {
				out[n-1].Value = p.Value
			}
			continue
		}
		out[n] = p
		n++
	}
	return out[:n]
}

// yScale chooses a Y axis from lo to hi that includes zero, is padded when
// flat, and ends on "nice" ticks (1, 2 or 5 times a power of ten). It
// labels them with f, or with defaultFormat when f is nil, and returns the
// formatter it used.
func yScale(lo, hi float64, f func(float64) string) ([]gochart.Tick, func(float64) string, error) {
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	if lo == hi { // all zero: 0 to 5 in whole steps
		hi = 5
	}
	span := hi - lo
	tooLarge := errors.New("values too large to plot")
	if !finite(span) {
		return nil, nil, tooLarge
	}
	step := niceStep(span / 5)
	first, last := math.Floor(lo/step), math.Ceil(hi/step)
	if !finite(first*step) || !finite(last*step) || last-first > 100 {
		return nil, nil, tooLarge
	}
	if f == nil {
		f = defaultFormat(step)
	}
	ticks := make([]gochart.Tick, 0, int(last-first)+1)
	for k := first; k <= last; k++ {
		v := k * step
		if v == 0 {
			v = 0 // no "-0"
		}
		ticks = append(ticks, gochart.Tick{Value: v, Label: escape(f(v))})
	}
	return ticks, f, nil
}

// niceStep rounds x to the nearest 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	switch m := x / p; {
	case m < 1.5:
		return p
	case m < 3:
		return 2 * p
	case m < 7:
		return 5 * p
	default:
		return 10 * p
	}
}

// escape makes s safe as SVG text: go-chart writes text unescaped, and XML
// allows neither control characters nor invalid UTF-8, which become U+FFFD.
func escape(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0xFFFE || r == 0xFFFF || r >= 0xD800 && r <= 0xDFFF {
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return xmlEscaper.Replace(s)
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// render draws c into w as SVG with explicit width and height, role="img"
// and the chart's title as the SVG's <title>. Nothing is written on error.
func render(c gochart.Chart, w io.Writer) error {
	var buf bytes.Buffer
	if err := c.Render(svgRenderer, &buf); err != nil {
		return err
	}
	out := buf.Bytes()
	vb := fmt.Sprintf(`viewBox="0 0 %d %d">`, c.Width, c.Height)
	if i := bytes.Index(out, []byte(vb)); i >= 0 {
		sized := fmt.Sprintf(`width="%d" height="%d" role="img" %s`, c.Width, c.Height, vb)
		if c.Title != "" {
			sized += "<title>" + c.Title + "</title>" // escaped in base
		}
		out = append(append(append([]byte{}, out[:i]...), sized...), out[i+len(vb):]...)
	}
	out, err := fitLabels(out)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// markText is a text drawn in the mark's colour: the record's label.
var markText = regexp.MustCompile(`<text ([^>]*fill:rgba\(192,57,43,1\.0\)[^>]*)>([^<]*)</text>`)

// fitLabels gives the record's label the width it was measured at, in Roboto, as its textLength:
// a viewer without Roboto draws it in another font, often wider, which then is squeezed to the
// same width instead of running out of its box.
func fitLabels(svg []byte) ([]byte, error) {
	if !markText.Match(svg) {
		return svg, nil
	}
	f, err := font()
	if err != nil {
		return nil, err
	}
	r, err := svgRenderer(minWidth, minHeight)
	if err != nil {
		return nil, err
	}
	r.SetFont(f)
	r.SetFontSize(fontSize)
	return markText.ReplaceAllFunc(svg, func(m []byte) []byte {
		sub := markText.FindSubmatch(m)
		width := r.MeasureText(html.UnescapeString(string(sub[2]))).Width()
		return fmt.Appendf(nil, `<text %s textLength="%d" lengthAdjust="spacingAndGlyphs">%s</text>`, sub[1], width, sub[2])
	}), nil
}

// base returns a chart frame shared by all charts: fonts, colours, title
// room at the top, grid lines, Y axis on the left.
func base(title, yLabel string, w, h int, top int) (gochart.Chart, error) {
	f, err := font()
	if err != nil {
		return gochart.Chart{}, err
	}
	left := 10
	if yLabel != "" {
		left = 30 // room for the rotated axis name
	}
	title = escape(title)
	titleSize, err := fitText(f, title, 15, 9, w-20)
	if err != nil {
		return gochart.Chart{}, err
	}
	grid := gochart.Style{StrokeColor: colorGrid, StrokeWidth: 1}
	axis := gochart.Style{StrokeColor: colorAxis, StrokeWidth: 1, FontColor: colorText, FontSize: fontSize}
	return gochart.Chart{
		Title:      title,
		TitleStyle: gochart.Style{FontColor: colorText, FontSize: titleSize, Padding: gochart.Box{Top: 12}},
		Width:      w,
		Height:     h,
		Font:       f,
		Background: gochart.Style{Padding: gochart.Box{Top: top, Left: left, Right: 20, Bottom: 10}},
		XAxis:      gochart.XAxis{Style: axis},
		YAxis: gochart.YAxis{
			Name:           escape(yLabel),
			NameStyle:      gochart.Style{FontColor: colorText, FontSize: fontSize, TextRotationDegrees: 270},
			AxisType:       gochart.YAxisSecondary,
			Style:          axis,
			GridMajorStyle: grid,
			GridMinorStyle: grid,
		},
	}, nil
}

// fitText returns the largest font size from size down to least at which
// text is at most width pixels wide (least if none is).
func fitText(f *truetype.Font, text string, size, least float64, width int) (float64, error) {
	r, err := svgRenderer(1, 1)
	if err != nil {
		return 0, err
	}
	r.SetFont(f)
	for ; size > least; size-- {
		r.SetFontSize(size)
		if r.MeasureText(text).Width() <= width {
			break
		}
	}
	return size, nil
}

// safeSVG builds a chart and renders it as SVG into w, turning a panic in
// either step into an error.
func safeSVG(build func() (gochart.Chart, error), w io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic while drawing: %v", r)
		}
	}()
	c, err := build()
	if err != nil {
		return err
	}
	return render(c, w)
}

package chart

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// phoneColumn is the width a chart gets on a 390 px phone: the screen less a page's margins.
const phoneColumn = 358

var (
	viewBoxRe  = regexp.MustCompile(`viewBox="0 0 ([0-9]+) ([0-9]+)"`)
	fontSizeRe = regexp.MustCompile(`font-size:([0-9.]+)px`)
	labelRe    = regexp.MustCompile(`M ([0-9]+) ([0-9]+)\nL ([0-9]+) [0-9]+\nL [0-9]+ ([0-9]+)\nL [0-9]+ [0-9]+\nZ" style="[^"]*stroke:rgba\(192,57,43,1\.0\)[^"]*"/><text x="([0-9]+)" y="([0-9]+)"[^>]* textLength="([0-9]+)" lengthAdjust="spacingAndGlyphs">`)
)

// TestReadableOnPhone: scaled to a phone's column, no text of a chart at its default size is smaller
// than 9 px, and the record's label has a textLength inside its box, so that any fallback font fits.
func TestReadableOnPhone(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var pts []Point
	for d := range 365 {
		pts = append(pts, Point{Time: start.AddDate(0, 0, d), Value: float64(900 + d%7*30)})
	}
	mark := Point{Time: start.AddDate(0, 0, 340), Value: 1160}
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	for name, draw := range map[string]func(*bytes.Buffer) error{
		"line": func(b *bytes.Buffer) error {
			return Line{Title: "Teilnehmende gleichzeitig 2025, Höchststand je Tag", YLabel: "Teilnehmende", Points: pts, Months: months,
				Mark: &mark, MarkLabel: "1.160 (7. Dez.)"}.SVG(b)
		},
		"bars": func(b *bytes.Buffer) error {
			out := BarSeries{Name: "ausgehend"}
			in := BarSeries{Name: "eingehend"}
			for i := range 12 {
				out.Values = append(out.Values, 8+float64(i))
				in.Values = append(in.Values, 2+float64(i)/4)
			}
			return Bars{Title: "Datenverkehr je Monat 2025", YLabel: "TB", Labels: months, Series: []BarSeries{out, in}}.SVG(b)
		},
	} {
		var b bytes.Buffer
		if err := draw(&b); err != nil {
			t.Fatal(err)
		}
		svg := b.String()
		vb := viewBoxRe.FindStringSubmatch(svg)
		if vb == nil {
			t.Fatalf("%s: no viewBox", name)
		}
		width, _ := strconv.ParseFloat(vb[1], 64)
		for _, m := range fontSizeRe.FindAllStringSubmatch(svg, -1) {
			px, _ := strconv.ParseFloat(m[1], 64)
			if on := px * phoneColumn / width; on < 9 {
				t.Errorf("%s: text of %.1f px reads %.1f px on a phone", name, px, on)
			}
		}
		if name != "line" {
			continue
		}
		m := labelRe.FindStringSubmatch(svg)
		if m == nil {
			t.Fatalf("record label without its box or textLength:\n%s", svg)
		}
		n := make([]int, len(m))
		for i := 1; i < len(m); i++ {
			n[i], _ = strconv.Atoi(m[i])
		}
		left, top, right, bottom, x, y, length := n[1], n[2], n[3], n[4], n[5], n[6], n[7]
		if x < left || x+length > right || y > bottom || y < top {
			t.Errorf("label at x %d..%d, y %d outside its box %d..%d × %d..%d", x, x+length, y, left, right, top, bottom)
		}
		if right > int(width) {
			t.Errorf("label box ends at %d, past the picture's %v", right, width)
		}
	}
}

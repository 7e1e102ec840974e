package chart

import (
	"sync"

	"github.com/golang/freetype/truetype"

	gochart "github.com/wcharczuk/go-chart/v2"
)

// go-chart's SVG renderer builds a new font face for every text it
// measures, which costs about 130 kB and a third of a millisecond each, and
// a chart measures its labels hundreds of times. measuring wraps the
// renderer and remembers each measurement by everything it depends on (font,
// size, DPI, rotation, text), so the result is the same, only cheaper.

// measureKey is everything the SVG renderer's MeasureText depends on.
type measureKey struct {
	font     any
	size     float64
	dpi      float64
	rotated  bool
	rotation float64
	text     string
}

// measures is shared by all charts; it is cleared when it grows past
// maxMeasures, so it stays small whatever the labels.
var (
	measuresMu sync.Mutex
	measures   = map[measureKey]gochart.Box{}
)

const maxMeasures = 4096

// measuring is a gochart.Renderer that caches MeasureText.
type measuring struct {
	gochart.Renderer
	key measureKey // the text style in force; text unused
}

// svgRenderer is gochart.SVG with measurements cached.
func svgRenderer(w, h int) (gochart.Renderer, error) {
	r, err := gochart.SVG(w, h)
	if err != nil {
		return nil, err
	}
	return &measuring{Renderer: r, key: measureKey{dpi: r.GetDPI()}}, nil
}

func (m *measuring) ResetStyle() {
	m.Renderer.ResetStyle()
	m.key.size = 0 // the SVG renderer keeps only the font
	m.ClearTextRotation()
}

func (m *measuring) SetDPI(dpi float64) {
	m.Renderer.SetDPI(dpi)
	m.key.dpi = dpi
}

// SetFont also clears the text rotation. go-chart sets a rotation for the y axis's name and never
// clears it, so the title drawn after it came out rotated too; every text style go-chart writes
// sets the font first and the rotation after it, so clearing here keeps intended rotations.
func (m *measuring) SetFont(f *truetype.Font) {
	m.Renderer.SetFont(f)
	m.key.font = f
	m.ClearTextRotation()
}

func (m *measuring) SetFontSize(size float64) {
	m.Renderer.SetFontSize(size)
	m.key.size = size
}

func (m *measuring) SetTextRotation(radians float64) {
	m.Renderer.SetTextRotation(radians)
	m.key.rotated, m.key.rotation = true, radians
}

func (m *measuring) ClearTextRotation() {
	m.Renderer.ClearTextRotation()
	m.key.rotated, m.key.rotation = false, 0
}

func (m *measuring) MeasureText(body string) gochart.Box {
	k := m.key
	k.text = body
	measuresMu.Lock()
	b, ok := measures[k]
	measuresMu.Unlock()
	if ok {
		return b
	}
	b = m.Renderer.MeasureText(body)
	measuresMu.Lock()
	if len(measures) >= maxMeasures {
		clear(measures)
	}
	measures[k] = b
	measuresMu.Unlock()
	return b
}

package chart

import (
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// The series below draw on go-chart's canvas themselves: go-chart supplies
// the frame (title, axes, grid), we supply the marks. Ranges come from
// explicit ticks, so go-chart never derives a range from the data.

// seriesBase implements the parts of gochart.Series every mark shares.
type seriesBase struct {
	name  string
	style gochart.Style
}

func (s seriesBase) GetName() string                { return s.name }
func (s seriesBase) GetYAxis() gochart.YAxisType    { return gochart.YAxisPrimary }
func (s seriesBase) GetStyle() gochart.Style        { return s.style }
func (s seriesBase) Validate() error                { return nil }
func px(r gochart.Range, v float64, origin int) int { return origin + r.Translate(v) }

// lineSeries draws runs of points as one path, lifting the pen between
// runs; a run of one point becomes a dot.
type lineSeries struct {
	seriesBase
	runs [][]xy
}

// xy is a point in axis units (x in Unix seconds).
type xy struct{ x, y float64 }

func (s lineSeries) Render(r gochart.Renderer, cb gochart.Box, xr, yr gochart.Range, _ gochart.Style) {
	r.SetStrokeColor(s.style.StrokeColor)
	r.SetStrokeWidth(s.style.StrokeWidth)
	r.SetFillColor(drawing.ColorTransparent)
	drew := false
	for _, run := range s.runs {
		if len(run) < 2 {
			continue
		}
		r.MoveTo(px(xr, run[0].x, cb.Left), cb.Bottom-yr.Translate(run[0].y))
		for _, p := range run[1:] {
			r.LineTo(px(xr, p.x, cb.Left), cb.Bottom-yr.Translate(p.y))
		}
		drew = true
	}
	if drew {
		r.Stroke()
	}
	r.SetFillColor(s.style.StrokeColor)
	for _, run := range s.runs {
		if len(run) == 1 {
			r.Circle(3, px(xr, run[0].x, cb.Left), cb.Bottom-yr.Translate(run[0].y))
			r.Fill()
		}
	}
	r.ResetStyle()
}

// markSeries draws a dot with a label beside it at the dot's height, on
// the side with room, on a white box so the line does not cross the text.
// A mark is usually the maximum, so little of the line reaches that height.
type markSeries struct {
	seriesBase
	at    xy
	label string
}

func (s markSeries) Render(r gochart.Renderer, cb gochart.Box, xr, yr gochart.Range, d gochart.Style) {
	x, y := px(xr, s.at.x, cb.Left), cb.Bottom-yr.Translate(s.at.y)
	if s.label != "" {
		r.SetFont(d.Font)
		r.SetFontSize(fontSize)
		tb := r.MeasureText(s.label)
		const gap, pad = 9, 3
		tx := x + gap
		if tx+tb.Width() > cb.Right {
			tx = x - gap - tb.Width()
		}
		tx = max(tx, cb.Left+pad)
		ty := min(max(y+tb.Height()/2, cb.Top+tb.Height()+pad), cb.Bottom-pad)
		r.SetFillColor(drawing.Color{R: 255, G: 255, B: 255, A: 230})
		r.SetStrokeColor(colorMark)
		r.SetStrokeWidth(1)
		r.MoveTo(tx-pad, ty-tb.Height()-pad)
		r.LineTo(tx+tb.Width()+pad, ty-tb.Height()-pad)
		r.LineTo(tx+tb.Width()+pad, ty+pad)
		r.LineTo(tx-pad, ty+pad)
		r.Close()
		r.FillStroke()
		r.ResetStyle()
		r.SetFont(d.Font)
		r.SetFontSize(fontSize)
		r.SetFontColor(colorMark)
		r.Text(s.label, tx, ty)
		r.ResetStyle()
	}
	r.SetStrokeColor(drawing.ColorWhite)
	r.SetStrokeWidth(1)
	r.SetFillColor(colorMark)
	r.Circle(4, x, y)
	r.FillStroke()
	r.ResetStyle()
}

// barSeries draws one series of a grouped bar chart: slot i spans x from i
// to i+1, and this series takes its share of the slot's middle 80%.
type barSeries struct {
	seriesBase
	values []float64
	index  int
	count  int
}

func (s barSeries) Render(r gochart.Renderer, cb gochart.Box, xr, yr gochart.Range, _ gochart.Style) {
	zero := cb.Bottom - yr.Translate(0)
	for i, v := range s.values {
		if !finite(v) {
			continue
		}
		left := float64(i) + 0.1 + 0.8*float64(s.index)/float64(s.count)
		right := left + 0.8/float64(s.count)
		x0, x1 := px(xr, left, cb.Left), px(xr, right, cb.Left)
		if x1-x0 > 2 {
			x1-- // a hair of space between neighbours
		}
		y := cb.Bottom - yr.Translate(v)
		top, bottom := y, zero
		if v < 0 {
			top, bottom = zero, y
		}
		if bottom == top {
			bottom = top + 1 // a zero stays visible as a hairline
		}
		r.SetFillColor(s.style.FillColor)
		r.SetStrokeWidth(0)
		r.MoveTo(x0, top)
		r.LineTo(x1, top)
		r.LineTo(x1, bottom)
		r.LineTo(x0, bottom)
		r.Close()
		r.Fill()
	}
	r.ResetStyle()
}

// legend returns an element drawing a swatch and name per series in one
// row, right-aligned just above the canvas.
func legend(names []string, colors []drawing.Color) gochart.Renderable {
	return func(r gochart.Renderer, cb gochart.Box, d gochart.Style) {
		r.SetFont(d.Font)
		r.SetFontSize(fontSize)
		r.SetFontColor(colorText)
		const sw, gap = 10, 16
		total := 0
		widths := make([]int, len(names))
		for i, n := range names {
			widths[i] = r.MeasureText(n).Width()
			total += sw + 4 + widths[i] + gap
		}
		x, y := cb.Right-total+gap, cb.Top-8
		for i, n := range names {
			r.SetFillColor(colors[i])
			r.MoveTo(x, y-sw)
			r.LineTo(x+sw, y-sw)
			r.LineTo(x+sw, y)
			r.LineTo(x, y)
			r.Close()
			r.Fill()
			r.SetFontColor(colorText)
			r.Text(n, x+sw+4, y)
			x += sw + 4 + widths[i] + gap
		}
		r.ResetStyle()
	}
}

// noData renders an empty frame with text in its middle.
func noData(c gochart.Chart, text string) gochart.Chart {
	c.XAxis = gochart.HideXAxis()
	c.YAxis = gochart.HideYAxis()
	c.YAxisSecondary = gochart.HideYAxis()
	c.Series = []gochart.Series{lineSeries{seriesBase: seriesBase{style: gochart.Style{StrokeColor: colorBlue}}}}
	c.XAxis.Ticks = []gochart.Tick{{Value: 0}, {Value: 1}}
	c.YAxis.Ticks = []gochart.Tick{{Value: 0}, {Value: 1}}
	c.Elements = append(c.Elements, func(r gochart.Renderer, cb gochart.Box, d gochart.Style) {
		r.SetFont(d.Font)
		r.SetFontSize(fontSize + 4)
		r.SetFontColor(colorAxis)
		tb := r.MeasureText(text)
		r.Text(text, (cb.Left+cb.Right-tb.Width())/2, (cb.Top+cb.Bottom+tb.Height())/2)
		r.ResetStyle()
	})
	return c
}

package chart

import (
	"fmt"
	"io"
	"math"

	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Bars is a grouped bar chart, for example traffic per month with one bar
// for outgoing and one for incoming bytes in each month. Bars grow from zero
// (negative values downwards); NaN and ±Inf values draw no bar. A legend
// names the series when there is more than one or the only one has a name.
type Bars struct {
	Title, YLabel string
	// Labels name the groups along the x axis, e.g. months.
	Labels []string
	// Series each hold one value per label.
	Series []BarSeries
	// Width and Height are in pixels; zero means 800×400.
	Width, Height int

	// YFormat formats Y tick labels; nil means English separators with the
	// decimals the tick step needs ("1,500", "0.2").
	YFormat func(float64) string
	// NoData is shown when there are no labels or no finite values; empty
	// means "no data".
	NoData string
}

// BarSeries is one colour of bars with one value per label.
type BarSeries struct {
	Name   string
	Values []float64
}

// SVG writes the chart as a standalone SVG document. It writes nothing and
// returns an error naming the chart if the chart cannot be drawn, e.g. when
// a series has not exactly one value per label.
func (c Bars) SVG(w io.Writer) error {
	if err := safeSVG(c.chart, w); err != nil {
		return fmt.Errorf("bar chart %q: %w", c.Title, err)
	}
	return nil
}

// chart builds the go-chart frame; render draws it.
func (c Bars) chart() (gochart.Chart, error) {
	width, height, err := size(c.Width, c.Height)
	if err != nil {
		return gochart.Chart{}, err
	}
	for i, s := range c.Series {
		if len(s.Values) != len(c.Labels) {
			return gochart.Chart{}, fmt.Errorf("series %d (%q): %d values for %d labels", i+1, s.Name, len(s.Values), len(c.Labels))
		}
	}
	if len(c.Series) > len(seriesColor) {
		return gochart.Chart{}, fmt.Errorf("%d series, at most %d", len(c.Series), len(seriesColor))
	}
	withLegend := len(c.Series) > 1 || (len(c.Series) == 1 && c.Series[0].Name != "")
	top := 45
	if withLegend {
		top = 60
	}
	frame, err := base(c.Title, c.YLabel, width, height, top)
	if err != nil {
		return gochart.Chart{}, err
	}

	lo, hi, any := 0.0, 0.0, false
	for _, s := range c.Series {
		for _, v := range s.Values {
			if finite(v) {
				lo, hi, any = math.Min(lo, v), math.Max(hi, v), true
			}
		}
	}
	if len(c.Labels) == 0 || !any {
		return noData(frame, escape(orDefault(c.NoData, DefaultNoData))), nil
	}
	yt, _, err := yScale(lo, hi, c.YFormat)
	if err != nil {
		return gochart.Chart{}, err
	}
	frame.YAxis.Ticks = yt
	frame.YAxis.GridLines = gridLines(yt)
	frame.YAxisSecondary = gochart.HideYAxis()
	frame.XAxis.TickPosition = gochart.TickPositionBetweenTicks
	frame.XAxis.Ticks = []gochart.Tick{{Value: 0}}
	for i, l := range c.Labels {
		frame.XAxis.Ticks = append(frame.XAxis.Ticks, gochart.Tick{Value: float64(i + 1), Label: escape(l)})
	}

	var names []string
	var colors []drawing.Color
	for i, s := range c.Series {
		col := seriesColor[i]
		frame.Series = append(frame.Series, barSeries{
			seriesBase: seriesBase{name: s.Name, style: gochart.Style{FillColor: col}},
			values:     s.Values, index: i, count: len(c.Series),
		})
		names, colors = append(names, escape(s.Name)), append(colors, col)
	}
	if withLegend {
		frame.Elements = append(frame.Elements, legend(names, colors))
	}
	if lo < 0 {
		frame.Elements = append(frame.Elements, zeroLine(yt))
	}
	return frame, nil
}

// zeroLine draws the baseline when bars go below zero.
func zeroLine(ticks []gochart.Tick) gochart.Renderable {
	return func(r gochart.Renderer, cb gochart.Box, _ gochart.Style) {
		lo, hi := ticks[0].Value, ticks[len(ticks)-1].Value
		y := cb.Bottom - int(math.Ceil((0-lo)/(hi-lo)*float64(cb.Height())))
		r.SetStrokeColor(colorAxis)
		r.SetStrokeWidth(1)
		r.MoveTo(cb.Left, y)
		r.LineTo(cb.Right, y)
		r.Stroke()
		r.ResetStyle()
	}
}

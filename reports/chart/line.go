package chart

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Line is a time series drawn as a line, for example concurrent endpoints
// over a year (daily peak) with the record day marked.
//
// Points need not be sorted; NaN and ±Inf values are dropped, and where the
// time between two points is more than 1.5 times the series' typical step the
// line breaks, so missing days show as a hole rather than a straight bridge.
// A point standing alone between holes is drawn as a dot.
type Line struct {
	Title, YLabel string
	Points        []Point
	// Mark, when set and finite, is drawn as a dot with MarkLabel beside it.
	Mark *Point
	// Width and Height are in pixels; zero means 800×400.
	Width, Height int
	// Loc is the time zone of the month ticks; nil means UTC.
	Loc *time.Location
	// Months are 12 month abbreviations for the x tick labels in the
	// report's language; nil means English.
	Months []string

	// From and To, when set, widen the x axis to at least this period
	// (e.g. the whole year), so that missing months show as empty space
	// instead of a shorter axis.
	From, To time.Time

	// Name, when set, names the line in a legend above the chart.
	Name string
	// YFormat formats Y tick labels and the default mark label; nil means
	// English separators with the decimals the tick step needs.
	YFormat func(float64) string
	// DayLabel formats a day for x ticks of short series (under 45 days)
	// and the default mark label; nil means "2 Jan" with Months.
	DayLabel func(time.Time) string
	// MarkLabel is the text beside the mark; empty means
	// "YFormat(value) (DayLabel(time))".
	MarkLabel string
	// NoData is shown when no point has a usable value; empty means "no data".
	NoData string
}

// SVG writes the chart as a standalone SVG document. It writes nothing and
// returns an error naming the chart if the chart cannot be drawn.
func (c Line) SVG(w io.Writer) error {
	if err := safeSVG(c.chart, w); err != nil {
		return fmt.Errorf("line chart %q: %w", c.Title, err)
	}
	return nil
}

// chart builds the go-chart frame; render draws it.
func (c Line) chart() (gochart.Chart, error) {
	width, height, err := size(c.Width, c.Height)
	if err != nil {
		return gochart.Chart{}, err
	}
	months := c.Months
	if months == nil {
		months = englishMonths
	}
	if len(months) != 12 {
		return gochart.Chart{}, fmt.Errorf("months: want 12 names, have %d", len(months))
	}
	loc := c.Loc
	if loc == nil {
		loc = time.UTC
	}
	day := c.DayLabel
	if day == nil {
		day = func(t time.Time) string { return fmt.Sprintf("%d %s", t.Day(), months[t.Month()-1]) }
	}

	top := 45
	if c.Name != "" {
		top = 60
	}
	frame, err := base(c.Title, c.YLabel, width, height, top)
	if err != nil {
		return gochart.Chart{}, err
	}
	pts := clean(c.Points)
	var mark *Point
	if c.Mark != nil && finite(c.Mark.Value) {
		mark = c.Mark
	}
	if len(pts) == 0 { // a mark alone is no data either
		return noData(frame, escape(orDefault(c.NoData, DefaultNoData))), nil
	}

	// Ranges over the points and the mark.
	all := pts
	if mark != nil {
		all = append(append([]Point{}, pts...), *mark)
	}
	t0, t1 := all[0].Time, all[0].Time
	lo, hi := all[0].Value, all[0].Value
	for _, p := range all {
		if p.Time.Before(t0) {
			t0 = p.Time
		}
		if p.Time.After(t1) {
			t1 = p.Time
		}
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	if !c.From.IsZero() && c.From.Before(t0) {
		t0 = c.From
	}
	if !c.To.IsZero() && c.To.After(t1) {
		t1 = c.To
	}
	if t1.Sub(t0) < time.Minute { // one instant, or too short for float seconds
		t0, t1 = t0.Add(-12*time.Hour), t1.Add(12*time.Hour)
	}
	yt, yf, err := yScale(lo, hi, c.YFormat)
	if err != nil {
		return gochart.Chart{}, err
	}
	frame.YAxis.Ticks = yt
	frame.YAxis.GridLines = gridLines(yt)
	frame.YAxisSecondary = gochart.HideYAxis()
	frame.XAxis.Ticks, frame.XAxis.TickPosition = timeTicks(t0.In(loc), t1.In(loc), months, day)

	line := lineSeries{seriesBase: seriesBase{name: c.Name, style: gochart.Style{StrokeColor: colorBlue, StrokeWidth: 2}}}
	line.runs = runs(pts)
	frame.Series = []gochart.Series{line}
	if c.Name != "" {
		frame.Elements = append(frame.Elements, legend([]string{escape(c.Name)}, []drawing.Color{colorBlue}))
	}
	if mark != nil {
		label := c.MarkLabel
		if label == "" {
			label = fmt.Sprintf("%s (%s)", yf(mark.Value), day(mark.Time.In(loc)))
		}
		frame.Series = append(frame.Series, markSeries{at: xy{unix(mark.Time), mark.Value}, label: escape(label)})
	}
	return frame, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// unix is a time as float seconds, the line chart's x unit.
func unix(t time.Time) float64 { return float64(t.Unix()) + float64(t.Nanosecond())/1e9 }

// runs splits sorted points where the step exceeds 1.5 times the typical step.
func runs(pts []Point) [][]xy {
	if len(pts) == 0 {
		return nil
	}
	limit := gapLimit(pts)
	var out [][]xy
	cur := []xy{{unix(pts[0].Time), pts[0].Value}}
	for i := 1; i < len(pts); i++ {
		if limit > 0 && pts[i].Time.Sub(pts[i-1].Time) > limit {
			out = append(out, cur)
			cur = nil
		}
		cur = append(cur, xy{unix(pts[i].Time), pts[i].Value})
	}
	return append(out, cur)
}

// gridLines puts a grid line on every inner tick.
func gridLines(ticks []gochart.Tick) []gochart.GridLine {
	var gl []gochart.GridLine
	for _, t := range ticks {
		gl = append(gl, gochart.GridLine{Value: t.Value})
	}
	return gl
}

// timeTicks returns x ticks from t0 to t1 (both in the chart's zone). From
// 45 days on, ticks sit on month boundaries (or every few months, or years,
// so that at most ~14 labels show) with the name centred between them;
// shorter spans get day ticks labelled under the tick. The ends are always
// ticks, since go-chart takes the x range from the ticks.
func timeTicks(t0, t1 time.Time, months []string, day func(time.Time) string) ([]gochart.Tick, gochart.TickPosition) {
	if t1.Sub(t0) < 45*24*time.Hour {
		return dayTicks(t0, t1, day), gochart.TickPositionUnderTick
	}
	every := monthStep(monthIndex(t1) - monthIndex(t0))
	multiYear := t0.Year() != t1.Year()
	label := func(t time.Time) string {
		switch {
		case every >= 12:
			return strconv.Itoa(t.Year())
		case multiYear && t.Month() == time.January:
			return escape(fmt.Sprintf("%s %d", months[0], t.Year()))
		default:
			return escape(months[t.Month()-1])
		}
	}
	// Interval starts: month boundaries strictly inside (t0, t1) whose index
	// is a multiple of every.
	first := monthIndex(t0)/every*every + every
	ticks := []gochart.Tick{{Value: unix(t0)}}
	prev := t0
	for k := first; ; k += every {
		s := time.Date(k/12, time.Month(k%12+1), 1, 0, 0, 0, 0, t0.Location())
		end := s
		if !s.Before(t1) {
			end = t1
		}
		// The block the interval belongs to, e.g. the whole month.
		b := monthIndex(prev) / every * every
		block := time.Date(b/12, time.Month(b%12+1), 1, 0, 0, 0, 0, t0.Location())
		nominal := block.AddDate(0, every, 0).Sub(block)
		lbl := ""
		if float64(end.Sub(prev)) >= 0.4*float64(nominal) { // label if 40% shows
			lbl = label(block)
		}
		ticks = append(ticks, gochart.Tick{Value: unix(end), Label: lbl})
		if !s.Before(t1) {
			return ticks, gochart.TickPositionBetweenTicks
		}
		prev = s
	}
}

// monthStep is how many months one x label covers for a span of n months:
// 1, 2, 3 or 6 months, or 1, 2 or 5 times a power of ten years.
func monthStep(n int) int {
	for _, s := range []int{1, 2, 3, 6} {
		if n/s <= 14 {
			return s
		}
	}
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			if y := m * mag; n/(y*12) <= 14 {
				return y * 12
			}
		}
	}
}

func monthIndex(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

// dayTicks labels local midnights between t0 and t1, every day or every
// few days so that at most ~8 show.
func dayTicks(t0, t1 time.Time, day func(time.Time) string) []gochart.Tick {
	days := int(t1.Sub(t0).Hours()/24) + 1
	step := 14
	for _, s := range []int{1, 2, 7} {
		if days/s <= 8 {
			step = s
			break
		}
	}
	ticks := []gochart.Tick{{Value: unix(t0)}}
	d := time.Date(t0.Year(), t0.Month(), t0.Day(), 0, 0, 0, 0, t0.Location())
	if d.Equal(t0) {
		ticks[0].Label = escape(day(d))
	}
	for d = d.AddDate(0, 0, 1); d.Before(t1); d = d.AddDate(0, 0, step) {
		ticks = append(ticks, gochart.Tick{Value: unix(d), Label: escape(day(d))})
	}
	return append(ticks, gochart.Tick{Value: unix(t1)})
}

// gapLimit is 1.5 times the median step between sorted points; zero when
// there are fewer than two points.
func gapLimit(pts []Point) time.Duration {
	step := medianStep(pts)
	return step + step/2
}

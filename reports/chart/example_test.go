package chart_test

import (
	"fmt"
	"io"
	"time"

	"github.com/bbbkit/bbbkit/reports/chart"
)

// A year of daily peaks with the record day marked, labelled in German.
func ExampleLine() {
	loc, _ := time.LoadLocation("Europe/Berlin")
	var peaks []chart.Point
	for d := 0; d < 365; d++ {
		peaks = append(peaks, chart.Point{Time: time.Date(2021, 1, 1+d, 0, 0, 0, 0, loc), Value: float64(300 + d)})
	}
	record := peaks[len(peaks)-1]
	c := chart.Line{
		Title:     "Gleichzeitige Teilnehmende 2021",
		YLabel:    "Endpunkte",
		Points:    peaks,
		Mark:      &record,
		MarkLabel: "Rekord: 664 am 31.12.",
		Loc:       loc,
		Months:    []string{"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"},
		YFormat:   func(v float64) string { return chart.FormatThousands(v, ".") },
	}
	if err := c.SVG(io.Discard); err != nil { // a file beside index.de.md in the report
		fmt.Println(err)
	}
	// Output:
}

// Traffic per month, out and in, with a legend.
func ExampleBars() {
	c := chart.Bars{
		Title:  "Traffic per month 2021",
		YLabel: "TB",
		Labels: []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		Series: []chart.BarSeries{
			{Name: "out", Values: []float64{9.1, 8.2, 7.4, 8, 6.3, 5, 4.1, 4, 7.2, 9.3, 10.4, 11.9}},
			{Name: "in", Values: []float64{1, 0.9, 0.8, 0.9, 0.6, 0.5, 0.4, 0.4, 0.7, 0.9, 1.1, 1.3}},
		},
	}
	if err := c.SVG(io.Discard); err != nil {
		fmt.Println(err)
	}
	// Output:
}

// Describe gives the story of a series for alt text, in no language.
func ExampleDescribe() {
	day := func(d int) time.Time { return time.Date(2021, 1, 1+d, 0, 0, 0, 0, time.UTC) }
	var pts []chart.Point
	for d := 0; d < 365; d++ {
		v := 200.0 // a quiet first half
		if d >= 180 {
			v = 200 + float64(d-180)*4 // then a steady climb
		}
		if d >= 60 && d < 70 {
			continue // ten days without data
		}
		pts = append(pts, chart.Point{Time: day(d), Value: v})
	}
	s := chart.Describe(pts)
	fmt.Println("points:", s.Points, "max:", s.Max.Value, "on", s.Max.Time.Format("2 Jan"))
	for _, g := range s.Segments {
		fmt.Printf("%s from %s to %s\n", g.Trend, g.From.Time.Format("2 Jan"), g.To.Time.Format("2 Jan"))
	}
	for _, g := range s.Gaps {
		fmt.Printf("no data from %s to %s\n", g[0].Format("2 Jan"), g[1].Format("2 Jan"))
	}
	// Output:
	// points: 355 max: 936 on 31 Dec
	// flat from 1 Jan to 30 Jun
	// rising from 30 Jun to 31 Dec
	// no data from 2 Mar to 11 Mar
}

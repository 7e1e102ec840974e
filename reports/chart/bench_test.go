package chart

import (
	"io"
	"testing"
)

// Run with go test -run '^$' -bench . ./reports/chart/

func BenchmarkLineYear(b *testing.B) {
	loc := berlin(b)
	year := semesterYear(loc, 2021)
	rec := peak(year)
	c := Line{Title: "Concurrent endpoints", YLabel: "endpoints", Points: year, Mark: &rec, Loc: loc}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.SVG(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLineYearCold is BenchmarkLineYear without the shared text
// measurement cache, as for the first chart a process draws.
func BenchmarkLineYearCold(b *testing.B) {
	loc := berlin(b)
	year := semesterYear(loc, 2021)
	rec := peak(year)
	c := Line{Title: "Concurrent endpoints", YLabel: "endpoints", Points: year, Mark: &rec, Loc: loc}
	b.ReportAllocs()
	for b.Loop() {
		measuresMu.Lock()
		clear(measures)
		measuresMu.Unlock()
		if err := c.SVG(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBarsMonths(b *testing.B) {
	out, in := make([]float64, 12), make([]float64, 12)
	for i := range out {
		out[i], in[i] = float64(5+i%4), float64(1+i%3)/2
	}
	c := Bars{Title: "Traffic", YLabel: "TB", Labels: englishMonths, Series: []BarSeries{{"out", out}, {"in", in}}}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.SVG(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDescribeYear(b *testing.B) {
	year := semesterYear(berlin(b), 2021)
	b.ReportAllocs()
	for b.Loop() {
		Describe(year)
	}
}

func BenchmarkDescribePeaksYear(b *testing.B) {
	year := semesterYear(berlin(b), 2021)
	b.ReportAllocs()
	for b.Loop() {
		DescribePeaks(year)
	}
}

package chart

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// decodePoints turns fuzz bytes into points: each 10 bytes are a signed
// 16-bit hour offset from 1 January 2021 and the bits of a float64, so the
// fuzzer reaches NaN, ±Inf, huge, tiny and negative values and any order.
func decodePoints(data []byte) []Point {
	base := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	var pts []Point
	for len(data) >= 10 {
		h := int16(binary.LittleEndian.Uint16(data))
		v := math.Float64frombits(binary.LittleEndian.Uint64(data[2:]))
		pts = append(pts, Point{base.Add(time.Duration(h) * time.Hour), v})
		data = data[10:]
	}
	return pts
}

// encodePoints is decodePoints' inverse, for seeds.
func encodePoints(pts []Point) []byte {
	base := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	var b []byte
	for _, p := range pts {
		b = binary.LittleEndian.AppendUint16(b, uint16(int16(p.Time.Sub(base)/time.Hour)))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.Value))
	}
	return b
}

func fuzzSeeds(f *testing.F) {
	day := func(d int, v float64) Point { return Point{time.Date(2021, 1, 1+d, 0, 0, 0, 0, time.UTC), v} }
	f.Add([]byte{})
	f.Add(encodePoints([]Point{day(0, 1)}))
	f.Add(encodePoints([]Point{day(0, 0), day(1, 0), day(2, 0)}))
	f.Add(encodePoints([]Point{day(3, 5), day(1, math.NaN()), day(2, math.Inf(1)), day(2, -7), day(0, 1e300)}))
	f.Add(encodePoints([]Point{day(0, -math.MaxFloat64), day(1, math.MaxFloat64), day(9, math.SmallestNonzeroFloat64)}))
	f.Add(encodePoints(semesterYear(time.UTC, 2021)[:120]))
}

func FuzzDescribe(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		pts := decodePoints(data)
		s := Describe(pts)
		checkShape(t, s)
		if s.Points > len(pts) {
			t.Fatalf("%d points from %d", s.Points, len(pts))
		}
		p := DescribePeaks(pts)
		checkShape(t, p)
		if p.Points != s.Points || p.Min != s.Min || p.Max != s.Max || len(p.Gaps) != len(s.Gaps) {
			t.Fatalf("DescribePeaks and Describe disagree on the raw series: %+v, %+v", p, s)
		}
	})
}

func FuzzLineSVG(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		pts := decodePoints(data)
		var mark *Point
		if len(pts) > 0 {
			mark = &pts[len(pts)-1]
		}
		var buf bytes.Buffer
		if err := (Line{Title: "fuzz", Points: pts, Mark: mark}).SVG(&buf); err != nil {
			if buf.Len() != 0 {
				t.Fatal("wrote output despite an error")
			}
			return
		}
		checkSVG(t, buf.Bytes())
	})
}

func FuzzBarsSVG(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		// The same points read as two series of values, one label each.
		pts := decodePoints(data)
		n := len(pts) / 2
		text := string(data[:min(len(data), 12)]) // any bytes as text, too
		c := Bars{Title: text, Labels: make([]string, n), Series: []BarSeries{{Name: text}, {Name: "in"}}}
		for i := 0; i < n; i++ {
			c.Labels[i] = time.Month(i%12 + 1).String()[:3]
			c.Series[0].Values = append(c.Series[0].Values, pts[2*i].Value)
			c.Series[1].Values = append(c.Series[1].Values, pts[2*i+1].Value)
		}
		var buf bytes.Buffer
		if err := c.SVG(&buf); err != nil {
			if buf.Len() != 0 {
				t.Fatal("wrote output despite an error")
			}
			return
		}
		checkSVG(t, buf.Bytes())
	})
}

// TestFuzzCorpus writes the seeds above as files under testdata/fuzz with
// -update, so the corpus lives beside the code; otherwise it checks that
// every seed file is still decodable.
func TestFuzzCorpus(t *testing.T) {
	seeds := [][]byte{
		encodePoints(semesterYear(time.UTC, 2021)[100:130]),
		encodePoints([]Point{{time.Date(2021, 3, 28, 1, 0, 0, 0, time.UTC), math.Inf(-1)}, {time.Date(2021, 3, 28, 2, 0, 0, 0, time.UTC), 0}}),
	}
	for _, name := range []string{"FuzzDescribe", "FuzzLineSVG", "FuzzBarsSVG"} {
		dir := filepath.Join("testdata", "fuzz", name)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for i, s := range seeds {
				body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", s)
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%d", i)), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		files, err := filepath.Glob(filepath.Join(dir, "*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no seed corpus in %s (run with -update): %v", dir, err)
		}
	}
}

package bbbapi_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/bbbkit/bbbkit/collectors/bbbapi"
	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
	"github.com/bbbkit/bbbkit/internal/cputime"
)

// load500 is the benchmark load: 500 meetings with 10,000 attendees.
func load500() []byte { return bbbtest.MeetingsXML(bbbtest.Generate(500, 10000)) }

// BenchmarkParse500 measures the CPU of reducing one getMeetings answer of 500 meetings and
// 10,000 attendees to a Summary (no network).
func BenchmarkParse500(b *testing.B) {
	body := load500()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	cpu := cputime.Self()
	for b.Loop() {
		s, err := bbbapi.Parse(bytes.NewReader(body))
		if err != nil || s.Endpoints != 10000 {
			b.Fatalf("Parse: %+v, %v", s, err)
		}
	}
	cputime.Report(b, cpu)
}

// BenchmarkParse500Compact is the same answer without indentation, as bbb-web sends it
// (its template is wrapped in FreeMarker's <#compress>).
func BenchmarkParse500Compact(b *testing.B) {
	lines := bytes.Split(load500(), []byte("\n"))
	for i := range lines {
		lines[i] = bytes.TrimLeft(lines[i], " ")
	}
	body := bytes.Join(lines, []byte("\n"))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	cpu := cputime.Self()
	for b.Loop() {
		s, err := bbbapi.Parse(bytes.NewReader(body))
		if err != nil || s.Endpoints != 10000 {
			b.Fatalf("Parse: %+v, %v", s, err)
		}
	}
	cputime.Report(b, cpu)
}

// BenchmarkGetMeetings500Loopback is the same answer fetched from the stand-in over loopback.
func BenchmarkGetMeetings500Loopback(b *testing.B) {
	srv := bbbtest.New(b, "bench-secret")
	srv.SetBody(string(load500()))
	c, err := bbbapi.New(bbbapi.Config{APIURL: srv.URL(), Secret: "bench-secret"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := cputime.Self()
	for b.Loop() {
		r, err := c.GetMeetings(context.Background())
		if err != nil || r.Endpoints != 10000 {
			b.Fatalf("GetMeetings: %+v, %v", r, err)
		}
	}
	cputime.Report(b, cpu) // the stand-in's share included
}

package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
	"github.com/bbbkit/bbbkit/internal/cputime"
)

// memStore records appends.
type historySample = history.Sample

type memStore struct {
	samples map[string][]history.Sample
	calls   int
}

func newMem() *memStore { return &memStore{samples: map[string][]history.Sample{}} }

func (m *memStore) Append(node string, s ...history.Sample) error {
	m.calls++
	m.samples[node] = append(m.samples[node], s...)
	return nil
}

func TestImportCSV(t *testing.T) {
	in := "node,time,endpoints,transmit_bytes,receive_bytes\n" +
		"a,2025-01-01T00:00:00Z,3,100,10\n" +
		"b,2025-01-01T01:00:00+01:00,4,200,20\n" +
		"a,2025-01-01T00:01:00.7Z,5,300,30\n"
	m := newMem()
	st, err := ImportCSV(context.Background(), m, strings.NewReader(in), "s.csv", 0)
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != 3 || st.Samples != 3 || st.Nodes != 2 {
		t.Errorf("stats %+v", st)
	}
	a := m.samples["a"]
	if len(a) != 2 || a[1].Endpoints != 5 || a[1].TransmitBytes != 300 || a[1].ReceiveBytes != 30 ||
		!a[1].Time.Equal(time.Date(2025, 1, 1, 0, 1, 0, 0, time.UTC)) {
		t.Errorf("a: %+v", a)
	}
	if b := m.samples["b"]; len(b) != 1 || !b[0].Time.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("b: %+v", b)
	}
}

// TestImportCSVLenientForms takes what spreadsheets and Prometheus exports write for the same
// values: a space for the T, floats that are whole numbers, CRLF line ends.
func TestImportCSVLenientForms(t *testing.T) {
	in := "time,node,endpoints,transmit_bytes,receive_bytes\r\n" +
		"2025-01-01 00:00:00Z,a,3.0,1.5e+09,10\r\n" +
		"2025-01-01t00:01:00z,a, 5 ,300,3E1\r\n"
	m := newMem()
	if _, err := ImportCSV(context.Background(), m, strings.NewReader(in), "s.csv", 0); err != nil {
		t.Fatal(err)
	}
	a := m.samples["a"]
	if len(a) != 2 || a[0].Endpoints != 3 || a[0].TransmitBytes != 1500000000 || a[1].Endpoints != 5 || a[1].ReceiveBytes != 30 ||
		!a[1].Time.Equal(time.Date(2025, 1, 1, 0, 1, 0, 0, time.UTC)) {
		t.Errorf("a: %+v", a)
	}
}

func TestImportCSVBatches(t *testing.T) {
	var b strings.Builder
	b.WriteString("time,node,endpoints,transmit_bytes,receive_bytes\n")
	for i := range 25 {
		fmt.Fprintf(&b, "2025-01-01T00:%02d:00Z,n%d,1,1,1\n", i, i%2)
	}
	m := newMem()
	st, err := ImportCSV(context.Background(), m, strings.NewReader(b.String()), "s.csv", 5)
	if err != nil {
		t.Fatal(err)
	}
	if st.Samples != 25 || len(m.samples["n0"]) != 13 || len(m.samples["n1"]) != 12 || m.calls != 6 {
		t.Errorf("stats %+v, calls %d", st, m.calls)
	}
}

func TestImportCSVErrors(t *testing.T) {
	const h = "time,node,endpoints,transmit_bytes,receive_bytes\n"
	const ok = "2025-01-01T00:00:00Z,a,1,2,3\n"
	for _, c := range []struct{ in, want string }{
		{"", "s.csv: empty file, want the header time,node,endpoints,transmit_bytes,receive_bytes"},
		{h, "s.csv: no rows after the header"},
		{"2025-01-01T00:00:00Z,a,1,2,3\n", `s.csv:1: unknown column "2025-01-01T00:00:00Z"; want the header time,node,endpoints,transmit_bytes,receive_bytes`},
		{"time,node,endpoints,transmit_bytes\n", `s.csv:1: column "receive_bytes" missing; want the header time,node,endpoints,transmit_bytes,receive_bytes`},
		{"time,node,node,endpoints,transmit_bytes,receive_bytes\n", `s.csv:1: column "node" given twice`},
		{h + ok + "2025-01-01 00:01:00,a,1,2,3\n", `s.csv:3:1: time: want an RFC 3339 time such as 2025-01-31T14:05:00Z, got "2025-01-01 00:01:00"`},
		{h + ok + "2025-01-01T00:01:00Z,,1,2,3\n", "s.csv:3:22: node: empty"},
		{h + ok + "2025-01-01T00:01:00Z,Max Mustermann,1,2,3\n", `s.csv:3:22: node: node "Max Mustermann": want a host name (letters, digits, '.', '-', ':', at most 253)`},
		{h + ok + "2025-01-01T00:01:00Z,a,-1,2,3\n", `s.csv:3:24: endpoints: want a whole number of 0 or more, or nothing when unknown, got "-1"`},
		{h + ok + "2025-01-01T00:01:00Z,a,1,2.5,3\n", `s.csv:3:26: transmit_bytes: want a whole number of bytes, got "2.5"`},
		{h + ok + "2025-01-01T00:01:00Z,a,1,2,\n", `s.csv:3:28: receive_bytes: want a whole number of bytes, got ""`},
		{h + ok + "2025-01-01T00:01:00Z,a,1e10,2,3\n", `s.csv:3:24: endpoints: want a whole number of 0 or more, or nothing when unknown, got "1e10"`},
		{h + ok + "2025-01-01T00:01:00Z,a,1,NaN,3\n", `s.csv:3:26: transmit_bytes: want a whole number of bytes, got "NaN"`},
		{h + ok + "2025-01-01 00:01:00,a,1,2,3\n", `s.csv:3:1: time: want an RFC 3339 time such as 2025-01-31T14:05:00Z, got "2025-01-01 00:01:00"`},
		{h + ok + "2025-01-01T00:01:00Z,a,1,2\n", "s.csv:3: 4 fields, want 5 (time,node,endpoints,transmit_bytes,receive_bytes)"},
		{h + ok + "2025-01-01T00:01:00Z,\"a,1,2,3\n", "s.csv:3:31: extraneous or missing \" in quoted-field"},
	} {
		_, err := ImportCSV(context.Background(), newMem(), strings.NewReader(c.in), "s.csv", 0)
		if err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.in, err, c.want)
		}
	}
}

// rowsReader generates a year of one-minute rows for nodes without holding them in memory.
type rowsReader struct {
	start       time.Time
	nodes, rows int
	i           int
	buf         []byte
	names       []string
}

func newRows(nodes, rows int) *rowsReader {
	r := &rowsReader{start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), nodes: nodes, rows: rows}
	r.buf = append(r.buf, "time,node,endpoints,transmit_bytes,receive_bytes\n"...)
	for n := range nodes {
		r.names = append(r.names, fmt.Sprintf("bbb%02d.example.org", n+1))
	}
	return r
}

func (r *rowsReader) Read(p []byte) (int, error) {
	for len(r.buf) < len(p) && r.i < r.rows {
		t := r.start.Add(time.Duration(r.i/r.nodes) * time.Minute)
		n := r.i % r.nodes
		r.buf = t.AppendFormat(r.buf, time.RFC3339)
		r.buf = append(r.buf, ',')
		r.buf = append(r.buf, r.names[n]...)
		r.buf = fmt.Appendf(r.buf, ",%d,%d,%d\n", (r.i*7)%500, 1_000_000_000+r.i%1000, 200_000_000+r.i%777)
		r.i++
	}
	if len(r.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.buf)
	r.buf = r.buf[:copy(r.buf, r.buf[n:])]
	return n, nil
}

// BenchmarkImportCSVParse measures parsing alone (no store): rows per second.
func BenchmarkImportCSVParse(b *testing.B) {
	const rows = 1_000_000
	for b.Loop() {
		if _, err := ImportCSV(context.Background(), discard{}, newRows(25, rows), "bench.csv", 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

type discard struct{}

func (discard) Append(string, ...history.Sample) error { return nil }

// BenchmarkImportCSVHistory imports a million rows (25 nodes, 40,000 minutes) into a real history
// file. A year of 25 nodes at one-minute resolution is 13.14 million rows.
func BenchmarkImportCSVHistory(b *testing.B) {
	const rows = 1_000_000
	cpu0 := cputime.Self()
	for b.Loop() {
		h, err := history.Open(filepath.Join(b.TempDir(), "history.db"), history.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ImportCSV(context.Background(), h, newRows(25, rows), "bench.csv", 0); err != nil {
			b.Fatal(err)
		}
		h.Close()
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric((cputime.Self()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// TestCSVSecondExportRefused: the same export imported twice replaces itself; a second export of the
// same span at other seconds is refused, never added twice.
func TestCSVSecondExportRefused(t *testing.T) {
	h, err := history.Open(filepath.Join(t.TempDir(), "h.db"), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	first := "time,node,endpoints,transmit_bytes,receive_bytes\n2025-03-01T10:00:00Z,bbb1,5,100,10\n2025-03-01T10:01:00Z,bbb1,6,100,10\n"
	second := "time,node,endpoints,transmit_bytes,receive_bytes\n2025-03-01T10:00:30Z,bbb1,5,100,10\n2025-03-01T10:01:30Z,bbb1,6,100,10\n"
	for range 2 {
		if _, err := ImportCSV(context.Background(), h, strings.NewReader(first), "a.csv", 0); err != nil {
			t.Fatalf("the same export again: %v", err)
		}
	}
	_, err = ImportCSV(context.Background(), h, strings.NewReader(second), "b.csv", 0)
	if !errors.Is(err, ErrOverlap) || !strings.HasPrefix(err.Error(), "b.csv:2: node bbb1:") {
		t.Fatalf("second export of the same span: got %v, want ErrOverlap at b.csv:2", err)
	}
	var n int
	h.Range("bbb1", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC), func(history.Sample) error { n++; return nil })
	if n != 2 {
		t.Errorf("%d samples, want the first export's 2", n)
	}
}

// TestImportCSVUnknownEndpoints: an empty endpoints field is a node whose BBB API did not answer:
// the sample says so (a gap in the figures, never 0) and keeps its bytes.
func TestImportCSVUnknownEndpoints(t *testing.T) {
	in := "time,node,endpoints,transmit_bytes,receive_bytes\n" +
		"2025-01-01T00:00:00Z,a,3,100,10\n" +
		"2025-01-01T00:01:00Z,a,,200,20\n" +
		"2025-01-01T00:02:00Z,a, ,300,30\n" +
		"2025-01-01T00:03:00Z,a,0,400,40\n"
	m := newMem()
	if _, err := ImportCSV(context.Background(), m, strings.NewReader(in), "s.csv", 0); err != nil {
		t.Fatal(err)
	}
	got := m.samples["a"]
	if len(got) != 4 {
		t.Fatalf("%d samples: %+v", len(got), got)
	}
	for i, want := range []bool{true, false, false, true} {
		if s := got[i]; s.HasMeetings != want || s.Endpoints != [4]uint32{3, 0, 0, 0}[i] || s.TransmitBytes != uint64(100*(i+1)) {
			t.Errorf("row %d: %+v, want HasMeetings %v", i+2, s, want)
		}
	}
}

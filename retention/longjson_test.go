package retention

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// winstonLine is a winston line of about n bytes whose "timestamp" comes
// last, after a message that quotes another date and key.
func winstonLine(n int, ts string) string {
	msg := `SDP \"timestamp\":\"2021-04-18T11:00:00.000Z\" {\"nested\":[1,2]} ` + strings.Repeat("a=candidate 1 udp ", n/18)
	return `{"message":"` + msg + `","level":"info","timestamp":"` + ts + `"}` + "\n"
}

// A JSON line over maxPiece whose time key comes last is dated by that key,
// not joined to the entry before it.
func TestLongWinstonLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sfu.log")
	fresh := `{"message":"fresh","level":"info","timestamp":"2021-04-18T10:00:00.000Z"}` + "\n"
	long := winstonLine(3<<19, "2021-04-10T00:00:00.000Z") // 1.5 MiB, expired
	if len(long) < maxPiece*3/2 {
		t.Fatalf("line of %d bytes", len(long))
	}
	writeFile(t, path, []byte(fresh+long+fresh), testNow)
	r := newRunner(t, testConfig(Source{Name: "sfu", Paths: []string{path}}))
	rep, err := r.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f := rep.Sources[0].Files[0]
	if f.Lines != 3 || f.ExpiredLines != 1 || f.AgeFrom != "timestamps" || f.OldestAgeSeconds != int64(testNow.Sub(mustTime("2021-04-10T00:00:00Z")).Seconds()) {
		t.Errorf("file %+v", f)
	}
	if _, err := r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, []byte(fresh+fresh)) {
		t.Errorf("after run: %d bytes, want the two fresh lines", len(got))
	}

	// A fresh long line is kept whole, an old short one before it removed.
	longFresh := winstonLine(3<<19, "2021-04-18T09:00:00.000Z")
	old := `{"message":"old","level":"info","timestamp":"2021-04-10T00:00:00.000Z"}` + "\n"
	writeFile(t, path, []byte(old+longFresh), testNow)
	if _, err := r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != longFresh {
		t.Errorf("after run: %d bytes, want the long fresh line (%d)", len(got), len(longFresh))
	}
}

// The same through gzip: the long line is found again by decompressing.
func TestLongWinstonLineGzip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sfu.log.1.gz")
	fresh := `{"message":"fresh","level":"info","timestamp":"2021-04-18T10:00:00.000Z"}` + "\n"
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(fresh + winstonLine(3<<19, "2021-04-10T00:00:00.000Z") + fresh))
	zw.Close()
	writeFile(t, path, buf.Bytes(), testNow)
	rep, err := newRunner(t, testConfig(Source{Name: "sfu", Paths: []string{path}})).Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Sources[0].Files[0]; f.Error != "" || f.Lines != 3 || f.ExpiredLines != 1 {
		t.Errorf("file %+v", f)
	}
}

func TestJSONKeyScanner(t *testing.T) {
	c := &tsContext{ref: testNow}
	for _, tc := range []struct {
		in   string
		want string // "" for no time
	}{
		{`{"a":"x","timestamp":"2021-04-10T00:00:00.000Z"}`, "2021-04-10T00:00:00Z"},
		{`{"a":{"timestamp":"2021-04-11T00:00:00Z"},"time":1618012800000}`, "2021-04-10T00:00:00Z"},
		{`{"a":"\"timestamp\":\"2021-04-11T00:00:00Z\""}`, ""},
		{`{"t":{"$date":"2021-04-10T00:00:00.000Z"},"msg":"x"}`, "2021-04-10T00:00:00Z"},
		{`{"msg":"x"}`, ""},
	} {
		s := &jsonKeyScanner{found: map[string][]byte{}}
		for i := 0; i < len(tc.in); i += 3 { // in small pieces
			s.write([]byte(tc.in[i:min(i+3, len(tc.in))]))
		}
		got, ok := s.time(c)
		switch {
		case tc.want == "" && ok:
			t.Errorf("%s: got %s, want none", tc.in, got)
		case tc.want != "" && (!ok || !got.Equal(mustTime(tc.want))):
			t.Errorf("%s: got %s %v, want %s", tc.in, got, ok, tc.want)
		}
	}
}

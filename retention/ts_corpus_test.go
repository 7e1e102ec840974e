package retention

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin on hosts without a zone database

	"golang.org/x/tools/txtar"
)

// TestTimestampCorpus checks the per-line timestamp of real-shaped lines of
// every component (testdata/timestamps.txtar): nginx, bbb-web, akka apps,
// FreeSWITCH, bbb-webrtc-sfu, Kurento, coturn, redis, mongodb, Greenlight,
// syslog and journald.
func TestTimestampCorpus(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/timestamps.txtar")
	if err != nil {
		t.Fatal(err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	c := &tsContext{loc: berlin, ref: time.Date(2021, 4, 16, 0, 0, 0, 0, time.UTC)}
	n := 0
	for _, f := range ar.Files {
		for i, l := range strings.Split(strings.TrimSuffix(string(f.Data), "\n"), "\n") {
			wantText, line, ok := strings.Cut(l, " ")
			if !ok {
				t.Fatalf("%s:%d: no expected time", f.Name, i+1)
			}
			n++
			got, found := lineTime([]byte(line), c)
			if wantText == "-" {
				if found {
					t.Errorf("%s:%d: found %v in a line without a time of its own: %q", f.Name, i+1, got, line)
				}
				continue
			}
			want, err := time.Parse(time.RFC3339Nano, wantText)
			if err != nil {
				t.Fatalf("%s:%d: %v", f.Name, i+1, err)
			}
			if !found || !got.Equal(want) {
				t.Errorf("%s:%d: %q\n got %v (found %v)\nwant %v", f.Name, i+1, line, got, found, want)
			}
		}
	}
	if n < 60 {
		t.Errorf("only %d corpus lines", n)
	}
}

// A winston line (bbb-webrtc-sfu) writes its "timestamp" last, after a
// message that may be kilobytes of SDP: the time is found wherever it is.
func TestTimestampJSONLongMessage(t *testing.T) {
	c := &tsContext{loc: time.UTC, ref: time.Date(2021, 4, 16, 0, 0, 0, 0, time.UTC)}
	sdp := strings.Repeat(`a=candidate:1 1 udp 2130706431 192.0.2.10 52000 typ host\r\n`, 2000)
	line := `{"level":"debug","message":"SDP answer 2021-04-01T00:00:00Z","sdp":"` + sdp + `","timestamp":"2021-04-15T19:15:25.123Z"}`
	got, ok := lineTime([]byte(line), c)
	want := time.Date(2021, 4, 15, 19, 15, 25, 123e6, time.UTC)
	if !ok || !got.Equal(want) {
		t.Errorf("got %v %v, want %v", got, ok, want)
	}
}

func BenchmarkLineTimeJSON(b *testing.B) {
	c := &tsContext{loc: time.UTC, ref: time.Date(2021, 4, 16, 0, 0, 0, 0, time.UTC)}
	line := []byte(`{"level":"info","message":"Media session created","roomId":"72d2a9","userId":"w_abc","mediaSessionId":"0c5d","timestamp":"2021-04-15T19:15:25.123Z"}`)
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		lineTime(line, c)
	}
}

package retention

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var timeUTC = time.UTC

// benchFile writes 100,000 nginx combined lines (a third IPv6, half expired).
func benchFile(b *testing.B) (string, int64) {
	var sb strings.Builder
	for i := range 100000 {
		addr := fmt.Sprintf("192.0.%d.%d", i%256, i%251)
		if i%3 == 0 {
			addr = fmt.Sprintf("2001:db8:%x:%x::%x", i%65536, i%4096, i%999)
		}
		day := 14 + i*3/100000
		fmt.Fprintf(&sb, "%s - - [%02d/Apr/2021:10:00:00 +0000] \"GET /bigbluebutton/api/join?meetingID=m%d HTTP/1.1\" 302 0 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) Chrome/89.0.4389.114 Safari/537.36\"\n", addr, day, i)
	}
	p := filepath.Join(b.TempDir(), "access.log")
	writeFile(b, p, []byte(sb.String()), testNow)
	return p, int64(sb.Len())
}

// BenchmarkAnalyze reads a file as the audit does (every address counted)
// and as a run does (only what it would change).
func BenchmarkAnalyze(b *testing.B) {
	p, size := benchFile(b)
	s, all := maskScrubber(b), redactCounter(b)
	for _, mode := range []struct {
		name string
		all  Counter
	}{{"audit", all}, {"run", nil}} {
		b.Run(mode.name, func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				l, err := openLog(p)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := l.analyze(timeUTC, testNow.Add(-72*3600e9), s, mode.all); err != nil {
					b.Fatal(err)
				}
				l.Close()
			}
		})
	}
}

func BenchmarkWriteFresh(b *testing.B) {
	p, size := benchFile(b)
	s := maskScrubber(b)
	b.SetBytes(size)
	for b.Loop() {
		l, err := openLog(p)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := l.writeFresh(io.Discard, timeUTC, testNow.Add(-72*3600e9), s); err != nil {
			b.Fatal(err)
		}
		l.Close()
	}
}

// Package loggen writes deterministic, realistic nginx access log lines
// for benchmarks of the scrubber and its peers.
package loggen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
)

var (
	paths = []string{
		"/bigbluebutton/api/join?meetingID=random-4711&fullName=x&checksum=3f1c2e0a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e",
		"/html5client/locales/?locale=de-DE",
		"/html5client/sockjs/984/zx1b2c3d/xhr_send",
		"/playback/presentation/2.3/6e35e3b2778883f5db637d7a5dba0a427f692e91-1618514125123?meetingId=6e35",
		"/b/abc-def-ghi",
		"/favicon.ico",
		"/pad/p/g.Kx2Lq8$notes/export/txt",
		"/bigbluebutton/api/getMeetings?checksum=9a8b7c6d5e4f3a2b1c0d",
	}
	agents = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/89.0.4389.114 Safari/537.36",
		"Mozilla/5.0 (X11; Linux x86_64; rv:87.0) Gecko/20100101 Firefox/87.0",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 14_4_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0.3 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 11_2_3) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/89.0.4389.114 Safari/537.36 Edg/89.0.774.68",
	}
	statuses = []string{"200", "200", "200", "302", "304", "404"}
	months   = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// AppendNginxLine appends line number i (0-based) of the deterministic
// stream made by r: nginx "combined" format, every third client an IPv6
// address, the rest IPv4.
func AppendNginxLine(b []byte, r *rand.Rand, i int) []byte {
	if i%3 == 2 {
		b = fmt.Appendf(b, "2a0%x:%x:%x:%x:%x:%x:%x:%x", 1+r.IntN(9), r.IntN(0x10000), r.IntN(0x10000),
			r.IntN(0x10000), r.IntN(0x10000), r.IntN(0x10000), r.IntN(0x10000), r.IntN(0x10000))
	} else {
		b = fmt.Appendf(b, "%d.%d.%d.%d", 1+r.IntN(223), r.IntN(256), r.IntN(256), 1+r.IntN(254))
	}
	sec := 1618514125 + i/50
	b = fmt.Appendf(b, " - - [%02d/%s/2021:%02d:%02d:%02d +0200] \"GET %s HTTP/1.1\" %s %d \"https://bbb.example.org/\" \"%s\"\n",
		1+sec/86400%28, months[sec/86400/28%12], sec/3600%24, sec/60%60, sec%60,
		paths[r.IntN(len(paths))], statuses[r.IntN(len(statuses))], 100+r.IntN(90000), agents[r.IntN(len(agents))])
	return b
}

// New returns the generator's fixed-seed source.
func New() *rand.Rand { return rand.New(rand.NewPCG(2021, 415)) }

// WriteNginx writes n lines (or lines until at least bytes bytes, if
// bytes > 0) to w.
func WriteNginx(w io.Writer, n int, bytes int64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	r := New()
	var line []byte
	var written int64
	for i := 0; bytes > 0 && written < bytes || bytes <= 0 && i < n; i++ {
		line = AppendNginxLine(line[:0], r, i)
		written += int64(len(line))
		if _, err := bw.Write(line); err != nil {
			return fmt.Errorf("write line %s: %w", strconv.Itoa(i+1), err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

package retention

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// FuzzLineTime: no panic; a timestamp found is a real instant between the
// years the formats can name; the ager keeps one time per line.
func FuzzLineTime(f *testing.F) {
	for _, s := range []string{
		`192.0.2.10 - - [15/Apr/2021:21:15:25 +0200] "GET / HTTP/1.1" 200 1`,
		"2021-04-15T21:15:25,470613+02:00 x", "Feb 29 12:00:00 host x", "1234:M 15 Apr 2021 21:15:25.123 *",
		`{"time":1618514125123}`, "1618514125: x", "I, [2021-04-15T21:15:25.1 #1]", "2021/04/15 21:15:25 [error]",
		"2021-04-15T21:15:25-", "[15/Apr/2021:21:15:25 +", "",
		`{"timestamp":"2021-04-15T19:15:25.123Z","t":{"$date":{"$numberLong":"1618514125123"}}}`,
		`{"a":"\"time\":1","__REALTIME_TIMESTAMP":"1618514125123456"`, "__REALTIME_TIMESTAMP=1618514125123456",
		"15-Apr-2021 21:15:25.123 INFO [main]", "1.2.3.4:5 [15/Apr/2021:21:15:25.123] x", "2021-04-15 19:15:25 +0000 x", "2021-04-15 19:15:25.123 UTC [1]",
		"210415  1:46:59 [Note] InnoDB: x", "210415 23:20:01 mysqld_safe", "999999 99:99:99 x", "2021-04-15  8:25:38 1 [Warning]",
	} {
		f.Add(s)
	}
	c := &tsContext{loc: time.UTC, ref: time.Date(2021, 4, 16, 0, 0, 0, 0, time.UTC)}
	lo, hi := plausibleMin, plausibleMax
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := lineTime([]byte(s), c)
		if ok && (got.Before(lo) || !got.Before(hi)) {
			t.Errorf("%q: implausible time %v", s, got)
		}
		n := 0
		var back bytes.Buffer
		err := readLines(strings.NewReader(s), func(piece []byte, _, last bool) error {
			if last {
				n++
			}
			back.Write(piece)
			if bytes.IndexByte(piece, '\n') >= 0 && (!last || bytes.IndexByte(piece, '\n') != len(piece)-1) {
				t.Errorf("piece with an inner newline: %q", piece)
			}
			return nil
		})
		if back.String() != s {
			t.Errorf("pieces do not add up to the input")
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.Count(s, "\n") + map[bool]int{true: 1}[s != "" && !strings.HasSuffix(s, "\n")]; n != want {
			t.Errorf("%q: %d lines, want %d", s, n, want)
		}
	})
}

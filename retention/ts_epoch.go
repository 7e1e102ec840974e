package retention

import (
	"bytes"
	"time"
)

// Epoch timestamps are believed only between these instants: a bare number is
// more often a counter, a PID or an uptime than a time.
var (
	epochMin = time.Date(2001, 9, 9, 0, 0, 0, 0, time.UTC) // 10 digits of seconds
	epochMax = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// findEpochSeconds finds "1618513525: " or "1618513525.123 " at the start of
// a line: Unix seconds. coturn without new-log-timestamp writes the seconds
// since it started ("1892935: session …"), which is no time of day: such
// small numbers are rejected and the line counts as a continuation.
func findEpochSeconds(line []byte, _ *tsContext) (time.Time, int, bool) {
	b := line
	n := 0
	for n < len(b) && n < 11 && isDigit(b[n]) {
		n++
	}
	if n != 10 {
		return time.Time{}, 0, false
	}
	sec, _ := digits(b, 0, 10)
	ns, f := fraction(b, 10)
	if f > 0 && b[10] == ',' {
		return time.Time{}, 0, false
	}
	j := 10 + f
	if j < len(b) && b[j] != ':' && b[j] != ' ' && b[j] != '\t' {
		return time.Time{}, 0, false
	}
	t := time.Unix(int64(sec), int64(ns))
	if t.Before(epochMin) || !t.Before(epochMax) {
		return time.Time{}, 0, false
	}
	return t, 0, true
}

// jsonTimeKeys are the keys under which JSON loggers write epoch times: pino
// ("time", milliseconds), and others ("timestamp", "ts", "@timestamp").
var jsonTimeKeys = [][]byte{[]byte(`"time"`), []byte(`"timestamp"`), []byte(`"ts"`), []byte(`"@timestamp"`)}

// findJSONEpoch finds `"time":1618513525123` (milliseconds, 13 digits) or
// `"ts":1618513525.123` (seconds, 10 digits) anywhere in a JSON line.
func findJSONEpoch(line []byte, _ *tsContext) (time.Time, int, bool) {
	if bytes.IndexByte(line, '{') < 0 {
		return time.Time{}, 0, false
	}
	for _, key := range jsonTimeKeys {
		from := 0
		for {
			k := bytes.Index(line[from:], key)
			if k < 0 {
				break
			}
			pos := from + k
			from = pos + len(key)
			if t, ok := jsonEpochValue(line, from); ok {
				return t, pos, true
			}
		}
	}
	return time.Time{}, 0, false
}

// jsonEpochValue parses `: 1618513525123` at b[i:].
func jsonEpochValue(b []byte, i int) (time.Time, bool) {
	for i < len(b) && b[i] == ' ' {
		i++
	}
	if i >= len(b) || b[i] != ':' {
		return time.Time{}, false
	}
	i++
	for i < len(b) && b[i] == ' ' {
		i++
	}
	n := 0
	for i+n < len(b) && isDigit(b[i+n]) {
		n++
	}
	var t time.Time
	switch n {
	case 13:
		ms, _ := digits(b, i, 13)
		t = time.UnixMilli(int64(ms))
	case 10:
		sec, _ := digits(b, i, 10)
		ns, _ := fraction(b, i+10)
		t = time.Unix(int64(sec), int64(ns))
	default:
		return time.Time{}, false
	}
	if t.Before(epochMin) || !t.Before(epochMax) {
		return time.Time{}, false
	}
	return t, true
}

package retention

import (
	"bytes"
	"time"
)

// jsonTopKeys are the keys under which JSON loggers write a line's own time,
// most specific first: winston (bbb-webrtc-sfu) "timestamp", pino "time"
// (epoch milliseconds), logstash and Elastic "@timestamp", zap "ts", mongodb
// 4.4+ "t" ({"$date": …}), journalctl -o json "__REALTIME_TIMESTAMP"
// (microseconds, as a string).
var jsonTopKeys = []string{"timestamp", "time", "@timestamp", "ts", "t", "__REALTIME_TIMESTAMP"}

// findJSONObject finds the time of a line that is a JSON object, by its
// top-level keys only: a date inside the message (a recording's start, a
// nested event) is not the line's time, and winston writes its "timestamp"
// last, after a message that may be kilobytes of SDP. It reports position 0:
// a JSON line's own time key beats any date found by position.
func findJSONObject(line []byte, c *tsContext) (time.Time, bool) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if i >= len(line) || line[i] != '{' {
		return time.Time{}, false
	}
	found := map[string][2]int{} // key → value's [start, end)
	walkTopLevel(line, i, func(key []byte, vs, ve int) {
		for _, k := range jsonTopKeys {
			if string(key) == k {
				if _, dup := found[k]; !dup {
					found[k] = [2]int{vs, ve}
				}
			}
		}
	})
	for _, k := range jsonTopKeys {
		v, ok := found[k]
		if !ok {
			continue
		}
		if t, ok := jsonTimeValue(line[v[0]:v[1]], c, 0); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// walkTopLevel calls fn for every key of the object starting at line[open]
// with the span of its value. It stops at the object's end or the line's;
// malformed JSON just ends the walk.
func walkTopLevel(line []byte, open int, fn func(key []byte, vs, ve int)) {
	depth := 0
	var key []byte
	valueStart := -1
	i := open
	for i < len(line) {
		switch ch := line[i]; ch {
		case '"':
			end := stringEnd(line, i)
			if end < 0 {
				return
			}
			if depth == 1 && valueStart < 0 {
				// A key at the top level when followed by ':'.
				j := end
				for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
					j++
				}
				if j < len(line) && line[j] == ':' {
					key = line[i+1 : end-1]
					j++
					for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
						j++
					}
					valueStart = j
					i = j
					continue
				}
			}
			i = end
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				if valueStart >= 0 {
					fn(key, valueStart, i)
				}
				return
			}
		case ',':
			if depth == 1 && valueStart >= 0 {
				fn(key, valueStart, i)
				valueStart = -1
			}
		}
		i++
	}
}

// stringEnd returns the index just after the JSON string starting at
// line[i] (a quote), or -1 when the line ends inside it.
func stringEnd(line []byte, i int) int {
	for j := i + 1; j < len(line); j++ {
		switch line[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// jsonTimeValue reads a time from a JSON value: an ISO 8601 string, an
// epoch number (seconds, milliseconds, microseconds or nanoseconds, by its
// digits; also quoted, as journald writes it) or mongodb's {"$date": …}.
func jsonTimeValue(v []byte, c *tsContext, depth int) (time.Time, bool) {
	v = bytes.TrimRight(v, " \t\r\n")
	if len(v) == 0 {
		return time.Time{}, false
	}
	switch v[0] {
	case '"':
		if len(v) < 2 || v[len(v)-1] != '"' {
			return time.Time{}, false
		}
		s := v[1 : len(v)-1]
		if t, ok := parseISO(s, 0, c.loc); ok {
			return t, true
		}
		return epochNumber(s)
	case '{':
		if depth > 1 {
			return time.Time{}, false
		}
		var t time.Time
		ok := false
		walkTopLevel(v, 0, func(key []byte, vs, ve int) {
			if !ok && (string(key) == "$date" || string(key) == "$numberLong") {
				t, ok = jsonTimeValue(v[vs:ve], c, depth+1)
			}
		})
		return t, ok
	}
	return epochNumber(v)
}

// epochNumber reads "1618514125", "1618514125.25", "1618514125123" (ms),
// "1618514125123456" (µs) or a 19-digit nanosecond count.
func epochNumber(b []byte) (time.Time, bool) {
	n := 0
	for n < len(b) && isDigit(b[n]) {
		n++
	}
	var t time.Time
	switch v, _ := digits(b, 0, n); {
	case n == 10:
		ns, f := fraction(b, 10)
		if 10+f != len(b) || (f > 0 && b[10] == ',') {
			return time.Time{}, false
		}
		t = time.Unix(int64(v), int64(ns))
	case n != len(b):
		return time.Time{}, false
	case n == 13:
		t = time.UnixMilli(int64(v))
	case n == 16:
		t = time.UnixMicro(int64(v))
	case n == 19:
		t = time.Unix(0, int64(v))
	default:
		return time.Time{}, false
	}
	if t.Before(epochMin) || !t.Before(epochMax) {
		return time.Time{}, false
	}
	return t, true
}

// findJournalExport finds journalctl -o export's "__REALTIME_TIMESTAMP=<µs>".
func findJournalExport(line []byte, _ *tsContext) (time.Time, int, bool) {
	const key = "__REALTIME_TIMESTAMP="
	if !bytes.HasPrefix(line, []byte(key)) {
		return time.Time{}, 0, false
	}
	t, ok := epochNumber(bytes.TrimRight(line[len(key):], "\r\n"))
	return t, 0, ok
}

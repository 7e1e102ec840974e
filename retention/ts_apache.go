package retention

import (
	"bytes"
	"time"
)

// findCtime finds the asctime form "[Fri Nov 27 08:06:28.123456 2026]" in
// brackets, local time: Apache 2.4's error log writes it at the start of a
// line, uwsgi's request log after the request ("... [Fri Nov 27 08:06:28
// 2026] GET / => ..."). The fraction is optional.
func findCtime(line []byte, c *tsContext) (time.Time, int, bool) {
	b := window(line)
	for off := 0; off < len(b); {
		k := bytes.IndexByte(b[off:], '[')
		if k < 0 {
			break
		}
		i := off + k + 1
		if t, ok := parseCtime(b, i, c.loc); ok {
			return t, i, true
		}
		off = i
	}
	return time.Time{}, 0, false
}

// parseCtime parses "Www Mmm dd hh:mm:ss[.frac] yyyy]" at b[i:]; the day
// may be padded with a space ("Nov  7").
func parseCtime(b []byte, i int, loc *time.Location) (time.Time, bool) {
	if i+24 > len(b) || b[i+3] != ' ' || b[i+7] != ' ' || b[i+10] != ' ' {
		return time.Time{}, false
	}
	mo, ok := month(b, i+4)
	if !ok {
		return time.Time{}, false
	}
	d, ok := digits(b, i+8, 2)
	if !ok && b[i+8] == ' ' {
		d, ok = digits(b, i+9, 1)
	}
	if !ok {
		return time.Time{}, false
	}
	h, m, s, ok := clock(b, i+11)
	if !ok {
		return time.Time{}, false
	}
	ns, n := fraction(b, i+19)
	j := i + 19 + n
	if j+6 > len(b) || b[j] != ' ' || b[j+5] != ']' {
		return time.Time{}, false
	}
	y, ok := digits(b, j+1, 4)
	if !ok || !validDate(y, mo, d) {
		return time.Time{}, false
	}
	return time.Date(y, mo, d, h, m, s, ns, loc), true
}

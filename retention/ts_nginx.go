package retention

import (
	"bytes"
	"time"
)

// findNginxAccess finds the common/combined log format's "[15/Apr/2021:21:15:25 +0200]".
func findNginxAccess(line []byte, c *tsContext) (time.Time, int, bool) {
	b := window(line)
	from := 0
	for {
		k := bytes.IndexByte(b[from:], '[')
		if k < 0 {
			return time.Time{}, 0, false
		}
		i := from + k
		from = i + 1
		if t, ok := parseCLF(b, i+1, c.loc); ok {
			return t, i, true
		}
	}
}

// parseCLF parses "15/Apr/2021:21:15:25 +0200" at b[i:], or HAProxy's
// "15/Apr/2021:21:15:25.123" (a fraction, no zone: local time).
func parseCLF(b []byte, i int, loc *time.Location) (time.Time, bool) {
	if i+20 > len(b) || b[i+2] != '/' || b[i+6] != '/' || b[i+11] != ':' {
		return time.Time{}, false
	}
	d, ok1 := digits(b, i, 2)
	mo, ok2 := month(b, i+3)
	y, ok3 := digits(b, i+7, 4)
	if !ok1 || !ok2 || !ok3 || !validDate(y, mo, d) {
		return time.Time{}, false
	}
	h, m, s, ok := clock(b, i+12)
	if !ok {
		return time.Time{}, false
	}
	ns, n := fraction(b, i+20)
	if n > 0 {
		if i+20+n < len(b) && b[i+20+n] == ']' {
			return time.Date(y, mo, d, h, m, s, ns, loc), true
		}
		return time.Time{}, false
	}
	if i+26 > len(b) || b[i+20] != ' ' {
		return time.Time{}, false
	}
	sign := b[i+21]
	zh, ok1 := digits(b, i+22, 2)
	zm, ok2 := digits(b, i+24, 2)
	if (sign != '+' && sign != '-') || !ok1 || !ok2 {
		return time.Time{}, false
	}
	off := (zh*60 + zm) * 60
	if sign == '-' {
		off = -off
	}
	return time.Date(y, mo, d, h, m, s, 0, time.FixedZone("", off)), true
}

// findNginxError finds nginx's error log timestamp "2021/04/15 21:15:25"
// (local time), at the start of the line.
func findNginxError(line []byte, c *tsContext) (time.Time, int, bool) {
	b := line
	if len(b) < 19 || b[4] != '/' || b[7] != '/' || b[10] != ' ' {
		return time.Time{}, 0, false
	}
	y, ok1 := digits(b, 0, 4)
	mo, ok2 := digits(b, 5, 2)
	d, ok3 := digits(b, 8, 2)
	if !ok1 || !ok2 || !ok3 || !validDate(y, time.Month(mo), d) {
		return time.Time{}, 0, false
	}
	h, m, s, ok := clock(b, 11)
	if !ok {
		return time.Time{}, 0, false
	}
	return time.Date(y, time.Month(mo), d, h, m, s, 0, c.loc), 0, true
}

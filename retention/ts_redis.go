package retention

import (
	"bytes"
	"time"
)

// findRedis finds redis' "1234:M 15 Apr 2021 21:15:25.123" (local time): the
// timestamp follows "pid:role " at the start of the line.
func findRedis(line []byte, c *tsContext) (time.Time, int, bool) {
	b := window(line)
	colon := bytes.IndexByte(b, ':')
	if colon < 1 || colon > 10 || colon+3 > len(b) || b[colon+2] != ' ' {
		return time.Time{}, 0, false
	}
	for _, ch := range b[:colon] {
		if !isDigit(ch) {
			return time.Time{}, 0, false
		}
	}
	i := colon + 3
	if i+20 > len(b) || b[i+2] != ' ' || b[i+6] != ' ' || b[i+11] != ' ' {
		return time.Time{}, 0, false
	}
	d, ok1 := digits(b, i, 2)
	mo, ok2 := month(b, i+3)
	y, ok3 := digits(b, i+7, 4)
	if !ok1 || !ok2 || !ok3 || !validDate(y, mo, d) {
		return time.Time{}, 0, false
	}
	h, m, s, ok := clock(b, i+12)
	if !ok {
		return time.Time{}, 0, false
	}
	ns, _ := fraction(b, i+20)
	return time.Date(y, mo, d, h, m, s, ns, c.loc), i, true
}

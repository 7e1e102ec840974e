package retention

import (
	"bytes"
	"time"
)

// findRedis finds redis' "1234:M 15 Apr 2021 21:15:25.123" (local time): the
// timestamp follows "pid:role " at the start of the line.
//
// Redis 3 writes the same without a year ("10493:M 06 Jun 17:57:35.569"),
// redis 2 as "[10493] 06 Jun 17:57:35.569": the year is the latest one that
// does not put the line after its file's last write, as for syslog.
func findRedis(line []byte, c *tsContext) (time.Time, int, bool) {
	b := window(line)
	var i int
	if len(b) > 2 && b[0] == '[' {
		e := bytes.IndexByte(b, ']')
		if e < 2 || e > 11 || e+2 > len(b) || b[e+1] != ' ' || !allDigits(b[1:e]) {
			return time.Time{}, 0, false
		}
		i = e + 2
	} else {
		colon := bytes.IndexByte(b, ':')
		if colon < 1 || colon > 10 || colon+3 > len(b) || b[colon+2] != ' ' || !allDigits(b[:colon]) {
			return time.Time{}, 0, false
		}
		i = colon + 3
	}
	if i+15 <= len(b) && b[i+2] == ' ' && b[i+6] == ' ' && b[i+9] == ':' {
		return redisNoYear(b, i, c)
	}
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

func allDigits(b []byte) bool {
	for _, ch := range b {
		if !isDigit(ch) {
			return false
		}
	}
	return true
}

// redisNoYear parses "06 Jun 17:57:35.569" at b[i:].
func redisNoYear(b []byte, i int, c *tsContext) (time.Time, int, bool) {
	d, ok1 := digits(b, i, 2)
	mo, ok2 := month(b, i+3)
	h, m, s, ok3 := clock(b, i+7)
	if !ok1 || !ok2 || !ok3 {
		return time.Time{}, 0, false
	}
	ns, _ := fraction(b, i+15)
	ref := c.ref.In(c.loc)
	for y := ref.Year(); y >= ref.Year()-8; y-- {
		if !validDate(y, mo, d) {
			continue
		}
		if t := time.Date(y, mo, d, h, m, s, ns, c.loc); !t.After(ref.Add(syslogSlack)) {
			return t, i, true
		}
	}
	return time.Time{}, 0, false
}

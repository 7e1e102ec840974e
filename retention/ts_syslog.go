package retention

import "time"

// syslogSlack tolerates lines stamped a little after their file's mtime
// (clock steps, a daylight-saving hour).
const syslogSlack = time.Hour

// findSyslog finds the traditional syslog timestamp "Apr 15 21:15:25" or
// "Apr  5 21:15:25" (or "Apr 15 21:15:25.123456", journalctl -o
// short-precise) at the start of the line. It has no year: the year is the
// most recent one that does not put the line after the file's mtime (or now).
func findSyslog(line []byte, c *tsContext) (time.Time, int, bool) {
	b := line
	if len(b) < 15 || b[3] != ' ' || b[6] != ' ' {
		return time.Time{}, 0, false
	}
	mo, ok := month(b, 0)
	if !ok {
		return time.Time{}, 0, false
	}
	var d int
	if b[4] == ' ' {
		d, ok = digits(b, 5, 1)
	} else {
		d, ok = digits(b, 4, 2)
	}
	if !ok {
		return time.Time{}, 0, false
	}
	h, m, s, ok := clock(b, 7)
	if !ok {
		return time.Time{}, 0, false
	}
	ns, _ := fraction(b, 15) // journalctl -o short-precise
	ref := c.ref.In(c.loc)
	for y := ref.Year(); y >= ref.Year()-8; y-- {
		if !validDate(y, mo, d) {
			continue // 29 Feb only exists in leap years
		}
		t := time.Date(y, mo, d, h, m, s, ns, c.loc)
		if !t.After(ref.Add(syslogSlack)) {
			return t, 0, true
		}
	}
	return time.Time{}, 0, false
}

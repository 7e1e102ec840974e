package retention

import (
	"bytes"
	"time"
)

// findISO8601 finds "2021-04-15T21:15:25", with T or a space, an optional
// fraction after a dot or a comma, and an optional zone (Z, +02:00, +0200).
// Without a zone the time is local. bbb-web, akka apps, FreeSWITCH, Kurento,
// mongodb, bbb-webrtc-sfu, Greenlight and coturn (new-log-timestamp) write it.
func findISO8601(line []byte, c *tsContext) (time.Time, int, bool) {
	b := window(line)
	from := 0
	for {
		k := bytes.IndexByte(b[from:], '-')
		if k < 0 {
			return time.Time{}, 0, false
		}
		dash := from + k
		from = dash + 1
		start := dash - 4
		if start < 0 || (start > 0 && isDigit(b[start-1])) {
			continue
		}
		if t, ok := parseISO(b, start, c.loc); ok {
			return t, start, true
		}
	}
}

// parseISO parses an ISO 8601 date and time at b[i:].
func parseISO(b []byte, i int, loc *time.Location) (time.Time, bool) {
	if i+19 > len(b) || b[i+4] != '-' || b[i+7] != '-' || (b[i+10] != 'T' && b[i+10] != ' ') {
		return time.Time{}, false
	}
	y, ok1 := digits(b, i, 4)
	mo, ok2 := digits(b, i+5, 2)
	d, ok3 := digits(b, i+8, 2)
	if !ok1 || !ok2 || !ok3 || !validDate(y, time.Month(mo), d) {
		return time.Time{}, false
	}
	h, m, s, ok := clock(b, i+11)
	if !ok {
		return time.Time{}, false
	}
	j := i + 19
	ns, n := fraction(b, j)
	j += n
	zone, ok := isoZone(b, j, loc)
	if !ok {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, m, s, ns, zone), true
}

// isoZone parses an optional zone at b[j:]: Z, ±hh:mm or ±hhmm, also after
// a space (Ruby's "2021-04-15 21:15:25 +0200"), or " UTC" / " GMT"
// (PostgreSQL with log_timezone UTC). Other zone names ("CEST") are
// ambiguous abbreviations: the time is read as local.
func isoZone(b []byte, j int, loc *time.Location) (*time.Location, bool) {
	if j >= len(b) {
		return loc, true
	}
	if b[j] == ' ' && j+1 < len(b) {
		switch {
		case b[j+1] == '+' || b[j+1] == '-':
			if z, ok := isoZone(b, j+1, nil); ok && z != nil {
				return z, true
			}
			return loc, true
		case zoneWord(b, j+1, "UTC"), zoneWord(b, j+1, "GMT"):
			return time.UTC, true
		}
		return loc, true
	}
	switch b[j] {
	case 'Z':
		return time.UTC, true
	case '+', '-':
		h, ok := digits(b, j+1, 2)
		if !ok {
			return loc, true
		}
		k := j + 3
		if k < len(b) && b[k] == ':' {
			k++
		}
		m, ok := digits(b, k, 2)
		if !ok || h > 14 || m > 59 {
			// "-" followed by something else, as in "21:15:25-worker".
			return loc, true
		}
		if k+2 < len(b) && isDigit(b[k+2]) {
			return loc, true // "+02001": no zone
		}
		off := (h*60 + m) * 60
		if b[j] == '-' {
			off = -off
		}
		return time.FixedZone("", off), true
	}
	return loc, true
}

// zoneWord says whether b[i:] is the zone name w, not followed by a letter.
func zoneWord(b []byte, i int, w string) bool {
	if i+len(w) > len(b) || string(b[i:i+len(w)]) != w {
		return false
	}
	k := i + len(w)
	return k == len(b) || !(b[k] >= 'A' && b[k] <= 'Z' || b[k] >= 'a' && b[k] <= 'z')
}

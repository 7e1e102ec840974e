package retention

import (
	"sync"
	"time"
)

// findPHP finds PHP's "[27-Nov-2026 08:06:28]" at the start of a line:
// PHP-FPM's error log (local time, no zone), PHP's error_log ("[27-Nov-2026
// 08:06:28 UTC]", "[27-Nov-2026 08:06:28 Europe/Berlin]") and roundcube's
// logs ("[27-Nov-2026 08:06:28 +0100]"). A zone name or offset is honoured;
// without one the configured zone applies. PHP-FPM's access log writes
// "%t" as nginx does, dated by findNginxAccess.
func findPHP(line []byte, c *tsContext) (time.Time, int, bool) {
	b := window(line)
	if len(b) < 22 || b[0] != '[' || b[3] != '-' || b[7] != '-' || b[12] != ' ' {
		return time.Time{}, 0, false
	}
	d, ok1 := digits(b, 1, 2)
	mo, ok2 := month(b, 4)
	y, ok3 := digits(b, 8, 4)
	if !ok1 || !ok2 || !ok3 || !validDate(y, mo, d) {
		return time.Time{}, 0, false
	}
	h, m, s, ok := clock(b, 13)
	if !ok {
		return time.Time{}, 0, false
	}
	ns, n := fraction(b, 21)
	j := 21 + n
	loc := c.loc
	if j < len(b) && b[j] == ' ' {
		e := j + 1
		for e < len(b) && b[e] != ']' {
			e++
		}
		if e == len(b) {
			return time.Time{}, 0, false
		}
		z, ok := phpZone(b[j+1 : e])
		if !ok {
			return time.Time{}, 0, false
		}
		loc, j = z, e
	}
	if j >= len(b) || b[j] != ']' {
		return time.Time{}, 0, false
	}
	return time.Date(y, mo, d, h, m, s, ns, loc), 1, true
}

// phpZone reads "UTC", "+0100" or an IANA name such as "Europe/Berlin".
func phpZone(z []byte) (*time.Location, bool) {
	if len(z) == 5 && (z[0] == '+' || z[0] == '-') {
		hh, ok1 := digits(z, 1, 2)
		mm, ok2 := digits(z, 3, 2)
		if !ok1 || !ok2 || hh > 23 || mm > 59 {
			return nil, false
		}
		off := (hh*60 + mm) * 60
		if z[0] == '-' {
			off = -off
		}
		return time.FixedZone("", off), true
	}
	if string(z) == "UTC" || string(z) == "GMT" {
		return time.UTC, true
	}
	if v, ok := phpZones.Load(string(z)); ok {
		loc, _ := v.(*time.Location)
		return loc, loc != nil
	}
	loc, err := time.LoadLocation(string(z))
	if err != nil {
		return nil, false
	}
	phpZones.Store(string(z), loc) // a file repeats its zone on every line
	return loc, true
}

// phpZones caches the zones found so far: there are a few hundred at most.
var phpZones sync.Map

package retention

import "time"

// tsWindow bounds how far into a line a positional timestamp is looked for.
const tsWindow = 512

// tsContext is what a timestamp parser may need besides the line.
type tsContext struct {
	// loc is the zone of timestamps that carry none.
	loc *time.Location
	// ref is the latest instant a line can be from (file mtime or now): it
	// settles the year of syslog timestamps.
	ref time.Time
}

// tsFormat finds one log format's timestamp in a line: its instant and its
// offset in the line.
type tsFormat struct {
	name string
	find func(line []byte, c *tsContext) (t time.Time, pos int, ok bool)
}

// tsFormats is the one place where log formats are registered; each lives in
// its own ts_*.go file. When several match, the one nearest the start of the
// line wins: a log line's own timestamp comes before its message. A line
// that is a JSON object is first judged by its top-level time keys
// (findJSONObject, ts_json.go).
var tsFormats = []tsFormat{
	{"rails", findRails},
	{"nginx-access", findNginxAccess},
	{"nginx-error", findNginxError},
	{"iso8601", findISO8601},
	{"syslog", findSyslog},
	{"redis", findRedis},
	{"mysql", findMySQL},
	{"apache-ctime", findCtime},
	{"php", findPHP},
	{"tomcat", findTomcat},
	{"epoch-seconds", findEpochSeconds},
	{"json-epoch", findJSONEpoch},
	{"journal-export", findJournalExport},
}

// Timestamps outside these years are no log line's own (a version, a
// placeholder such as 0000-00-00): they would date a line absurdly.
var (
	plausibleMin = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	plausibleMax = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// futureSlack is how far after its file's last write a line's timestamp may
// lie (a writer in another time zone writing local time without a zone).
// A timestamp beyond it is no time the line was written at: believed, it
// would keep the line for ever.
const futureSlack = 24 * time.Hour

// lineTime returns the timestamp of a line, if it has one.
func lineTime(line []byte, c *tsContext) (time.Time, bool) {
	latest := c.ref.Add(futureSlack)
	plausible := func(t time.Time) bool {
		return !t.Before(plausibleMin) && t.Before(plausibleMax) && !t.After(latest)
	}
	if t, ok := findJSONObject(line, c); ok && plausible(t) {
		return t, true
	}
	var best time.Time
	bestPos := -1
	for _, f := range tsFormats {
		t, pos, ok := f.find(line, c)
		if !ok || !plausible(t) {
			continue
		}
		if bestPos < 0 || pos < bestPos {
			best, bestPos = t, pos
		}
	}
	return best, bestPos >= 0
}

// digits parses n ASCII digits at b[i:].
func digits(b []byte, i, n int) (int, bool) {
	if i < 0 || i+n > len(b) {
		return 0, false
	}
	v := 0
	for _, c := range b[i : i+n] {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// clock parses "hh:mm:ss" at b[i:].
func clock(b []byte, i int) (h, m, s int, ok bool) {
	if i+8 > len(b) || b[i+2] != ':' || b[i+5] != ':' {
		return 0, 0, 0, false
	}
	h, ok1 := digits(b, i, 2)
	m, ok2 := digits(b, i+3, 2)
	s, ok3 := digits(b, i+6, 2)
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || s > 60 {
		return 0, 0, 0, false
	}
	return h, m, s, true
}

// fraction parses an optional [.,]digits at b[i:], returning nanoseconds and
// the bytes used.
func fraction(b []byte, i int) (ns, n int) {
	if i >= len(b) || (b[i] != '.' && b[i] != ',') {
		return 0, 0
	}
	j := i + 1
	scale := 100000000
	for j < len(b) && isDigit(b[j]) {
		ns += int(b[j]-'0') * scale
		scale /= 10
		j++
	}
	if j == i+1 {
		return 0, 0
	}
	return ns, j - i
}

var months = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// month parses a three-letter English month name at b[i:].
func month(b []byte, i int) (time.Month, bool) {
	if i+3 > len(b) {
		return 0, false
	}
	for k, m := range months {
		if b[i] == m[0] && b[i+1] == m[1] && b[i+2] == m[2] {
			return time.Month(k + 1), true
		}
	}
	return 0, false
}

// validDate checks a day exists (time.Date would normalise 31 Feb silently).
func validDate(y int, mo time.Month, d int) bool {
	if d < 1 || d > 31 || mo < 1 || mo > 12 {
		return false
	}
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Day() == d
}

func window(line []byte) []byte {
	if len(line) > tsWindow {
		return line[:tsWindow]
	}
	return line
}

package retention

import "time"

// findMySQL finds the timestamp of the MySQL 5.1/5.5 and MariaDB 5.5/10.0
// error log and of mysqld_safe: "yymmdd hh:mm:ss" at the start of the line,
// the hour space-padded ("150319  1:46:59 [Note] InnoDB: ..."), in local
// time. MySQL 5.7+ and MariaDB 10.1+ write ISO 8601 ("2021-04-15T14:11:33.460465Z
// 0 [Note]", "2021-04-15 10:11:40 0 [Note]"), which findISO8601 reads.
//
// MariaDB 10.0 to 10.3 pad the hour of their ISO form with a space too
// ("2015-10-07  8:25:38 139845235329792 [Warning]"), which is read here.
func findMySQL(line []byte, c *tsContext) (time.Time, int, bool) {
	var y, mo, d, at int
	var ok1, ok2, ok3 bool
	switch {
	case len(line) >= 20 && line[4] == '-' && line[7] == '-' && line[10] == ' ' && line[11] == ' ':
		y, ok1 = digits(line, 0, 4)
		mo, ok2 = digits(line, 5, 2)
		d, ok3 = digits(line, 8, 2)
		at = 11
	case len(line) >= 16 && line[6] == ' ':
		y, ok1 = digits(line, 0, 2)
		mo, ok2 = digits(line, 2, 2)
		d, ok3 = digits(line, 4, 2)
		y += 2000
		at = 7
	default:
		return time.Time{}, 0, false
	}
	if !ok1 || !ok2 || !ok3 || !validDate(y, time.Month(mo), d) || len(line) < at+9 || line[at+8] != ' ' && line[at+8] != '\t' {
		return time.Time{}, 0, false
	}
	b := [8]byte{}
	copy(b[:], line[at:at+8])
	if b[0] == ' ' {
		b[0] = '0' // " 1:46:59"
	}
	h, m, s, ok := clock(b[:], 0)
	if !ok {
		return time.Time{}, 0, false
	}
	return time.Date(y, time.Month(mo), d, h, m, s, 0, c.loc), 0, true
}

package retention

import "time"

// findMySQL finds the timestamp of the MySQL 5.1/5.5 and MariaDB 5.5/10.0
// error log and of mysqld_safe: "yymmdd hh:mm:ss" at the start of the line,
// the hour space-padded ("150319  1:46:59 [Note] InnoDB: ..."), in local
// time. MySQL 5.7+ and MariaDB 10.1+ write ISO 8601 ("2021-04-15T14:11:33.460465Z
// 0 [Note]", "2021-04-15 10:11:40 0 [Note]"), which findISO8601 reads.
func findMySQL(line []byte, c *tsContext) (time.Time, int, bool) {
	if len(line) < 16 || line[6] != ' ' || line[15] != ' ' && line[15] != '\t' {
		return time.Time{}, 0, false
	}
	y, ok1 := digits(line, 0, 2)
	mo, ok2 := digits(line, 2, 2)
	d, ok3 := digits(line, 4, 2)
	if !ok1 || !ok2 || !ok3 || !validDate(2000+y, time.Month(mo), d) {
		return time.Time{}, 0, false
	}
	b := [8]byte{}
	copy(b[:], line[7:15])
	if b[0] == ' ' {
		b[0] = '0' // " 1:46:59"
	}
	h, m, s, ok := clock(b[:], 0)
	if !ok {
		return time.Time{}, 0, false
	}
	return time.Date(2000+y, time.Month(mo), d, h, m, s, 0, c.loc), 0, true
}

package retention

import "time"

// findTomcat finds Tomcat's (java.util.logging OneLineFormatter) timestamp
// "15-Apr-2021 21:15:25.123" (local time) at the start of the line:
// catalina.out of bbb-web up to BBB 2.2 and of other Java web apps.
func findTomcat(line []byte, c *tsContext) (time.Time, int, bool) {
	b := line
	if len(b) < 20 || b[2] != '-' || b[6] != '-' || b[11] != ' ' {
		return time.Time{}, 0, false
	}
	d, ok1 := digits(b, 0, 2)
	mo, ok2 := month(b, 3)
	y, ok3 := digits(b, 7, 4)
	if !ok1 || !ok2 || !ok3 || !validDate(y, mo, d) {
		return time.Time{}, 0, false
	}
	h, m, s, ok := clock(b, 12)
	if !ok {
		return time.Time{}, 0, false
	}
	ns, _ := fraction(b, 20)
	return time.Date(y, mo, d, h, m, s, ns, c.loc), 0, true
}

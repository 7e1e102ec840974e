package retention

import "time"

// findRails finds Ruby's Logger prefix "I, [2021-04-15T21:15:25.123456 #1234]"
// (Greenlight, Scalelite), at the start of the line. The time is local.
func findRails(line []byte, c *tsContext) (time.Time, int, bool) {
	b := window(line)
	if len(b) < 4 || b[1] != ',' || b[2] != ' ' || b[3] != '[' {
		return time.Time{}, 0, false
	}
	switch b[0] {
	case 'D', 'I', 'W', 'E', 'F', 'A', 'U':
	default:
		return time.Time{}, 0, false
	}
	t, ok := parseISO(b, 4, c.loc)
	return t, 0, ok
}

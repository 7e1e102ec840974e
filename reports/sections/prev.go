package sections

// prevWhen qualifies a comparison with the year before when that year was not measured on every
// day: " (measured only from 1 October to 31 December 2020)" when its data covers one run of days,
// " (measured on only 200 of 366 days)" otherwise; empty when every day has data. A year that is
// only partly in the history so never passes for a whole one.
func prevWhen(c *Context) string {
	p := c.Prev
	first, last, with := -1, -1, 0
	for i, d := range p.Days {
		if d.HasData {
			if first < 0 {
				first = i
			}
			last, with = i, with+1
		}
	}
	switch {
	case with == len(p.Days) || with == 0:
		return ""
	case with == last-first+1 && first != last:
		return " " + c.T("prev.span", "span", dayRange(c, p.Days[first].Date, p.Days[last].Date, true))
	}
	return " " + c.T("prev.days", "n", c.Int(int64(with)), "total", c.Int(int64(len(p.Days))))
}

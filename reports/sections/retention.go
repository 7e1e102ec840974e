package sections

// retention states how long logs live and what the measurements keep.
func retention(c *Context, md *Markdown) {
	// Without a retention in the facts the section tells what the measurements hold, and its heading
	// says that, not "how long we keep logs".
	heading := "retention.heading.measurements"
	if c.Facts.LogRetentionDays != nil {
		heading = "retention.heading"
	}
	md.Heading(c.T(heading))
	var days string
	if d := c.Facts.LogRetentionDays; d != nil {
		if *d == 0 {
			days = c.T("retention.zero", "year", c.year())
		} else {
			days = c.Plural("retention.days", *d, "year", c.year())
		}
	}
	measurements := "retention.measurements"
	if !hasTraffic(c) {
		measurements = "retention.measurements.notraffic"
	}
	md.Para(days, c.T(measurements))
}

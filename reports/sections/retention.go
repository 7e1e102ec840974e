package sections

// retention states how long logs live and what the measurements keep.
func retention(c *Context, md *Markdown) {
	md.Heading(c.T("retention.heading"))
	var days string
	if d := c.Facts.LogRetentionDays; d != nil {
		if *d == 0 {
			days = c.T("retention.zero")
		} else {
			days = c.Plural("retention.days", *d)
		}
	}
	md.Para(days, c.T("retention.measurements"))
}

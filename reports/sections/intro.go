package sections

// intro opens the report: what it is and where the figures come from.
func intro(c *Context, md *Markdown) {
	md.Para(c.T("intro", "service", Escape(c.Facts.Service), "year", c.year()))
}

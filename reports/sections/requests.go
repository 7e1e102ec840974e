package sections

import "github.com/bbbkit/bbbkit/reports/i18n"

// requests lists the law-enforcement requests: when, who asked, what was asked for, what we answered.
// The team's words are printed as written, escaped. "No requests" is said only when the facts list
// none (law_enforcement_requests: []), never when they leave the key out.
func requests(c *Context, md *Markdown) {
	f, l := c.Facts, c.Lang
	if f.Requests == nil {
		// The facts are silent: "no requests" would be a claim nobody made.
		return
	}
	md.Heading(c.T("requests.heading"))
	switch len(f.Requests) {
	case 0:
		md.Para(c.T("requests.none", "year", c.year()))
		return
	case 1:
		md.Para(c.T("requests.one", "year", c.year()))
	default:
		md.Para(c.T("requests.other", "year", c.year(), "n", c.Int(int64(len(f.Requests)))))
	}
	withNote := false
	for _, r := range f.Requests {
		withNote = withNote || !r.Note.IsZero()
	}
	header := []string{c.T("table.date"), c.T("table.authority"), c.T("table.requested"), c.T("table.outcome")}
	if withNote {
		header = append(header, c.T("table.note"))
	}
	var rows [][]string
	for _, r := range f.Requests {
		row := []string{i18n.Date(l, r.Day), r.Authority, r.Requested.In(string(l)), c.T("outcome." + string(r.Outcome))}
		if withNote {
			row = append(row, r.Note.In(string(l)))
		}
		rows = append(rows, row)
	}
	md.Table(header, rows, false)
}

package sections

import (
	"strconv"

	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// requests lists the law-enforcement requests: when, who asked, what was asked for, what we answered.
// The team's words are printed as written, escaped. "No requests" is said only when the facts list
// none (law_enforcement_requests: []), never when they leave the key out.
func requests(c *Context, md *Markdown) {
	f := c.Facts
	if f.Requests == nil {
		// The facts are silent: "no requests" would be a claim nobody made.
		return
	}
	md.Heading(c.T("requests.heading"))
	if len(f.Requests) == 0 {
		md.Para(c.T("requests.none", "year", c.year()))
		return
	}
	// "From law enforcement" only while no request names another kind of authority.
	key := "requests"
	for _, r := range f.Requests {
		if r.AuthorityKind != "" && !r.AuthorityKind.LawEnforcement() {
			key = "requests.any"
		}
	}
	md.Para(c.Plural(key, int64(len(f.Requests)), "year", c.year()))
	requestsTable(c, md)
}

// requestsTable lists the requests, one row each; nothing when the facts list none.
func requestsTable(c *Context, md *Markdown) {
	f, l := c.Facts, c.Lang
	if len(f.Requests) == 0 {
		return
	}
	// Each optional column is shown when at least one request fills it.
	var withKind, withType, withAdm, withHanded, withReply, withNote bool
	for _, r := range f.Requests {
		withKind = withKind || r.AuthorityKind != ""
		withType = withType || r.DataType != ""
		withAdm = withAdm || r.Admissible != nil
		withHanded = withHanded || !r.HandedOver.IsZero()
		withReply = withReply || !r.ReplyTime.IsZero()
		withNote = withNote || !r.Note.IsZero()
	}
	header := []string{c.T("table.date"), c.T("table.authority")}
	if withKind {
		header = append(header, c.T("table.kind"))
	}
	header = append(header, c.T("table.requested"))
	if withType {
		header = append(header, c.T("table.datatype"))
	}
	if withAdm {
		header = append(header, c.T("table.admissible"))
	}
	header = append(header, c.T("table.outcome"))
	if withHanded {
		header = append(header, c.T("table.handedover"))
	}
	if withReply {
		header = append(header, c.T("table.replytime"))
	}
	if withNote {
		header = append(header, c.T("table.note"))
	}
	var rows [][]string
	for _, r := range f.Requests {
		date := i18n.Date(l, r.Day)
		if r.MonthOnly {
			date = i18n.MonthName(l, r.Day.Month()) + " " + strconv.Itoa(r.Day.Year())
		}
		row := []string{date, r.Authority}
		if withKind {
			row = append(row, optional(c, "kind.", string(r.AuthorityKind)))
		}
		row = append(row, r.Requested.In(string(l)))
		if withType {
			row = append(row, optional(c, "datatype.", string(r.DataType)))
		}
		if withAdm {
			adm := ""
			if r.Admissible != nil {
				adm = strconv.FormatBool(*r.Admissible)
			}
			row = append(row, optional(c, "admissible.", adm))
		}
		row = append(row, c.T("outcome."+string(r.Outcome)))
		if withHanded {
			row = append(row, r.HandedOver.In(string(l)))
		}
		if withReply {
			row = append(row, replyTime(c, r.ReplyTime))
		}
		if withNote {
			row = append(row, r.Note.In(string(l)))
		}
		rows = append(rows, row)
	}
	md.Table(header, rows, false)
}

// optional is the message prefix+v, or an empty cell when the facts leave v out.
func optional(c *Context, prefix, v string) string {
	if v == "" {
		return ""
	}
	return c.T(prefix + v)
}

// replyTime is when the team answered, in the page's language: a keyword's words, or the team's text.
func replyTime(c *Context, r facts.ReplyTime) string {
	if r.Keyword != "" {
		return c.T("reply." + r.Keyword)
	}
	return r.In(string(c.Lang))
}

package sections

import "github.com/bbbkit/bbbkit/reports/i18n"

// notes prints the team's free paragraphs for the language, if any, as the Markdown they wrote.
func notes(c *Context, md *Markdown) {
	text := c.Facts.Notes.EN
	if c.Lang == i18n.DE {
		text = c.Facts.Notes.DE
	}
	if text == "" {
		return
	}
	md.Heading(c.T("notes.heading"))
	md.TeamMarkdown(text)
}

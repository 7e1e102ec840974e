package sections

import (
	"regexp"
	"strings"
)

var orderedItem = regexp.MustCompile(`^[0-9]{1,9}[.)]( |$)`)

// Markdown collects the report's Markdown: headings, paragraphs, tables and images, each block
// separated by a blank line.
type Markdown struct {
	b strings.Builder
}

func (m *Markdown) block(s string) {
	if m.b.Len() > 0 {
		m.b.WriteString("\n")
	}
	m.b.WriteString(s)
	m.b.WriteString("\n")
}

// Heading writes a second-level heading.
func (m *Markdown) Heading(text string) { m.block("## " + Escape(text)) }

// Para writes the sentences as one paragraph; empty sentences are skipped. Sentences are our own
// text and are not escaped.
func (m *Markdown) Para(sentences ...string) {
	var keep []string
	for _, s := range sentences {
		if s != "" {
			keep = append(keep, s)
		}
	}
	if len(keep) > 0 {
		m.block(strings.Join(keep, " "))
	}
}

// TeamMarkdown writes the team's own Markdown (the notes) as they wrote it, so that links, bold,
// lists and headings render in Hugo, with two things made inert: raw HTML (every "<" is escaped, so
// no tag, comment or autolink passes) and Hugo shortcodes ("{{" is written "{\{"). Hugo and the
// preview both render it with goldmark, which drops javascript: and similar links.
func (m *Markdown) TeamMarkdown(s string) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return
	}
	m.block(teamEscaper.Replace(s))
}

var teamEscaper = strings.NewReplacer("<", `\<`, "{{", `{\{`)

// Table writes a GFM table; cells are escaped. The first column is left-aligned, the others right
// when right is true.
func (m *Markdown) Table(header []string, rows [][]string, right bool) {
	var b strings.Builder
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + Cell(c) + " |")
		}
		b.WriteString("\n")
	}
	row(header)
	b.WriteString("|")
	for i := range header {
		if i > 0 && right {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range rows {
		row(r)
	}
	m.block(strings.TrimSuffix(b.String(), "\n"))
}

// Image writes an image with its alt text.
func (m *Markdown) Image(alt, file string) {
	m.block("![" + Escape(alt) + "](" + file + ")")
}

var escaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`,
	"#", `\#`, "|", `\|`, "!", `\!`, "~", `\~`, "&", `\&`,
)

// Escape makes text safe inside Markdown: every character that could start markup is escaped and
// line breaks become spaces.
func Escape(s string) string {
	// Collapse ASCII white space only: a no-break space between a number and its unit stays.
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f'
	}), " ")
	s = escaper.Replace(s)
	// A line may not start with what reads as a list item or a numbered list.
	if len(s) > 0 && (s[0] == '-' || s[0] == '+' || s[0] == '=') {
		s = `\` + s
	}
	if m := orderedItem.FindStringIndex(s); m != nil {
		dot := strings.IndexAny(s, ".)")
		s = s[:dot] + `\` + s[dot:]
	}
	return s
}

// Cell escapes text for a table cell.
func Cell(s string) string { return Escape(s) }

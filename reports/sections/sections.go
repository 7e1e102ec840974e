// Package sections writes the report's Markdown, one file per section, in the order of List. Every
// section reads the facts and the computed figures and writes sentences from the i18n catalogue; none
// does I/O. Charts are described here and drawn by the caller.
package sections

import (
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
)

// Context is what every section reads, for one language.
type Context struct {
	Lang  i18n.Lang
	Facts *facts.Facts
	// Year holds the figures of the report's year.
	Year *figures.Year
	// Prev holds the year before; nil or without data when the history has none.
	Prev *figures.Year

	charts []Chart
}

// Chart is a chart a section placed in the text; the caller writes it as File beside the Markdown.
type Chart struct {
	// File is the chart's file name in the page bundle, e.g. "endpoints.de.svg": the language code as
	// a dotted suffix makes it a translated resource in Hugo, published with its own language only.
	File string
	// Alt is the short alt text written from the data; the long description follows the image.
	Alt string
	// SVG draws the chart.
	SVG func(w io.Writer) error
}

// Charts lists the charts the sections placed, in order.
func (c *Context) Charts() []Chart { return c.charts }

// place puts a chart into the text as an image with a short alt text (what a sighted reader takes
// from it at a glance), the long description as a paragraph below it for every reader, and lists
// it for the caller to draw, under the file name NAME.LANG.svg.
func (c *Context) place(md *Markdown, name, alt, long string, svg func(w io.Writer) error) {
	file := name + "." + string(c.Lang) + ".svg"
	if !slices.ContainsFunc(c.charts, func(ch Chart) bool { return ch.File == file }) {
		c.charts = append(c.charts, Chart{File: file, Alt: alt, SVG: svg})
	}
	md.Image(alt, file)
	if long != "" {
		md.Para(c.T("chart.long", "text", long))
	}
}

// T is i18n.T in the context's language.
func (c *Context) T(key string, args ...string) string { return i18n.T(c.Lang, key, args...) }

// Plural picks key.one for n == 1 and key.other otherwise, with n formatted as placeholder {n}.
func (c *Context) Plural(key string, n int64, args ...string) string {
	suffix := ".other"
	if n == 1 {
		suffix = ".one"
	}
	return c.T(key+suffix, append(args, "n", i18n.Int(c.Lang, n))...)
}

// Int formats n for the context's language.
func (c *Context) Int(n int64) string { return i18n.Int(c.Lang, n) }

// year formats the report's year (no thousands separator).
func (c *Context) year() string { return itoa(c.Facts.Year) }

// prevYear formats the year before.
func (c *Context) prevYear() string { return itoa(c.Facts.Year - 1) }

// hasPrev says whether the year before has data to compare with.
func (c *Context) hasPrev() bool { return c.Prev != nil && c.Prev.HasData }

// Section is one part of the report.
type Section struct {
	// ID names the section (stable, for tests and anchors).
	ID string
	// Write appends the section's Markdown; a section with nothing to say writes nothing.
	Write func(c *Context, md *Markdown)
}

// List is every section in the order the report shows them.
var List = []Section{
	{"intro", intro},
	{"peak", peak},
	{"traffic", traffic},
	{"money", money},
	{"accounts", accounts},
	{"requests", requests},
	{"retention", retention},
	{"notes", notes},
	{"gaps", gaps},
}

// Render writes every section of List for c's language and returns the Markdown body.
func Render(c *Context) string {
	c.charts = nil
	var md Markdown
	for _, s := range List {
		s.Write(c, &md)
	}
	return strings.TrimSpace(md.b.String()) + "\n"
}

func itoa(n int) string { return strconv.Itoa(n) }

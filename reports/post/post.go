// Package post reads the team's templates of the transparency post, one Markdown file per language,
// and renders them: the team's own words as written, with the report's sections, charts, tables
// and figures put where a placeholder stands. The placeholders form a closed set, checked when a
// template is loaded, so that a typo stops the build with the file and line instead of a gap in
// the post.
package post

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"

	"github.com/bbbkit/bbbkit/reports/i18n"
	"github.com/bbbkit/bbbkit/reports/sections"
)

//go:embed default/report.de.md default/report.en.md
var defaults embed.FS

// FileName is the template's file name for language l: report.de.md, report.en.md.
func FileName(l i18n.Lang) string { return "report." + string(l) + ".md" }

// Template is the post of one language.
type Template struct {
	// Lang is the template's language.
	Lang i18n.Lang
	// Name is the file as given, for error messages.
	Name string
	// Front is the template's own front matter.
	Front Front
	body  *template.Template
	title *template.Template
	desc  *template.Template
	// places are the sections, charts and tables the body places ("chart participants"), for the
	// check that both languages show the same.
	places []string
}

// Set holds a template per language.
type Set map[i18n.Lang]*Template

// Default is the template that ships, embedded: it writes the report as bbbkit always has, every
// section in order, with the report's own introduction.
func Default() Set {
	set := Set{}
	for _, l := range i18n.Langs {
		data, err := defaults.ReadFile("default/" + FileName(l))
		if err != nil {
			panic(err) // embedded
		}
		t, err := Parse("default/"+FileName(l), l, data)
		if err != nil {
			panic(err) // tested
		}
		set[l] = t
	}
	return set
}

// Defaults returns the default templates' files by name, for the team to start from.
func Defaults() map[string][]byte {
	out := map[string][]byte{}
	for _, l := range i18n.Langs {
		data, _ := defaults.ReadFile("default/" + FileName(l))
		out[FileName(l)] = data
	}
	return out
}

// WriteDefaults writes the default templates into dir for the team to edit. It refuses to replace a
// template that exists unless force is set: those are the team's words.
func WriteDefaults(dir string, force bool) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	files := Defaults()
	var written []string
	for _, l := range i18n.Langs {
		path := filepath.Join(dir, FileName(l))
		if _, err := os.Stat(path); err == nil && !force {
			return written, fmt.Errorf("%s exists: it holds your words; remove it first, or pass --force to replace it", path)
		}
		if err := os.WriteFile(path, files[FileName(l)], 0o644); err != nil {
			return written, fmt.Errorf("write %s: %w", path, err)
		}
		written = append(written, path)
	}
	return written, nil
}

// Load reads the templates of langs from dir (report.de.md, report.en.md) and checks them. A language
// of langs without its file is an error: a post meant in one language only is built with --lang.
// Both languages must place the same sections, charts and tables, so that neither post lacks a part.
func Load(dir string, langs []i18n.Lang) (Set, error) {
	set := Set{}
	for _, l := range langs {
		path := filepath.Join(dir, FileName(l))
		data, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: missing: the template of the %s post; write it too (bbbkit-report template writes both), or build with --lang %s if the post is meant in %s only",
				path, langName(l), others(l, langs), langList(langs, l))
		}
		if err != nil {
			return nil, fmt.Errorf("read template: %w", err)
		}
		t, err := Parse(path, l, data)
		if err != nil {
			return nil, err
		}
		set[l] = t
	}
	if err := set.sameParts(); err != nil {
		return nil, err
	}
	return set, nil
}

func langName(l i18n.Lang) string {
	if l == i18n.DE {
		return "German"
	}
	return "English"
}

// others names the languages to build when l is left out.
func others(l i18n.Lang, langs []i18n.Lang) string {
	var out []string
	for _, o := range langs {
		if o != l {
			out = append(out, string(o))
		}
	}
	return strings.Join(out, ",")
}

func langList(langs []i18n.Lang, but i18n.Lang) string {
	var out []string
	for _, o := range langs {
		if o != but {
			out = append(out, langName(o))
		}
	}
	return strings.Join(out, " and ")
}

// sameParts checks that every template places the same sections, charts and tables.
func (s Set) sameParts() error {
	var first *Template
	for _, l := range i18n.Langs {
		t := s[l]
		if t == nil {
			continue
		}
		if first == nil {
			first = t
			continue
		}
		for _, pair := range [][2]*Template{{t, first}, {first, t}} {
			for _, p := range pair[0].places {
				if !slices.Contains(pair[1].places, p) {
					return fmt.Errorf("%s places %s, %s does not: both posts show the same sections, charts and tables", pair[0].Name, p, pair[1].Name)
				}
			}
		}
	}
	return nil
}

// Output is a rendered template.
type Output struct {
	// Title and Description are the team's, rendered; empty when the template gives none.
	Title, Description string
	// Draft is the team's draft setting; nil when the template does not say.
	Draft *bool
	// Extra are the other front matter fields the team set (tags, categories, …), as written.
	Extra map[string]any
	// Body is the post's Markdown.
	Body string
}

// Render executes the template for c. A figure the data does not have stops it with the file and
// line: the team wraps such a sentence in {{ if has "name" }}…{{ end }}.
func (t *Template) Render(c *sections.Context) (Output, error) {
	var out Output
	for _, f := range []struct {
		tmpl     *template.Template
		dst      *string
		markdown bool
	}{{t.title, &out.Title, false}, {t.desc, &out.Description, false}, {t.body, &out.Body, true}} {
		if f.tmpl == nil {
			continue
		}
		// A clone gets this page's functions, so that one Set can render pages side by side.
		tmpl, err := f.tmpl.Clone()
		if err != nil {
			return Output{}, err
		}
		var b bytes.Buffer
		if err := tmpl.Funcs(funcsFor(c, f.markdown)).Execute(&b, nil); err != nil {
			return Output{}, execError(err)
		}
		*f.dst = b.String()
	}
	out.Title = strings.Join(strings.Fields(out.Title), " ")
	out.Description = strings.Join(strings.Fields(out.Description), " ")
	out.Body = tidy(out.Body)
	out.Draft = t.Front.Draft
	out.Extra = t.Front.Extra
	return out, nil
}

var blankRun = regexp.MustCompile(`\n[ \t]*(\n[ \t]*)+\n`)

// tidy collapses the blank lines an empty placeholder leaves into one and ends the body with a
// single newline.
func tidy(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = blankRun.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s) + "\n"
}

// The function names a template may call besides text/template's own (and, or, not, eq, …).
var funcNames = []string{"section", "text", "chart", "table", "figure", "over", "about", "almost", "has"}

// funcsFor binds the placeholders to c; at parse time the same names are bound to stubs. In
// Markdown (the body) the service's name is escaped; in the title and description, plain text of
// the front matter, it is written as it is.
func funcsFor(c *sections.Context, markdown bool) template.FuncMap {
	return template.FuncMap{
		"section": func(id string) (string, error) { return sections.RenderSection(c, id) },
		"text":    func(id string) (string, error) { return sections.RenderSectionText(c, id) },
		"chart":   func(name string) (string, error) { return sections.RenderChart(c, name) },
		"table":   func(name string) (string, error) { return sections.RenderTable(c, name) },
		"figure": func(name string) (string, error) {
			v, err := sections.Figure(c, name)
			if errors.Is(err, sections.ErrNotMeasured) {
				return "", fmt.Errorf("%w; put the sentence inside {{ if has %q }}…{{ end }}", err, name)
			}
			if name == "service" && markdown {
				v = sections.Escape(v)
			}
			return v, err
		},
		"over":   rounded(c, i18n.Down),
		"about":  rounded(c, i18n.Nearest),
		"almost": rounded(c, i18n.Up),
		"has":    func(name string) bool { return sections.HasFigure(c, name) },
	}
}

func rounded(c *sections.Context, r i18n.Rounding) func(string) (string, error) {
	return func(name string) (string, error) {
		v, err := sections.RoundedFigure(c, name, r)
		if errors.Is(err, sections.ErrNotMeasured) {
			return "", fmt.Errorf("%w; put the sentence inside {{ if has %q }}…{{ end }}", err, name)
		}
		return v, err
	}
}

func stubs() template.FuncMap {
	fm := template.FuncMap{}
	for _, n := range funcNames {
		if n == "has" {
			fm[n] = func(string) bool { return false }
		} else {
			fm[n] = func(string) (string, error) { return "", nil }
		}
	}
	return fm
}

var execAt = regexp.MustCompile(`^template: ([^:]+:[0-9]+:[0-9]+): executing "[^"]*" at <[^>]*>: error calling [a-z]+: (.*)$`)

// execError turns text/template's error into "file:line:col: what".
func execError(err error) error {
	s := err.Error()
	if m := execAt.FindStringSubmatch(s); m != nil {
		return fmt.Errorf("%s: %s", m[1], m[2])
	}
	return errors.New(strings.TrimPrefix(s, "template: "))
}

// Package reports builds the yearly transparency report: it computes the figures from the history,
// writes every section in German and English, and puts the pages, their HTML previews and the charts
// into a Hugo page bundle.
package reports

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
	"github.com/bbbkit/bbbkit/reports/post"
	"github.com/bbbkit/bbbkit/reports/sections"
)

// ErrNoData is returned by Make when the history holds nothing of the report's year: a report of
// money and requests alone would read as if nobody had used the service.
var ErrNoData = errors.New("no data")

// Options says what to build.
type Options struct {
	// History is where the samples come from, usually an open *history.Store.
	History figures.Source
	// Facts are the team's figures; their Year is the report's year.
	Facts *facts.Facts
	// Langs are the languages to write; nil means German and English.
	Langs []i18n.Lang
	// Date is the page's publication date in the front matter.
	Date time.Time
	// Grid sets the time grid of the figures.
	Grid figures.Options
	// Overwrite replaces pages that were edited by hand since bbbkit wrote them; without it Build
	// refuses with ErrHandEdited.
	Overwrite bool
	// PreviewDir, when set, receives the HTML previews (outside Hugo's content directory).
	PreviewDir string
	// Template is the team's post per language (post.Load); nil means the default that ships. It
	// must hold every language of Langs.
	Template post.Set
}

// Page is the report in one language.
type Page struct {
	Lang i18n.Lang
	// Markdown is the whole index.LANG.md: front matter and body.
	Markdown []byte
	// HTML is the standalone preview index.LANG.html.
	HTML []byte
	// Charts are the SVG charts the page shows.
	Charts []sections.Chart
	// Sidecar is the figures.json of the bundle, the same for every language.
	Sidecar []byte
}

// Make computes the figures and writes the pages in memory; it does no I/O beyond reading History.
func Make(opts Options) ([]Page, error) {
	if opts.Facts == nil || opts.History == nil {
		return nil, errors.New("build: facts and history are required")
	}
	f := opts.Facts
	langs := opts.Langs
	if len(langs) == 0 {
		langs = i18n.Langs
	}
	year, err := figures.Compute(opts.History, f.Year, f.Location, opts.Grid)
	if err != nil {
		return nil, fmt.Errorf("figures of %d: %w", f.Year, err)
	}
	if !year.HasData {
		return nil, fmt.Errorf("%w: the history has no sample in %d (check --year, or import the year first)", ErrNoData, f.Year)
	}
	prev, err := figures.Compute(opts.History, f.Year-1, f.Location, opts.Grid)
	if err != nil {
		return nil, fmt.Errorf("figures of %d: %w", f.Year-1, err)
	}
	side, err := sidecar(f, year, prev)
	if err != nil {
		return nil, fmt.Errorf("figures.json: %w", err)
	}
	tmpl := opts.Template
	if tmpl == nil {
		tmpl = post.Default()
	}
	var pages []Page
	for _, l := range langs {
		c := &sections.Context{Lang: l, Facts: f, Year: year, Prev: prev}
		t := tmpl[l]
		if t == nil {
			return nil, fmt.Errorf("no template of the %s post", l)
		}
		out, err := t.Render(c)
		if err != nil {
			return nil, err
		}
		body := out.Body
		fm := frontMatter(c, opts.Date, out)
		md, err := withFrontMatter(fm, body)
		if err != nil {
			return nil, fmt.Errorf("front matter %s: %w", l, err)
		}
		html, err := preview(l, fm, body, langs)
		if err != nil {
			return nil, fmt.Errorf("preview %s: %w", l, err)
		}
		pages = append(pages, Page{Lang: l, Markdown: md, HTML: html, Charts: c.Charts(), Sidecar: side})
	}
	return pages, nil
}

// FrontMatter is the Hugo front matter of a page.
type FrontMatter struct {
	Title          string `yaml:"title"`
	Date           string `yaml:"date"`
	TranslationKey string `yaml:"translationKey"`
	Description    string `yaml:"description"`
	// Draft keeps the page out of the published site until the team has read it and set it false.
	Draft bool `yaml:"draft"`
	// Slug is the page's URL name in its language.
	Slug string `yaml:"slug"`
	// Extra are the template's other fields (tags, categories, …), as the team wrote them.
	Extra map[string]any `yaml:",inline"`
	// Generated is the SHA-256 of the file as bbbkit wrote it (with this field set to hashPending), so
	// that a rebuild notices a hand edit instead of overwriting it.
	Generated string `yaml:"bbbkitGenerated"`
}

func frontMatter(c *sections.Context, date time.Time, out post.Output) FrontMatter {
	f, y, l := c.Facts, c.Year, c.Lang
	year := strconv.Itoa(f.Year)
	desc := i18n.T(l, "description.nodata", "service", f.Service, "year", year)
	switch {
	case y.HasData && y.Peak.Endpoints > 0 && !sections.TrafficWhole(c):
		// Traffic not measured, in one direction only or in some months only: never "0 TB", never
		// half the traffic, or four months of it, as if it were the year's.
		desc = i18n.T(l, "description.notraffic", "service", f.Service, "year", year,
			"peak", sections.UpTo(c))
	case y.HasData && y.Peak.Endpoints > 0:
		traffic, _ := sections.Figure(c, "traffic.tb")
		desc = i18n.T(l, "description", "service", f.Service, "year", year,
			"peak", sections.UpTo(c), "traffic", traffic)
	}
	if out.Description != "" {
		desc = out.Description
	}
	title := i18n.T(l, "title", "year", year)
	if t := strings.TrimSpace(f.Title.In(string(l))); t != "" {
		title = t
	}
	if out.Title != "" {
		title = out.Title
	}
	draft := true
	if out.Draft != nil {
		draft = *out.Draft
	}
	return FrontMatter{
		Title:          title,
		Date:           date.Format(time.DateOnly),
		TranslationKey: "transparency-" + year,
		Description:    desc,
		Draft:          draft,
		Slug:           i18n.T(l, "slug", "year", year),
		Extra:          out.Extra,
		Generated:      hashPending,
	}
}

func withFrontMatter(fm FrontMatter, body string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(fm); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	b.WriteString("---\n\n")
	b.WriteString(body)
	return sealed(b.Bytes()), nil
}

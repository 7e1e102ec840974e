package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/alecthomas/kingpin/v2"

	"github.com/bbbkit/bbbkit/collectors/history"
	"github.com/bbbkit/bbbkit/reports"
	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
	"github.com/bbbkit/bbbkit/reports/post"
)

// buildCmd is `report build`.
type buildCmd struct {
	history, facts, out, preview, langs, date, template string
	year                                                int
	overwrite                                           bool
	step, stale, wait                                   time.Duration
}

func (c *buildCmd) declare(app *kingpin.Application) *kingpin.CmdClause {
	cmd := app.Command("build", "Write the report of a year as a Hugo page bundle: index.de.md, index.en.md and the charts (HTML previews with --preview).")
	cmd.Flag("history", "The history file (bbolt), read only.").Required().StringVar(&c.history)
	cmd.Flag("facts", "The facts file (YAML) with the team's own figures.").Required().StringVar(&c.facts)
	cmd.Flag("year", "The year to report on; must match the facts file.").Required().IntVar(&c.year)
	cmd.Flag("out", "The page bundle directory to write.").Required().StringVar(&c.out)
	cmd.Flag("preview", "Also write standalone HTML previews (index.LANG.html with the charts) into this directory; keep it outside Hugo's content directory.").StringVar(&c.preview)
	cmd.Flag("template", "The team's templates of the post: a directory with report.de.md and report.en.md (bbbkit-report template writes the defaults); default the facts' template key, else the template that ships.").StringVar(&c.template)
	cmd.Flag("lang", "Languages to write, comma-separated.").Default("de,en").StringVar(&c.langs)
	cmd.Flag("date", "Publication date in the front matter (YYYY-MM-DD); default today.").StringVar(&c.date)
	cmd.Flag("overwrite", "Replace pages of the bundle that were edited by hand since they were written; without it the build refuses.").BoolVar(&c.overwrite)
	cmd.Flag("wait", "How long to wait for the history's lock while another process (the exporter's sampler, an import) writes to it.").Default("30s").DurationVar(&c.wait)
	cmd.Flag("step", "Grid step on which the nodes are added up.").Default(figures.DefaultStep.String()).DurationVar(&c.step)
	cmd.Flag("stale", "How long a node's sample stands for it when the next one is late.").Default(figures.DefaultStale.String()).DurationVar(&c.stale)
	return cmd
}

// options checks the flags and reads the facts.
func (c *buildCmd) options() (reports.Options, error) {
	langs, err := i18n.ParseLangs(c.langs)
	if err != nil {
		return reports.Options{}, usagef("--lang: %w", err)
	}
	date := time.Now()
	if c.date != "" {
		if date, err = time.Parse(time.DateOnly, c.date); err != nil {
			return reports.Options{}, usagef("--date: want YYYY-MM-DD, got %q", c.date)
		}
	}
	if c.wait <= 0 {
		return reports.Options{}, usagef("--wait: want a positive duration, got %s", c.wait)
	}
	if c.step < time.Second {
		return reports.Options{}, usagef("--step: want at least 1s, got %s", c.step)
	}
	f, err := facts.Load(c.facts)
	if err != nil {
		return reports.Options{}, err
	}
	if f.Year != c.year {
		return reports.Options{}, usagef("--year %d, but %s is about %d", c.year, c.facts, f.Year)
	}
	var tmpl post.Set
	dir := c.template
	if dir == "" && f.Template != "" {
		dir = f.Template
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(filepath.Dir(c.facts), dir)
		}
	}
	if dir != "" {
		if tmpl, err = post.Load(dir, langs); err != nil {
			return reports.Options{}, err
		}
	}
	return reports.Options{Facts: f, Langs: langs, Date: date, Grid: figures.Options{Step: c.step, Stale: c.stale}, Overwrite: c.overwrite, PreviewDir: c.preview, Template: tmpl}, nil
}

func (c *buildCmd) run(_ context.Context, stdout io.Writer, logger *slog.Logger) error {
	opts, err := c.options()
	if err != nil {
		return err
	}
	// A read-only open shares the file with other readers; it waits for a writer's append (the
	// exporter opens the file only for each append, milliseconds) and is refused only when the
	// file stays locked for c.wait.
	h, err := history.Open(c.history, history.Options{ReadOnly: true, Timeout: c.wait})
	if err != nil {
		return err
	}
	defer h.Close()
	opts.History = h
	start := time.Now()
	if err := reports.Build(opts, c.out); err != nil {
		return fmt.Errorf("build report %d: %w", c.year, err)
	}
	logger.Debug("report built", "year", c.year, "duration", time.Since(start))
	fmt.Fprintf(stdout, "wrote the %d report to %s\n", c.year, c.out)
	return nil
}

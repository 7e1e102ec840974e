package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/alecthomas/kingpin/v2"

	"github.com/bbbkit/bbbkit/reports"
	"github.com/bbbkit/bbbkit/reports/demo"
	"github.com/bbbkit/bbbkit/reports/i18n"
	"github.com/bbbkit/bbbkit/reports/post"
)

// demoCmd is `report demo`.
type demoCmd struct {
	out, preview, date, template string
}

func (c *demoCmd) declare(app *kingpin.Application) *kingpin.CmdClause {
	cmd := app.Command("demo", "Write a whole report from a simulated year, with no setup.")
	cmd.Flag("out", "The page bundle directory to write.").Default("out/demo").StringVar(&c.out)
	cmd.Flag("preview", "Where the HTML previews go; default the bundle's name with -preview, beside it.").StringVar(&c.preview)
	cmd.Flag("date", "Publication date in the front matter (YYYY-MM-DD).").Default("2026-01-15").StringVar(&c.date)
	cmd.Flag("template", "The team's templates of the post (report.de.md, report.en.md), to try them on the simulated year.").StringVar(&c.template)
	return cmd
}

func (c *demoCmd) run(_ context.Context, stdout io.Writer, logger *slog.Logger) error {
	date, err := time.Parse(time.DateOnly, c.date)
	if err != nil {
		return usagef("--date: want YYYY-MM-DD, got %q", c.date)
	}
	f, err := demo.Facts()
	if err != nil {
		return err
	}
	var tmpl post.Set
	if c.template != "" {
		if tmpl, err = post.Load(c.template, i18n.Langs); err != nil {
			return err
		}
	}
	h := demo.NewMemory()
	start := time.Now()
	if err := demo.Fill(h, f.Year, f.Location); err != nil {
		return err
	}
	logger.Debug("demo history simulated", "duration", time.Since(start))
	preview := c.preview
	if preview == "" {
		preview = filepath.Clean(c.out) + "-preview"
	}
	// The demo is a simulation, rewritten on every run: no hand edits to keep.
	opts := reports.Options{History: h, Facts: f, Date: date, Overwrite: true, PreviewDir: preview, Template: tmpl}
	if err := reports.Build(opts, c.out); err != nil {
		return fmt.Errorf("build demo report: %w", err)
	}
	fmt.Fprintf(stdout, "wrote the %d demo report to %s (index.de.md, index.en.md, charts) and its HTML previews to %s\n", f.Year, c.out, preview)
	return nil
}

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/alecthomas/kingpin/v2"

	"github.com/bbbkit/bbbkit/reports/post"
)

// templateCmd is `report template`.
type templateCmd struct {
	out   string
	force bool
}

func (c *templateCmd) declare(app *kingpin.Application) *kingpin.CmdClause {
	cmd := app.Command("template", "Write the default templates of the post (report.de.md, report.en.md) for the team to make their own; build them with build --template.")
	cmd.Flag("out", "The directory to write the templates into.").Required().StringVar(&c.out)
	cmd.Flag("force", "Replace templates that exist (they hold the team's words).").BoolVar(&c.force)
	return cmd
}

func (c *templateCmd) run(_ context.Context, stdout io.Writer, _ *slog.Logger) error {
	written, err := post.WriteDefaults(c.out, c.force)
	if err != nil {
		return err
	}
	for _, p := range written {
		fmt.Fprintf(stdout, "wrote %s\n", p)
	}
	return nil
}

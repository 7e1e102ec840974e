package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"

	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/common/promslog"
	"github.com/prometheus/common/promslog/flag"

	"github.com/bbbkit/bbbkit/internal/buildinfo"
)

// usageError marks a mistake in the command line (exit code 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// verb is one subcommand: it declares its flags and runs once they are parsed.
type verb interface {
	declare(app *kingpin.Application) *kingpin.CmdClause
	run(ctx context.Context, stdout io.Writer, logger *slog.Logger) error
}

// run parses args and runs the chosen verb.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	// kingpin calls Terminate after answering --help; it must stop parsing there, or the app's
	// --help goes on to "command not specified" and prints the usage a second time.
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(helpAnswered); !ok {
				panic(r)
			}
			err = nil
		}
	}()
	app := kingpin.New(buildinfo.Report, "Writes the yearly transparency report from the history of anonymous aggregates.\n\nExit codes: 0 success, 1 the command failed (bad facts, CSV or history, no data for --year), 2 wrong usage.")
	app.Version(buildinfo.Print(buildinfo.Report))
	app.UsageWriter(stdout).ErrorWriter(stderr)
	app.Terminate(func(int) { panic(helpAnswered{}) })
	logCfg := &promslog.Config{}
	flag.AddFlags(app, logCfg)
	verbs := map[string]verb{}
	for _, v := range []verb{&importCmd{}, &buildCmd{}, &demoCmd{}, &templateCmd{}} {
		cmd := v.declare(app)
		verbs[cmd.FullCommand()] = v
	}
	if len(args) == 0 {
		app.Usage(nil)
		return usagef("no command given: import, build, demo or template")
	}
	if slices.Contains(args, "--help-man") {
		return buildinfo.ManPage(app, stdout)
	}
	name, err := app.Parse(args)
	if err != nil {
		return usageError{err}
	}
	logCfg.Writer = stderr
	logger := promslog.New(logCfg)
	return verbs[name].run(ctx, stdout, logger)
}

// helpAnswered stops kingpin once it has printed the help asked for.
type helpAnswered struct{}

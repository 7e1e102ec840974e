package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"

	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/common/promslog"

	"github.com/bbbkit/bbbkit/internal/buildinfo"
)

// help is the application's help text, with the documented exit statuses.
const help = `Enforces the log retention and scrubbing policy of a BBB host and audits it for the
data protection officer.

Exit status:
  scrub   0 done, 1 failed, 2 usage error
  run     0 done, 1 some files failed (each reported by name), 2 usage or
          config error
  audit   0 compliant, 1 violations found, 2 could not check (a file
          could not be read, or usage or config error)
`

// exitError carries a documented exit status.
type exitError struct {
	code   int
	err    error
	silent bool // already reported on stdout/stderr
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError marks a mistake in the command line or config: exit status 2.
func usageError(err error) error { return &exitError{code: 2, err: err} }

// exitCode maps an error from run to the documented exit status.
func exitCode(err error) int {
	var e *exitError
	switch {
	case err == nil, errors.Is(err, errAnswered):
		return 0
	case errors.As(err, &e):
		return e.code
	}
	return 1
}

// isSilent says whether the error was already reported.
func isSilent(err error) bool {
	var e *exitError
	return errors.Is(err, errAnswered) || (errors.As(err, &e) && e.silent)
}

// errAnswered says kingpin answered --help, --version or a completion request itself.
var errAnswered = errors.New("answered")

// command is one verb: it declares its flags on the application and runs once they are parsed.
type command interface {
	declare(app *kingpin.Application) *kingpin.CmdClause
	exec(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer) error
}

// newApp is the janitor's command line: kingpin, as the exporter and the report have it.
func newApp(stdout, stderr io.Writer) (*kingpin.Application, map[string]command, *bool) {
	app := kingpin.New(buildinfo.Janitor, help)
	app.Version(buildinfo.Print(buildinfo.Janitor))
	app.UsageWriter(stdout)
	app.ErrorWriter(stderr)
	app.HelpFlag.Short('h')
	answered := new(bool)
	app.Terminate(func(int) { *answered = true })
	cmds := map[string]command{}
	for _, c := range []command{&scrubCmd{}, &runCmd{}, &auditCmd{}} {
		clause := c.declare(app)
		cmds[clause.FullCommand()] = c
	}
	app.Command("version", "Print the version.").Action(func(*kingpin.ParseContext) error {
		fmt.Fprintln(stdout, buildinfo.Print(buildinfo.Janitor))
		*answered = true
		return nil
	})
	return app, cmds, answered
}

// run parses a command line and runs its verb.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	app, cmds, answered := newApp(stdout, stderr)
	if slices.Contains(args, "--help-man") {
		if err := buildinfo.ManPage(app, stdout); err != nil {
			return err
		}
		return errAnswered
	}
	if len(args) == 0 {
		app.Usage(nil)
		return usageError(errors.New("no command given: scrub, run or audit"))
	}
	name, err := app.Parse(args)
	if *answered {
		return errAnswered
	}
	if err != nil {
		return usageError(err)
	}
	return cmds[name].exec(ctx, stdin, stdout, stderr)
}

// commonFlags are the flags run and audit share.
type commonFlags struct {
	config, format, procfs string
	logLevel               *promslog.Level
}

// declareCommon registers the common flags on a verb (run, audit).
func declareCommon(cmd *kingpin.CmdClause) *commonFlags {
	c := &commonFlags{logLevel: promslog.NewLevel()}
	cmd.Flag("config", "The policy file (YAML).").Required().StringVar(&c.config)
	cmd.Flag("format", "Report format: text or json.").Default("text").EnumVar(&c.format, "text", "json")
	cmd.Flag("procfs", "Where procfs is mounted (to find files held open for writing).").Default("/proc").StringVar(&c.procfs)
	cmd.Flag("log.level", "Log level: debug, info, warn or error.").Default("info").SetValue(c.logLevel)
	return c
}

func (c *commonFlags) logger(stderr io.Writer) *slog.Logger {
	return promslog.New(&promslog.Config{Level: c.logLevel, Writer: stderr})
}

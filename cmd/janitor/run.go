package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/prometheus/common/promslog"
	"github.com/prometheus/common/version"
)

const usage = `Usage: janitor <command> [flags]

Commands:
  scrub   copy log lines from stdin (or --input) to stdout (or --output)
          with every IP address masked
  run     enforce the policy once: delete expired lines and files, scrub
          what is kept (--config FILE [--dry-run] [--format text|json])
  audit   report, per source and file, the oldest line's age and the
          addresses in it, for the data protection officer
          (--config FILE [--format text|json])
  version print the version

Exit status:
  scrub   0 done, 1 failed, 2 usage error
  run     0 done, 1 some files failed (each reported by name), 2 usage or
          config error
  audit   0 compliant, 1 violations found, 2 could not check (a file
          could not be read, or usage or config error)

Run "janitor <command> -h" for a command's flags.
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
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &e):
		return e.code
	}
	return 1
}

// isSilent says whether the error was already reported.
func isSilent(err error) bool {
	var e *exitError
	return errors.Is(err, flag.ErrHelp) || (errors.As(err, &e) && e.silent)
}

// run dispatches a command line to its verb.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError(errors.New("no command given"))
	}
	verb, rest := args[0], args[1:]
	switch verb {
	case "scrub":
		// Mistakes in the flags (flagError) are usage errors, exit 2;
		// other errors are failures, exit 1.
		err := runScrub(ctx, rest, stdin, stdout, stderr)
		if isFlagError(err) {
			return usageError(err)
		}
		return err
	case "run":
		return runRun(ctx, rest, stdout, stderr)
	case "audit":
		return runAudit(ctx, rest, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, version.Print("janitor"))
		return nil
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError(fmt.Errorf("unknown command %q", verb))
}

// flagError marks a mistake in a verb's flags (runScrub returns it).
type flagError struct{ error }

func (e flagError) Unwrap() error { return e.error }

// isFlagError tells a mistake in the flags from other failures.
func isFlagError(err error) bool {
	var fe flagError
	return errors.As(err, &fe)
}

// commonFlags are the flags run and audit share.
type commonFlags struct {
	config, format, procfs string
	logLevel               *promslog.Level
}

// verbFlags is the flag set of a verb (run, audit) that takes the common
// flags, with them registered; usageText heads its -h output.
func verbFlags(name, usageText string, stderr io.Writer) (*flag.FlagSet, *commonFlags) {
	c := &commonFlags{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), usageText); fs.PrintDefaults() }
	fs.StringVar(&c.config, "config", "", "the policy file (YAML)")
	fs.StringVar(&c.format, "format", "text", "report format: text or json")
	fs.StringVar(&c.procfs, "procfs", "/proc", "where procfs is mounted (to find files held open for writing)")
	c.logLevel = promslog.NewLevel()
	fs.Var(levelFlag{c.logLevel}, "log.level", "log level: debug, info, warn or error")
	return fs, c
}

func (c *commonFlags) check(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.config == "" {
		return errors.New("--config is required")
	}
	if c.format != "text" && c.format != "json" {
		return fmt.Errorf("--format must be text or json, got %q", c.format)
	}
	return nil
}

func (c *commonFlags) logger(stderr io.Writer) *slog.Logger {
	return promslog.New(&promslog.Config{Level: c.logLevel, Writer: stderr})
}

// parseFlags parses a verb's flags; mistakes are usage errors.
func parseFlags(fs *flag.FlagSet, args []string, c *commonFlags) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError(err)
	}
	if err := c.check(fs); err != nil {
		return usageError(err)
	}
	return nil
}

// levelFlag hands a promslog.Level to package flag, whose usage text builds a zero value of every
// flag's type to tell its default: a zero promslog.Level panics in String, this wrapper does not.
type levelFlag struct{ level *promslog.Level }

func (f levelFlag) String() string {
	if f.level == nil {
		return ""
	}
	return f.level.String()
}

func (f levelFlag) Set(s string) error { return f.level.Set(s) }

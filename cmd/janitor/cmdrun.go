package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/alecthomas/kingpin/v2"

	"github.com/bbbkit/bbbkit/retention"
	"github.com/bbbkit/bbbkit/retention/scrub"
)

// clock is the janitor's clock; tests fix it.
var clock = time.Now

// runCmd is "janitor run".
type runCmd struct {
	common *commonFlags
	dryRun bool
}

func (c *runCmd) declare(app *kingpin.Application) *kingpin.CmdClause {
	cmd := app.Command("run", "Enforce the policy once: delete files whose lines are all older than the retention, "+
		"remove expired lines from the others and mask the addresses in what is kept. Reports counts and file names, "+
		"never a line or an address. Exit status: 0 done, 1 some files failed (each named in the report), 2 usage or config error.")
	c.common = declareCommon(cmd)
	cmd.Flag("dry-run", "Report what would be done and change nothing.").BoolVar(&c.dryRun)
	return cmd
}

func (c *runCmd) exec(ctx context.Context, _ io.Reader, stdout, stderr io.Writer) error {
	cf := c.common
	r, err := newRunner(cf, stderr)
	if err != nil {
		return err
	}
	r.DryRun = c.dryRun
	rep, err := r.Run(ctx)
	if rep != nil {
		// Even a run stopped early says what it did.
		if werr := writeRunReport(stdout, rep, cf.format); werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	if rep.Failed() {
		return &exitError{code: 1, err: errors.New("some files failed"), silent: true}
	}
	return nil
}

// newRunner loads the config and builds the scrubbers its sources ask for:
// one that masks (to the config's prefixes) and one that counts every
// address, masked or not, per combination of the phones and emails options.
func newRunner(cf *commonFlags, stderr io.Writer) (*retention.Runner, error) {
	cfg, err := retention.LoadConfig(cf.config)
	if err != nil {
		return nil, usageError(err)
	}
	type extras struct{ phones, emails, keepNames bool }
	type pair struct {
		mask, all *scrub.Scrubber
	}
	pairs := map[extras]pair{}
	for _, src := range cfg.Sources {
		e := extras{src.Phones, src.Emails, src.KeepHostNames}
		if _, ok := pairs[e]; ok {
			continue
		}
		mask, err := scrub.New(scrub.Options{Mode: scrub.Mask, IPv4Prefix: cfg.IPv4Prefix, IPv6Prefix: cfg.IPv6Prefix,
			Phones: e.phones, Emails: e.emails, KeepHostNames: e.keepNames})
		if err != nil {
			return nil, usageError(err)
		}
		all, err := scrub.New(scrub.Options{Mode: scrub.Redact, Phones: e.phones, Emails: e.emails, KeepHostNames: e.keepNames})
		if err != nil {
			return nil, usageError(err)
		}
		pairs[e] = pair{mask, all}
	}
	return &retention.Runner{
		Config: cfg,
		ScrubbersFor: func(src *retention.Source) (retention.Scrubber, retention.Counter) {
			p := pairs[extras{src.Phones, src.Emails, src.KeepHostNames}]
			return p.mask, p.all
		},
		Now: clock(), Location: time.Local, ProcRoot: cf.procfs,
		Logger: cf.logger(stderr),
	}, nil
}

func writeRunReport(w io.Writer, rep *retention.RunReport, format string) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	if rep.DryRun {
		fmt.Fprintln(w, "dry run: nothing was changed")
	}
	for _, f := range rep.Files {
		switch f.Action {
		case retention.ActionKept:
			continue
		case retention.ActionDeleted:
			fmt.Fprintf(w, "deleted    %s (%s)\n", f.Path, retention.Plural(f.LinesRemoved, "line"))
		case retention.ActionRewritten:
			fmt.Fprintf(w, "rewritten  %s (%s removed, %d kept, %s scrubbed)\n", f.Path, retention.Plural(f.LinesRemoved, "line"), f.LinesKept, retention.Plural(f.Addresses, "address"))
		case retention.ActionRotated:
			fmt.Fprintf(w, "rotated    %s", f.Path)
			if f.RotatedTo != "" {
				fmt.Fprintf(w, " to %s", f.RotatedTo)
			}
			if f.Note != "" {
				fmt.Fprintf(w, ": %s", f.Note)
			}
			fmt.Fprintln(w)
		case retention.ActionFailed:
			fmt.Fprintf(w, "FAILED     %s: %s\n", f.Path, f.Error)
		default:
			fmt.Fprintf(w, "%-10s %s: %s\n", f.Action, f.Path, f.Note)
		}
	}
	for _, s := range rep.Skipped {
		fmt.Fprintf(w, "skipped    %s (%s)\n", s.Path, s.Reason)
	}
	if rep.HiddenProcesses > 0 {
		fmt.Fprintf(w, "warning: the open files of %d processes could not be seen (run as root)\n", rep.HiddenProcesses)
	}
	if rep.StrayTemps > 0 {
		fmt.Fprintf(w, "removed %d temp files of an interrupted run\n", rep.StrayTemps)
	}
	if j := rep.Journal; j != nil {
		if j.Error != "" {
			fmt.Fprintf(w, "FAILED     journal vacuum: %s\n", j.Error)
		} else {
			fmt.Fprintf(w, "journal    vacuumed to %s\n", time.Duration(j.RetentionSeconds)*time.Second)
		}
	}
	t := rep.Totals
	fmt.Fprintf(w, "files: %d deleted, %d trimmed, %d scrubbed, %d held open, %d rotated, %d deferred, %d failed\n",
		t.Deleted, t.Trimmed, t.Scrubbed, t.Held, t.Rotated, t.Deferred, t.Failed)
	_, err := fmt.Fprintf(w, "lines removed: %d; addresses scrubbed: %d\n", t.LinesRemoved, t.AddressesScrubbed)
	return err
}

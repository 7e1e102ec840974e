package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/alecthomas/kingpin/v2"

	"github.com/bbbkit/bbbkit/retention"
)

// auditCmd is "janitor audit".
type auditCmd struct {
	common   *commonFlags
	hostRoot string
}

func (c *auditCmd) declare(app *kingpin.Application) *kingpin.CmdClause {
	cmd := app.Command("audit", "Report, per source and file, the oldest line's age, how many addresses are in it "+
		"(counted, never shown) and how many of them are not masked, files a process holds open for writing, files "+
		"that could not be read, journald's retention settings, and the host's settings that BBB's privacy guide advises against "+
		"(nginx access log, bbb-web and bbb-webrtc-sfu log levels, coturn logging, BBB's cron log_history, FreeSWITCH's and docker's log rotation). Changes nothing. "+
		"Exit status: 0 compliant, 1 violations found, 2 could not check.")
	c.common = declareCommon(cmd)
	cmd.Flag("host-root", "Where the host's /etc, /usr and /var are, for the comparison of nginx, bbb-web, bbb-webrtc-sfu, FreeSWITCH, docker, "+
		"coturn and BBB's cron job with BBB's privacy guide (a container's or an image's root); empty skips it.").
		Default("/").StringVar(&c.hostRoot)
	return cmd
}

func (c *auditCmd) exec(ctx context.Context, _ io.Reader, stdout, stderr io.Writer) error {
	cf := c.common
	r, err := newRunner(cf, stderr)
	if err != nil {
		return err
	}
	r.HostRoot = c.hostRoot
	rep, err := r.Audit(ctx)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("audit: %w", err)}
	}
	if err := writeAuditReport(stdout, rep, cf.format); err != nil {
		return err
	}
	if code := rep.ExitCode(); code != 0 {
		return &exitError{code: code, silent: true}
	}
	return nil
}

func writeAuditReport(w io.Writer, rep *retention.AuditReport, format string) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(w, "janitor audit, %s\n", rep.Now.UTC().Format(time.RFC3339))
	for _, s := range rep.Sources {
		fmt.Fprintf(w, "\nsource %s (retention %s): %s\n", s.Name, age(s.RetentionSeconds), retention.Plural(int64(len(s.Files)), "file"))
		for _, f := range s.Findings {
			fmt.Fprintf(w, "  COULD NOT CHECK: %s\n", f)
		}
		for _, n := range s.Notes {
			fmt.Fprintf(w, "  note: %s\n", n)
		}
		for _, f := range s.Files {
			fmt.Fprintf(w, "  %s\n", f.Path)
			if f.Error != "" {
				fmt.Fprintf(w, "    COULD NOT CHECK: %s\n", f.Error)
				continue
			}
			if f.Lines == 0 && f.AgeFrom == "" {
				fmt.Fprintf(w, "    empty\n")
				continue
			}
			oldest := "no lines"
			switch f.AgeFrom {
			case "timestamps":
				oldest = "oldest line " + age(f.OldestAgeSeconds)
			case "mtime":
				// No line carried a timestamp: this is the file's age, not a line's.
				oldest = "file mtime " + age(f.OldestAgeSeconds) + " (no timestamps in the lines)"
			}
			fmt.Fprintf(w, "    %s; %s; %s, %d of them unmasked\n", oldest, retention.Plural(f.Lines, "line"), retention.Plural(f.Addresses, "address"), f.UnmaskedAddresses)
			for _, n := range f.Notes {
				fmt.Fprintf(w, "    note: %s\n", n)
			}
			for _, v := range f.Violations {
				fmt.Fprintf(w, "    VIOLATION: %s\n", v)
			}
		}
	}
	for _, s := range rep.Skipped {
		if s.Unchecked {
			fmt.Fprintf(w, "\nCOULD NOT CHECK: skipped %s (%s)\n", s.Path, s.Reason)
			continue
		}
		fmt.Fprintf(w, "\nskipped %s (%s)\n", s.Path, s.Reason)
	}
	for _, u := range rep.Uncovered {
		fmt.Fprintf(w, "\nVIOLATION: uncovered %s (no source's glob matches it; it may hold addresses)\n", u.Path)
	}
	if j := rep.Journald; j != nil {
		writeJournald(w, j)
	}
	if len(rep.Privacy) > 0 {
		fmt.Fprintf(w, "\nhost settings (BBB's privacy guide, the policy)\n")
		for _, p := range rep.Privacy {
			fmt.Fprintf(w, "  VIOLATION: %s: %s\n    change: %s\n", p.File, p.Found, p.Change)
		}
	}
	if rep.HiddenProcesses > 0 {
		fmt.Fprintf(w, "\nnote: the open files of %d processes could not be seen (run the audit as root)\n", rep.HiddenProcesses)
	}
	verdict := "compliant"
	switch rep.ExitCode() {
	case 1:
		verdict = "violations found"
	case 2:
		verdict = "could not check everything"
	}
	_, err := fmt.Fprintf(w, "\nresult: %s (%s, %d not checked)\n", verdict, retention.Plural(int64(rep.Violations), "violation"), rep.Unchecked)
	return err
}

func writeJournald(w io.Writer, j *retention.JournaldAudit) {
	fmt.Fprintf(w, "\njournald (retention %s)\n", age(j.RetentionSeconds))
	if j.Error != "" {
		fmt.Fprintf(w, "  COULD NOT CHECK: %s\n", j.Error)
		return
	}
	files := "none: defaults"
	if len(j.Files) > 0 {
		files = strings.Join(j.Files, ", ")
	}
	fmt.Fprintf(w, "  files: %s\n", files)
	ret := "unset (no time limit)"
	if j.MaxRetentionSeconds > 0 {
		ret = age(j.MaxRetentionSeconds)
	}
	fileSec := "0 (off)"
	if j.MaxFileSeconds > 0 {
		fileSec = age(j.MaxFileSeconds)
	}
	fmt.Fprintf(w, "  Storage=%s MaxRetentionSec=%s MaxFileSec=%s\n", j.Storage, ret, fileSec)
	if j.Vacuum {
		fmt.Fprintf(w, "  janitor run vacuums it to %s\n", age(j.VacuumSeconds))
	}
	worst := "unbounded"
	if j.WorstCaseSeconds >= 0 {
		worst = age(j.WorstCaseSeconds)
	}
	fmt.Fprintf(w, "  oldest entry possible: %s\n", worst)
	for _, v := range j.Violations {
		fmt.Fprintf(w, "  VIOLATION: %s\n", v)
	}
}

// age renders seconds as days, hours and minutes: "2d 3h 5m".
func age(sec int64) string { return retention.Age(sec) }

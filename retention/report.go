package retention

import (
	"fmt"
	"strings"
)

// Plural renders a count with its noun: "1 line", "2 lines", "3 addresses".
func Plural(n int64, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	if strings.HasSuffix(noun, "s") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Action is what a run did, or in a dry run would do, to a file.
type Action string

// The actions of a run.
const (
	ActionKept      Action = "kept"      // nothing expired, nothing to scrub
	ActionDeleted   Action = "deleted"   // every line expired
	ActionRewritten Action = "rewritten" // expired lines removed and/or addresses scrubbed
	ActionHeld      Action = "held"      // a process holds it open for writing: left alone
	ActionRotated   Action = "rotated"   // renamed aside and its writer told to reopen
	ActionFailed    Action = "failed"    // could not be read or written: left byte for byte
	ActionDeferred  Action = "deferred"  // changed while processed: left for the next run
)

// FileResult is what happened to one file. It holds counts, never content.
type FileResult struct {
	Source string `json:"source"`
	Path   string `json:"path"`
	Action Action `json:"action"`
	// LinesRemoved counts expired lines taken out; LinesKept the lines left.
	LinesRemoved int64 `json:"lines_removed"`
	LinesKept    int64 `json:"lines_kept"`
	// LinesScrubbed counts lines whose addresses were masked, Addresses the
	// addresses in them.
	LinesScrubbed int64 `json:"lines_scrubbed"`
	Addresses     int64 `json:"addresses_scrubbed"`
	// Note explains a held, rotated or deferred file.
	Note string `json:"note,omitempty"`
	// Error names what failed; the file was left as it was.
	Error string `json:"error,omitempty"`
	// RotatedTo is the name a live file was rotated to.
	RotatedTo string `json:"rotated_to,omitempty"`
}

// Skipped is a name a glob matched that the janitor does not touch.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
	// Unchecked (audit only) says the name may hold log lines the audit
	// could not read: a directory reached through a symlink, or a symlink
	// to a regular file no glob names.
	Unchecked bool `json:"unchecked,omitempty"`
}

// VacuumResult is what vacuuming the journal did.
type VacuumResult struct {
	RetentionSeconds int64  `json:"retention_seconds"`
	Error            string `json:"error,omitempty"`
}

// RunReport is the outcome of one run: counts and file names only.
type RunReport struct {
	DryRun bool         `json:"dry_run"`
	Files  []FileResult `json:"files"`
	// Skipped lists symlinks and other names left alone.
	Skipped []Skipped `json:"skipped,omitempty"`
	// StrayTemps counts temp files of a killed run that were removed (or,
	// in a dry run, found).
	StrayTemps int `json:"stray_temp_files"`
	// HiddenProcesses counts processes whose open files could not be seen
	// (not run as root): held-open detection was incomplete.
	HiddenProcesses int           `json:"hidden_processes,omitempty"`
	Journal         *VacuumResult `json:"journal,omitempty"`
	Totals          RunTotals     `json:"totals"`
}

// RunTotals sums a run.
type RunTotals struct {
	Deleted           int   `json:"files_deleted"`
	Trimmed           int   `json:"files_trimmed"`
	Scrubbed          int   `json:"files_scrubbed"`
	Held              int   `json:"files_held"`
	Rotated           int   `json:"files_rotated"`
	Failed            int   `json:"files_failed"`
	Deferred          int   `json:"files_deferred"`
	LinesRemoved      int64 `json:"lines_removed"`
	AddressesScrubbed int64 `json:"addresses_scrubbed"`
}

// Failed says whether some file or the journal vacuum failed.
func (r *RunReport) Failed() bool {
	return r.Totals.Failed > 0 || (r.Journal != nil && r.Journal.Error != "")
}

func (r *RunReport) add(f FileResult) {
	r.Files = append(r.Files, f)
	t := &r.Totals
	switch f.Action {
	case ActionDeleted:
		t.Deleted++
	case ActionRewritten:
		if f.LinesRemoved > 0 {
			t.Trimmed++
		}
		if f.LinesScrubbed > 0 {
			t.Scrubbed++
		}
	case ActionHeld:
		t.Held++
	case ActionRotated:
		t.Rotated++
	case ActionFailed:
		t.Failed++
	case ActionDeferred:
		t.Deferred++
	}
	t.LinesRemoved += f.LinesRemoved
	t.AddressesScrubbed += f.Addresses
}

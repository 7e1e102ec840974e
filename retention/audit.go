package retention

import (
	"context"
	"fmt"
	"os"
	"time"
)

// AuditReport is what the audit found: ages, counts and file names, never
// an address or a line.
type AuditReport struct {
	Now     time.Time     `json:"now"`
	Sources []SourceAudit `json:"sources"`
	// Journald is present when the config has a journald section.
	Journald *JournaldAudit `json:"journald,omitempty"`
	Skipped  []Skipped      `json:"skipped,omitempty"`
	// Uncovered are the files in the sources' log roots no glob matches;
	// each counts as a violation (it may hold addresses nothing expires).
	Uncovered []Uncovered `json:"uncovered,omitempty"`
	// Privacy are the host's settings that BBB's privacy guide or the
	// policy advise against, each with what to change; each counts as a
	// violation.
	Privacy []PrivacyFinding `json:"privacy,omitempty"`
	// HiddenProcesses counts processes whose open files could not be seen
	// (the audit did not run as root): held-open detection is incomplete.
	HiddenProcesses int `json:"hidden_processes,omitempty"`
	// Violations counts findings against the policy; Unchecked the files and
	// settings that could not be checked.
	Violations int `json:"violations"`
	Unchecked  int `json:"unchecked"`
	// Result is the verdict, as the exit status says it: "compliant" (0),
	// "violations found" (1) or "could not check" (2).
	Result string `json:"result"`
}

// Results of an audit, by exit status.
var auditResults = [...]string{0: "compliant", 1: "violations found", 2: "could not check"}

// SourceAudit is one source's files.
type SourceAudit struct {
	Name             string      `json:"name"`
	RetentionSeconds int64       `json:"retention_seconds"`
	Files            []FileAudit `json:"files"`
	// Findings are about the source as a whole: a source whose paths match
	// no file cannot be shown to comply (a mistyped glob looks like this).
	Findings []string `json:"findings,omitempty"`
	// Notes are about the source as a whole and are no finding: a source
	// whose directories exist but hold no file it names has nothing to keep
	// (the janitor may have deleted its last expired file).
	Notes []string `json:"notes,omitempty"`
}

// noteEmpty is the note on a source whose directories exist but hold none of its files.
const noteEmpty = "empty, nothing to keep: no file matches the source's paths, but their directories exist"

// FileAudit is one file's state.
type FileAudit struct {
	Path  string `json:"path"`
	Lines int64  `json:"lines"`
	// OldestAgeSeconds is the age of the oldest line; AgeFrom says whether
	// it came from the lines' timestamps or (none found) the file's mtime.
	OldestAgeSeconds int64  `json:"oldest_age_seconds"`
	AgeFrom          string `json:"age_from,omitempty"`
	// ExpiredLines are older than the retention.
	ExpiredLines int64 `json:"expired_lines"`
	// Addresses counts every address, masked or not; UnmaskedAddresses those
	// not yet masked to the configured prefix, UnmaskedLines the lines
	// holding them.
	Addresses         int64 `json:"addresses"`
	UnmaskedAddresses int64 `json:"unmasked_addresses"`
	UnmaskedLines     int64 `json:"unmasked_lines"`
	// HeldOpen says a process holds the file open for writing.
	HeldOpen bool `json:"held_open_for_writing,omitempty"`
	// Error says why the file could not be checked.
	Error      string   `json:"error,omitempty"`
	Violations []string `json:"violations,omitempty"`
	Notes      []string `json:"notes,omitempty"`
}

// JournaldAudit is journald's retention as configured.
type JournaldAudit struct {
	Files   []string `json:"files"`
	Storage string   `json:"storage"`
	// MaxRetentionSeconds is 0 when unset (no time limit).
	MaxRetentionSeconds int64 `json:"max_retention_seconds"`
	MaxFileSeconds      int64 `json:"max_file_seconds"`
	// Vacuum says run vacuums the journal to VacuumSeconds.
	Vacuum        bool  `json:"vacuum"`
	VacuumSeconds int64 `json:"vacuum_seconds,omitempty"`
	// WorstCaseSeconds is how old an entry can get; -1 when nothing bounds it.
	WorstCaseSeconds int64    `json:"worst_case_seconds"`
	RetentionSeconds int64    `json:"retention_seconds"`
	Error            string   `json:"error,omitempty"`
	Violations       []string `json:"violations,omitempty"`
}

// ExitCode is the audit's exit status: 0 compliant, 1 violations found,
// 2 could not check (and no violation found).
func (a *AuditReport) ExitCode() int {
	switch {
	case a.Violations > 0:
		return 1
	case a.Unchecked > 0:
		return 2
	}
	return 0
}

// Audit checks every file the config names, and journald's settings,
// without changing anything.
func (r *Runner) Audit(ctx context.Context) (*AuditReport, error) {
	rep := &AuditReport{Now: r.Now}
	inv, err := r.collect(&rep.Skipped)
	if err != nil {
		return rep, err
	}
	rep.HiddenProcesses = inv.ws.hidden
	for i := range rep.Skipped {
		if s := &rep.Skipped[i]; s.Reason != reasonNotRegular && !coveredSymlink(s.Path, inv.ids) {
			s.Unchecked = true
			rep.Unchecked++
		}
	}
	for _, g := range inv.groups {
		ret := r.Config.SourceRetention(g.src)
		sa := SourceAudit{Name: g.src.Name, RetentionSeconds: int64(ret / time.Second)}
		for _, u := range g.unreadable {
			sa.Files = append(sa.Files, FileAudit{Path: u.path, Error: u.reason})
			rep.Unchecked++
		}
		for _, c := range g.files {
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			fa := r.auditFile(g.src, c.path, r.Now.Add(-ret), inv.held(c), inv.programs(c))
			rep.Violations += len(fa.Violations)
			if fa.Error != "" {
				rep.Unchecked++
			}
			sa.Files = append(sa.Files, fa)
		}
		switch {
		case len(sa.Files) > 0:
		case len(patternDirs(g.src.Paths)) > 0:
			sa.Notes = append(sa.Notes, noteEmpty)
		default:
			sa.Findings = append(sa.Findings, "no file matches the source's paths and none of their directories exists: check the globs, or remove the source")
			rep.Unchecked++
		}
		rep.Sources = append(rep.Sources, sa)
	}
	rep.Uncovered = uncoveredFiles(r.Config.Sources)
	rep.Violations += len(rep.Uncovered)
	if r.HostRoot != "" {
		rep.Privacy = privacyFindings(r.HostRoot, r.Config)
		rep.Violations += len(rep.Privacy)
	}
	if r.Config.Journald != nil {
		ja := r.auditJournald()
		rep.Violations += len(ja.Violations)
		if ja.Error != "" {
			rep.Unchecked++
		}
		rep.Journald = ja
	}
	rep.Result = auditResults[rep.ExitCode()]
	return rep, nil
}

// coveredSymlink says whether a name skipped for a symlink (its own, or
// its directory's) holds nothing the audit missed: it leads to something
// other than a regular file (/dev/stdout, /dev/null, nothing) or to a file
// a glob names.
func coveredSymlink(path string, ids map[fileID]bool) bool {
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() {
		return true
	}
	id, ok := idOf(info)
	return ok && ids[id]
}

func (r *Runner) auditFile(src *Source, path string, cutoff time.Time, held bool, programs []string) FileAudit {
	fa := FileAudit{Path: path, HeldOpen: held}
	l, err := openSourceLog(src, path)
	if err != nil {
		fa.Error = err.Error()
		return fa
	}
	defer l.Close()
	s, all := r.scrubbers(src)
	a, err := l.analyze(r.loc(src), cutoff, s, all)
	if err != nil {
		fa.Error = err.Error()
		return fa
	}
	if a.Compressed != "" {
		fa.OldestAgeSeconds, fa.AgeFrom = int64(r.Now.Sub(a.Oldest)/time.Second), "mtime"
		fa.Violations = append(fa.Violations, a.wholeFile()+" older than the retention (judged by its mtime)")
		return fa
	}
	if a.Binary {
		fa.OldestAgeSeconds, fa.AgeFrom = int64(r.Now.Sub(a.Oldest)/time.Second), "mtime"
		fa.Notes = append(fa.Notes, "binary: not read; deleted as a whole once its mtime is older than the retention (rotate it daily so that no record outlives it)")
		if held {
			fa.Notes = append(fa.Notes, "held open for writing by a process")
		}
		return fa
	}
	fa.Lines, fa.ExpiredLines = a.Lines, a.Expired
	fa.Addresses, fa.UnmaskedAddresses, fa.UnmaskedLines = a.Addresses, a.Unmasked, a.UnmaskedLines
	if a.Lines > 0 {
		fa.OldestAgeSeconds = int64(r.Now.Sub(a.Oldest) / time.Second)
		fa.AgeFrom = "timestamps"
		if a.FromMtime {
			fa.AgeFrom = "mtime"
		}
	}
	if a.Expired > 0 {
		v := Plural(a.Expired, "line") + " older than the retention"
		if held {
			v += " (held open for writing)"
		}
		fa.Violations = append(fa.Violations, v)
		if held && src.Reopen == "" {
			fa.Notes = append(fa.Notes, "to comply: "+heldAdvice(programs))
		}
	}
	// Unmasked addresses in expired lines are covered by the violation above.
	switch {
	case a.FreshUnmasked > 0 && held:
		fa.Notes = append(fa.Notes, fmt.Sprintf("%s in %s, scrubbed once the writer lets go of the file", Plural(a.FreshAddresses, "unmasked address"), Plural(a.FreshUnmasked, "unexpired line")))
	case a.FreshUnmasked > 0:
		fa.Violations = append(fa.Violations, fmt.Sprintf("%s in %s", Plural(a.FreshAddresses, "unmasked address"), Plural(a.FreshUnmasked, "unexpired line")))
	}
	if held {
		fa.Notes = append(fa.Notes, "held open for writing by a process")
	}
	if err := l.refusal(); err != nil {
		fa.Notes = append(fa.Notes, "run cannot change it: "+err.Error())
	}
	return fa
}

func (r *Runner) auditJournald() *JournaldAudit {
	j := r.Config.Journald
	ret := r.Config.JournalRetention()
	ja := &JournaldAudit{Vacuum: j.Vacuum, RetentionSeconds: int64(ret / time.Second)}
	s, err := ReadJournald(j.Conf)
	if err != nil {
		ja.Error = err.Error()
		return ja
	}
	ja.Files, ja.Storage = s.Files, s.Storage
	ja.MaxRetentionSeconds = int64(s.MaxRetentionSec / time.Second)
	ja.MaxFileSeconds = int64(s.MaxFileSec / time.Second)
	var vac time.Duration
	if j.Vacuum {
		vac = ret
		ja.VacuumSeconds = int64(ret / time.Second)
	}
	worst, bounded := s.WorstCase(vac)
	switch {
	case !bounded && s.MaxFileSec == 0:
		ja.WorstCaseSeconds = -1
		ja.Violations = append(ja.Violations, "MaxFileSec=0: the active journal file is never rotated by time, so its entries never expire")
	case !bounded:
		ja.WorstCaseSeconds = -1
		ja.Violations = append(ja.Violations, "no MaxRetentionSec and no vacuum: entries are kept until size limits push them out")
	default:
		ja.WorstCaseSeconds = int64(worst / time.Second)
		if worst > ret {
			sec := func(d time.Duration) string { return Age(int64(d / time.Second)) }
			ja.Violations = append(ja.Violations, fmt.Sprintf("entries can get %s old (retention %s + MaxFileSec %s), more than %s",
				sec(worst), sec(worst-s.MaxFileSec), sec(s.MaxFileSec), sec(ret)))
		}
	}
	return ja
}

// Age renders seconds as days, hours and minutes, as the audit writes every age: "2d 3h 5m".
func Age(sec int64) string {
	if sec < 0 {
		return "in the future"
	}
	d, h, m := sec/86400, sec%86400/3600, sec%3600/60
	switch {
	case d > 0:
		return fmt.Sprintf("%dd %dh %dm", d, h, m)
	case h > 0:
		return fmt.Sprintf("%dh %dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%ds", sec)
}

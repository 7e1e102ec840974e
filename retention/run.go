package retention

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"time"
)

// Runner enforces a Config once (Run) or checks it (Audit).
type Runner struct {
	Config   *Config
	Scrubber Scrubber
	// Counter, when set, counts every address for the audit (masked or not).
	Counter Counter
	// ScrubbersFor, when set, gives a source its own scrubber and counter
	// (phone numbers and e-mail addresses are scrubbed per source).
	ScrubbersFor func(*Source) (Scrubber, Counter)
	// Now is the instant ages are measured from (tests fix it).
	Now time.Time
	// Location is the zone of timestamps that carry none (default time.Local).
	Location *time.Location
	// ProcRoot is where procfs is mounted (default /proc).
	ProcRoot string
	// HostRoot, when set, is where the audit reads the host's configuration
	// ("/" on the host itself) to compare it with BBB's privacy guide
	// (nginx, bbb-web, bbb-webrtc-sfu, coturn, BBB's cron job). Empty skips
	// those checks.
	HostRoot string
	// DryRun reports what a run would do and changes nothing.
	DryRun bool
	// Shell runs reopen commands (default /bin/sh).
	Shell  string
	Logger *slog.Logger

	// wrapTemp lets tests inject write errors (a full disk).
	wrapTemp func(io.Writer) io.Writer
	// pollEvery is how often the writers of a rotated file are checked.
	pollEvery time.Duration
	// beforeCommit runs between the last check and the rename or removal
	// (tests append a line there, as a writer that opens per line might).
	beforeCommit func(path string)
}

// loc is the zone of src's timestamps that carry none: the source's
// time_zone, else Location, else the host's (time.Local, which honours TZ).
func (r *Runner) loc(src *Source) *time.Location {
	if src != nil && src.location != nil {
		return src.location
	}
	if r.Location != nil {
		return r.Location
	}
	return time.Local
}

// scrubbers returns the scrubber and counter for a source's files.
func (r *Runner) scrubbers(src *Source) (Scrubber, Counter) {
	if r.ScrubbersFor != nil {
		return r.ScrubbersFor(src)
	}
	return r.Scrubber, r.Counter
}

func (r *Runner) procRoot() string {
	if r.ProcRoot != "" {
		return r.ProcRoot
	}
	return DefaultProcRoot
}

func (r *Runner) log() *slog.Logger {
	if r.Logger != nil {
		return r.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// sourceFiles are one source's files, and the directories of its globs
// that could not be read.
type sourceFiles struct {
	src        *Source
	files      []candidate
	unreadable []skipped
}

// inventory is what collect found: every source's files, the IDs of all
// of them, and which of them processes hold open for writing.
type inventory struct {
	groups []sourceFiles
	ids    map[fileID]bool
	ws     writerScan
}

// held says whether a process holds c open for writing.
func (inv *inventory) held(c candidate) bool {
	id, ok := idOf(c.info)
	return ok && inv.ws.writers[id] > 0
}

// programs names the processes that hold c open for writing.
func (inv *inventory) programs(c candidate) []string {
	id, _ := idOf(c.info)
	return inv.ws.programs[id]
}

// stillHeld confirms what the first look at procfs found: c is held open
// for writing by a process that keeps it open, not by one that opens it
// for a line and closes it again.
func (r *Runner) stillHeld(c candidate) bool {
	id, ok := idOf(c.info)
	if !ok {
		return true
	}
	held, err := r.heldSteadily(id)
	return held || err != nil
}

// collect expands every source's globs (a file named by two sources belongs
// to the first) and looks in procfs for the processes writing to them.
func (r *Runner) collect(skips *[]Skipped) (*inventory, error) {
	var out []sourceFiles
	ids := map[fileID]bool{}
	seen := map[string]bool{}
	for i := range r.Config.Sources {
		s := &r.Config.Sources[i]
		cands, sk, err := expand(s.Paths)
		if err != nil {
			return nil, fmt.Errorf("source %q: %w", s.Name, err)
		}
		sf := sourceFiles{src: s}
		for _, k := range sk {
			if k.unreadable {
				sf.unreadable = append(sf.unreadable, k)
				continue
			}
			*skips = append(*skips, Skipped{Path: k.path, Reason: k.reason})
		}
		for _, c := range cands {
			if seen[c.path] {
				continue
			}
			seen[c.path] = true
			if id, ok := idOf(c.info); ok {
				ids[id] = true
			}
			sf.files = append(sf.files, c)
		}
		out = append(out, sf)
	}
	ws, err := scanWriters(r.procRoot(), func(id fileID) bool { return ids[id] })
	if err != nil {
		return nil, err
	}
	return &inventory{groups: out, ids: ids, ws: ws}, nil
}

// Run enforces the policy once. A file that cannot be read or written is
// reported and left as it was, and the run goes on; the error return is kept
// for failures that stop the whole run (procfs unreadable).
func (r *Runner) Run(ctx context.Context) (*RunReport, error) {
	rep := &RunReport{DryRun: r.DryRun}
	for i := range r.Config.Sources {
		r.cleanStrays(&r.Config.Sources[i], rep)
	}
	inv, err := r.collect(&rep.Skipped)
	if err != nil {
		return rep, err
	}
	if hidden := inv.ws.hidden; hidden > 0 {
		// Not root: a file another user's process writes to may look closed.
		rep.HiddenProcesses = hidden
		r.log().Warn("cannot see the open files of all processes; run as root", "hidden", hidden)
	}
	for _, g := range inv.groups {
		cutoff := r.Now.Add(-r.Config.SourceRetention(g.src))
		for _, u := range g.unreadable {
			rep.add(FileResult{Source: g.src.Name, Path: u.path, Action: ActionFailed, Error: u.reason})
		}
		var held []candidate
		for _, c := range g.files {
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			if inv.held(c) && r.stillHeld(c) {
				held = append(held, c)
				continue
			}
			rep.add(r.process(g.src, c, cutoff))
		}
		if len(held) > 0 {
			r.handleHeld(ctx, g.src, held, inv, cutoff, rep)
		}
	}
	if j := r.Config.Journald; j != nil && j.Vacuum {
		rep.Journal = r.vacuum(ctx)
	}
	return rep, nil
}

// cleanStrays removes the temp files a killed run left in the source's directories.
func (r *Runner) cleanStrays(s *Source, rep *RunReport) {
	for _, dir := range patternDirs(s.Paths) {
		strays, err := strayTemps(dir)
		if err != nil {
			continue
		}
		for _, p := range strays {
			if r.DryRun {
				rep.StrayTemps++
				continue
			}
			if err := removeNoFollow(p); err == nil {
				rep.StrayTemps++
				r.log().Info("removed stray temp file", "path", p)
			}
		}
	}
}

// process applies the policy to one file no process holds open for writing.
func (r *Runner) process(src *Source, c candidate, cutoff time.Time) FileResult {
	res := FileResult{Source: src.Name, Path: c.path, Action: ActionKept}
	fail := func(err error) FileResult {
		switch {
		case errors.Is(err, ErrChanged) || errors.Is(err, ErrHeld):
			res.Action, res.Note = ActionDeferred, err.Error()
		case errors.Is(err, fs.ErrNotExist):
			// logrotate (or the writer) moved it away since the globs
			// were read: nothing of it is left here to judge.
			res.Action, res.Note = ActionDeferred, "vanished during the run (rotated or removed by another program): skipped"
		default:
			res.Action, res.Error = ActionFailed, err.Error()
		}
		return res // the report names the file and the error
	}
	l, err := openSourceLog(src, c.path)
	if err != nil {
		return fail(err)
	}
	defer l.Close()
	if !os.SameFile(l.info, c.info) {
		return fail(fmt.Errorf("%s: %w", c.path, ErrChanged))
	}
	s, _ := r.scrubbers(src)
	a, err := l.analyze(r.loc(src), cutoff, s, nil)
	if err != nil {
		return fail(err)
	}
	res.LinesKept = a.Lines
	if !a.needsWork() {
		return res
	}
	if err := l.refusal(); err != nil {
		return fail(err)
	}
	if a.allExpired() {
		res.Action, res.LinesRemoved, res.LinesKept = ActionDeleted, a.Lines, 0
		if a.Compressed != "" {
			res.LinesRemoved, res.Note = 0, a.wholeFile()+": judged by its mtime"
		}
		if !r.DryRun {
			if err := r.remove(src, l); err != nil {
				return fail(err)
			}
		}
		r.log().Debug("deleted", "source", src.Name, "path", c.path)
		return res
	}
	res.Action = ActionRewritten
	if r.DryRun {
		res.LinesRemoved, res.LinesKept = a.Expired, a.Lines-a.Expired
		res.LinesScrubbed, res.Addresses = a.FreshUnmasked, a.FreshAddresses
		return res
	}
	st, err := r.rewrite(src, l, cutoff)
	if err != nil {
		return fail(err)
	}
	res.LinesRemoved, res.LinesKept = st.Removed, st.Kept
	res.LinesScrubbed, res.Addresses = st.ScrubbedLines, st.Addresses
	r.log().Debug("rewritten", "source", src.Name, "path", c.path, "lines_removed", st.Removed, "lines_scrubbed", st.ScrubbedLines)
	return res
}

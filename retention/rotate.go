package retention

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// A file a process holds open for writing is never replaced by rename and
// never truncated under its writer. When it has expired lines and its source
// has a reopen command, it is rotated: renamed aside to a name the source's
// globs match (see names.go), the writer is told to reopen (and creates a new
// file under the old name), and once no process holds the renamed file for
// writing any more it is processed like any closed file. Every line the
// writer appended before letting go is in the renamed file, every line after
// in the new one: none is lost. Without a reopen command the file is left
// alone and reported.

// rotation is a held file on its way aside.
type rotation struct {
	res     FileResult
	rotated string
}

// handleHeld deals with a source's files that processes hold open for writing.
func (r *Runner) handleHeld(ctx context.Context, src *Source, held []candidate, inv *inventory, cutoff time.Time, rep *RunReport) {
	var todo []rotation
	for _, c := range held {
		res := FileResult{Source: src.Name, Path: c.path, Action: ActionHeld}
		a, err := r.analyzePath(src, c.path, cutoff)
		if err != nil {
			res.Action, res.Error = ActionFailed, err.Error()
			rep.add(res)
			continue
		}
		res.LinesKept = a.Lines
		rotatedAlready := isRotated(filepath.Base(c.path))
		switch {
		case src.Reopen == "" && a.Expired > 0:
			res.Note = fmt.Sprintf("held open for writing, %s left: no reopen command; to comply: %s", Plural(a.Expired, "expired line"), heldAdvice(inv.programs(c)))
		case src.Reopen == "":
			res.Note = "held open for writing: left alone"
		case a.Expired == 0 && !rotatedAlready:
			res.Note = "held open for writing, nothing expired yet: left alone"
		default:
			todo = append(todo, rotation{res: res})
			continue
		}
		rep.add(res)
	}
	if len(todo) == 0 {
		return
	}
	if r.DryRun {
		for _, t := range todo {
			t.res.Action, t.res.Note = ActionRotated, "would be rotated through the reopen command"
			rep.add(t.res)
		}
		return
	}
	var moved []rotation
	for _, t := range todo {
		if err := r.rotateAside(src, &t); err != nil {
			t.res.Action, t.res.Error = ActionFailed, err.Error()
			rep.add(t.res)
			continue
		}
		moved = append(moved, t)
	}
	if len(moved) == 0 {
		return
	}
	reopenErr := r.reopen(ctx, src)
	released := make([]bool, len(moved))
	if reopenErr == nil {
		released = r.waitReleased(ctx, src, moved)
	}
	for i, t := range moved {
		t.res.Action = ActionRotated
		switch {
		case reopenErr != nil:
			t.res.Action, t.res.Error = ActionFailed, reopenErr.Error()+r.rollBack(&t)
		case !released[i]:
			t.res.Note = "the writer has not let go yet: processed by a later run"
		}
		rep.add(t.res)
		if released[i] {
			info, err := os.Lstat(t.rotated)
			if err != nil {
				continue
			}
			rep.add(r.process(src, candidate{path: t.rotated, info: info}, cutoff))
		}
	}
}

// analyzePath reads a file once, read-only.
func (r *Runner) analyzePath(src *Source, path string, cutoff time.Time) (analysis, error) {
	l, err := openSourceLog(src, path)
	if err != nil {
		return analysis{}, err
	}
	defer l.Close()
	s, all := r.scrubbers(src)
	return l.analyze(r.loc(src), cutoff, s, all)
}

// rotateAside renames a live file to its rotated name (unless it already is one).
func (r *Runner) rotateAside(src *Source, t *rotation) error {
	path := t.res.Path
	if isRotated(filepath.Base(path)) {
		t.rotated = path
		t.res.Note = "rotated earlier; its writer is told again to reopen"
		return nil
	}
	to := rotatedName(path, r.Now)
	if !matchesAny(src.Paths, to) {
		return fmt.Errorf("held open for writing; not rotated: no glob of source %q matches %s (add e.g. %s)",
			src.Name, to, filepath.Join(filepath.Dir(path), "*"+rotateMarker+"*"))
	}
	if err := renameNoReplace(path, to); err != nil {
		return err
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return err
	}
	t.rotated, t.res.RotatedTo = to, to
	r.log().Info("rotated live file", "source", src.Name, "path", path, "to", to)
	return nil
}

// rollBack gives a file renamed aside its live name back after the reopen
// command failed: the writer still writes to it, and under the rotated name
// its lines would be judged as a finished file's. It returns what to add
// to the error.
func (r *Runner) rollBack(t *rotation) string {
	if t.res.RotatedTo == "" {
		return "" // rotated by an earlier run: nothing was renamed now
	}
	if err := renameNoReplace(t.rotated, t.res.Path); err != nil {
		return fmt.Sprintf("; left as %s, could not roll back: %v", t.rotated, err)
	}
	if err := syncDir(filepath.Dir(t.res.Path)); err != nil {
		return fmt.Sprintf("; rolled back, but: %v", err)
	}
	t.res.RotatedTo = ""
	return "; rolled back to its live name"
}

// reopen runs the source's reopen command.
func (r *Runner) reopen(ctx context.Context, src *Source) error {
	shell := r.Shell
	if shell == "" {
		shell = "/bin/sh"
	}
	ctx, cancel := context.WithTimeout(ctx, src.Wait())
	defer cancel()
	if err := exec.CommandContext(ctx, shell, "-c", src.Reopen).Run(); err != nil {
		return fmt.Errorf("reopen command of source %q: %w", src.Name, err)
	}
	return nil
}

// waitReleased polls until no process holds the rotated files for writing,
// or the source's reopen_wait has passed.
func (r *Runner) waitReleased(ctx context.Context, src *Source, moved []rotation) []bool {
	released := make([]bool, len(moved))
	ids := make([]fileID, len(moved))
	for i, t := range moved {
		if info, err := os.Lstat(t.rotated); err == nil {
			ids[i], _ = idOf(info)
		}
	}
	every := r.pollEvery
	if every == 0 {
		every = 50 * time.Millisecond
	}
	want := map[fileID]bool{}
	for _, id := range ids {
		want[id] = true
	}
	deadline := time.Now().Add(src.Wait())
	for {
		ws, err := scanWriters(r.procRoot(), func(id fileID) bool { return want[id] })
		all := err == nil
		for i, id := range ids {
			released[i] = err == nil && ws.writers[id] == 0
			all = all && released[i]
		}
		if all || time.Now().After(deadline) || ctx.Err() != nil {
			return released
		}
		time.Sleep(every)
	}
}

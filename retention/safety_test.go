package retention

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// runOn runs the policy (one source, glob pattern) with no process holding
// anything open and returns the report's result for each file name.
func runOn(t *testing.T, patterns ...string) (*RunReport, map[string]FileResult) {
	t.Helper()
	r := newRunner(t, testConfig(Source{Name: "app", Paths: patterns}))
	r.ProcRoot = t.TempDir()
	rep, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	res := map[string]FileResult{}
	for _, f := range rep.Files {
		res[filepath.Base(f.Path)] = f
	}
	return rep, res
}

// Files that are not what their names say, or are otherwise odd: each is
// handled on its content, or left byte for byte and reported.
func TestRunOddFiles(t *testing.T) {
	dir := t.TempDir()
	mt := testNow.Add(-48 * 3600e9)
	put := func(name string, data []byte) { writeFile(t, filepath.Join(dir, name), data, mt) }
	put("plain.log.2.gz", []byte(oldNginx+freshNginx))                           // a .gz that is plain text
	put("trailing.log.3.gz", append(gz(t, oldNginx+freshNginx), "garbage\n"...)) // gzip(1): "trailing garbage ignored"
	put("zeros.log.4.gz", append(gz(t, oldNginx+freshNginx), make([]byte, 512)...))
	put("members.log.5.gz", gz(t, oldNginx, freshNginx, freshV6)) // concatenated members
	put("empty.log", nil)
	put("empty.log.6.gz", nil)
	put("nonl.log", []byte(oldNginx+strings.TrimSuffix(freshNginx, "\n")))
	put("gzip-named-plain.log.7", gz(t, oldNginx+freshNginx)) // gzip without .gz: by its magic
	before := map[string][]byte{}
	for _, n := range []string{"trailing.log.3.gz", "zeros.log.4.gz"} {
		before[n], _ = os.ReadFile(filepath.Join(dir, n))
	}
	_, res := runOn(t, filepath.Join(dir, "*"))

	if got := readFile(t, filepath.Join(dir, "plain.log.2.gz")); got != maskedNg || res["plain.log.2.gz"].Action != ActionRewritten {
		t.Errorf("plain text named .gz: %s %q", res["plain.log.2.gz"].Action, got)
	}
	for n, b := range before {
		if got, _ := os.ReadFile(filepath.Join(dir, n)); !bytes.Equal(got, b) {
			t.Errorf("%s: changed", n)
		}
		if f := res[n]; f.Action != ActionFailed || !strings.Contains(f.Error, n) || !strings.Contains(f.Error, "gzip") {
			t.Errorf("%s: %s %q", n, f.Action, f.Error)
		}
	}
	if got := gunzip(t, []byte(readFile(t, filepath.Join(dir, "members.log.5.gz")))); got != maskedNg+maskedV6 {
		t.Errorf("concatenated members: %q", got)
	}
	for _, n := range []string{"empty.log", "empty.log.6.gz"} {
		if info, err := os.Stat(filepath.Join(dir, n)); err != nil || info.Size() != 0 || res[n].Action != ActionKept {
			t.Errorf("%s: %v %v", n, res[n].Action, err)
		}
	}
	if got := readFile(t, filepath.Join(dir, "nonl.log")); got != strings.TrimSuffix(maskedNg, "\n") {
		t.Errorf("a last line without newline: %q", got)
	}
	if got := gunzip(t, []byte(readFile(t, filepath.Join(dir, "gzip-named-plain.log.7")))); got != maskedNg {
		t.Errorf("gzip without .gz: %q", got)
	}
}

// A file with hard links cannot be rewritten (rename breaks the link: the
// other name keeps the old lines) nor deleted (the other name keeps them
// all): it is left as it is and reported, so that someone removes the
// other name. A file with nothing to do is just kept.
func TestRunHardLinks(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	mt := testNow.Add(-48 * 3600e9)
	writeFile(t, filepath.Join(dir, "access.log"), []byte(oldNginx+freshNginx), mt)
	writeFile(t, filepath.Join(dir, "clean.log"), []byte(maskedNg), mt)
	for _, n := range []string{"access.log", "clean.log"} {
		if err := os.Link(filepath.Join(dir, n), filepath.Join(elsewhere, n)); err != nil {
			t.Fatal(err)
		}
	}
	_, res := runOn(t, filepath.Join(dir, "*.log"))
	if f := res["access.log"]; f.Action != ActionFailed || !strings.Contains(f.Error, "2 hard links") {
		t.Errorf("access.log: %s %q", f.Action, f.Error)
	}
	if res["clean.log"].Action != ActionKept {
		t.Errorf("clean.log: %s", res["clean.log"].Action)
	}
	if got := readFile(t, filepath.Join(elsewhere, "access.log")); got != oldNginx+freshNginx {
		t.Errorf("the other name changed: %q", got)
	}
	if got := readFile(t, filepath.Join(dir, "access.log")); got != oldNginx+freshNginx {
		t.Errorf("the file changed: %q", got)
	}
}

// Append-only and immutable files (chattr +a, +i) can be neither replaced
// nor deleted: reported by name before any temp file is written.
func TestRunAppendOnlyImmutable(t *testing.T) {
	dir := t.TempDir()
	mt := testNow.Add(-48 * 3600e9)
	for name, flag := range map[string]int{"append.log": fsAppendFL, "immutable.log": fsImmutableFL, "gone.log": fsImmutableFL} {
		p := filepath.Join(dir, name)
		data := oldNginx + freshNginx
		if name == "gone.log" {
			data = oldNginx
		}
		writeFile(t, p, []byte(data), mt)
		if err := setFlags(p, flag); err != nil {
			t.Skipf("cannot set file attributes here (needs root and ext4 or the like): %v", err)
		}
		t.Cleanup(func() { setFlags(p, 0) })
	}
	_, res := runOn(t, filepath.Join(dir, "*.log"))
	for name, want := range map[string]string{"append.log": "append-only attribute", "immutable.log": "immutable attribute", "gone.log": "immutable attribute"} {
		if f := res[name]; f.Action != ActionFailed || !strings.Contains(f.Error, want) || !strings.Contains(f.Error, name) {
			t.Errorf("%s: %s %q", name, f.Action, f.Error)
		}
	}
	if s := strays(dir); len(s) > 0 {
		t.Errorf("temp files left: %v", s)
	}
}

// The inode flags of chattr +a and +i (linux/fs.h).
const (
	fsImmutableFL = 0x10
	fsAppendFL    = 0x20
)

// setFlags sets (or with 0 clears) the append-only and immutable flags,
// keeping the others (ext4's extents flag cannot be cleared).
func setFlags(path string, flags int) error {
	f, err := os.OpenFile(path, os.O_RDONLY|unix.O_NOFOLLOW, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	cur, err := unix.IoctlGetInt(int(f.Fd()), unix.FS_IOC_GETFLAGS)
	if err != nil {
		return err
	}
	return unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, cur&^(fsAppendFL|fsImmutableFL)|flags)
}

// Symlinks: one the glob matches is never followed (its target, even a
// log of the same policy elsewhere, is untouched); a directory of the
// pattern that is a symlink another user could have made is not entered
// either (name its real path in the config); FIFOs and sockets are skipped without blocking.
func TestRunSymlinks(t *testing.T) {
	trustLinksOf(t, -1) // the symlinks stand for another user's (a root-owned one is resolved: symdir_test.go)
	base := t.TempDir()
	logs, outside := filepath.Join(base, "log"), filepath.Join(base, "outside")
	mt := testNow.Add(-48 * 3600e9)
	writeFile(t, filepath.Join(outside, "secret.log"), []byte(oldNginx+freshNginx), mt)
	writeFile(t, filepath.Join(outside, "app", "other.log"), []byte(oldNginx+freshNginx), mt)
	writeFile(t, filepath.Join(logs, "real", "app.log"), []byte(oldNginx+freshNginx), mt)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(filepath.Join(outside, "secret.log"), filepath.Join(logs, "real", "link.log")))
	must(os.Symlink(filepath.Join(outside, "app"), filepath.Join(logs, "linkdir")))
	must(unix.Mkfifo(filepath.Join(logs, "real", "fifo.log"), 0o600))
	rep, res := runOn(t, filepath.Join(logs, "*", "*.log"), filepath.Join(logs, "linkdir", "*.log"))
	if got := readFile(t, filepath.Join(logs, "real", "app.log")); got != maskedNg || res["app.log"].Action != ActionRewritten {
		t.Errorf("app.log: %q", got)
	}
	for _, p := range []string{filepath.Join(outside, "secret.log"), filepath.Join(outside, "app", "other.log")} {
		if got := readFile(t, p); got != oldNginx+freshNginx {
			t.Errorf("%s was changed through a symlink", p)
		}
	}
	reasons := map[string]string{}
	for _, s := range rep.Skipped {
		reasons[strings.TrimPrefix(s.Path, logs+"/")] = s.Reason
	}
	if !strings.Contains(reasons["real/link.log"], "symlink") || !strings.Contains(reasons["real/fifo.log"], "not a regular file") ||
		!strings.Contains(reasons["linkdir/other.log"], "symlink") {
		t.Errorf("skipped: %v", reasons)
	}
}

// The audit cannot vouch for what it did not read: a directory of the
// pattern reached through a symlink, or a symlink to a regular file no glob
// names, counts as not checked (exit 2). A symlink to a device (nginx in a
// container logs to /dev/stdout) or to a file the policy covers anyway is
// fine. A file run cannot rewrite (hard links) gets a note.
func TestAuditSymlinksAndLinks(t *testing.T) {
	trustLinksOf(t, -1)
	base := t.TempDir()
	logs, outside := filepath.Join(base, "log"), filepath.Join(base, "outside")
	mt := testNow.Add(-48 * 3600e9)
	writeFile(t, filepath.Join(logs, "app", "app.log"), []byte(maskedNg), mt)
	writeFile(t, filepath.Join(outside, "x", "secret.log"), []byte(maskedNg), mt)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink("/dev/null", filepath.Join(logs, "app", "null.log")))
	must(os.Symlink("app.log", filepath.Join(logs, "app", "current.log")))
	audit := func() *AuditReport {
		r := newRunner(t, testConfig(Source{Name: "app", Paths: []string{filepath.Join(logs, "*", "*.log")}}))
		r.ProcRoot = t.TempDir()
		a, err := r.Audit(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	if a := audit(); a.ExitCode() != 0 || a.Unchecked != 0 || len(a.Skipped) != 2 {
		t.Errorf("covered symlinks: exit %d, %d unchecked, skipped %+v", a.ExitCode(), a.Unchecked, a.Skipped)
	}
	must(os.Symlink(filepath.Join(outside, "x"), filepath.Join(logs, "linkdir")))
	a := audit()
	if a.ExitCode() != 2 || a.Unchecked != 1 {
		t.Errorf("a directory through a symlink: exit %d, %d unchecked, skipped %+v", a.ExitCode(), a.Unchecked, a.Skipped)
	}
	must(os.Remove(filepath.Join(logs, "linkdir")))
	must(os.Symlink(filepath.Join(outside, "x", "secret.log"), filepath.Join(logs, "app", "secret.log")))
	if a := audit(); a.ExitCode() != 2 || a.Unchecked != 1 {
		t.Errorf("a symlink to a file outside: exit %d, %d unchecked, skipped %+v", a.ExitCode(), a.Unchecked, a.Skipped)
	}
	must(os.Remove(filepath.Join(logs, "app", "secret.log")))
	must(os.Link(filepath.Join(logs, "app", "app.log"), filepath.Join(outside, "hard.log")))
	a = audit()
	var notes []string
	for _, s := range a.Sources {
		for _, f := range s.Files {
			notes = append(notes, f.Notes...)
		}
	}
	if a.ExitCode() != 0 || len(notes) != 1 || !strings.Contains(notes[0], "2 hard links") {
		t.Errorf("hard link: exit %d, notes %q", a.ExitCode(), notes)
	}
}

// A directory on the way that is swapped for a symlink while a run works
// (its owner may do that: /var/log/app/sub owned by the app's user) does not
// lead the run elsewhere: the file is opened, replaced and deleted relative
// to the directory it was found in, opened without following symlinks. The
// swap happens at the worst instant: after the last check, before the
// rename (app.log) or the deletion (old.log).
func TestRunDirectorySwappedForSymlink(t *testing.T) {
	for _, at := range []string{"app.log", "old.log"} {
		t.Run(at, func(t *testing.T) {
			base := t.TempDir()
			logs, elsewhere := filepath.Join(base, "log"), filepath.Join(base, "etc")
			mt := testNow.Add(-48 * 3600e9)
			writeFile(t, filepath.Join(logs, "sub", "app.log"), []byte(oldNginx+freshNginx), mt)
			writeFile(t, filepath.Join(logs, "sub", "old.log"), []byte(oldNginx), mt)
			writeFile(t, filepath.Join(elsewhere, "app.log"), []byte("precious\n"), mt)
			writeFile(t, filepath.Join(elsewhere, "old.log"), []byte("precious\n"), mt)
			r := newRunner(t, testConfig(Source{Name: "app", Paths: []string{filepath.Join(logs, "*", "*.log")}}))
			r.ProcRoot = t.TempDir()
			r.beforeCommit = func(path string) {
				if filepath.Base(path) != at {
					return
				}
				if err := os.Rename(filepath.Join(logs, "sub"), filepath.Join(base, "moved")); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(elsewhere, filepath.Join(logs, "sub")); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := r.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			for _, n := range []string{"app.log", "old.log"} {
				if got := readFile(t, filepath.Join(elsewhere, n)); got != "precious\n" {
					t.Errorf("%s behind the symlink: %q", n, got)
				}
			}
			if s := strays(elsewhere); len(s) > 0 {
				t.Errorf("temp files behind the symlink: %v", s)
			}
		})
	}
}

// A log truncated under a writer that does not append (copytruncate)
// starts with a hole: rewritten, it reads the same and stays sparse.
func TestRunKeepsHoles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "app.log")
	sparseFile(t, p, "", 8<<20, "\n"+freshNginx)
	info, _ := os.Stat(p)
	_, res := runOn(t, filepath.Join(dir, "*.log"))
	if res["app.log"].Action != ActionRewritten {
		t.Fatalf("%+v", res["app.log"])
	}
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	want := append(make([]byte, 8<<20-len(freshNginx)-1), "\n"+maskedNg...)
	if !bytes.Equal(got, want) {
		t.Errorf("content differs (%d bytes, want %d)", len(got), len(want))
	}
	after, _ := os.Stat(p)
	blocks := func(fi os.FileInfo) int64 { return fi.Sys().(*syscall.Stat_t).Blocks * 512 }
	if blocks(after) > 1<<20 {
		t.Errorf("rewritten file takes %d bytes of disk (the original %d)", blocks(after), blocks(info))
	}
}

// holeWriter's output reads the same as its input, whatever the runs.
func TestHoleWriter(t *testing.T) {
	z := func(n int) string { return string(make([]byte, n)) }
	for _, in := range []string{"", "abc", z(holeBlock), z(holeBlock - 1), "a" + z(holeBlock) + "b", z(3*holeBlock+5) + "x" + z(holeBlock-1) + "y" + z(2*holeBlock)} {
		p := filepath.Join(t.TempDir(), "f")
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		h := &holeWriter{f: f}
		for _, chunk := range []string{in[:len(in)/3], in[len(in)/3:]} {
			if _, err := h.Write([]byte(chunk)); err != nil {
				t.Fatal(err)
			}
		}
		if err := h.finish(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if got := readFile(t, p); got != in {
			t.Errorf("len %d: got %d bytes", len(in), len(got))
		}
	}
}

// openDirNoFollow refuses a symlink at any place on the way.
func TestOpenDirNoFollow(t *testing.T) {
	base := t.TempDir()
	if err := os.MkdirAll(filepath.Join(base, "real", "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(base, "real"), filepath.Join(base, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(base, "real", "a", "b"), filepath.Join(base, "real", "a", "blink")); err != nil {
		t.Fatal(err)
	}
	for path, ok := range map[string]bool{
		filepath.Join(base, "real", "a", "b"): true,
		"/":                                   true,
		filepath.Join(base, "link", "a", "b"): false, // early on the way
		filepath.Join(base, "real", "a", "blink"): false, // the last one
		filepath.Join(base, "real", "nope"):       false,
	} {
		d, err := openDirNoFollow(path)
		if (err == nil) != ok {
			t.Errorf("%s: %v", path, err)
		}
		if err == nil {
			d.Close()
		}
	}
}

package retention

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// failingWriter fails with ENOSPC once limit bytes are written: a full disk.
type failingWriter struct {
	w     io.Writer
	limit int
}

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.limit {
		n, _ := f.w.Write(p[:f.limit])
		f.limit = 0
		return n, &os.PathError{Op: "write", Path: "temp", Err: syscall.ENOSPC}
	}
	f.limit -= len(p)
	return f.w.Write(p)
}

// On a full disk the file stays as it was, the temp file goes, and the error
// names the file; the run goes on with the others.
func TestRunFullDisk(t *testing.T) {
	for _, name := range []string{"access.log", "access.log.1.gz"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, name)
			var content []byte
			lines := strings.Repeat(oldNginx+freshNginx, 3000)
			if strings.HasSuffix(name, ".gz") {
				content = gz(t, lines)
			} else {
				content = []byte(lines)
			}
			writeFile(t, p, content, testNow)
			other := filepath.Join(dir, "other.log")
			writeFile(t, other, []byte(oldNginx), testNow)
			before, _ := os.Lstat(p)
			r := newRunner(t, testConfig(Source{Name: "x", Paths: []string{filepath.Join(dir, name)}, Retention: nil},
				Source{Name: "y", Paths: []string{other}}))
			r.wrapTemp = func(w io.Writer) io.Writer { return &failingWriter{w: w, limit: 100} }
			rep, err := r.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, p); got != string(content) {
				t.Error("the file changed")
			}
			if after, _ := os.Lstat(p); !os.SameFile(before, after) {
				t.Error("the file was replaced")
			}
			if s := strays(dir); len(s) > 0 {
				t.Errorf("temp files left: %v", s)
			}
			f := rep.Files[0]
			if f.Action != ActionFailed || !strings.Contains(f.Error, p) || !strings.Contains(f.Error, "no space left on device") {
				t.Errorf("result %+v", f)
			}
			if exists(other) || rep.Totals.Deleted != 1 {
				t.Error("the run did not go on with the other file")
			}
		})
	}
}

// A file that grows while it is processed (a writer that opens it for
// every line) is trimmed all the same; the appended line is copied over,
// masked. A file replaced by another (a new inode) is left for the next run.
func TestRunFileChangedDuringRewrite(t *testing.T) {
	for _, replace := range []bool{false, true} {
		dir := t.TempDir()
		p := filepath.Join(dir, "a.log")
		writeFile(t, p, []byte(oldNginx+freshNginx), testNow)
		r := newRunner(t, testConfig(Source{Name: "x", Paths: []string{p}}))
		r.wrapTemp = func(w io.Writer) io.Writer {
			if replace {
				writeFile(t, p+".new", []byte(oldNginx+freshNginx+freshNginx), testNow)
				if err := os.Rename(p+".new", p); err != nil {
					t.Fatal(err)
				}
				return w
			}
			f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString(freshNginx)
			f.Close()
			return w
		}
		rep, err := r.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want, action := maskedNg+maskedNg, ActionRewritten
		if replace {
			want, action = oldNginx+freshNginx+freshNginx, ActionDeferred
		}
		if rep.Files[0].Action != action || rep.Totals.Failed != 0 {
			t.Errorf("replace %v: result %+v", replace, rep.Files[0])
		}
		if got := readFile(t, p); got != want {
			t.Errorf("replace %v: content %q", replace, got)
		}
		if s := strays(dir); len(s) > 0 {
			t.Errorf("temp files left: %v", s)
		}
	}
}

// A writer that opens the file anew for every line and appends between the
// last check and the rename (or removal): its line is not lost.
func TestRunSalvagesLateLines(t *testing.T) {
	late := "2021-04-18T11:59:00Z late line from 192.0.2.99\n"
	for _, tc := range []struct {
		name, content, want string
	}{
		{"rewritten", oldNginx + freshNginx, maskedNg + "2021-04-18T11:59:00Z late line from 192.0.2.0\n"},
		{"deleted", oldNginx, "2021-04-18T11:59:00Z late line from 192.0.2.0\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "redis.log")
			writeFile(t, p, []byte(tc.content), testNow)
			r := newRunner(t, testConfig(Source{Name: "x", Paths: []string{p}}))
			r.beforeCommit = func(path string) {
				f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
				if err != nil {
					t.Fatal(err)
				}
				f.WriteString(late)
				f.Close()
			}
			rep, err := r.Run(context.Background())
			if err != nil || rep.Totals.Failed != 0 {
				t.Fatalf("run: %v %+v", err, rep.Files)
			}
			if got := readFile(t, p); got != tc.want {
				t.Errorf("content %q, want %q", got, tc.want)
			}
			if info, _ := os.Stat(p); info.Mode().Perm() != 0o640 {
				t.Errorf("mode %v", info.Mode())
			}
		})
	}
}

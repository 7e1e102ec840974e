package retention

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tree is a log tree with mixed ages. With 72h retention at testNow the
// cutoff is 2021-04-15T12:00:00Z.
type tree struct {
	root, outside string
	want          map[string]string // expected content after a run; "" = deleted
}

const (
	oldNginx   = "192.0.2.10 - - [14/Apr/2021:10:00:00 +0000] \"GET /CANARY-OLD HTTP/1.1\" 200 1\n"
	freshNginx = "192.0.2.11 - - [16/Apr/2021:10:00:00 +0000] \"GET /b/room HTTP/1.1\" 200 1\n"
	freshV6    = "2001:db8:1:2::5 - - [17/Apr/2021:10:00:00 +0000] \"GET /CANARY-FRESH HTTP/1.1\" 200 1\n"
	maskedNg   = "192.0.2.0 - - [16/Apr/2021:10:00:00 +0000] \"GET /b/room HTTP/1.1\" 200 1\n"
	maskedV6   = "2001:db8:1:: - - [17/Apr/2021:10:00:00 +0000] \"GET /CANARY-FRESH HTTP/1.1\" 200 1\n"
)

func buildTree(t *testing.T) *tree {
	trustLinksOf(t, -1) // its symlinks stand for another user's: never followed
	t.Helper()
	dir := t.TempDir()
	tr := &tree{root: filepath.Join(dir, "log"), outside: filepath.Join(dir, "outside"), want: map[string]string{}}
	mt := time.Date(2021, 4, 17, 10, 0, 1, 0, time.UTC)
	add := func(rel, content, want string, mtime time.Time) {
		writeFile(t, filepath.Join(tr.root, rel), []byte(content), mtime)
		tr.want[rel] = want
	}
	// nginx: trimmed and scrubbed; the last line has no newline and keeps none.
	add("nginx/access.log", oldNginx+freshNginx+strings.TrimSuffix(freshV6, "\n"),
		maskedNg+strings.TrimSuffix(maskedV6, "\n"), mt)
	// CRLF line endings survive.
	add("nginx/crlf.log", strings.ReplaceAll(oldNginx+freshNginx, "\n", "\r\n"), strings.ReplaceAll(maskedNg, "\n", "\r\n"), mt)
	// Already scrubbed and fresh: untouched.
	add("nginx/clean.log", maskedNg, maskedNg, mt)
	// FreeSWITCH rotates by size: one file spans weeks, with SIP dumps as
	// continuation lines.
	fs := "2021-03-20 10:00:00.000001 [NOTICE] switch_channel.c:1142 New Channel sofia/external/CANARY\n" +
		"   recv 1150 bytes from udp/[192.0.2.77]:5060 at 10:00:00.000002:\n" +
		"   INVITE sip:bbb@198.51.100.7 SIP/2.0\n" +
		"2021-04-15 11:59:59.999999 [DEBUG] last expired line\n" +
		"2021-04-15 12:00:00.000000 [DEBUG] first fresh line\n" +
		"   Via: SIP/2.0/UDP 192.0.2.78:5060;branch=z9hG4bK\n" +
		"2021-04-17 08:00:00.123456 [INFO] mod_conference.c:2300 done\n"
	add("freeswitch/freeswitch.log.1", fs,
		"2021-04-15 12:00:00.000000 [DEBUG] first fresh line\n"+
			"   Via: SIP/2.0/UDP 192.0.2.0:5060;branch=z9hG4bK\n"+
			"2021-04-17 08:00:00.123456 [INFO] mod_conference.c:2300 done\n", mt)
	// bbb-web: a stack trace goes with its entry; leading continuation lines
	// go with the first entry.
	web := "\tat leading.Continuation(X.java:1)\n" +
		"2021-04-14T10:00:00.000Z ERROR o.b.w.c.ApiController - CANARY failed for 192.0.2.5\n" +
		"\tat org.bigbluebutton.Foo.bar(Foo.groovy:12)\n" +
		"2021-04-16T10:00:00.000+02:00 INFO  o.b.w.c.ApiController - ok\n" +
		"\tat org.bigbluebutton.Foo.baz(Foo.groovy:13)\n"
	add("bbb/bbb-web.log", web,
		"2021-04-16T10:00:00.000+02:00 INFO  o.b.w.c.ApiController - ok\n\tat org.bigbluebutton.Foo.baz(Foo.groovy:13)\n", mt)
	// gzip, several members: all expired → deleted; mixed → stays gzip.
	add("nginx/access.log.3.gz", string(gz(t, oldNginx, oldNginx)), "", mt)
	add("nginx/access.log.2.gz", string(gz(t, oldNginx, freshNginx, freshV6)), "gz:"+maskedNg+maskedV6, mt)
	// A corrupt gzip is reported and left byte for byte.
	bad := gz(t, oldNginx+freshNginx)
	bad = append(bad[:len(bad)/2:len(bad)/2], []byte("garbage")...)
	add("nginx/access.log.4.gz", string(bad), string(bad), mt)
	// No timestamps: the mtime decides.
	add("app/notime-old.log", "CANARY 192.0.2.9 something\n", "", time.Date(2021, 4, 1, 0, 0, 0, 0, time.UTC))
	add("app/notime-fresh.log", "CANARY 192.0.2.9 something\n", "CANARY 192.0.2.0 something\n", mt)
	// Empty: nothing to keep or remove.
	add("app/empty.log", "", "", time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC))
	tr.want["app/empty.log"] = "=" // kept as it is
	// Symlinks out of the tree are never followed.
	secret := filepath.Join(tr.outside, "secret.log")
	writeFile(t, secret, []byte(oldNginx), mt)
	writeFile(t, filepath.Join(tr.outside, "dir", "x.log"), []byte(oldNginx), mt)
	if err := os.Symlink(secret, filepath.Join(tr.root, "nginx", "evil.log")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(tr.outside, "dir"), filepath.Join(tr.root, "linked")); err != nil {
		t.Fatal(err)
	}
	// A temp file a killed run left behind.
	writeFile(t, filepath.Join(tr.root, "nginx", ".janitor-0123456789abcdef.tmp"), []byte(oldNginx), mt)
	return tr
}

func (tr *tree) config() *Config {
	return testConfig(
		Source{Name: "nginx", Paths: []string{filepath.Join(tr.root, "nginx", "*")}},
		Source{Name: "freeswitch", Paths: []string{filepath.Join(tr.root, "freeswitch", "freeswitch.log*")}},
		Source{Name: "bbb-web", Paths: []string{filepath.Join(tr.root, "bbb", "*.log*")}},
		Source{Name: "app", Paths: []string{filepath.Join(tr.root, "app", "*.log"), filepath.Join(tr.root, "linked", "*.log")}},
	)
}

func (tr *tree) check(t *testing.T) {
	t.Helper()
	for rel, want := range tr.want {
		p := filepath.Join(tr.root, rel)
		switch {
		case want == "":
			if exists(p) {
				t.Errorf("%s: still there", rel)
			}
		case want == "=":
			if !exists(p) {
				t.Errorf("%s: gone", rel)
			}
		case strings.HasPrefix(want, "gz:"):
			if got := gunzip(t, []byte(readFile(t, p))); got != want[3:] {
				t.Errorf("%s:\n got %q\nwant %q", rel, got, want[3:])
			}
		default:
			if got := readFile(t, p); got != want {
				t.Errorf("%s:\n got %q\nwant %q", rel, got, want)
			}
		}
	}
	if got := readFile(t, filepath.Join(tr.outside, "secret.log")); got != oldNginx {
		t.Error("the symlink's target changed")
	}
	if got := readFile(t, filepath.Join(tr.outside, "dir", "x.log")); got != oldNginx {
		t.Error("a file behind a symlinked directory changed")
	}
	strays, _ := filepath.Glob(filepath.Join(tr.root, "*", ".janitor-*"))
	if len(strays) > 0 {
		t.Errorf("stray temp files: %v", strays)
	}
}

func TestRunMixedTree(t *testing.T) {
	tr := buildTree(t)
	r := newRunner(t, tr.config())
	var logs bytes.Buffer // every log message, at debug level, goes here
	r.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rep, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tr.check(t)
	if logs.Len() == 0 {
		t.Error("no log messages: the canary check saw nothing")
	}
	assertNoContent(t, logs.String())
	if a, err := r.Audit(context.Background()); err != nil {
		t.Fatal(err)
	} else {
		assertNoContent(t, a)
	}
	assertNoContent(t, logs.String())
	tt := rep.Totals
	if tt.Deleted != 2 || tt.Failed != 1 || rep.StrayTemps != 1 {
		t.Errorf("totals = %+v, strays %d", tt, rep.StrayTemps)
	}
	if tt.Trimmed != 5 || tt.Scrubbed != 5 {
		t.Errorf("trimmed %d scrubbed %d, want 5 and 5", tt.Trimmed, tt.Scrubbed)
	}
	var failed FileResult
	for _, f := range rep.Files {
		if f.Action == ActionFailed {
			failed = f
		}
	}
	if !strings.HasSuffix(failed.Path, "access.log.4.gz") || !strings.Contains(failed.Error, "access.log.4.gz") || !strings.Contains(failed.Error, "corrupt gzip") {
		t.Errorf("failed file = %+v", failed)
	}
	if len(rep.Skipped) != 2 {
		t.Errorf("skipped = %+v", rep.Skipped)
	}
	assertNoContent(t, rep)

	// A second run finds nothing to do.
	rep2, err := newRunner(t, tr.config()).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep2.Totals.Deleted+rep2.Totals.Trimmed+rep2.Totals.Scrubbed != 0 || rep2.Totals.Failed != 1 {
		t.Errorf("second run totals = %+v", rep2.Totals)
	}
	tr.check(t)
}

// assertNoContent checks that no address and no line content leaks into a report.
func assertNoContent(t *testing.T, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	for _, canary := range []string{"CANARY", "192.0.2", "2001:db8", "198.51.100", "GET /"} {
		if strings.Contains(string(b), canary) {
			t.Errorf("report contains %q: %s", canary, b)
		}
	}
}

func TestRunDryRunChangesNothing(t *testing.T) {
	tr := buildTree(t)
	before := snapshot(t, tr.root)
	r := newRunner(t, tr.config())
	r.DryRun = true
	rep, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, tr.root); !equalMaps(before, after) {
		t.Error("dry run changed the tree")
	}
	if rep.Totals.Deleted != 2 || rep.Totals.Trimmed != 5 || rep.StrayTemps != 1 {
		t.Errorf("dry-run totals = %+v strays %d", rep.Totals, rep.StrayTemps)
	}
	// The dry run's counts are the real run's.
	real, err := newRunner(t, tr.config()).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Totals != real.Totals {
		t.Errorf("dry run %+v, real run %+v", rep.Totals, real.Totals)
	}
}

func TestRunKeepsModeOwnerMtime(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("chown needs root")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "access.log")
	mt := time.Date(2021, 4, 17, 10, 0, 0, 123456789, time.UTC)
	writeFile(t, p, []byte(oldNginx+freshNginx), mt)
	if err := os.Chown(p, 1234, 5678); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o604); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, mt, mt); err != nil {
		t.Fatal(err)
	}
	rep, err := newRunner(t, testConfig(Source{Name: "x", Paths: []string{filepath.Join(dir, "*.log")}})).Run(context.Background())
	if err != nil || rep.Totals.Trimmed != 1 {
		t.Fatalf("run: %v %+v", err, rep.Totals)
	}
	info, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	st := info.Sys().(*syscall.Stat_t)
	if info.Mode().Perm() != 0o604 || st.Uid != 1234 || st.Gid != 5678 || !info.ModTime().Equal(mt) {
		t.Errorf("mode %v uid %d gid %d mtime %v", info.Mode(), st.Uid, st.Gid, info.ModTime())
	}
	if got := readFile(t, p); got != maskedNg {
		t.Errorf("content %q", got)
	}
}

func TestRunUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "a.log")
	writeFile(t, p, []byte(oldNginx), testNow)
	os.Chmod(p, 0)
	rep, _ := newRunner(t, testConfig(Source{Name: "x", Paths: []string{filepath.Join(dir, "*.log")}})).Run(context.Background())
	if rep.Totals.Failed != 1 || !strings.Contains(rep.Files[0].Error, p) {
		t.Errorf("report %+v", rep.Files)
	}
}

// snapshot maps every path under root to its content and mode.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		v := info.Mode().String() + info.ModTime().String()
		if info.Mode().IsRegular() {
			v += readFile(t, p)
		}
		m[p] = v
		return nil
	})
	return m
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// Compressions other than gzip cannot be read: such a file goes when its
// mtime expires and is reported (never rewritten) before that.
func TestRunUnsupportedCompression(t *testing.T) {
	dir := t.TempDir()
	xz := "\xfd7zXZ\x00binary 192.0.2.1 data\n"
	writeFile(t, filepath.Join(dir, "old.log.xz"), []byte(xz), testNow.Add(-100*time.Hour))
	writeFile(t, filepath.Join(dir, "new.log.xz"), []byte(xz), testNow.Add(-time.Hour))
	writeFile(t, filepath.Join(dir, "new.log.bz2"), []byte("BZh91AY&SY 192.0.2.1\n"), testNow.Add(-time.Hour))
	r := newRunner(t, testConfig(Source{Name: "x", Paths: []string{filepath.Join(dir, "*")}}))
	a, err := r.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if a.Violations != 1 || a.Unchecked != 2 {
		t.Errorf("audit: %d violations, %d unchecked", a.Violations, a.Unchecked)
	}
	rep, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Totals.Deleted != 1 || rep.Totals.Failed != 2 || exists(filepath.Join(dir, "old.log.xz")) {
		t.Errorf("totals %+v", rep.Totals)
	}
	if got := readFile(t, filepath.Join(dir, "new.log.xz")); got != xz {
		t.Error("an xz file was changed")
	}
	for _, f := range rep.Files {
		if f.Action == ActionFailed && !strings.Contains(f.Error, "compression is not supported") {
			t.Errorf("error %q", f.Error)
		}
	}
}

// Lines of any length: no 64 KiB limit; lines up to maxPiece come whole,
// longer ones in pieces cut after a separator, each at most maxPiece plus a
// read buffer.
func TestReadLinesLong(t *testing.T) {
	long := strings.Repeat("a", 300<<10)
	huge := strings.Repeat("b", maxPiece/2) + " " + strings.Repeat("c", 2*maxPiece) // one separator
	in := "short\n" + long + "\n" + huge + "\n" + long
	var got []string
	var firsts []bool
	err := readLines(strings.NewReader(in), func(p []byte, first, last bool) error {
		if len(p) > maxPiece+64<<10 {
			t.Errorf("piece of %d bytes", len(p))
		}
		if first {
			got = append(got, "")
		}
		got[len(got)-1] += string(p)
		firsts = append(firsts, first)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[0] != "short\n" || got[1] != long+"\n" || got[2] != huge+"\n" || got[3] != long {
		t.Errorf("got %d lines", len(got))
	}
	if len(firsts) < 6 || !firsts[2] || firsts[3] {
		t.Errorf("pieces: %v", firsts)
	}
}

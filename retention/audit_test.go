package retention

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestAuditCounts(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.log"), []byte(oldNginx+freshNginx+maskedNg+maskedV6+freshV6), testNow)
	r := newRunner(t, testConfig(Source{Name: "nginx", Paths: []string{filepath.Join(dir, "*.log")}}))
	rep, err := r.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f := rep.Sources[0].Files[0]
	if f.Lines != 5 || f.ExpiredLines != 1 || f.Addresses != 5 || f.UnmaskedAddresses != 3 || f.UnmaskedLines != 3 {
		t.Errorf("file %+v", f)
	}
	if f.OldestAgeSeconds != int64(testNow.Sub(mustTime("2021-04-14T10:00:00Z")).Seconds()) || f.AgeFrom != "timestamps" {
		t.Errorf("oldest %d from %s", f.OldestAgeSeconds, f.AgeFrom)
	}
	if len(f.Violations) != 2 || rep.Violations != 2 || rep.ExitCode() != 1 {
		t.Errorf("violations %q exit %d", f.Violations, rep.ExitCode())
	}
	assertNoContent(t, rep)

	// After a run the audit is clean: masked addresses are no violation.
	if _, err := r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	rep, _ = r.Audit(context.Background())
	f = rep.Sources[0].Files[0]
	if rep.ExitCode() != 0 || f.Addresses != 4 || f.UnmaskedAddresses != 0 {
		t.Errorf("after run: exit %d file %+v", rep.ExitCode(), f)
	}
}

func TestAuditCouldNotCheck(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.log.gz"), []byte("\x1f\x8bnot really gzip"), testNow)
	writeFile(t, filepath.Join(dir, "b.log"), []byte(maskedNg), testNow)
	r := newRunner(t, testConfig(Source{Name: "x", Paths: []string{filepath.Join(dir, "*")}}))
	rep, err := r.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchecked != 1 || rep.Violations != 0 || rep.ExitCode() != 2 {
		t.Errorf("unchecked %d violations %d exit %d", rep.Unchecked, rep.Violations, rep.ExitCode())
	}
	// A violation elsewhere outweighs it: exit 1.
	writeFile(t, filepath.Join(dir, "c.log"), []byte(oldNginx), testNow)
	rep, _ = r.Audit(context.Background())
	if rep.ExitCode() != 1 {
		t.Errorf("exit %d, want 1", rep.ExitCode())
	}
	// A source whose paths match no file cannot be shown to comply.
	os.RemoveAll(dir)
	rep, _ = r.Audit(context.Background())
	if rep.ExitCode() != 2 || len(rep.Sources) != 1 || len(rep.Sources[0].Findings) != 1 {
		t.Errorf("empty: exit %d, sources %+v", rep.ExitCode(), rep.Sources)
	}
}

func TestAuditMtimeFallback(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.log"), []byte("no time here\n"), testNow.Add(-100*3600e9))
	rep, _ := newRunner(t, testConfig(Source{Name: "x", Paths: []string{filepath.Join(dir, "*")}})).Audit(context.Background())
	f := rep.Sources[0].Files[0]
	if f.AgeFrom != "mtime" || f.OldestAgeSeconds != 100*3600 || f.ExpiredLines != 1 {
		t.Errorf("file %+v", f)
	}
}

// A directory the audit cannot list is reported as not checked, not as compliant.
func TestAuditUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root lists every directory")
	}
	dir := filepath.Join(t.TempDir(), "locked")
	writeFile(t, filepath.Join(dir, "a.log"), []byte(oldNginx), testNow)
	os.Chmod(dir, 0o300)
	defer os.Chmod(dir, 0o755)
	rep, _ := newRunner(t, testConfig(Source{Name: "x", Paths: []string{filepath.Join(dir, "*.log")}})).Audit(context.Background())
	if rep.ExitCode() != 2 || rep.Unchecked != 1 {
		t.Errorf("exit %d unchecked %d", rep.ExitCode(), rep.Unchecked)
	}
}

// A file in a log root that no glob matches is a violation of its own:
// auth.log and ufw.log hold client addresses too.
func TestAuditUncovered(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "nginx.log"), []byte(maskedNg), testNow)
	writeFile(t, filepath.Join(dir, "auth.log"), []byte(maskedNg), testNow)
	writeFile(t, filepath.Join(dir, ".janitor-x.tmp"), nil, testNow)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	// A directory the glob reaches through a wildcard is no log root (a
	// docker container's config.v2.json beside its log).
	writeFile(t, filepath.Join(dir, "c", "id", "id-json.log"), []byte(maskedNg), testNow)
	writeFile(t, filepath.Join(dir, "c", "id", "config.v2.json"), []byte("{}"), testNow)
	r := newRunner(t, testConfig(
		Source{Name: "nginx", Paths: []string{filepath.Join(dir, "nginx.log*")}},
		Source{Name: "docker", Paths: []string{filepath.Join(dir, "c", "*", "*-json.log*")}},
	))
	rep, err := r.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Uncovered) != 1 || rep.Uncovered[0].Path != filepath.Join(dir, "auth.log") || rep.Violations != 1 || rep.ExitCode() != 1 {
		t.Errorf("uncovered %+v violations %d exit %d", rep.Uncovered, rep.Violations, rep.ExitCode())
	}
	r.Config.Sources = append(r.Config.Sources, Source{Name: "auth", Paths: []string{filepath.Join(dir, "auth.log*")}})
	if rep, _ = r.Audit(context.Background()); len(rep.Uncovered) != 0 || rep.ExitCode() != 0 {
		t.Errorf("covered: uncovered %+v exit %d", rep.Uncovered, rep.ExitCode())
	}
}

// A binary source (wtmp, btmp) is never read or rewritten: kept while its
// mtime is fresh, deleted as a whole once it has expired.
func TestBinarySource(t *testing.T) {
	dir := t.TempDir()
	utmp := []byte("\x07\x00\x00\x00pts/0\x00\x00192.0.2.15\x00\n\x00\x00")
	writeFile(t, filepath.Join(dir, "wtmp"), utmp, testNow)
	writeFile(t, filepath.Join(dir, "wtmp.1"), utmp, testNow.Add(-100*time.Hour))
	r := newRunner(t, testConfig(Source{Name: "utmp", Paths: []string{filepath.Join(dir, "wtmp*")}, Binary: true}))
	rep, err := r.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	fresh, old := rep.Sources[0].Files[0], rep.Sources[0].Files[1]
	if fresh.Error != "" || len(fresh.Violations) != 0 || fresh.AgeFrom != "mtime" || len(fresh.Notes) != 1 {
		t.Errorf("fresh %+v", fresh)
	}
	if len(old.Violations) != 1 || rep.ExitCode() != 1 {
		t.Errorf("old %+v exit %d", old, rep.ExitCode())
	}
	if _, err := r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "wtmp")); string(got) != string(utmp) {
		t.Errorf("live wtmp changed: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "wtmp.1")); !os.IsNotExist(err) {
		t.Errorf("wtmp.1 not deleted: %v", err)
	}
}

// A source whose last file the janitor deleted (its directory exists) is
// empty, with nothing to keep: a note, not a could-not-check. A source none
// of whose directories exists stays a finding.
func TestAuditEmptySource(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "only.log"), []byte(oldNginx), testNow)
	r := newRunner(t, testConfig(
		Source{Name: "x", Paths: []string{filepath.Join(dir, "only.log*")}},
		Source{Name: "typo", Paths: []string{filepath.Join(dir, "missing", "*.log")}},
	))
	if _, err := r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "only.log")); !os.IsNotExist(err) {
		t.Fatalf("only.log not deleted: %v", err)
	}
	rep, err := r.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	x, typo := rep.Sources[0], rep.Sources[1]
	if len(x.Findings) != 0 || len(x.Notes) != 1 || x.Notes[0] != noteEmpty {
		t.Errorf("emptied source: %+v", x)
	}
	if len(typo.Findings) != 1 || len(typo.Notes) != 0 || rep.Unchecked != 1 || rep.ExitCode() != 2 {
		t.Errorf("missing directory: %+v unchecked %d exit %d", typo, rep.Unchecked, rep.ExitCode())
	}
}

package retention

import (
	"context"
	"os"
	"path/filepath"
	"testing"
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

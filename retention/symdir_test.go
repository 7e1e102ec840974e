package retention

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A source directory that is a symlink to a directory (/opt/freeswitch/log
// → /var/log/freeswitch) is checked and cleaned through its real path;
// symlinks inside it are still skipped.
func TestSymlinkedSourceDirectory(t *testing.T) {
	trustLinksOf(t, os.Geteuid())
	root := t.TempDir()
	real := filepath.Join(root, "var", "log", "freeswitch")
	writeFile(t, filepath.Join(real, "freeswitch.log.1"), []byte(oldNginx), testNow)
	writeFile(t, filepath.Join(real, "freeswitch.log"), []byte(freshNginx), testNow)
	writeFile(t, filepath.Join(root, "elsewhere.log"), []byte(oldNginx), testNow)
	if err := os.Symlink(filepath.Join(root, "elsewhere.log"), filepath.Join(real, "freeswitch.log.9")); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "opt", "log")
	os.MkdirAll(filepath.Dir(link), 0o755)
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, testConfig(Source{Name: "freeswitch", Paths: []string{filepath.Join(link, "freeswitch.log*")}}))
	rep, err := r.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	files := rep.Sources[0].Files
	if len(files) != 2 || files[0].Path != filepath.Join(real, "freeswitch.log") || files[1].ExpiredLines != 1 {
		t.Fatalf("files %+v", files)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].Path != filepath.Join(real, "freeswitch.log.9") || rep.Skipped[0].Reason != "symlink" {
		t.Errorf("skipped %+v", rep.Skipped)
	}
	if _, err := r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(real, "freeswitch.log.1")); !os.IsNotExist(err) {
		t.Errorf("expired file not deleted through the real path: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "elsewhere.log")); err != nil {
		t.Errorf("the symlink's target was touched: %v", err)
	}

	// Nor is one in a directory others may write to (a link they could swap).
	os.Chmod(filepath.Dir(link), 0o777)
	if got := resolvePattern(filepath.Join(link, "*.log")); got != filepath.Join(link, "*.log") {
		t.Errorf("resolved in a writable directory to %s", got)
	}
	os.Chmod(filepath.Dir(link), 0o755)
	trustLinksOf(t, os.Geteuid()+1)
	if got := resolvePattern(filepath.Join(link, "*.log")); got != filepath.Join(link, "*.log") {
		t.Errorf("resolved another user's link to %s", got)
	}
	trustLinksOf(t, os.Geteuid())

	// A symlink in place of the directory that leads to a file is not followed.
	os.Remove(link)
	os.Symlink(filepath.Join(root, "elsewhere.log"), link)
	if got := resolvePattern(filepath.Join(link, "*.log")); got != filepath.Join(link, "*.log") {
		t.Errorf("resolved to %s", got)
	}
}

// trustLinksOf makes the directory symlinks of uid trusted, for the test.
func trustLinksOf(t *testing.T, uid int) {
	old := trustedLinkOwner
	trustedLinkOwner = uid
	t.Cleanup(func() { trustedLinkOwner = old })
}

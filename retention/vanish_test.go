package retention

import (
	"os"
	"path/filepath"
	"testing"
)

// A file that vanishes between the glob and its processing (logrotate at
// work) is skipped with one note, not reported as failed.
func TestProcessVanished(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.log")
	writeFile(t, p, []byte(oldNginx), testNow)
	info, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(p)
	r := newRunner(t, testConfig(Source{Name: "x", Paths: []string{filepath.Join(dir, "*")}}))
	res := r.process(&r.Config.Sources[0], candidate{path: p, info: info}, testNow)
	if res.Action != ActionDeferred || res.Error != "" || res.Note == "" {
		t.Errorf("result %+v", res)
	}
}

package collectors

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRecordingsFromDisk(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{
		"published/presentation/canary-rec-1", "published/video/canary-rec-1", "published/presentation/canary-rec-2",
		"unpublished/presentation/canary-rec-3",
	} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"canary-rec-1", "canary-rec-3", "canary-rec-4", "canary-rec-5"} {
		hostWrite(t, filepath.Join(root, "recording", "status", "recorded", id+".done"), "")
	}
	c, err := newRecordingsCollector(Options{RecordingsPath: root, RecordingsInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	out, err := hostScrape(t, c)
	if err != nil {
		t.Fatal(err)
	}
	want := "bbb_recordings{state=\"processing\"} 2\nbbb_recordings{state=\"published\"} 2\nbbb_recordings{state=\"unpublished\"} 1"
	if got := strings.Join(hostSamples(out), "\n"); got != want || strings.Contains(out, "canary") {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Cached: a new recording shows only after the interval.
	os.MkdirAll(filepath.Join(root, "published", "presentation", "canary-rec-6"), 0o755)
	if out, _ := hostScrape(t, c); !strings.Contains(out, `bbb_recordings{state="published"} 2`) {
		t.Errorf("not cached:\n%s", out)
	}
}

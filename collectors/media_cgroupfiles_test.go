package collectors

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestMediaSliceLimitEachScrape: the slice's pids.max, read once for all its units within a
// scrape, is read again on the next scrape, and a large memory.stat grows the reader's buffer.
func TestMediaSliceLimitEachScrape(t *testing.T) {
	sys := copyHostTree(t, filepath.Join(hostFixtures, "sys-cgroupv2"))
	c := newMediaForTest(t, filepath.Join(hostFixtures, "proc"), sys, "kurento-media-server", "bbb-webrtc-sfu", "freeswitch")
	slice := filepath.Join(sys, "fs", "cgroup", "system.slice")
	limits := func() []string {
		t.Helper()
		out, err := hostScrape(t, c)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range hostSamples(out) {
			if strings.HasPrefix(s, "bbb_unit_tasks_limit{") {
				got = append(got, s)
			}
		}
		return got
	}
	hostWrite(t, filepath.Join(slice, "pids.max"), "3000\n")
	for _, s := range limits() {
		if !strings.HasSuffix(s, " 3000") {
			t.Errorf("slice at 3000: %s", s)
		}
	}
	hostWrite(t, filepath.Join(slice, "pids.max"), "max\n")
	hostWrite(t, filepath.Join(slice, "freeswitch.service", "memory.stat"),
		strings.Repeat("other_key 1\n", 2000)+"inactive_file 0\n")
	got := limits()
	if len(got) != 3 {
		t.Fatalf("limits %q", got)
	}
	for _, s := range got {
		if strings.HasSuffix(s, " 3000") {
			t.Errorf("slice back at max: %s", s)
		}
	}
}

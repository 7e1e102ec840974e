package collectors

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

// TestMediaBBB30 reads fixture trees shaped like a BBB 3.0 host (made by testdata/fixtures/mkbbb30.sh):
// templated Kurento under system-kurento\x2dmedia\x2dserver.slice, HTML5 front ends under their own
// slice, and a unit of another slice.
func TestMediaBBB30(t *testing.T) {
	proc := filepath.Join(hostFixtures, "proc")
	units := []string{"kurento-media-server@", "bbb-html5-*", "bbb-webrtc-sfu", "bbb-pads"}
	for _, tc := range []struct {
		sys  string
		want []string
	}{
		{"sys-bbb30-v2", []string{
			`bbb_unit_tasks{unit="bbb-html5-frontend@1"} 11`,
			`bbb_unit_tasks{unit="bbb-html5-frontend@2"} 11`,
			`bbb_unit_tasks{unit="bbb-pads"} 9`,
			`bbb_unit_tasks{unit="bbb-webrtc-sfu"} 95`,
			`bbb_unit_tasks{unit="kurento-media-server@1"} 4000`,
			`bbb_unit_tasks{unit="kurento-media-server@2"} 1200`,
			`bbb_unit_tasks{unit="kurento-media-server@3"} 900`,
			`bbb_unit_tasks_limit{unit="bbb-pads"} 500`,
			`bbb_unit_tasks_limit{unit="kurento-media-server@1"} 4915`,
			`bbb_unit_tasks_usage_ratio{unit="kurento-media-server@1"} 0.8138351983723296`,
		}},
		{"sys-bbb30-v1", []string{
			`bbb_unit_tasks{unit="bbb-html5-frontend@1"} 11`,
			`bbb_unit_tasks{unit="bbb-webrtc-sfu"} 95`,
			`bbb_unit_tasks{unit="kurento-media-server@1"} 4000`,
			`bbb_unit_tasks{unit="kurento-media-server@2"} 1200`,
			`bbb_unit_tasks_limit{unit="kurento-media-server@1"} 4915`,
			`bbb_unit_tasks_usage_ratio{unit="kurento-media-server@1"} 0.8138351983723296`,
			`bbb_unit_cpu_seconds_total{unit="kurento-media-server@1"} 7000`,
		}},
	} {
		t.Run(tc.sys, func(t *testing.T) {
			out, err := hostScrape(t, newMediaForTest(t, proc, filepath.Join(hostFixtures, tc.sys), units...))
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
			got := "\n" + strings.Join(hostSamples(out), "\n") + "\n"
			for _, w := range tc.want {
				if !strings.Contains(got, "\n"+w+"\n") {
					t.Errorf("missing %s in:%s", w, got)
				}
			}
		})
	}
}

// TestMediaAbsentOnce: a configured unit that is not there is said at info level once.
func TestMediaAbsentOnce(t *testing.T) {
	var logs bytes.Buffer
	c, err := newMediaCollector(Options{
		ProcPath: filepath.Join(hostFixtures, "proc"), SysPath: filepath.Join(hostFixtures, "sys-bbb30-v2"),
		Units:  []string{"bbb-webrtc-sfu", "coturn", "etherpad@"},
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := hostScrape(t, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, unit := range []string{"unit=coturn", "unit=etherpad@"} {
		if n := strings.Count(logs.String(), unit); n != 1 {
			t.Errorf("%s said %d times at info, want once:\n%s", unit, n, logs.String())
		}
	}
}

func TestUnitSpec(t *testing.T) {
	for _, tc := range []struct{ name, cgroup, pattern, err string }{
		{"freeswitch", "freeswitch.service", "", ""},
		{"freeswitch.service", "freeswitch.service", "", ""},
		{"kurento-media-server@", "", "kurento-media-server@?*.service", ""},
		{"kurento-media-server@.service", "", "kurento-media-server@?*.service", ""},
		{"bbb-html5-*", "", "bbb-html5-*.service", ""},
		{"bbb-[", "", "", "not a systemd unit name"},
		{"a/b", "", "", "not a systemd unit name"},
	} {
		s, err := newUnitSpec(tc.name)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || s.cgroup != tc.cgroup || s.pattern != tc.pattern {
			t.Errorf("%s: got %+v, %v", tc.name, s, err)
		}
	}
	if got := systemdEscape("kurento-media-server"); got != `kurento\x2dmedia\x2dserver` {
		t.Errorf("systemdEscape: %s", got)
	}
}

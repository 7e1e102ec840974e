package collectors

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
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

// TestMediaRediscovery: the cgroup tree is looked at again after rediscoverEvery (a new instance
// of a template shows up then, not before), and at once when a unit's directory has gone.
func TestMediaRediscovery(t *testing.T) {
	sys := copyHostTree(t, filepath.Join(hostFixtures, "sys-bbb30-v2"))
	slice := filepath.Join(sys, "fs", "cgroup", "system.slice", `system-kurento\x2dmedia\x2dserver.slice`)
	c, err := newMediaCollector(Options{ProcPath: filepath.Join(hostFixtures, "proc"), SysPath: sys,
		Units: []string{"kurento-media-server@"}})
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	c.(*mediaCollector).now = func() time.Time { return clock }
	instances := func() []string {
		t.Helper()
		out, err := hostScrape(t, c)
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		var got []string
		for _, l := range hostSamples(out) {
			if rest, ok := strings.CutPrefix(l, `bbb_unit_tasks{unit="`); ok {
				got = append(got, rest[:strings.IndexByte(rest, '"')])
			}
		}
		return got
	}
	want := func(step string, got []string, units ...string) {
		t.Helper()
		if strings.Join(got, " ") != strings.Join(units, " ") {
			t.Errorf("%s: units %q, want %q", step, got, units)
		}
	}
	want("first scrape", instances(), "kurento-media-server@1", "kurento-media-server@2", "kurento-media-server@3")
	if err := os.Rename(filepath.Join(slice, "kurento-media-server@3.service"), filepath.Join(slice, "kurento-media-server@4.service")); err != nil {
		t.Fatal(err)
	}
	want("@3 gone, @4 new, same second", instances(), "kurento-media-server@1", "kurento-media-server@2", "kurento-media-server@4")
	for _, f := range []string{"pids.current", "pids.max", "cpu.stat", "memory.current", "memory.stat"} {
		b, err := os.ReadFile(filepath.Join(slice, "kurento-media-server@1.service", f))
		if err != nil {
			t.Fatal(err)
		}
		hostWrite(t, filepath.Join(slice, "kurento-media-server@5.service", f), string(b))
	}
	clock = clock.Add(rediscoverEvery - time.Second)
	want("@5 new, before rediscovery", instances(), "kurento-media-server@1", "kurento-media-server@2", "kurento-media-server@4")
	clock = clock.Add(time.Second)
	want("@5 new, at rediscovery", instances(), "kurento-media-server@1", "kurento-media-server@2", "kurento-media-server@4", "kurento-media-server@5")
}

// TestMediaProcScanCached: a unit without a cgroup that /proc does not have either is looked for in
// /proc once per discovery, not every scrape; one that /proc has is read from it every scrape.
func TestMediaProcScanCached(t *testing.T) {
	proc := copyHostTree(t, filepath.Join(hostFixtures, "proc"))
	c, err := newMediaCollector(Options{ProcPath: proc, SysPath: t.TempDir(), Units: []string{"freeswitch", "coturn"}})
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	c.(*mediaCollector).now = func() time.Time { return clock }
	scrape := func() string {
		t.Helper()
		out, err := hostScrape(t, c)
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		return out
	}
	if out := scrape(); !strings.Contains(out, `bbb_unit_tasks{unit="freeswitch"} 61`) || strings.Contains(out, "coturn") {
		t.Fatalf("first scrape:\n%s", out)
	}
	// coturn starts; freeswitch is still read from /proc every scrape.
	if err := os.CopyFS(filepath.Join(proc, "2001"), os.DirFS(filepath.Join(proc, "1422"))); err != nil {
		t.Fatal(err)
	}
	hostWrite(t, filepath.Join(proc, "2001", "cgroup"), "0::/system.slice/coturn.service\n")
	if out := scrape(); !strings.Contains(out, `bbb_unit_tasks{unit="coturn"} 61`) {
		t.Errorf("coturn from /proc while freeswitch is read there too:\n%s", out)
	}

	c, err = newMediaCollector(Options{ProcPath: proc, SysPath: t.TempDir(), Units: []string{"stunnel4"}})
	if err != nil {
		t.Fatal(err)
	}
	c.(*mediaCollector).now = func() time.Time { return clock }
	if _, err := hostScrape(t, c); !errors.Is(err, ErrNoData) {
		t.Fatalf("stunnel4 absent: %v", err)
	}
	hostWrite(t, filepath.Join(proc, "2001", "cgroup"), "0::/system.slice/stunnel4.service\n")
	if _, err := hostScrape(t, c); !errors.Is(err, ErrNoData) {
		t.Errorf("stunnel4 found before the next discovery: %v", err)
	}
	clock = clock.Add(rediscoverEvery)
	if out := scrape(); !strings.Contains(out, `bbb_unit_tasks{unit="stunnel4"} 61`) {
		t.Errorf("stunnel4 not found at the next discovery:\n%s", out)
	}
}

// TestMediaNoCgroupOnce: a unit read from /proc because it has no cgroup is said at info level
// once, however many scrapes; so is a configured unit found nowhere.
func TestMediaNoCgroupOnce(t *testing.T) {
	var logs bytes.Buffer
	c, err := newMediaCollector(Options{
		ProcPath: filepath.Join(hostFixtures, "proc"), SysPath: filepath.Join(hostFixtures, "sys-nocgroup"),
		Units:  []string{"freeswitch", "coturn"},
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		out, err := hostScrape(t, c)
		if err != nil || !strings.Contains(out, `bbb_unit_tasks{unit="freeswitch"} 61`) {
			t.Fatalf("Update: %v\n%s", err, out)
		}
	}
	for _, want := range []string{
		`level=INFO msg="unit has no cgroup for some values, read them from /proc" unit=freeswitch`,
		`level=INFO msg="unit absent, skipped" unit=coturn`,
	} {
		if n := strings.Count(logs.String(), want); n != 1 {
			t.Errorf("%q said %d times, want once:\n%s", want, n, logs.String())
		}
	}
}

// TestTargetUnits reads the units of bigbluebutton.target from a unit tree laid out as BBB's
// bbb-config package and systemd leave it (testdata/fixtures/systemd-bbb30, see its README): the
// links of enabled units in .wants/, the target's own Wants= in a drop-in, and PartOf= in unit
// files, in drop-ins and in a continued line; not a PartOf= cleared by an empty one, nor one outside
// [Unit].
func TestTargetUnits(t *testing.T) {
	root := filepath.Join(hostFixtures, "systemd-bbb30")
	got, found := targetUnits(root, "bigbluebutton.target")
	want := []string{"bbb-graphql-server", "bbb-html5-frontend@", "bbb-html5-frontend@1", "bbb-html5-frontend@2",
		"bbb-pads", "bbb-rap-resque-worker", "bbb-web", "bbb-webrtc-sfu", "freeswitch", "kurento-media-server",
		"nginx", "redis-server"}
	if !found || strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("units %q (found %v), want %q", got, found, want)
	}
	if got, found := targetUnits(root, "other.target"); found || len(got) != 0 {
		t.Errorf("other.target: %q, found %v", got, found)
	}
}

// TestMediaTarget watches the configured units and those of bigbluebutton.target, on the BBB 3.0
// cgroup tree; the target's units are said at info once.
func TestMediaTarget(t *testing.T) {
	var logs bytes.Buffer
	c, err := newMediaCollector(Options{
		ProcPath: filepath.Join(hostFixtures, "proc"), SysPath: filepath.Join(hostFixtures, "sys-bbb30-v2"),
		RootPath: filepath.Join(hostFixtures, "systemd-bbb30"), UnitsTarget: "bigbluebutton.target",
		Units:  []string{"bbb-webrtc-sfu", "bbb-graphql-middleware"},
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
	})
	if err != nil {
		t.Fatal(err)
	}
	c.(*mediaCollector).now = func() time.Time { return time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC) }
	var out string
	for range 2 {
		if out, err = hostScrape(t, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, unit := range []string{"bbb-webrtc-sfu", "bbb-graphql-middleware", "bbb-graphql-server", "bbb-pads",
		"bbb-html5-frontend@1", "bbb-html5-frontend@2", "freeswitch", "nginx"} {
		if !strings.Contains(out, `bbb_unit_tasks{unit="`+unit+`"}`) {
			t.Errorf("no tasks of %s:\n%s", unit, out)
		}
	}
	if n := strings.Count(logs.String(), "units of the systemd target watched too"); n != 1 {
		t.Errorf("the target's units said %d times:\n%s", n, logs.String())
	}
	c, err = newMediaCollector(Options{SysPath: t.TempDir(), ProcPath: filepath.Join(hostFixtures, "proc"),
		RootPath: t.TempDir(), UnitsTarget: "bigbluebutton.target", Units: []string{"freeswitch"},
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hostScrape(t, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), `msg="systemd target not found, its units not watched" unit=bigbluebutton.target`) {
		t.Errorf("a missing target not said:\n%s", logs.String())
	}
}

// TestMediaConcurrentScrapes: scrapes that overlap share the discovery (run with -race).
func TestMediaConcurrentScrapes(t *testing.T) {
	c := newMediaForTest(t, filepath.Join(hostFixtures, "proc"), filepath.Join(hostFixtures, "sys-bbb30-v2"),
		"kurento-media-server@", "bbb-html5-*", "coturn")
	mc := c.(*mediaCollector)
	var clock atomic.Int64
	mc.now = func() time.Time { return time.Unix(clock.Load(), 0) }
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 20 {
				if g == 0 {
					clock.Add(int64(rediscoverEvery / time.Second / 4)) // rediscover now and then
				}
				ch := make(chan prometheus.Metric, 64)
				if err := c.Update(context.Background(), ch); err != nil {
					t.Errorf("Update %d: %v", i, err)
				}
			}
		})
	}
	wg.Wait()
}

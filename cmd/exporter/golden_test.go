package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the exporter's output")

const fixtures = "../../collectors/testdata/fixtures"

const goldenSecret = "golden-shared-secret-0123456789"

// goldenMeetings is the BBB stand-in's answer in the golden runs: a lecture with dial-in callers,
// a meeting with two breakout rooms, and an empty meeting.
func goldenMeetings() []bbbtest.Meeting {
	html5 := func(id string, mod, listen, voice, video bool) bbbtest.Attendee {
		role := "VIEWER"
		if mod {
			role = "MODERATOR"
		}
		return bbbtest.Attendee{UserID: id, FullName: "Name " + id, Role: role, ClientType: "HTML5",
			ListenOnly: listen, Voice: voice, Video: video}
	}
	lecture := bbbtest.Meeting{Name: "Lecture", ID: "lecture", InternalID: "int-lecture-1700000000000",
		CreateDate: "Mon Mar 02 09:00:00 UTC 2026", VoiceBridge: "70001",
		Attendees: []bbbtest.Attendee{
			html5("w_a1", true, false, true, true),
			html5("w_a2", false, true, false, false),
			html5("w_a3", false, true, false, false),
			html5("w_a4", false, false, true, false),
			html5("w_a5", false, false, false, true),
			bbbtest.Dialer(1, "+49 30 1234567"),
			bbbtest.Dialer(2, "+49 30 7654321"),
		}}
	parent := bbbtest.Meeting{Name: "Workshop", ID: "workshop", InternalID: "int-workshop-1700000000001",
		VoiceBridge: "70002", BreakoutRooms: []string{"int-room1-1700000000002", "int-room2-1700000000003"},
		// b2, b3 and b4 are in rooms: their main tab stays listed here, without audio or camera,
		// which BBB stops in the parent when they join a room.
		Attendees: []bbbtest.Attendee{
			html5("w_b1", true, false, true, false),
			html5("w_b2", false, false, false, false),
			html5("w_b3", false, false, false, false),
			html5("w_b4", false, false, false, false),
		}}
	room1 := bbbtest.Meeting{Name: "Workshop (Room 1)", ID: "room1", InternalID: "int-room1-1700000000002",
		VoiceBridge: "700021", Breakout: true, ParentID: "int-workshop-1700000000001", Sequence: 1,
		Attendees: []bbbtest.Attendee{html5("w_b2-1", false, false, true, true), html5("w_b3-1", false, true, false, false)}}
	room2 := bbbtest.Meeting{Name: "Workshop (Room 2)", ID: "room2", InternalID: "int-room2-1700000000003",
		VoiceBridge: "700022", Breakout: true, ParentID: "int-workshop-1700000000001", Sequence: 2,
		Attendees: []bbbtest.Attendee{html5("w_b4-2", false, false, true, false)}}
	empty := bbbtest.Meeting{Name: "Empty", ID: "empty", InternalID: "int-empty-1700000000004", VoiceBridge: "70003"}
	return []bbbtest.Meeting{lecture, parent, room1, room2, empty}
}

// goldenArgs are the flags of a golden run on the fixture tree sys (sys-cgroupv2, sys-cgroupv1):
// every collector and every optional metric on.
func goldenArgs(t *testing.T, apiURL, sys string) []string {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret")
	if err := os.WriteFile(secret, []byte(goldenSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{
		"--path.procfs=" + filepath.Join(fixtures, "proc"),
		"--path.sysfs=" + filepath.Join(fixtures, sys),
		"--bbb.api-url=" + apiURL,
		"--bbb.secret-file=" + secret,
		"--collector.netdev.uplink-capacity=1Gbit",
		"--history.path=" + filepath.Join(dir, "history.db"),
		"--history.interval=1h",
		"--history.node=golden",
	}
}

// scrapeAfterFirstSample waits for the history sampler's first sample (so the history metrics
// are settled) and returns /metrics.
func scrapeAfterFirstSample(t *testing.T, e *exporterUnderTest) string {
	t.Helper()
	var metrics string
	if !waitFor(10*time.Second, func() bool {
		metrics = e.get(t, "/metrics")
		return strings.Contains(metrics, "\nbbb_history_samples_total 1\n")
	}) {
		t.Fatalf("no history sample within 10s:\n%s\n%s", metrics, e.logs)
	}
	return metrics
}

func TestGolden(t *testing.T) {
	for _, sys := range []string{"sys-cgroupv2", "sys-cgroupv1"} {
		t.Run(sys, func(t *testing.T) {
			bbb := bbbtest.New(t, goldenSecret)
			bbb.SetMeetings(goldenMeetings()...)
			e := startExporter(t, goldenArgs(t, bbb.URL(), sys)...)
			metrics := scrapeAfterFirstSample(t, e)
			got := normalise(filterFamilies(metrics, "bbb_") + filterFamilies(metrics, "bbbkit_"))
			compareGolden(t, filepath.Join("testdata", "metrics-"+strings.TrimPrefix(sys, "sys-")+".golden"), got)
			t.Run("promtool", func(t *testing.T) { checkMetricsWithPromtool(t, metrics) })
		})
	}
}

// Values that differ from run to run: durations, timestamps, the build.
var (
	volatileValue = regexp.MustCompile(`(?m)^((?:bbb_scrape_collector_duration_seconds|bbb_history_last_sample_timestamp_seconds|bbb_api_[a-z_]*duration_seconds[a-z_]*)(?:\{[^}]*\})?) \S+$`)
	buildInfo     = regexp.MustCompile(`(?m)^bbbkit_exporter_build_info\{.*\} 1$`)
)

// normalise replaces what changes between runs with fixed values, keeping valid exposition.
func normalise(exposition string) string {
	exposition = volatileValue.ReplaceAllString(exposition, "$1 0")
	return buildInfo.ReplaceAllString(exposition,
		`bbbkit_exporter_build_info{branch="",goarch="",goos="",goversion="",revision="",tags="",version=""} 1`)
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got == string(want) {
		return
	}
	gotLines, wantLines := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(gotLines), len(wantLines)); i++ {
		var g, w string
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			t.Fatalf("%s differs at line %d (go test -update rewrites it):\n got %q\nwant %q", path, i+1, g, w)
		}
	}
}

package collectors

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/expfmt"

	"github.com/bbbkit/bbbkit/collectors/bbbapi"
	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
	"github.com/bbbkit/bbbkit/internal/promtest"
)

const bbbTestSecret = "CANARYsecret7f3a9c0e11d2b4"

// syncBuffer is a log sink safe for the exporter's concurrent collectors.
type syncBuffer = promtest.Buffer

// bbbExporter builds an exporter running only the bbb collector against url, logging at
// debug level into the returned buffer.
func bbbExporter(t *testing.T, url string, timeout time.Duration) (*Exporter, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e, err := New([]string{"bbb"}, Options{Logger: logger, BBB: BBBOptions{
		APIURL: url, Secret: bbbTestSecret, Checksum: "sha256", Timeout: timeout}})
	if err != nil {
		t.Fatal(err)
	}
	return e, logs
}

// scrape gathers the exporter through a registry and renders the text exposition.
func scrape(t *testing.T, e *Exporter) string {
	t.Helper()
	reg := prometheus.NewRegistry() // not pedantic: the Exporter describes only its own two metrics
	reg.MustRegister(e)
	done := make(chan struct{})
	var out bytes.Buffer
	go func() {
		defer close(done)
		mfs, err := reg.Gather()
		if err != nil {
			t.Errorf("Gather: %v", err)
		}
		enc := expfmt.NewEncoder(&out, expfmt.NewFormat(expfmt.TypeTextPlain))
		for _, mf := range mfs {
			if err := enc.Encode(mf); err != nil {
				t.Errorf("Encode: %v", err)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second): // a guard against hangs, not a speed expectation
		t.Fatal("scrape did not return")
	}
	return out.String()
}

var bbbMetricNames = []string{"bbb_api_up", "bbb_meetings", "bbb_breakout_rooms", "bbb_meetings_participants",
	"bbb_meetings_listeners", "bbb_meetings_voice_participants", "bbb_meetings_video_participants",
	"bbb_meetings_participant_clients", "bbb_meetings_by_size"}

func TestBBBNoAPIURL(t *testing.T) {
	c, err := newBBBCollector(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan prometheus.Metric, 100)
	if err := c.Update(context.Background(), ch); !errors.Is(err, ErrNoData) {
		t.Errorf("Update = %v, want ErrNoData", err)
	}
	if len(ch) != 0 {
		t.Errorf("Update sent %d metrics, want none", len(ch))
	}
	if _, _, err := c.(ConcurrencySource).Concurrent(context.Background()); !errors.Is(err, ErrNoData) {
		t.Errorf("Concurrent = %v, want ErrNoData", err)
	}
}

func TestBBBFactoryValidates(t *testing.T) {
	for _, tt := range []struct {
		opts BBBOptions
		want string
	}{
		{BBBOptions{APIURL: "https://bbb.example.org/bigbluebutton/api", Secret: "s", Checksum: "md5"}, `unknown checksum algorithm "md5"`},
		{BBBOptions{APIURL: "ftp://bbb.example.org/", Secret: "s"}, "http:// or https://"},
		{BBBOptions{APIURL: "https://bbb.example.org/", Secret: ""}, "secret is empty"},
	} {
		_, err := New([]string{"bbb"}, Options{BBB: tt.opts})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%+v) = %v, want %q", tt.opts, err, tt.want)
		}
	}
}

func TestBBBMetrics(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "bbb", "breakouts.xml"))
	if err != nil {
		t.Fatal(err)
	}
	srv := bbbtest.New(t, bbbTestSecret)
	srv.SetBody(string(body))
	e, _ := bbbExporter(t, srv.URL(), time.Second)
	want := `
# HELP bbb_api_up Whether the last getMeetings call answered SUCCESS (1, also when no meeting exists) or not (0).
# TYPE bbb_api_up gauge
bbb_api_up 1
# HELP bbb_breakout_rooms Breakout rooms on this server.
# TYPE bbb_breakout_rooms gauge
bbb_breakout_rooms 2
# HELP bbb_meetings Meetings on this server, breakout rooms not included.
# TYPE bbb_meetings gauge
bbb_meetings 2
# HELP bbb_meetings_by_size Meetings whose participant count (a meeting counted together with its breakout rooms) is in the size class; classes are disjoint, not cumulative.
# TYPE bbb_meetings_by_size gauge
bbb_meetings_by_size{size="0"} 0
bbb_meetings_by_size{size="1"} 0
bbb_meetings_by_size{size="101-200"} 0
bbb_meetings_by_size{size="11-25"} 0
bbb_meetings_by_size{size="2-5"} 2
bbb_meetings_by_size{size="201+"} 0
bbb_meetings_by_size{size="26-50"} 0
bbb_meetings_by_size{size="51-100"} 0
bbb_meetings_by_size{size="6-10"} 0
# HELP bbb_meetings_listeners Participants listening only.
# TYPE bbb_meetings_listeners gauge
bbb_meetings_listeners 2
# HELP bbb_meetings_participant_clients Concurrent endpoints by client: html5 (browsers, BBB's apps) or dial-in (phone); other client types (e.g. FLASH) are in neither.
# TYPE bbb_meetings_participant_clients gauge
bbb_meetings_participant_clients{type="dial-in"} 1
bbb_meetings_participant_clients{type="html5"} 6
# HELP bbb_meetings_participants Concurrent endpoints (browsers and phones), each counted once although someone in a breakout room is also listed in its parent meeting.
# TYPE bbb_meetings_participants gauge
bbb_meetings_participants 7
# HELP bbb_meetings_video_participants Participants sharing a camera.
# TYPE bbb_meetings_video_participants gauge
bbb_meetings_video_participants 2
# HELP bbb_meetings_voice_participants Participants with a microphone joined (dial-in callers included), not listening only.
# TYPE bbb_meetings_voice_participants gauge
bbb_meetings_voice_participants 5
`
	reg := prometheus.NewRegistry()
	reg.MustRegister(e)
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), bbbMetricNames...); err != nil {
		t.Error(err)
	}
	text := scrape(t, e)
	for _, s := range []string{`bbb_scrape_collector_success{collector="bbb"} 1`, "bbb_api_request_duration_seconds "} {
		if !strings.Contains(text, s) {
			t.Errorf("/metrics lacks %q", s)
		}
	}
	c, _ := e.Collector("bbb")
	endpoints, meetings, err := c.(ConcurrencySource).Concurrent(context.Background())
	if err != nil || endpoints != 7 || meetings != 2 {
		t.Errorf("Concurrent = %d, %d, %v; want 7, 2", endpoints, meetings, err)
	}
}

// canaryMeetings fills every string getMeetings carries with a unique canary, including a
// clientType and role BBB does not have.
func canaryMeetings() []bbbtest.Meeting {
	n := 0
	c := func() string { n++; return fmt.Sprintf("CANARY%04dx", n) }
	cmap := func() map[string]string { return map[string]string{c(): c(), c(): c()} }
	attendee := func(clientType, role string) bbbtest.Attendee {
		return bbbtest.Attendee{UserID: c(), FullName: c(), Role: role, ClientType: clientType,
			Voice: true, Video: true, CustomData: cmap()}
	}
	parent := bbbtest.Meeting{Name: c(), ID: c(), InternalID: c(), CreateDate: c(), VoiceBridge: c(),
		DialNumber: c(), AttendeePW: c(), ModeratorPW: c(), Metadata: cmap(),
		Attendees: []bbbtest.Attendee{attendee("HTML5", "MODERATOR"), attendee("HTML5", "VIEWER"),
			{UserID: "v_" + c(), FullName: c(), Role: "DIAL-IN-USER", ClientType: "DIAL-IN", Voice: true},
			attendee(c(), c())}}
	room := bbbtest.Meeting{Name: c(), ID: c(), InternalID: c(), CreateDate: c(), VoiceBridge: c(),
		DialNumber: c(), AttendeePW: c(), ModeratorPW: c(), Metadata: cmap(), Breakout: true,
		ParentID: parent.InternalID, Sequence: 1, Attendees: []bbbtest.Attendee{attendee("HTML5", "VIEWER")}}
	parent.BreakoutRooms = []string{room.InternalID}
	return []bbbtest.Meeting{parent, room}
}

// assertNoCanary fails when where holds a canary, the secret or a checksum made from it.
func assertNoCanary(t *testing.T, what, where string) {
	t.Helper()
	if strings.Contains(strings.ToUpper(where), "CANARY") {
		i := strings.Index(strings.ToUpper(where), "CANARY")
		t.Errorf("%s holds a canary: …%s…", what, where[max(0, i-80):min(len(where), i+40)])
	}
	for algo := range bbbapi.Checksums {
		if sum, _ := bbbapi.Checksum(algo, "getMeetings", "", bbbTestSecret); strings.Contains(where, sum) {
			t.Errorf("%s holds the %s getMeetings checksum", what, algo)
		}
	}
}

// TestBBBCanaries: no name, ID, password, metadata, dial number or custom data from BBB,
// nor the secret or checksum, comes out in /metrics or in the debug log — in success and
// in every fault case.
func TestBBBCanaries(t *testing.T) {
	faults := []struct {
		name  string
		fault bbbtest.Fault
		up    string
	}{
		{"ok", bbbtest.FaultNone, "1"}, {"slow", bbbtest.FaultSlow, "0"}, {"stall", bbbtest.FaultStall, "0"},
		{"reset", bbbtest.FaultReset, "0"},
		{"garbage", bbbtest.FaultGarbage, "0"}, {"truncated", bbbtest.FaultTruncated, "0"},
		{"failed", bbbtest.FaultFailed, "0"}, {"http500", bbbtest.FaultHTTPError, "0"},
		{"noMeetings", bbbtest.FaultNoMeetings, "1"}, {"down", bbbtest.FaultNone, "0"},
	}
	for _, tt := range faults {
		t.Run(tt.name, func(t *testing.T) {
			srv := bbbtest.New(t, bbbTestSecret, bbbtest.WithMeetings(canaryMeetings()...))
			srv.SetFault(tt.fault)
			if tt.name == "down" {
				srv.Down()
			}
			timeout := 5 * time.Second // long unless the fault waits: a loaded machine is slow
			if tt.fault == bbbtest.FaultSlow || tt.fault == bbbtest.FaultStall {
				timeout = 200 * time.Millisecond
			}
			e, logs := bbbExporter(t, srv.URL(), timeout)
			text := scrape(t, e)
			assertNoCanary(t, "/metrics", text)
			assertNoCanary(t, "the log", logs.String())
			if !strings.Contains(text, "\nbbb_api_up "+tt.up+"\n") {
				t.Errorf("want bbb_api_up %s in\n%s", tt.up, text)
			}
			for _, name := range bbbMetricNames {
				if !strings.Contains(text, "\n"+name) {
					t.Errorf("/metrics lacks %s", name)
				}
			}
			success := `bbb_scrape_collector_success{collector="bbb"} ` + tt.up
			if !strings.Contains(text, success) {
				t.Errorf("/metrics lacks %q", success)
			}
			t.Logf("log:\n%s", logs)
			if tt.up == "0" && !strings.Contains(logs.String(), "collector failed") {
				t.Errorf("no log line says what went wrong:\n%s", logs)
			}
			if tt.name == "ok" && !strings.Contains(text, "\nbbb_meetings_participants 4\n") {
				t.Errorf("want 4 participants (the room's one also in the parent) in\n%s", text)
			}
		})
	}
}

// TestBBBSharedCall: parallel scrapes and the history sampler share one call in flight.
func TestBBBSharedCall(t *testing.T) {
	srv := bbbtest.New(t, bbbTestSecret, bbbtest.WithMeetings(canaryMeetings()...))
	e, _ := bbbExporter(t, srv.URL(), 5*time.Second)
	c, _ := e.Collector("bbb")
	client := c.(*bbbCollector).client
	srv.Hold()
	const n = 6
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			ch := make(chan prometheus.Metric, 64)
			if err := c.Update(context.Background(), ch); err != nil {
				t.Errorf("Update: %v", err)
			}
		})
	}
	wg.Go(func() {
		if p, m, err := c.(ConcurrencySource).Concurrent(context.Background()); err != nil || p != 4 || m != 1 {
			t.Errorf("Concurrent = %d, %d, %v", p, m, err)
		}
	})
	for client.InFlight() < n+1 {
		time.Sleep(time.Millisecond)
	}
	srv.Release()
	wg.Wait()
	if srv.Calls() != 1 {
		t.Errorf("stand-in saw %d getMeetings calls, want 1", srv.Calls())
	}
}

// BenchmarkBBBScrape500 is the CPU of one scrape of 500 meetings with 10,000 attendees
// without the network: parsing the answer and building the metrics.
func BenchmarkBBBScrape500(b *testing.B) {
	body := bbbtest.MeetingsXML(bbbtest.Generate(500, 10000))
	ch := make(chan prometheus.Metric, 64)
	b.ReportAllocs()
	for b.Loop() {
		s, err := bbbapi.Parse(bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		sendBBBMetrics(ch, bbbapi.Result{Summary: s}, true)
		for len(ch) > 0 {
			<-ch
		}
	}
}

// BenchmarkBBBScrape500Loopback is a whole scrape through the exporter and a registry, the
// answer coming from the stand-in over loopback (the stand-in's CPU included).
func BenchmarkBBBScrape500Loopback(b *testing.B) {
	srv := bbbtest.New(b, bbbTestSecret, bbbtest.WithMeetings(bbbtest.Generate(500, 10000)...))
	e, err := New([]string{"bbb"}, Options{BBB: BBBOptions{APIURL: srv.URL(), Secret: bbbTestSecret, Timeout: 5 * time.Second}})
	if err != nil {
		b.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(e)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := reg.Gather(); err != nil {
			b.Fatal(err)
		}
	}
}

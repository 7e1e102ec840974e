package collectors

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bbbkit/bbbkit/internal/cputime"
)

// nativeStandIn serves BBB's families with canary labels (user, room, worker IDs) and a family that
// is not on the allow-list.
func nativeStandIn(t testing.TB, series int) *httptest.Server {
	var b strings.Builder
	b.WriteString("# TYPE mediasoup_workers gauge\nmediasoup_workers{workerUID=\"canary-worker\"} 4\n")
	b.WriteString("# TYPE mcs_media_units gauge\n")
	for i := range series {
		fmt.Fprintf(&b, "mcs_media_units{media_type=\"main\",unit_type=\"WebRtcEndpoint\",direction=\"sendrecv\",userId=\"canary-user-%d\",roomId=\"canary-room\"} 1\n", i)
	}
	b.WriteString("# TYPE mcs_requests_total counter\nmcs_requests_total{method=\"canary-join\",media_type=\"canary-type\"} 7\n")
	b.WriteString("# TYPE mediasoup_producers gauge\nmediasoup_producers{kind=\"audio\"} 2\nmediasoup_producers{kind=\"canary\"} 1\nmediasoup_producers 5\n")
	b.WriteString("# TYPE canary_room_members gauge\ncanary_room_members{room=\"canary-room\"} 3\n")
	body := b.String()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestNativeFilter(t *testing.T) {
	srv := nativeStandIn(t, 3)
	c, err := newNativeCollector(Options{NativeSources: []NativeSource{
		{Name: "sfu-mcs", URL: srv.URL + "/metrics"},
		{Name: "recorder", URL: "http://127.0.0.1:1/metrics"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := hostScrape(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(out), "canary") {
		t.Errorf("a canary came through:\n%s", out)
	}
	for _, want := range []string{
		`bbb_native_mcs_media_units{direction="sendrecv",media_type="main",source="sfu-mcs",unit_type="WebRtcEndpoint"} 3`,
		`bbb_native_mediasoup_workers{source="sfu-mcs"} 4`,
		`bbb_native_mcs_requests_total{source="sfu-mcs"} 7`,
		`bbb_native_up{source="sfu-mcs"} 1`,
		`bbb_native_mediasoup_producers{kind="",source="sfu-mcs"} 6`,
		`bbb_native_mediasoup_producers{kind="audio",source="sfu-mcs"} 2`,
		`bbb_native_up{source="recorder"} 0`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("missing %s in:\n%s", want, out)
		}
	}
}

func TestNativeConfig(t *testing.T) {
	for _, tc := range []struct {
		src  []NativeSource
		want string
	}{
		{nil, "no source configured"},
		{[]NativeSource{{Name: "Bad Name", URL: "http://localhost:3014/metrics"}}, "want a unique name"},
		{[]NativeSource{{Name: "sfu", URL: "http://bbb.example.org:3014/metrics"}}, "want a URL on this host"},
		{[]NativeSource{{Name: "sfu", URL: "https://localhost:3014/metrics"}}, "want an http:// URL"},
	} {
		_, err := newNativeCollector(Options{NativeSources: tc.src})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.src, err, tc.want)
		}
	}
}

// BenchmarkNative200 scrapes a stand-in of 200 series through the filter.
func BenchmarkNative200(b *testing.B) {
	srv := nativeStandIn(b, 200)
	c, err := newNativeCollector(Options{NativeSources: []NativeSource{{Name: "sfu-mcs", URL: srv.URL}}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := cputime.Self()
	for b.Loop() {
		if _, err := hostScrape(b, c); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, cpu) // the stand-in's share of serving included
}

// nativeSources are the stand-ins in testdata/native, one per endpoint of BBB's components; their
// README names the source files the families and labels are taken from: bigbluebutton/bbb-webrtc-sfu
// at 7706cf6d001de4970532383e403cd4dd45c9f811 (lib/mcs-core/lib/metrics/core-metrics.js,
// lib/mcs-core/lib/adapters/mediasoup/prom-metrics.js, lib/main/metrics/main-metrics.js, the
// modules' metrics files), bigbluebutton/bbb-webrtc-recorder at
// 3d581ad0e6d204eaef7087d1730f5832e23d73fd (internal/appstats/prometheus.go) and
// bigbluebutton/bigbluebutton bbb-graphql-middleware/internal/common/PrometheusMetrics.go
// (2abf42073f3f590a379427037d5810651481197f).
var nativeSources = []string{"sfu-mcs", "sfu-main", "sfu-audio", "sfu-video", "sfu-screenshare", "recorder", "graphql-middleware"}

// nativeStandIns serves testdata/native/NAME.prom at /NAME.
func nativeStandIns(t testing.TB) (*httptest.Server, []NativeSource) {
	mux := http.NewServeMux()
	var srcs []NativeSource
	for _, name := range nativeSources {
		body, err := os.ReadFile(filepath.Join("testdata", "native", name+".prom"))
		if err != nil {
			t.Fatal(err)
		}
		mux.HandleFunc("/"+name, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/plain; version=0.0.4")
			w.Write(body)
		})
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	for _, name := range nativeSources {
		srcs = append(srcs, NativeSource{Name: name, URL: srv.URL + "/" + name})
	}
	return srv, srcs
}

// TestNativeStandIns scrapes stand-ins of every endpoint: each family of the allow-list comes
// through from them (so none is a name the components do not use), with no label outside the
// vocabulary and none of the canaries (IDs, free-text reasons and errors, operation names, paths).
func TestNativeStandIns(t *testing.T) {
	_, srcs := nativeStandIns(t)
	c, err := newNativeCollector(Options{NativeSources: srcs})
	if err != nil {
		t.Fatal(err)
	}
	out, err := hostScrape(t, c)
	if err != nil {
		t.Fatal(err)
	}
	for _, canary := range []string{"canary", "183f0bf3", "w_", "203.0.113", "/var/lib", "getUserCurrent", "startRecording", "2001"} {
		if strings.Contains(strings.ToLower(out), strings.ToLower(canary)) {
			t.Errorf("%q came through:\n%s", canary, out)
		}
	}
	families := map[string]bool{}
	label := regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="`)
	for _, line := range hostSamples(out) {
		name := line[:strings.IndexAny(line, "{ ")]
		families[strings.TrimPrefix(name, "bbb_native_")] = true
		for _, m := range label.FindAllStringSubmatch(line, -1) {
			if _, ok := nativeLabels[m[1]]; !ok && m[1] != "source" {
				t.Errorf("label %s is not in the vocabulary: %s", m[1], line)
			}
		}
	}
	var missing []string
	for f := range nativeFamilies {
		if !families[f] && !families[f+"_total"] { // a counter without _total gets one
			missing = append(missing, f)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("allow-listed families no stand-in serves: %v", missing)
	}
	for _, f := range []string{"up", "go_goroutines", "mediasoup_rtp_score", "mediasoup_rtp_score_bucket", "mediasoup_worker_ru_utime_total",
		"mcs_dispatched_events_total", "sfu_audio_time_to_hold_seconds", "recorder_request_duration_seconds"} {
		if families[f] != (f == "up") {
			t.Errorf("family %s: exported %v", f, families[f])
		}
	}
	for _, want := range []string{
		`bbb_native_mediasoup_workers{pool="shared",source="sfu-mcs"} 2`,
		`bbb_native_mediasoup_workers{pool="audio",source="sfu-mcs"} 1`,
		`bbb_native_mediasoup_routers{source="sfu-mcs"} 12`,
		`bbb_native_mcs_media_units{direction="recvonly",media_type="main",source="sfu-mcs",unit_type="RecorderEndpoint"} 3`,
		`bbb_native_mcs_requests_total{source="sfu-mcs"} 431`,
		`bbb_native_mediasoup_ice_transport_protocol_total{protocol="tcp",source="sfu-mcs"} 9`,
		`bbb_native_mediasoup_worker_crashes_total{pool="shared",source="sfu-mcs"} 1`,
		`bbb_native_sfu_module_crashes{module="fullaudio",signal="SIGSEGV",source="sfu-main"} 1`,
		`bbb_native_sfu_module_crashes{module="video",signal="",source="sfu-main"} 1`,
		`bbb_native_sfu_audio_errors_total{source="sfu-audio"} 7`,
		`bbb_native_sfu_screenshare_sessions{source="sfu-screenshare"} 2`,
		`bbb_native_recorder_component_health{component="livekit",source="recorder"} 0`,
		`bbb_native_recorder_active_tracks{kind="video",source="recorder"} 2`,
		`bbb_native_ws_connection_rejected_total{source="graphql-middleware"} 21`,
		`bbb_native_recorder_in_requests_total{source="recorder"} 85`,
		`bbb_native_gql_subscription_total{source="graphql-middleware"} 2855`,
		`bbb_native_up{source="graphql-middleware"} 1`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("missing %s", want)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("output:\n%s", out)
	}
}

// BenchmarkNative200Update is BenchmarkNative200 without the test's registry: the collector's
// own Update (fetch, filter, sums, metrics), the stand-in's share of serving included.
func BenchmarkNative200Update(b *testing.B) {
	srv := nativeStandIn(b, 200)
	c, err := newNativeCollector(Options{NativeSources: []NativeSource{{Name: "sfu-mcs", URL: srv.URL}}})
	if err != nil {
		b.Fatal(err)
	}
	ch := make(chan prometheus.Metric, 64)
	b.ReportAllocs()
	cpu := cputime.Self()
	for b.Loop() {
		if err := c.Update(context.Background(), ch); err != nil {
			b.Fatal(err)
		}
		for len(ch) > 0 {
			<-ch
		}
	}
	cputime.Report(b, cpu)
}

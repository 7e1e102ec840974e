package collectors

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
	for b.Loop() {
		if _, err := hostScrape(b, c); err != nil {
			b.Fatal(err)
		}
	}
}

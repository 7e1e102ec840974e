package collectors

// The native collector re-exports BBB's own Prometheus metrics (bbb-webrtc-sfu's mcs-core and
// modules, bbb-webrtc-recorder, bbb-graphql-middleware) through one privacy filter: only the
// families of nativeFamilies pass, each as bbb_native_<family>{source}, and of their labels only
// those whose name and value are in nativeLabels; series that differ only in dropped labels are
// summed. A userID, a room or a workerUID is never in the vocabulary, so it never comes through.
// docs/bbb-native-metrics.md lists the sources and how to switch each on.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func init() {
	Register("native", false, newNativeCollector)
}

// NativeSource is one endpoint of BBB's own metrics: a name of ours (the source label) and a URL on
// this host.
type NativeSource struct {
	Name, URL string
}

// nativeFamilies are the families re-exported, as the components name them (see
// testdata/native/README.md for the source files and commits): counts of sessions, media and
// workers, requests and errors, crashes and health. Histograms, per-worker resource usage and
// event internals are left out.
var nativeFamilies = map[string]bool{
	// bbb-webrtc-sfu mcs-core (:3014), with its mediasoup and FreeSWITCH adapters.
	"mcs_rooms": true, "mcs_users": true, "mcs_media_sessions": true, "mcs_media_units": true,
	"mcs_requests_total": true, "mcs_request_errors_total": true, "freeswitch_crashes": true,
	"mediasoup_workers": true, "mediasoup_routers": true, "mediasoup_transports": true,
	"mediasoup_producers": true, "mediasoup_consumers": true, "mediasoup_worker_crashes": true,
	"mediasoup_transport_dtls_errors": true, "mediasoup_transport_ice_errors": true,
	"mediasoup_ice_transport_protocol": true,
	// bbb-webrtc-sfu main process (:3016): WebSockets and the modules it runs.
	"sfu_websockets": true, "sfu_websocket_errors": true, "sfu_module_status": true, "sfu_module_crashes": true,
	// bbb-webrtc-sfu modules: audio (:3024), video (:3026), screenshare (:3022).
	"sfu_audio_sessions": true, "sfu_audio_held_sessions": true, "sfu_audio_global_sessions": true,
	"sfu_audio_global_crashes": true, "sfu_audio_reqs_total": true, "sfu_audio_errors_total": true,
	"sfu_audio_listen_only_toggle_errors_total": true, "sfu_audio_queued_reqs": true, "sfu_audio_queue_failures_total": true,
	"sfu_video_sessions": true, "sfu_video_reqs_total": true, "sfu_video_errors_total": true,
	"sfu_video_queued_reqs": true, "sfu_video_queue_failures_total": true, "sfu_video_recorder_status": true,
	"sfu_video_recorder_restarts_total": true, "sfu_video_recording_errors_total": true,
	"sfu_screenshare_sessions": true, "sfu_screenshare_reqs_total": true, "sfu_screenshare_errors_total": true,
	"sfu_screenshare_queued_reqs": true, "sfu_screenshare_queue_failures_total": true,
	"sfu_screenshare_recorder_status": true, "sfu_screenshare_recorder_restarts_total": true,
	"sfu_screenshare_recording_errors_total": true,
	// bbb-webrtc-recorder (:3200).
	"recorder_sessions": true, "recorder_active_tracks": true, "recorder_in_requests": true,
	"recorder_invalid_requests": true, "recorder_out_responses": true, "recorder_session_errors_total": true,
	"recorder_component_health": true, "recorder_track_subscription_failures_total": true,
	"recorder_rtp_read_errors_total": true, "recorder_participant_reconnects_total": true,
	// bbb-graphql-middleware (:8378): the clients' connections and their GraphQL traffic.
	"http_connection_active": true, "http_connection_total": true, "ws_connection_accepted": true,
	"ws_connection_rejected": true, "gql_subscription_total": true, "gql_mutation_total": true,
}

// nativeLabels is the closed vocabulary: label name → the values that may pass, each a value the
// components set from their own constants. Labels whose values come from outside (userID, roomId,
// workerUID, method, operationName, errorCode, reason, error, mime, the recorder's track source,
// which would also clash with our source label) are not in it.
var nativeLabels = map[string]map[string]bool{
	"media_type":     set("main", "content", "audio", "application", "message", "invalid", "unsupported"),
	"unit_type":      set("WebRtcEndpoint", "RtpEndpoint", "RecorderEndpoint", "RtspEndpoint", "PlayerEndpoint", "invalid"),
	"direction":      set("sendrecv", "sendonly", "recvonly", "inactive"),
	"type":           set("WebRtcTransport", "PlainTransport", "PipeTransport", "DirectTransport", "UnknownTransport", "simple", "simulcast", "svc", "pipe"),
	"transport_type": set("WebRtcTransport", "PlainTransport", "PipeTransport", "DirectTransport", "UnknownTransport"),
	"kind":           set("audio", "video"),
	"pool":           set("shared", "main", "audio", "content"),
	"protocol":       set("udp", "tcp"),
	"module":         set("core", "screenshare", "video", "audio", "fullaudio", "livekit"),
	"signal":         set("SIGABRT", "SIGBUS", "SIGSEGV", "SIGILL"),
	"component":      set("livekit", "redis"),
}

func set(vs ...string) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

var (
	nativeUpDesc = prometheus.NewDesc(prometheus.BuildFQName(Namespace, "native", "up"),
		"Whether the last scrape of the BBB component's own metrics endpoint succeeded (1) or not (0).",
		[]string{"source"}, nil)
	nativeSourceName = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)
)

type nativeCollector struct {
	sources []NativeSource
	client  *http.Client
	logger  *slog.Logger

	mu    sync.Mutex
	descs map[string]*prometheus.Desc // by family and label names
}

func newNativeCollector(opts Options) (Collector, error) {
	if len(opts.NativeSources) == 0 {
		return nil, errors.New("native: no source configured (--collector.native.source NAME=URL)")
	}
	seen := map[string]bool{}
	for _, s := range opts.NativeSources {
		if !nativeSourceName.MatchString(s.Name) || seen[s.Name] {
			return nil, fmt.Errorf("native source %q: want a unique name of lower-case letters, digits, - and _", s.Name)
		}
		seen[s.Name] = true
		if err := checkLocalURL(s.URL); err != nil {
			return nil, fmt.Errorf("native source %s: %w", s.Name, err)
		}
	}
	c := &nativeCollector{
		sources: opts.NativeSources,
		client:  &http.Client{Timeout: 2 * time.Second},
		logger:  opts.Logger,
		descs:   map[string]*prometheus.Desc{},
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// checkLocalURL accepts http URLs on the loopback interface only: BBB's components serve their
// metrics on localhost, and nothing else is scraped.
func checkLocalURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.User != nil {
		return errors.New("want an http:// URL without credentials")
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return errors.New("want a URL on this host (localhost, 127.0.0.1 or ::1)")
	}
	return nil
}

// Update implements Collector. A failed source says so in its up metric and is not an error of the
// collector: the other sources still count.
func (c *nativeCollector) Update(ctx context.Context, ch chan<- prometheus.Metric) error {
	for _, s := range c.sources {
		mfs, err := c.fetch(ctx, s.URL)
		up := 1.0
		if err != nil {
			up = 0
			c.logger.Debug("native source failed", "source", s.Name, "err", err)
		}
		ch <- prometheus.MustNewConstMetric(nativeUpDesc, prometheus.GaugeValue, up, s.Name)
		if err == nil {
			c.send(ch, s.Name, mfs)
		}
	}
	return nil
}

// fetch reads one endpoint in the text format, at most 4 MiB of it, keeping the allow-listed
// families only.
func (c *nativeCollector) fetch(ctx context.Context, u string) (map[string]*nativeFamily, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Accept", "text/plain;version=0.0.4")
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("get: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("get: status %d", resp.StatusCode)
	}
	fams, err := parseNativeText(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err) // the error names the line, never its text
	}
	return fams, nil
}

// send sums and sends one source's families.
func (c *nativeCollector) send(ch chan<- prometheus.Metric, source string, fams map[string]*nativeFamily) {
	for name, fam := range fams {
		vt := prometheus.GaugeValue
		switch fam.typ {
		case nativeCounter:
			vt = prometheus.CounterValue
		case nativeGauge, nativeUntyped:
		default:
			continue
		}
		names := passingLabels(fam)
		sums := map[string]float64{}
		values := map[string][]string{}
		for _, m := range fam.samples {
			vs := make([]string, len(names)) // "" where a series lacks one: the same as absent
			for _, l := range m.labels {
				if i := sort.SearchStrings(names, l.name); i < len(names) && names[i] == l.name {
					vs[i] = l.value
				}
			}
			k := strings.Join(vs, "\x00")
			sums[k] += m.value
			values[k] = vs
		}
		ks := make([]string, 0, len(sums))
		for k := range sums {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		exported := name
		if vt == prometheus.CounterValue && !strings.HasSuffix(name, "_total") {
			exported += "_total" // prom-client and client_golang leave it to the author; Prometheus wants it
		}
		d := c.desc(name, exported, names)
		for _, k := range ks {
			ch <- prometheus.MustNewConstMetric(d, vt, sums[k], append([]string{source}, values[k]...)...)
		}
	}
}

// passingLabels are the sorted names of the vocabulary's labels that some sample of fam has (the
// parser kept only those, with a value of the vocabulary): one set for the whole family, as
// Prometheus requires.
func passingLabels(fam *nativeFamily) []string {
	var names []string
	for _, m := range fam.samples {
		for _, l := range m.labels {
			if !slices.Contains(names, l.name) {
				names = append(names, l.name)
			}
		}
	}
	sort.Strings(names)
	return names
}

// desc returns the Desc of a re-exported family (exported as bbb_native_<exported>) with these
// labels, made once.
func (c *nativeCollector) desc(family, exported string, labels []string) *prometheus.Desc {
	key := exported + "\x00" + strings.Join(labels, ",")
	c.mu.Lock()
	defer c.mu.Unlock()
	if d, ok := c.descs[key]; ok {
		return d
	}
	d := prometheus.NewDesc(prometheus.BuildFQName(Namespace, "native", exported),
		"BBB's own metric "+family+", re-exported with the labels of bbbkit's closed vocabulary only (docs/bbb-native-metrics.md).",
		append([]string{"source"}, labels...), nil)
	c.descs[key] = d
	return d
}

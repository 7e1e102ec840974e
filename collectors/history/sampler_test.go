package history

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/bbbkit/bbbkit/collectors"
)

func tr(transmit, receive uint64) collectors.Traffic {
	return collectors.Traffic{TransmitBytes: transmit, ReceiveBytes: receive}
}

func TestTrafficDelta(t *testing.T) {
	cases := []struct {
		name           string
		prev, cur      map[string]collectors.Traffic
		wantTx, wantRx uint64
	}{
		{"first reading is a baseline", nil, map[string]collectors.Traffic{"eth0": tr(1000, 2000)}, 0, 0},
		{"plain growth", map[string]collectors.Traffic{"eth0": tr(1000, 2000)}, map[string]collectors.Traffic{"eth0": tr(1500, 2600)}, 500, 600},
		{"summed over devices", map[string]collectors.Traffic{"eth0": tr(10, 20), "eth1": tr(100, 200)},
			map[string]collectors.Traffic{"eth0": tr(15, 26), "eth1": tr(150, 260)}, 55, 66},
		{"reset counts from zero", map[string]collectors.Traffic{"eth0": tr(1<<40, 1<<40)}, map[string]collectors.Traffic{"eth0": tr(300, 0)}, 300, 0},
		{"one counter reset, the other not", map[string]collectors.Traffic{"eth0": tr(500, 500)}, map[string]collectors.Traffic{"eth0": tr(100, 900)}, 100, 400},
		{"new device sets its baseline", map[string]collectors.Traffic{"eth0": tr(10, 10)},
			map[string]collectors.Traffic{"eth0": tr(20, 20), "eth1": tr(1<<50, 1<<50)}, 10, 10},
		{"vanished device is dropped", map[string]collectors.Traffic{"eth0": tr(10, 10), "eth1": tr(10, 10)},
			map[string]collectors.Traffic{"eth0": tr(11, 12)}, 1, 2},
		{"unchanged", map[string]collectors.Traffic{"eth0": tr(7, 7)}, map[string]collectors.Traffic{"eth0": tr(7, 7)}, 0, 0},
	}
	for _, c := range cases {
		tx, rx := TrafficDelta(c.prev, c.cur)
		if tx != c.wantTx || rx != c.wantRx {
			t.Errorf("%s: got %d/%d, want %d/%d", c.name, tx, rx, c.wantTx, c.wantRx)
		}
	}
}

type fakeBBB struct {
	endpoints, meetings int
	err                 error
}

func (f *fakeBBB) Concurrent(ctx context.Context) (int, int, error) {
	if _, ok := ctx.Deadline(); !ok {
		return 0, 0, errors.New("no deadline")
	}
	return f.endpoints, f.meetings, f.err
}

type fakeNet struct {
	readings []map[string]collectors.Traffic
	err      error
}

func (f *fakeNet) Traffic() (map[string]collectors.Traffic, error) {
	if f.err != nil {
		return nil, f.err
	}
	r := f.readings[0]
	f.readings = f.readings[1:]
	return r, nil
}

func TestSamplerStoresAggregates(t *testing.T) {
	store, _ := openTemp(t)
	bbb := &fakeBBB{endpoints: 42, meetings: 3}
	net := &fakeNet{readings: []map[string]collectors.Traffic{
		{"eth0": {TransmitBytes: 5000, ReceiveBytes: 7000}},
		{"eth0": {TransmitBytes: 6000, ReceiveBytes: 7500}},
		{"eth0": {TransmitBytes: 100, ReceiveBytes: 200}}, // reboot-like reset
	}}
	s, err := NewSampler(SamplerConfig{Store: store, Node: "bbb1", Interval: time.Minute, Concurrency: bbb, Traffic: net})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := range 3 {
		if _, err := s.SampleOnce(ctx, t0.Add(time.Duration(i)*time.Minute+400*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	got := collect(t, store, "bbb1", t0, t0.Add(time.Hour))
	want := []Sample{
		{Time: t0, Endpoints: 42, Meetings: 3, HasMeetings: true},
		{Time: t0.Add(time.Minute), Endpoints: 42, Meetings: 3, HasMeetings: true, TransmitBytes: 1000, ReceiveBytes: 500},
		{Time: t0.Add(2 * time.Minute), Endpoints: 42, Meetings: 3, HasMeetings: true, TransmitBytes: 100, ReceiveBytes: 200},
	}
	if len(got) != len(want) {
		t.Fatalf("stored %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("sample %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if n := testutil.ToFloat64(s.samples); n != 3 {
		t.Errorf("samples_total = %v", n)
	}
	if ts := testutil.ToFloat64(s.lastStamp); ts != float64(t0.Add(2*time.Minute).Unix()) {
		t.Errorf("last timestamp = %v", ts)
	}
}

func TestSamplerFailuresAreCountedNotFatal(t *testing.T) {
	store, _ := openTemp(t)
	bbb := &fakeBBB{err: errors.New("api down")}
	net := &fakeNet{err: errors.New("no /proc/net/dev")}
	s, err := NewSampler(SamplerConfig{Store: store, Node: "bbb1", Interval: time.Minute, Concurrency: bbb, Traffic: net})
	if err != nil {
		t.Fatal(err)
	}
	smp, err := s.SampleOnce(context.Background(), t0)
	if err != nil {
		t.Fatal(err)
	}
	if smp != (Sample{Time: t0}) {
		t.Errorf("sample after failures = %+v", smp)
	}
	for _, stage := range []string{StageBBB, StageTraffic} {
		if n := testutil.ToFloat64(s.errs.WithLabelValues(stage)); n != 1 {
			t.Errorf("errors_total{stage=%q} = %v", stage, n)
		}
	}
	store.Close()
	if _, err := s.SampleOnce(context.Background(), t0.Add(time.Minute)); err == nil {
		t.Fatal("append to a closed store succeeded")
	}
	if n := testutil.ToFloat64(s.errs.WithLabelValues(StageStore)); n != 1 {
		t.Errorf("errors_total{stage=store} = %v", n)
	}
	if n := testutil.ToFloat64(s.samples); n != 1 {
		t.Errorf("samples_total = %v", n)
	}
}

func TestSamplerWithoutBBB(t *testing.T) {
	store, _ := openTemp(t)
	s, err := NewSampler(SamplerConfig{Store: store, Node: "n", Interval: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	smp, err := s.SampleOnce(context.Background(), t0)
	if err != nil || smp.HasMeetings {
		t.Fatalf("sample = %+v, %v", smp, err)
	}
}

func TestSamplerMetrics(t *testing.T) {
	store, _ := openTemp(t)
	s, _ := NewSampler(SamplerConfig{Store: store, Node: "n", Interval: time.Minute})
	want := `# HELP bbb_history_errors_total Failures while taking or storing a history sample, by stage (bbb, traffic, store).
# TYPE bbb_history_errors_total counter
bbb_history_errors_total{stage="bbb"} 0
bbb_history_errors_total{stage="store"} 0
bbb_history_errors_total{stage="traffic"} 0
# HELP bbb_history_samples_total Samples appended to the history file.
# TYPE bbb_history_samples_total counter
bbb_history_samples_total 0
`
	if err := testutil.CollectAndCompare(s, strings.NewReader(want), "bbb_history_errors_total", "bbb_history_samples_total"); err != nil {
		t.Fatal(err)
	}
}

func TestNewSamplerChecks(t *testing.T) {
	store, _ := openTemp(t)
	for _, c := range []struct {
		cfg  SamplerConfig
		want string
	}{
		{SamplerConfig{Node: "n", Interval: time.Minute}, "history sampler: no store"},
		{SamplerConfig{Store: store, Interval: time.Minute}, "history sampler: empty node name"},
		{SamplerConfig{Store: store, Node: "n", Interval: time.Millisecond}, "history sampler: interval 1ms is shorter than one second"},
	} {
		if _, err := NewSampler(c.cfg); err == nil || err.Error() != c.want {
			t.Errorf("NewSampler(%+v) = %v, want %q", c.cfg, err, c.want)
		}
	}
}

func TestRunStopsWithContext(t *testing.T) {
	store, _ := openTemp(t)
	s, _ := NewSampler(SamplerConfig{Store: store, Node: "n", Interval: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	deadline := time.After(10 * time.Second)
	for testutil.ToFloat64(s.samples) < 1 {
		select {
		case <-deadline:
			t.Fatal("no first sample")
		case <-time.After(5 * time.Millisecond):
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

// TestFileAppenderLeavesTheFileFree checks that between appends another process (the report) can
// open the file, and that an append while someone holds it fails after the timeout, not forever.
func TestFileAppenderLeavesTheFileFree(t *testing.T) {
	path := t.TempDir() + "/history.db"
	app := FileAppender{Path: path, Timeout: 100 * time.Millisecond}
	if err := app.Append("n", Sample{Time: t0, Endpoints: 1}); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(path, Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("read-only open between appends: %v", err)
	}
	ro.Close()
	rw, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = app.Append("n", Sample{Time: t0.Add(time.Minute)})
	if err == nil || !strings.Contains(err.Error(), "still locked by another process") {
		t.Errorf("append while locked: %v", err)
	}
	rw.Close()
	if err := app.Append("n", Sample{Time: t0.Add(2 * time.Minute), Endpoints: 3}); err != nil {
		t.Fatal(err)
	}
	ro, _ = Open(path, Options{ReadOnly: true})
	defer ro.Close()
	if got := collect(t, ro, "n", t0, t0.Add(time.Hour)); len(got) != 2 || got[1].Endpoints != 3 {
		t.Errorf("stored %+v", got)
	}
}

// BenchmarkFileAppender is one exporter sample: open the file, append, close (how long the file
// is held).
func BenchmarkFileAppender(b *testing.B) {
	app := FileAppender{Path: b.TempDir() + "/history.db"}
	i := 0
	for b.Loop() {
		if err := app.Append("n", Sample{Time: t0.Add(time.Duration(i) * time.Minute), Endpoints: 5}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

package importer

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"

	"github.com/bbbkit/bbbkit/internal/promtest"
)

// T0 is where the backfilled data starts: 28 March 2021, a day of 23 hours in Berlin.
var t0 = time.Date(2021, time.March, 28, 0, 0, 0, 0, time.UTC)

// Three hours scraped every 15 s: k is the scrape, four per minute.
const scrapes = 3 * 60 * 4

// openMetrics writes the backfill: bbb1 (two devices, its eth0 counter reset at minute 60; its BBB
// API fails from minute 20 to 24, when the exporter sends bbb_api_up 0 and zero counts, as
// collectors/bbb.go does) and bbb2 (one device; silent from minute 100 to 129).
func openMetrics() []byte {
	var b bytes.Buffer
	ts := func(k int) string { return fmt.Sprint(t0.Unix() + int64(k)*15) }
	bbb2Up := func(k int) bool { return k < 400 || k >= 520 }
	bbb1API := func(k int) bool { return k < 80 || k >= 100 }
	b.WriteString("# TYPE bbb_api_up gauge\n")
	for k := range scrapes {
		up := 0
		if bbb1API(k) {
			up = 1
		}
		fmt.Fprintf(&b, "bbb_api_up{instance=\"bbb1.example.org:9871\",job=\"bbb\"} %d %s\n", up, ts(k))
	}
	for k := range scrapes {
		if bbb2Up(k) {
			fmt.Fprintf(&b, "bbb_api_up{instance=\"bbb2.example.org:9871\",job=\"bbb\"} 1 %s\n", ts(k))
		}
	}
	b.WriteString("# TYPE bbb_meetings_participants gauge\n")
	for k := range scrapes {
		n := (k / 4) % 50
		if !bbb1API(k) {
			n = 0
		}
		fmt.Fprintf(&b, "bbb_meetings_participants{instance=\"bbb1.example.org:9871\",job=\"bbb\"} %d %s\n", n, ts(k))
	}
	for k := range scrapes {
		if bbb2Up(k) {
			fmt.Fprintf(&b, "bbb_meetings_participants{instance=\"bbb2.example.org:9871\",job=\"bbb\"} 10 %s\n", ts(k))
		}
	}
	b.WriteString("# TYPE bbb_meetings gauge\n")
	for k := range scrapes {
		n := 3
		if !bbb1API(k) {
			n = 0
		}
		fmt.Fprintf(&b, "bbb_meetings{instance=\"bbb1.example.org:9871\",job=\"bbb\"} %d %s\n", n, ts(k))
	}
	b.WriteString("# TYPE bbb_network_transmit_bytes counter\n")
	for k := range scrapes {
		c := 1000 * k
		if k >= 240 {
			c = 1000 * (k - 240)
		}
		fmt.Fprintf(&b, "bbb_network_transmit_bytes_total{device=\"eth0\",instance=\"bbb1.example.org:9871\",job=\"bbb\"} %d %s\n", c, ts(k))
	}
	for k := range scrapes {
		fmt.Fprintf(&b, "bbb_network_transmit_bytes_total{device=\"eth1\",instance=\"bbb1.example.org:9871\",job=\"bbb\"} %d %s\n", 10*k, ts(k))
	}
	for k := range scrapes {
		if bbb2Up(k) {
			fmt.Fprintf(&b, "bbb_network_transmit_bytes_total{device=\"eth0\",instance=\"bbb2.example.org:9871\",job=\"bbb\"} %d %s\n", 2000*k, ts(k))
		}
	}
	b.WriteString("# TYPE bbb_network_receive_bytes counter\n")
	for k := range scrapes {
		fmt.Fprintf(&b, "bbb_network_receive_bytes_total{device=\"eth0\",instance=\"bbb1.example.org:9871\",job=\"bbb\"} %d %s\n", 100*k, ts(k))
	}
	for k := range scrapes {
		if bbb2Up(k) {
			fmt.Fprintf(&b, "bbb_network_receive_bytes_total{device=\"eth0\",instance=\"bbb2.example.org:9871\",job=\"bbb\"} %d %s\n", 200*k, ts(k))
		}
	}
	b.WriteString("# EOF\n")
	return b.Bytes()
}

func TestImportPrometheus(t *testing.T) {
	url := promtest.Start(t, promtest.Options{OpenMetrics: openMetrics()}).URL()
	client, err := api.NewClient(api.Config{Address: url})
	if err != nil {
		t.Fatal(err)
	}
	m := newMem()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// 180 steps in chunks of 50: four chunks, borders at minutes 50, 100 and 150.
	var progress []int
	st, err := ImportPrometheus(ctx, m, v1.NewAPI(client), PromOptions{
		From: t0, To: t0.Add(3 * time.Hour), Step: time.Minute, MaxPoints: 50,
		Progress: func(done, total int) { progress = append(progress, done, total) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(progress) != "[1 4 2 4 3 4 4 4]" {
		t.Errorf("progress %v", progress)
	}
	if st.Nodes != 2 {
		t.Fatalf("nodes %d: %v", st.Nodes, keys(m.samples))
	}
	b1, b2 := m.samples["bbb1.example.org"], m.samples["bbb2.example.org"]
	// bbb2 is silent from minute 100; Prometheus' five-minute lookback keeps its last value until
	// minute 104, then it is a gap until minute 130.
	if len(b1) != 180 || len(b2) != 155 {
		t.Fatalf("samples: bbb1 %d (want 180), bbb2 %d (want 155)", len(b1), len(b2))
	}
	for i, s := range b1 {
		if i >= 20 && i < 25 {
			// bbb_api_up 0: the zeros are unknown, not idle; the sample stays for its bytes.
			if !s.Time.Equal(t0.Add(time.Duration(i)*time.Minute)) || s.HasMeetings || s.Endpoints != 0 || s.TransmitBytes != 4040 {
				t.Fatalf("bbb1 minute %d, its API down: %+v", i, s)
			}
			continue
		}
		if !s.Time.Equal(t0.Add(time.Duration(i)*time.Minute)) || s.Endpoints != uint32(i%50) || !s.HasMeetings || s.Meetings != 3 {
			t.Fatalf("bbb1 minute %d: %+v", i, s)
		}
	}
	if b2[104].Time != t0.Add(104*time.Minute) || b2[105].Time != t0.Add(130*time.Minute) || !b2[0].HasMeetings {
		t.Errorf("bbb2 around the gap: %+v %+v", b2[104], b2[105])
	}
	// Hand-computed: bbb1's eth0 grows 4000 a minute except at the reset (minute 60: counts 0),
	// eth1 40 a minute; the first step is only a starting point.
	tx1, rx1 := sum(b1)
	if tx1 != 178*4000+179*40 || rx1 != 179*400 {
		t.Errorf("bbb1 bytes %d/%d, want %d/%d", tx1, rx1, 178*4000+179*40, 179*400)
	}
	if b1[60].TransmitBytes != 40 || b1[50].TransmitBytes != 4040 || b1[0].TransmitBytes != 0 {
		t.Errorf("bbb1 at the reset %d, at the chunk border %d, first %d", b1[60].TransmitBytes, b1[50].TransmitBytes, b1[0].TransmitBytes)
	}
	// bbb2: nothing lost across the gap; the bytes of the silent half hour arrive with minute 130.
	tx2, rx2 := sum(b2)
	if tx2 != 179*8000 || rx2 != 179*800 {
		t.Errorf("bbb2 bytes %d/%d, want %d/%d", tx2, rx2, 179*8000, 179*800)
	}
	if got := b2[105].TransmitBytes; got != 8000*130-2000*399 {
		t.Errorf("bbb2 after the gap %d, want %d", got, 8000*130-2000*399)
	}
}

func TestImportPrometheusUnreachable(t *testing.T) {
	client, err := api.NewClient(api.Config{Address: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ImportPrometheus(context.Background(), newMem(), v1.NewAPI(client), PromOptions{From: t0, To: t0.Add(time.Hour)})
	if err == nil {
		t.Fatal("no error")
	}
}

func TestPromOptionsInvalid(t *testing.T) {
	for _, o := range []PromOptions{
		{From: t0, To: t0},
		{From: t0, To: t0.Add(time.Hour), NodeLabel: "no-dash"},
		{From: t0, To: t0.Add(time.Hour), Step: 1500 * time.Millisecond},
	} {
		if _, err := ImportPrometheus(context.Background(), newMem(), nil, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

func sum(s []historySample) (tx, rx uint64) {
	for _, x := range s {
		tx += x.TransmitBytes
		rx += x.ReceiveBytes
	}
	return tx, rx
}

func keys[V any](m map[string]V) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	return k
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/internal/promtest"
)

// TestImportPrometheusThenBuild backfills two hours of 30 March 2025 — the night Berlin moves its
// clocks forward — into a real Prometheus, imports them and builds the report.
func TestImportPrometheusThenBuild(t *testing.T) {
	start := time.Date(2025, time.March, 30, 0, 0, 0, 0, time.UTC)
	var om bytes.Buffer
	ts := func(k int) int64 { return start.Unix() + int64(k)*15 }
	om.WriteString("# TYPE bbb_meetings_participants gauge\n")
	for k := range 480 {
		fmt.Fprintf(&om, "bbb_meetings_participants{instance=\"bbb1.example.org:9871\"} 7 %d\n", ts(k))
	}
	for k := range 480 {
		v := 5
		if k/4 == 90 {
			v = 20 // 01:30 UTC, 03:30 summer time
		}
		fmt.Fprintf(&om, "bbb_meetings_participants{instance=\"bbb2.example.org:9871\"} %d %d\n", v, ts(k))
	}
	om.WriteString("# TYPE bbb_network_transmit_bytes counter\n")
	for k := range 480 {
		fmt.Fprintf(&om, "bbb_network_transmit_bytes_total{device=\"eth0\",instance=\"bbb1.example.org:9871\"} %d %d\n", int64(k)*1_000_000_000, ts(k))
	}
	om.WriteString("# EOF\n")
	url := promtest.Start(t, promtest.Options{OpenMetrics: om.Bytes()}).URL()

	dir := t.TempDir()
	db := filepath.Join(dir, "history.db")
	out, err := runT(t, "import", "--history", db, "--prometheus", url, "--from", "2025-03-30T00:00:00Z", "--to", "2025-03-30T02:00:00Z")
	if err != nil || !strings.Contains(out, "imported 240 samples of 2 nodes") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	facts := filepath.Join(dir, "facts.yml")
	if err := os.WriteFile(facts, []byte("year: 2025\nservice: Call\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(dir, "bundle")
	if out, err := runT(t, "build", "--history", db, "--facts", facts, "--year", "2025", "--out", bundle, "--lang", "en,de", "--date", "2026-01-10"); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	en, _ := os.ReadFile(filepath.Join(bundle, "index.en.md"))
	de, _ := os.ReadFile(filepath.Join(bundle, "index.de.md"))
	// 119 steps of 4 GB each after the first, which is only a starting point.
	for _, want := range []string{"on 30 March 2025: at 03:30, 27 participants", "sent 0.48\u00a0TB; we did not measure incoming traffic", "Our measurements began on 30 March 2025", "No data on 276 days"} {
		if !strings.Contains(string(en), want) {
			t.Errorf("English lacks %q:\n%s", want, en)
		}
	}
	// Only transmit counters were exported: never "received 0 TB".
	if strings.Contains(string(en), "received 0") || strings.Contains(string(en), "| 0\u00a0TB") {
		t.Errorf("English claims zero incoming traffic:\n%s", en)
	}
	if !strings.Contains(string(de), "Am 30.3.2025 um 03:30 Uhr waren 27 Teilnehmende") {
		t.Errorf("German lacks the peak:\n%s", de)
	}
}

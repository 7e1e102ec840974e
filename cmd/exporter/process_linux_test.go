//go:build linux

package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	promcollectors "github.com/prometheus/client_golang/prometheus/collectors"
	dto "github.com/prometheus/client_model/go"
)

// gatherFamilies gathers c alone, by family name.
func gatherFamilies(t *testing.T, c prometheus.Collector) map[string]*dto.MetricFamily {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(c)
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*dto.MetricFamily{}
	for _, mf := range mfs {
		out[mf.GetName()] = mf
	}
	return out
}

func familyValue(mf *dto.MetricFamily) float64 {
	m := mf.GetMetric()[0]
	if m.GetCounter() != nil {
		return m.GetCounter().GetValue()
	}
	return m.GetGauge().GetValue()
}

// TestProcessCollectorAsClientGolang: our process collector reports the families of
// client_golang's, with the same help texts, types and (for this very process) values.
func TestProcessCollectorAsClientGolang(t *testing.T) {
	want := gatherFamilies(t, promcollectors.NewProcessCollector(promcollectors.ProcessCollectorOpts{}))
	got := gatherFamilies(t, newProcessCollector("/proc"))
	if len(want) < 9 || len(got) != len(want) {
		t.Fatalf("families: got %d, client_golang %d", len(got), len(want))
	}
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("no %s", name)
			continue
		}
		if g.GetHelp() != w.GetHelp() || g.GetType() != w.GetType() {
			t.Errorf("%s: help %q type %v; client_golang %q %v", name, g.GetHelp(), g.GetType(), w.GetHelp(), w.GetType())
		}
		gv, wv := familyValue(g), familyValue(w)
		tolerance := 0.0
		switch name {
		case "process_cpu_seconds_total":
			tolerance = 1
		case "process_resident_memory_bytes", "process_virtual_memory_bytes":
			tolerance = 0.2 * wv
		case "process_open_fds":
			tolerance = 3 // the kept descriptors, see docs/metrics.md
		case "process_network_receive_bytes_total", "process_network_transmit_bytes_total":
			tolerance = 1e6
		case "process_start_time_seconds":
			tolerance = 0.011 // btime is whole seconds; procfs adds the ticks as we do
		}
		if math.Abs(gv-wv) > tolerance {
			t.Errorf("%s = %v, client_golang %v", name, gv, wv)
		}
	}
}

// writeProcFile writes content to dir/name, making the folders on the way.
func writeProcFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestProcessCollectorFixture reads a fixture /proc: values from each file, and a malformed
// stat leaves its values out instead of failing the scrape.
func TestProcessCollectorFixture(t *testing.T) {
	proc := t.TempDir()
	write := func(name, content string) { writeProcFile(t, proc, name, content) }
	// Field 2, the command name, holds a ") " as a name may.
	stat := "4242 (bbb exp) x) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 50 0 0 20 0 9 0 1000 123456789 2048" +
		strings.Repeat(" 0", 27) + "\n"
	write("self/stat", stat)
	write("stat", "cpu  1 2 3\nintr 5 6 7\nbtime 1764662400\nprocesses 99\n")
	write("self/limits", "Limit                     Soft Limit           Hard Limit           Units     \n"+
		"Max cpu time              unlimited            unlimited            seconds   \n"+
		"Max open files            1024                 524288               files     \n"+
		"Max address space         unlimited            unlimited            bytes     \n")
	write("self/net/netstat", "TcpExt: SyncookiesSent\nTcpExt: 0\nIpExt: InNoRoutes InOctets OutOctets\nIpExt: 0 1234 5678\n")
	for _, fd := range []string{"0", "1", "2"} {
		write("self/fd/"+fd, "")
	}
	got := gatherFamilies(t, newProcessCollector(proc))
	for name, want := range map[string]float64{
		"process_cpu_seconds_total":            3,
		"process_start_time_seconds":           1764662400 + 10,
		"process_virtual_memory_bytes":         123456789,
		"process_resident_memory_bytes":        2048 * float64(os.Getpagesize()),
		"process_open_fds":                     3,
		"process_max_fds":                      1024,
		"process_virtual_memory_max_bytes":     float64(^uint64(0)),
		"process_network_receive_bytes_total":  1234,
		"process_network_transmit_bytes_total": 5678,
	} {
		if mf, ok := got[name]; !ok || familyValue(mf) != want {
			t.Errorf("%s = %v, want %v", name, mf, want)
		}
	}
	write("self/stat", "4242 (exp) S 1 2 3\n")
	got = gatherFamilies(t, newProcessCollector(proc))
	if _, ok := got["process_cpu_seconds_total"]; ok || got["process_max_fds"] == nil {
		t.Errorf("malformed stat: families %v", got)
	}
}

// TestProcessCollectorRereads: the kept-open files show what they hold at each scrape, a stat that
// turns malformed and back is followed, and the limits are read again only after limitsEvery.
func TestProcessCollectorRereads(t *testing.T) {
	proc := t.TempDir()
	write := func(name, content string) { writeProcFile(t, proc, name, content) }
	stat := func(utime int) string {
		return fmt.Sprintf("1 (exp) S 1 1 1 0 -1 0 0 0 0 0 %d 0 0 0 20 0 1 0 100 4096 1%s\n", utime, strings.Repeat(" 0", 27))
	}
	limits := func(files int) string {
		return fmt.Sprintf("Limit                     Soft Limit           Hard Limit           Units     \n"+
			"Max open files            %d                 524288               files     \n", files)
	}
	netstat := func(in int) string {
		return fmt.Sprintf("IpExt: InNoRoutes InOctets OutOctets\nIpExt: 0 %d 7\n", in)
	}
	write("stat", "btime 1764662400\n")
	write("self/stat", stat(100))
	write("self/limits", limits(1024))
	write("self/net/netstat", netstat(1000))
	write("self/fd/0", "")
	c := newProcessCollector(proc).(*processCollector)
	check := func(want map[string]float64) {
		t.Helper()
		got := gatherFamilies(t, c)
		for name, v := range want {
			if mf, ok := got[name]; !ok && v >= 0 || ok && (v < 0 || familyValue(mf) != v) {
				t.Errorf("%s = %v, want %v", name, mf, v)
			}
		}
	}
	check(map[string]float64{"process_cpu_seconds_total": 1, "process_max_fds": 1024,
		"process_network_receive_bytes_total": 1000, "process_open_fds": 1})
	write("self/stat", "1 (exp) S\n") // shorter than before: nothing of the old content remains
	write("self/limits", limits(2048))
	write("self/net/netstat", netstat(123456)+strings.Repeat("# padding\n", 3000)) // past the buffer
	write("self/fd/1", "")
	check(map[string]float64{"process_cpu_seconds_total": -1, "process_max_fds": 1024,
		"process_network_receive_bytes_total": 123456, "process_open_fds": 2})
	write("self/stat", stat(250))
	c.limitAt = c.limitAt.Add(-limitsEvery)
	check(map[string]float64{"process_cpu_seconds_total": 2.5, "process_max_fds": 2048})
}

func TestParseSelfStat(t *testing.T) {
	tail := " 0 0 20 0 9 0 1000 123456789 2048" + strings.Repeat(" 0", 27) + "\n"
	for _, tc := range []struct {
		in      string
		want    selfStat
		wantErr string
	}{
		{in: "4242 (a) b) S 1 2 3 0 -1 0 0 0 0 0 250 50" + tail,
			want: selfStat{utime: 250, stime: 50, starttime: 1000, vsize: 123456789, rss: 2048}},
		{in: "4242 (a)  S  1 2 3 0 -1 0 0 0 0 0 7 8" + tail, want: selfStat{utime: 7, stime: 8, starttime: 1000, vsize: 123456789, rss: 2048}},
		{in: "4242 no name", wantErr: "parse stat: no command name"},
		{in: "4242 (a) S 1 2 3\n", wantErr: "parse stat: 6 fields"},
		{in: "4242 (a) S 1 2 3 0 -1 0 0 0 0 0 x 50" + tail, wantErr: "parse stat: field 14: "},
	} {
		got, err := parseSelfStat("stat", []byte(tc.in))
		if tc.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
				t.Errorf("%q: err %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q: %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

// BenchmarkProcessCollector compares one Collect of ours with client_golang's.
func BenchmarkProcessCollector(b *testing.B) {
	for name, c := range map[string]prometheus.Collector{
		"bbbkit":        newProcessCollector("/proc"),
		"client_golang": promcollectors.NewProcessCollector(promcollectors.ProcessCollectorOpts{}),
	} {
		b.Run(name, func(b *testing.B) {
			ch := make(chan prometheus.Metric, 16)
			b.ReportAllocs()
			for b.Loop() {
				c.Collect(ch)
				for len(ch) > 0 {
					<-ch
				}
			}
		})
	}
}

// TestProcessCollectorOpenFDsKept: process_open_fds counts the three descriptors the collector keeps
// open from its first scrape on, as docs/metrics.md says, not one less until net/netstat is read.
func TestProcessCollectorOpenFDsKept(t *testing.T) {
	c := newProcessCollector("/proc").(*processCollector)
	defer c.files.close()
	first := familyValue(gatherFamilies(t, c)["process_open_fds"])
	second := familyValue(gatherFamilies(t, c)["process_open_fds"])
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	now := float64(len(ents) - 1) // ReadDir's own descriptor is listed too
	if first != now || second != now {
		t.Errorf("process_open_fds: first scrape %v, second %v; open now %v", first, second, now)
	}
}

// TestCountEntriesSmallBuffer: a directory read through a buffer that holds only a few entries per
// getdents call is counted whole, each call ending on a record's end; a buffer too small for one
// entry is an error naming the directory, and the descriptor is opened again afterwards.
func TestCountEntriesSmallBuffer(t *testing.T) {
	dir := t.TempDir()
	const n = 150
	for i := range n {
		writeProcFile(t, dir, fmt.Sprintf("%d-%s", i, strings.Repeat("x", i%40)), "")
	}
	f := keptFile{path: dir, dir: true, fd: -1}
	defer f.close()
	for _, size := range []int{64, 100, 333, 16 << 10} {
		got, err := f.countEntries(make([]byte, size))
		if err != nil || got != n {
			t.Errorf("buffer of %d: %d entries, %v; want %d", size, got, err, n)
		}
	}
	if _, err := f.countEntries(make([]byte, 8)); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("buffer of 8: %v, want an error naming %s", err, dir)
	}
	if got, err := f.countEntries(make([]byte, 4<<10)); err != nil || got != n {
		t.Errorf("after the error: %d entries, %v", got, err)
	}
}

package main

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
	"github.com/bbbkit/bbbkit/internal/cputime"
)

// BenchmarkBinaryScrape builds the exporter, runs it as its own process against a BBB stand-in
// with 500 meetings and 10,000 attendees and the fixture trees, and scrapes it b.N times. It
// reports the exporter's CPU time per scrape (user+system, from /proc/PID/stat) and its peak
// resident memory (VmHWM), the figures the issue sets targets for (5 ms, 30 MB).
//
//	go test -run XXX -bench BinaryScrape -benchtime 200x ./cmd/exporter/
//
// BENCH_EXPORTER=path runs that binary instead of building this one, for comparing two builds
// in turns on a busy machine.
func BenchmarkBinaryScrape(b *testing.B) {
	dir := b.TempDir()
	bin := os.Getenv("BENCH_EXPORTER")
	if bin == "" {
		goTool, err := exec.LookPath("go")
		if err != nil {
			b.Skip("no go tool to build the exporter")
		}
		bin = filepath.Join(dir, "exporter")
		if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
			b.Fatalf("build: %v\n%s", err, out)
		}
	}
	bbb := bbbtest.New(b, goldenSecret, bbbtest.WithMeetings(bbbtest.Generate(500, 10000)...))
	secret := filepath.Join(dir, "secret")
	os.WriteFile(secret, []byte(goldenSecret), 0o600)
	addr := freePort(b)
	cmd := exec.Command(bin,
		"--web.listen-address="+addr,
		"--path.procfs="+filepath.Join(fixtures, "proc"),
		"--path.sysfs="+filepath.Join(fixtures, "sys-cgroupv2"),
		"--bbb.api-url="+bbb.URL(), "--bbb.secret-file="+secret,
		"--history.path="+filepath.Join(dir, "history.db"), "--history.node=bench")
	logs := &syncBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	client := &http.Client{Timeout: 10 * time.Second}
	scrape := func() string {
		resp, err := client.Get("http://" + addr + "/metrics")
		if err != nil {
			return ""
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	if !waitFor(10*time.Second, func() bool { return strings.Contains(scrape(), "\nbbb_api_up 1\n") }) {
		b.Fatalf("exporter not ready with BBB up:\n%s", logs)
	}
	pid := cmd.Process.Pid
	cpu0 := cpuTicks(b, pid)
	var first, last string
	b.ResetTimer()
	for b.Loop() {
		last = scrape()
		if !strings.Contains(last, "bbb_meetings_participants 10000") {
			b.Fatalf("scrape without the 10,000 participants:\n%s", logs)
		}
		if first == "" {
			first = last
		}
	}
	b.StopTimer()
	ticks := cpuTicks(b, pid) - cpu0
	const ticksPerSecond = 100 // USER_HZ on Linux
	b.ReportMetric(float64(ticks)/ticksPerSecond*1000/float64(b.N), "cpu-ms/scrape")
	b.ReportMetric(statusKB(b, pid, "VmHWM")/1024, "peak-RSS-MB")
	if b.N > 1 {
		perScrape := func(name string) float64 {
			return (pageValue(last, name) - pageValue(first, name)) / float64(b.N-1)
		}
		b.ReportMetric(perScrape("go_memstats_alloc_bytes_total")/1024, "alloc-KB/scrape")
		b.ReportMetric(perScrape("go_gc_duration_seconds_count"), "GCs/scrape")
	}
}

// pageValue is the value of the unlabelled sample name in an exposition, 0 when it has none.
func pageValue(page, name string) float64 {
	for line := range strings.Lines(page) {
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			v, _ := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			return v
		}
	}
	return 0
}

// cpuTicks is the user plus system time of pid in clock ticks.
func cpuTicks(b *testing.B, pid int) int64 {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		b.Fatal(err)
	}
	// Fields after the command name (which may hold spaces) in parentheses; utime and stime
	// are fields 14 and 15 of the line, 12 and 13 after ") ".
	rest := string(stat[strings.LastIndexByte(string(stat), ')')+2:])
	f := strings.Fields(rest)
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return utime + stime
}

// statusKB reads a "kB" field such as VmHWM from /proc/PID/status.
func statusKB(b *testing.B, pid int, field string) float64 {
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Fatal(err)
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			v, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return v
		}
	}
	b.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

// BenchmarkScrapeInProcess is BenchmarkBinaryScrape with the exporter run in this process, for
// -cpuprofile; its cpu-ns/op (getrusage) includes the stand-in's share of serving the answer.
//
//	go test -run XXX -bench ScrapeInProcess -benchtime 300x -cpuprofile cpu.out ./cmd/exporter/
func BenchmarkScrapeInProcess(b *testing.B) {
	dir := b.TempDir()
	bbb := bbbtest.New(b, goldenSecret, bbbtest.WithMeetings(bbbtest.Generate(500, 10000)...))
	secret := filepath.Join(dir, "secret")
	if err := os.WriteFile(secret, []byte(goldenSecret), 0o600); err != nil {
		b.Fatal(err)
	}
	e := startExporter(b,
		"--path.procfs="+filepath.Join(fixtures, "proc"),
		"--path.sysfs="+filepath.Join(fixtures, "sys-cgroupv2"),
		"--bbb.api-url="+bbb.URL(), "--bbb.secret-file="+secret,
		"--history.path="+filepath.Join(dir, "history.db"), "--history.node=bench")
	client := &http.Client{Timeout: 10 * time.Second}
	scrape := func() string {
		resp, err := client.Get(e.url + "/metrics")
		if err != nil {
			return ""
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	if !strings.Contains(scrape(), "bbb_meetings_participants 10000") {
		b.Fatalf("exporter not ready:\n%s", e.logs)
	}
	cpu := cputime.Self()
	for b.Loop() {
		if !strings.Contains(scrape(), "bbb_meetings_participants 10000") {
			b.Fatalf("scrape without the 10,000 participants:\n%s", e.logs)
		}
	}
	cputime.Report(b, cpu)
}

package collectors

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
)

const hostFixtures = "testdata/fixtures"

// hostAdapter turns a Collector into an unchecked prometheus.Collector, keeping Update's error.
type hostAdapter struct {
	c   Collector
	err error
}

func (a *hostAdapter) Describe(chan<- *prometheus.Desc) {}
func (a *hostAdapter) Collect(ch chan<- prometheus.Metric) {
	a.err = a.c.Update(context.Background(), ch)
}

// hostScrape runs one Update and returns the metrics in the text format, and Update's error.
func hostScrape(t testing.TB, c Collector) (string, error) {
	t.Helper()
	a := &hostAdapter{c: c}
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(a)
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	var out bytes.Buffer
	enc := expfmt.NewEncoder(&out, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			t.Fatalf("encode: %v", err)
		}
	}
	return out.String(), a.err
}

func newMediaForTest(t testing.TB, proc, sys string, units ...string) Collector {
	t.Helper()
	c, err := newMediaCollector(Options{ProcPath: proc, SysPath: sys, Units: units})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const mediaHelp = `# HELP bbb_unit_cpu_seconds_total CPU time used by the systemd unit, user and system, in seconds.
# TYPE bbb_unit_cpu_seconds_total counter
`

func TestMediaFixtures(t *testing.T) {
	proc := filepath.Join(hostFixtures, "proc")
	for _, tc := range []struct {
		sys  string
		want []string
	}{
		{"sys-cgroupv2", []string{
			`bbb_host_cpus 8`,
			`bbb_unit_cpu_seconds_total{unit="bbb-webrtc-sfu"} 32156.789012`,
			`bbb_unit_cpu_seconds_total{unit="freeswitch"} 33401.234567`,
			`bbb_unit_cpu_seconds_total{unit="kurento-media-server"} 73612.345678`,
			`bbb_unit_memory_bytes{unit="bbb-webrtc-sfu"} 4.11828224e+08`,
			`bbb_unit_memory_bytes{unit="freeswitch"} 4.02653184e+08`,
			`bbb_unit_memory_bytes{unit="kurento-media-server"} 2.952790016e+09`,
			`bbb_unit_tasks{unit="bbb-webrtc-sfu"} 27`,
			`bbb_unit_tasks{unit="freeswitch"} 62`,
			`bbb_unit_tasks{unit="kurento-media-server"} 4500`,
			`bbb_unit_tasks_limit{unit="bbb-webrtc-sfu"} 32768`,
			`bbb_unit_tasks_limit{unit="freeswitch"} 4915`,
			`bbb_unit_tasks_limit{unit="kurento-media-server"} 4915`,
			`bbb_unit_tasks_usage_ratio{unit="bbb-webrtc-sfu"} 0.000823974609375`,
			`bbb_unit_tasks_usage_ratio{unit="freeswitch"} 0.01261444557477111`,
			`bbb_unit_tasks_usage_ratio{unit="kurento-media-server"} 0.9155645981688708`,
		}},
		{"sys-cgroupv1", []string{
			`bbb_host_cpus 8`,
			`bbb_unit_cpu_seconds_total{unit="bbb-webrtc-sfu"} 32156.789012345`,
			`bbb_unit_cpu_seconds_total{unit="freeswitch"} 33401.23456789`,
			`bbb_unit_cpu_seconds_total{unit="kurento-media-server"} 73612.345678901`,
			`bbb_unit_memory_bytes{unit="bbb-webrtc-sfu"} 4.11828224e+08`,
			`bbb_unit_memory_bytes{unit="freeswitch"} 3.90070272e+08`, // not in the memory hierarchy: /proc
			`bbb_unit_memory_bytes{unit="kurento-media-server"} 2.952790016e+09`,
			`bbb_unit_tasks{unit="bbb-webrtc-sfu"} 27`,
			`bbb_unit_tasks{unit="freeswitch"} 62`,
			`bbb_unit_tasks{unit="kurento-media-server"} 4500`,
			`bbb_unit_tasks_limit{unit="bbb-webrtc-sfu"} 32768`,
			`bbb_unit_tasks_limit{unit="freeswitch"} 4915`,
			`bbb_unit_tasks_limit{unit="kurento-media-server"} 4915`,
			`bbb_unit_tasks_usage_ratio{unit="bbb-webrtc-sfu"} 0.000823974609375`,
			`bbb_unit_tasks_usage_ratio{unit="freeswitch"} 0.01261444557477111`,
			`bbb_unit_tasks_usage_ratio{unit="kurento-media-server"} 0.9155645981688708`,
		}},
		{"sys-nocgroup", []string{
			`bbb_host_cpus 8`,
			`bbb_unit_cpu_seconds_total{unit="bbb-webrtc-sfu"} 32102.03`,
			`bbb_unit_cpu_seconds_total{unit="freeswitch"} 33348.32`,
			`bbb_unit_cpu_seconds_total{unit="kurento-media-server"} 73580.23`,
			`bbb_unit_memory_bytes{unit="bbb-webrtc-sfu"} 4.01408e+08`,
			`bbb_unit_memory_bytes{unit="freeswitch"} 3.90070272e+08`,
			`bbb_unit_memory_bytes{unit="kurento-media-server"} 2.940207104e+09`,
			`bbb_unit_tasks{unit="bbb-webrtc-sfu"} 27`,
			`bbb_unit_tasks{unit="freeswitch"} 61`,
			`bbb_unit_tasks{unit="kurento-media-server"} 4496`,
		}},
	} {
		t.Run(tc.sys, func(t *testing.T) {
			out, err := hostScrape(t, newMediaForTest(t, proc, filepath.Join(hostFixtures, tc.sys), "kurento-media-server", "bbb-webrtc-sfu", "freeswitch"))
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
			if got := hostSamples(out); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("samples:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if !strings.Contains(out, mediaHelp) {
				t.Errorf("missing HELP/TYPE of the CPU counter in:\n%s", out)
			}
		})
	}
}

// hostSamples keeps the sample lines of a text exposition.
func hostSamples(out string) []string {
	var s []string
	for _, l := range strings.Split(out, "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			s = append(s, l)
		}
	}
	return s
}

func TestMediaUnitNames(t *testing.T) {
	proc, sys := filepath.Join(hostFixtures, "proc"), filepath.Join(hostFixtures, "sys-cgroupv2")
	c := newMediaForTest(t, proc, sys, "freeswitch.service", "bbb-html5", "kurento-media-server")
	out, err := hostScrape(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `bbb_unit_tasks{unit="freeswitch.service"} 62`) || strings.Contains(out, "bbb-html5") ||
		strings.Contains(out, "nginx") || !strings.Contains(out, `unit="kurento-media-server"`) {
		t.Errorf("unexpected output:\n%s", out)
	}
	out, err = hostScrape(t, newMediaForTest(t, proc, sys, "bbb-html5", "etherpad"))
	if !errors.Is(err, ErrNoData) || out != "" {
		t.Errorf("absent units: err %v, output %q; want ErrNoData and nothing", err, out)
	}
	for _, units := range [][]string{{"freeswitch", "freeswitch.service"}, {"../etc"}, {""}, {"a b"}, {"\xff"}} {
		if _, err := newMediaCollector(Options{Units: units}); err == nil {
			t.Errorf("units %q: no error", units)
		}
	}
}

// copyHostTree copies a fixture tree into a temporary directory the test may damage.
func copyHostTree(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func hostWrite(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestMediaBrokenUnit(t *testing.T) {
	sys := copyHostTree(t, filepath.Join(hostFixtures, "sys-cgroupv2"))
	slice := filepath.Join(sys, "fs", "cgroup", "system.slice")
	kms := filepath.Join(slice, "kurento-media-server.service")
	hostWrite(t, filepath.Join(kms, "pids.max"), "abc\n")
	hostWrite(t, filepath.Join(kms, "cpu.stat"), "usage_usec 12x\n")
	fs := filepath.Join(slice, "freeswitch.service")
	if err := os.Remove(filepath.Join(fs, "memory.stat")); err != nil {
		t.Fatal(err)
	}
	out, err := hostScrape(t, newMediaForTest(t, filepath.Join(hostFixtures, "proc"), sys))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`unit kurento-media-server: parse ` + filepath.Join(kms, "pids.max") + `: "abc": invalid syntax`,
		`unit kurento-media-server: parse ` + filepath.Join(kms, "cpu.stat") + `: line 1: usage_usec "12x": invalid syntax`,
		`unit freeswitch: read open ` + filepath.Join(fs, "memory.stat") + `: no such file or directory`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	got := strings.Join(hostSamples(out), "\n")
	for _, want := range []string{
		`bbb_unit_tasks{unit="kurento-media-server"} 4500`, // what is readable still goes out
		`bbb_unit_tasks_limit{unit="bbb-webrtc-sfu"} 32768`,
		`bbb_unit_memory_bytes{unit="bbb-webrtc-sfu"} 4.11828224e+08`,
		`bbb_unit_cpu_seconds_total{unit="freeswitch"} 33401.234567`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %s:\n%s", want, got)
		}
	}
	for _, unwanted := range []string{`bbb_unit_tasks_limit{unit="kurento-media-server"}`, `bbb_unit_memory_bytes{unit="freeswitch"}`} {
		if strings.Contains(got, unwanted) {
			t.Errorf("output has %s", unwanted)
		}
	}
}

func TestMediaHybrid(t *testing.T) {
	// Ubuntu 20.04's default: v1 controllers plus a v2 hierarchy at unified/ without controllers. Here
	// the cpuacct hierarchy is missing, so CPU comes from unified/'s cpu.stat.
	sys := t.TempDir()
	root := filepath.Join(sys, "fs", "cgroup")
	u := filepath.Join("system.slice", "kurento-media-server.service")
	hostWrite(t, filepath.Join(root, "pids", u, "pids.current"), "4500\n")
	hostWrite(t, filepath.Join(root, "pids", u, "pids.max"), "max\n")
	hostWrite(t, filepath.Join(root, "memory", u, "memory.usage_in_bytes"), "1000\n")
	hostWrite(t, filepath.Join(root, "memory", u, "memory.stat"), "inactive_file 10\ntotal_inactive_file 100\n")
	hostWrite(t, filepath.Join(root, "unified", "cgroup.controllers"), "")
	hostWrite(t, filepath.Join(root, "unified", u, "cpu.stat"), "usage_usec 2500000\nuser_usec 2000000\n")
	hostWrite(t, filepath.Join(root, "unified", u, "cgroup.procs"), "1290\n")
	out, err := hostScrape(t, newMediaForTest(t, filepath.Join(hostFixtures, "proc"), sys, "kurento-media-server"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`bbb_unit_cpu_seconds_total{unit="kurento-media-server"} 2.5`,
		`bbb_unit_memory_bytes{unit="kurento-media-server"} 900`,
		`bbb_unit_tasks{unit="kurento-media-server"} 4500`,
		`bbb_unit_tasks_limit{unit="kurento-media-server"} 32768`,
		`bbb_unit_tasks_usage_ratio{unit="kurento-media-server"} 0.1373291015625`,
	}
	if got := hostSamples(out); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMediaV2ControllersOff(t *testing.T) {
	// v2 where system.slice hands no pids or memory controller down (TasksAccounting=no,
	// MemoryAccounting=no everywhere): no pids.* or memory.* files, so those come from /proc.
	sys := t.TempDir()
	root := filepath.Join(sys, "fs", "cgroup")
	hostWrite(t, filepath.Join(root, "cgroup.controllers"), "cpuset cpu io memory pids\n")
	hostWrite(t, filepath.Join(root, "system.slice", "cgroup.subtree_control"), "cpu io\n")
	hostWrite(t, filepath.Join(root, "system.slice", "freeswitch.service", "cpu.stat"), "usage_usec 1500000\n")
	out, err := hostScrape(t, newMediaForTest(t, filepath.Join(hostFixtures, "proc"), sys, "freeswitch"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`bbb_unit_cpu_seconds_total{unit="freeswitch"} 1.5`,
		`bbb_unit_memory_bytes{unit="freeswitch"} 3.90070272e+08`,
		`bbb_unit_tasks{unit="freeswitch"} 61`,
	}
	if got := hostSamples(out); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMediaTasksLimit(t *testing.T) {
	for _, tc := range []struct {
		name, unit, slice, pidMax, threadsMax string
		want                                  uint64
		wantErr                               string
	}{
		{"unit limit", "4915", "max", "32768", "63672", 4915, ""},
		{"slice lower", "max", "2000", "32768", "63672", 2000, ""},
		{"unlimited: kernel pid_max", "max", "max", "32768", "63672", 32768, ""},
		{"unlimited: kernel threads-max", "max", "", "4194304", "127800", 127800, ""},
		{"unit above kernel", "100000", "max", "32768", "63672", 32768, ""},
		{"limit without kernel files", "4915", "max", "", "", 4915, ""},
		{"unlimited without kernel files", "max", "max", "", "63672", 0, "pids.max is max: read open "},
		{"garbage slice", "4915", "-1", "32768", "63672", 0, `system.slice/pids.max: "-1": invalid syntax`},
		{"garbage kernel", "max", "max", "lots", "63672", 0, `pid_max: "lots": invalid syntax`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			dir := filepath.Join(tmp, "cg", "system.slice", "x.service")
			hostWrite(t, filepath.Join(dir, "pids.max"), tc.unit+"\n")
			if tc.slice != "" {
				hostWrite(t, filepath.Join(tmp, "cg", "system.slice", "pids.max"), tc.slice+"\n")
			}
			for name, v := range map[string]string{"pid_max": tc.pidMax, "threads-max": tc.threadsMax} {
				if v != "" {
					hostWrite(t, filepath.Join(tmp, "proc", "sys", "kernel", name), v+"\n")
				}
			}
			got, err := readTasksLimit(dir, filepath.Join(tmp, "cg"), (&kernelCeiling{procPath: filepath.Join(tmp, "proc")}).get)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %d, %v; want %d", got, err, tc.want)
			}
		})
	}
}

func TestMediaParsers(t *testing.T) {
	if _, _, err := parsePidsMax("/x/pids.max", []byte("abc\n")); err == nil || err.Error() != `parse /x/pids.max: "abc": invalid syntax` {
		t.Errorf("pids.max abc: %v", err)
	}
	if v, ok, err := parsePidsMax("/x/pids.max", []byte("max\n")); v != 0 || ok || err != nil {
		t.Errorf("pids.max max: %d %v %v", v, ok, err)
	}
	if v, ok, err := parsePidsMax("/x/pids.max", []byte("4915\n")); v != 4915 || !ok || err != nil {
		t.Errorf("pids.max 4915: %d %v %v", v, ok, err)
	}
	if _, err := parseCgroupUint("/x/pids.current", []byte("99999999999999999999999")); err == nil ||
		err.Error() != `parse /x/pids.current: "99999999999999999999999": value out of range` {
		t.Errorf("overflow: %v", err)
	}
	if _, err := parseCgroupUint("/x/memory.current", []byte(strings.Repeat("z", 100))); err == nil || len(err.Error()) > 100 {
		t.Errorf("long garbage not shortened: %v", err)
	}
	stat := []byte("anon 5\nfile 7\ninactive_file 3\nweird line with fields\n")
	if v, err := parseCgroupKeyed("/x/memory.stat", stat, "inactive_file"); v != 3 || err != nil {
		t.Errorf("inactive_file: %d %v", v, err)
	}
	if _, err := parseCgroupKeyed("/x/memory.stat", stat, "total_inactive_file"); !errors.Is(err, errNoCgroupKey) ||
		err.Error() != `parse /x/memory.stat: "total_inactive_file": no such key` {
		t.Errorf("missing key: %v", err)
	}
	if _, err := parseCgroupKeyed("/x/cpu.stat", []byte("user_usec 1\nusage_usec 1 2\n"), "usage_usec"); err == nil ||
		err.Error() != `parse /x/cpu.stat: line 2: "usage_usec 1 2": want "usage_usec" and a number` {
		t.Errorf("extra field: %v", err)
	}
}

func TestMediaProcErrors(t *testing.T) {
	proc := copyHostTree(t, filepath.Join(hostFixtures, "proc"))
	hostWrite(t, filepath.Join(proc, "1422", "stat"), "1422 (freeswitch)")          // truncated: procfs would panic
	hostWrite(t, filepath.Join(proc, "1290", "cgroup"), "garbage without colons\n") // unparsable
	hostWrite(t, filepath.Join(proc, "7", "comm"), "gone\n")                        // exited: no cgroup file
	out, err := hostScrape(t, newMediaForTest(t, proc, t.TempDir()))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"parse " + filepath.Join(proc, "1422", "stat") + ": malformed", "parse " + filepath.Join(proc, "1290", "cgroup") + ": "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), filepath.Join(proc, "7")) {
		t.Errorf("a process gone is an error: %v", err)
	}
	if !strings.Contains(out, `bbb_unit_tasks{unit="bbb-webrtc-sfu"} 27`) {
		t.Errorf("healthy unit missing:\n%s", out)
	}
}

// TestMediaPrivacy: no process name, command line or user of a unit's process comes out, in metrics
// or in the logs at debug level.
func TestMediaPrivacy(t *testing.T) {
	const canary = "CANARY-7f3a-participant"
	proc := copyHostTree(t, filepath.Join(hostFixtures, "proc"))
	hostWrite(t, filepath.Join(proc, "1422", "cmdline"), "/opt/freeswitch/bin/freeswitch\x00"+canary+"\x00")
	st, _ := os.ReadFile(filepath.Join(proc, "1422", "stat"))
	hostWrite(t, filepath.Join(proc, "1422", "stat"), strings.Replace(string(st), "(freeswitch)", "("+canary+")", 1))
	var logs bytes.Buffer
	c, err := newMediaCollector(Options{ProcPath: proc, SysPath: t.TempDir(),
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	out, err := hostScrape(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, canary) || strings.Contains(logs.String(), canary) || !strings.Contains(out, `unit="freeswitch"`) {
		t.Errorf("canary out or unit missing:\n%s\nlogs:\n%s", out, logs.String())
	}
}

func TestMediaCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := newMediaForTest(t, filepath.Join(hostFixtures, "proc"), filepath.Join(hostFixtures, "sys-cgroupv2"))
	if err := c.Update(ctx, make(chan prometheus.Metric, 100)); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}

// TestMediaLive reads this machine's /proc and /sys: the units are most likely absent here, which
// must be ErrNoData, not an error, even though every process in /proc is looked at.
func TestMediaLive(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc here")
	}
	c := newMediaForTest(t, "/proc", "/sys", "kurento-media-server", "bbb-webrtc-sfu", "freeswitch", "bbbkit-test-absent")
	out, err := hostScrape(t, c)
	if err != nil && !errors.Is(err, ErrNoData) {
		t.Fatalf("Update on the live system: %v", err)
	}
	t.Logf("live: err=%v\n%s", err, out)
}

// BenchmarkMediaUpdate reads the fixture trees: the BBB 3.0 ones with the default units (most
// of them absent there, as on a real host), the others with the three units they have.
func BenchmarkMediaUpdate(b *testing.B) {
	for _, sys := range []string{"sys-bbb30-v2", "sys-bbb30-v1", "sys-cgroupv2", "sys-cgroupv1", "sys-nocgroup"} {
		b.Run(sys, func(b *testing.B) {
			var units []string
			if !strings.Contains(sys, "bbb30") {
				units = []string{"kurento-media-server", "bbb-webrtc-sfu", "freeswitch"}
			}
			c := newMediaForTest(b, filepath.Join(hostFixtures, "proc"), filepath.Join(hostFixtures, sys), units...)
			ch := make(chan prometheus.Metric, 64)
			b.ReportAllocs()
			for b.Loop() {
				if err := c.Update(context.Background(), ch); err != nil {
					b.Fatal(err)
				}
				for len(ch) > 0 {
					<-ch
				}
			}
		})
	}
}

func FuzzParsePidsMax(f *testing.F) {
	for _, s := range []string{"max\n", "4915\n", "0", " 12 ", "abc", "", "-1", "18446744073709551616"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, limited, err := parsePidsMax("pids.max", b)
		if err != nil && (limited || v != 0) {
			t.Errorf("error with a value: %d %v %v", v, limited, err)
		}
	})
}

func FuzzParseCgroupKeyed(f *testing.F) {
	f.Add([]byte("usage_usec 73612345678\nuser_usec 1\nsystem_usec 2\n"), "usage_usec")
	f.Add([]byte("anon 5\ninactive_file 3\n"), "inactive_file")
	f.Add([]byte("total_inactive_file\n"), "total_inactive_file")
	f.Fuzz(func(t *testing.T, b []byte, key string) {
		_, err := parseCgroupKeyed("memory.stat", b, key)
		if err != nil && !strings.HasPrefix(err.Error(), "parse memory.stat: ") {
			t.Errorf("error does not name the file: %v", err)
		}
	})
}

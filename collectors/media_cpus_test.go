package collectors

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestParseCPUList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		err  string
	}{
		{in: "0-7\n", want: 8},
		{in: "0", want: 1},
		{in: "0,2-3,8-11\n", want: 7},
		{in: "0-1", want: 2},
		{in: "", err: "empty CPU list"},
		{in: "0-", err: `CPU list "0-": bad range "0-"`},
		{in: "3-1", err: `CPU list "3-1": bad range "3-1"`},
		{in: "x", err: `CPU list "x": bad CPU number "x"`},
		{in: "0,,1", err: `CPU list "0,,1": bad CPU number ""`},
		{in: "0-65536", err: `CPU list "0-65536": bad range "0-65536"`},
		{in: "0-65535,0-65535", err: `CPU list "0-65535,0-65535": more than 65536 CPUs`},
	} {
		got, err := parseCPUList(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("parseCPUList(%q) = %d, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseCPUList(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

// TestMediaHostCPUs: bbb_host_cpus from the fixture's online list; a sysfs without the file sends
// none and no error; a corrupt file is an error naming it, the units' values still sent.
func TestMediaHostCPUs(t *testing.T) {
	proc := filepath.Join(hostFixtures, "proc")
	units := []string{"kurento-media-server", "bbb-webrtc-sfu", "freeswitch"}
	out, err := hostScrape(t, newMediaForTest(t, proc, filepath.Join(hostFixtures, "sys-cgroupv2"), units...))
	if err != nil || !strings.Contains(out, "\nbbb_host_cpus 8\n") {
		t.Fatalf("err=%v, want bbb_host_cpus 8 in\n%s", err, out)
	}
	out, err = hostScrape(t, newMediaForTest(t, proc, filepath.Join(hostFixtures, "sys-bbb30-v2"), units...))
	if err != nil || strings.Contains(out, "bbb_host_cpus") {
		t.Fatalf("without the online list: err=%v, want no bbb_host_cpus in\n%s", err, out)
	}

	sys := t.TempDir()
	online := cpusOnlinePath(sys)
	hostWrite(t, online, "seven\n")
	out, err = hostScrape(t, newMediaForTest(t, proc, sys, units...))
	want := "online CPUs: " + online + `: CPU list "seven": bad CPU number "seven"`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if !strings.Contains(out, "bbb_unit_tasks{") || strings.Contains(out, "bbb_host_cpus") {
		t.Fatalf("a corrupt CPU list must keep the units' values and send no count:\n%s", out)
	}
}

// TestHostCPUsLive reads this machine's /sys: the count is at least the CPUs this process may use.
func TestHostCPUsLive(t *testing.T) {
	b, err := os.ReadFile(cpusOnlinePath("/sys"))
	if err != nil {
		t.Skipf("no online CPU list here: %v", err)
	}
	n, err := parseCPUList(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if n < runtime.NumCPU() {
		t.Errorf("online CPUs %d < runtime.NumCPU() %d", n, runtime.NumCPU())
	}
}

func FuzzParseCPUList(f *testing.F) {
	for _, s := range []string{"0-7\n", "0,2-3", "", "3-1", "0-65535,0-65535", "-", ",", "1-2-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseCPUList(s)
		if err == nil && (n < 1 || n > maxCPUs) {
			t.Errorf("parseCPUList(%q) = %d without error", s, n)
		}
		if err != nil && n != 0 {
			t.Errorf("parseCPUList(%q) = %d with error %v", s, n, err)
		}
	})
}

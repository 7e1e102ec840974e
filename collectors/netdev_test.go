package collectors

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unsafe"

	"github.com/prometheus/client_golang/prometheus"
)

func newNetdevForTest(t testing.TB, opts Options) *netdevCollector {
	t.Helper()
	c, err := newNetdevCollector(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c.(*netdevCollector)
}

func TestNetdevFixture(t *testing.T) {
	c := newNetdevForTest(t, Options{
		ProcPath:       filepath.Join(hostFixtures, "proc"),
		NetdevExclude:  DefaultNetdevExclude,
		UplinkCapacity: 1e9,
	})
	out, err := hostScrape(t, c)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`bbb_network_receive_bytes_total{device="eth0"} 8.765432109876e+12`,
		`bbb_network_receive_bytes_total{device="eth1"} 4.56789012345e+11`,
		`bbb_network_transmit_bytes_total{device="eth0"} 2.3456789012345e+13`,
		`bbb_network_transmit_bytes_total{device="eth1"} 1.23456789012e+11`,
		`bbb_network_uplink_capacity_bytes_per_second 1.25e+08`,
	}
	if got := hostSamples(out); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, typ := range []string{
		"# TYPE bbb_network_receive_bytes_total counter", "# TYPE bbb_network_transmit_bytes_total counter",
		"# TYPE bbb_network_uplink_capacity_bytes_per_second gauge",
	} {
		if !strings.Contains(out, typ) {
			t.Errorf("missing %q", typ)
		}
	}
	traffic, err := c.Traffic()
	if err != nil {
		t.Fatal(err)
	}
	wantTraffic := map[string]Traffic{
		"eth0": {TransmitBytes: 23456789012345, ReceiveBytes: 8765432109876},
		"eth1": {TransmitBytes: 123456789012, ReceiveBytes: 456789012345},
	}
	if !reflect.DeepEqual(traffic, wantTraffic) {
		t.Errorf("Traffic() = %v, want %v", traffic, wantTraffic)
	}
}

func TestNetdevOptions(t *testing.T) {
	proc := filepath.Join(hostFixtures, "proc")
	// An empty pattern leaves nothing out; no capacity, no capacity metric.
	out, err := hostScrape(t, newNetdevForTest(t, Options{ProcPath: proc}))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, "bbb_network_transmit_bytes_total{"); n != 7 || strings.Contains(out, "uplink") {
		t.Errorf("%d devices (want 7), or an uplink metric:\n%s", n, out)
	}
	for _, opts := range []Options{{NetdevExclude: "eth("}, {UplinkCapacity: -1}} {
		if _, err := newNetdevCollector(opts); err == nil {
			t.Errorf("%+v: no error", opts)
		}
	}
	if _, err := newNetdevCollector(Options{NetdevExclude: "eth("}); err == nil || !strings.Contains(err.Error(), `device-exclude "eth(": `) {
		t.Errorf("bad pattern error: %v", err)
	}
}

func TestNetdevDefaultExclude(t *testing.T) {
	re := regexp.MustCompile(DefaultNetdevExclude)
	kept := []string{"eth0", "eth1", "ens3", "ens18", "enp0s31f6", "eno1", "bond0", "eth0.100", "br0", "vmbr0", "ib0", "wlan0", "venet0", "lo1x"}
	left := []string{"lo", "docker0", "docker_gwbridge", "veth1a2b3c4", "br-3f2a9c1d7e4b", "virbr0", "virbr0-nic", "vnet3", "tun0", "tap0",
		"wg0", "cali12ab", "flannel.1", "cni0", "kube-ipvs0", "cilium_host", "lxc1234", "lxdbr0", "podman0", "vxlan.calico",
		"weave", "ifb0", "ifb1", "dummy0", "gre0", "gretap0", "erspan0", "ip6tnl0", "tunl0", "sit0", "ip_vti0", "ip6_vti0", "tailscale0"}
	for _, d := range kept {
		if re.MatchString(d) {
			t.Errorf("%s left out", d)
		}
	}
	for _, d := range left {
		if !re.MatchString(d) {
			t.Errorf("%s kept", d)
		}
	}
}

func TestNetdevParseErrors(t *testing.T) {
	const head = "Inter-|   Receive  |  Transmit\n face |bytes    packets|bytes    packets\n"
	ok := "  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", `parse /p/net/dev: line 1: not the header of net/dev`},
		{"no header", ok + ok, `parse /p/net/dev: line 1: not the header of net/dev`},
		{"truncated", head + ok + "  eth1: 1 2 3\n", `parse /p/net/dev: line 4 (eth1): 3 counters, want 16`},
		{"no colon", head + "eth0 1 2\n", `parse /p/net/dev: line 3: "eth0 1 2": want "device: counters"`},
		{"no name", head + " : 1\n", `parse /p/net/dev: line 3: " : 1": want "device: counters"`},
		{"rx garbage", head + "  eth0: x 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", `parse /p/net/dev: line 3 (eth0): receive bytes "x": invalid syntax`},
		{"tx negative", head + "  eth0: 1 2 3 4 5 6 7 8 -9 10 11 12 13 14 15 16\n", `parse /p/net/dev: line 3 (eth0): transmit bytes "-9": invalid syntax`},
		{"twice", head + ok + ok, `parse /p/net/dev: line 4: device "eth0" listed twice`},
		{"not utf8", head + "\xffeth: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", `parse /p/net/dev: line 3: device name "\xffeth" is not UTF-8`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseNetDev("/p/net/dev", []byte(tc.in))
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v, want %s", err, tc.want)
			}
		})
	}
	// Counters run together with the name when they are wide; a newer kernel's extra columns are fine.
	devs, err := parseNetDev("/p/net/dev", []byte(head+"eth0:123456789012 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n"))
	if err != nil || len(devs) != 1 || devs[0].ReceiveBytes != 123456789012 || devs[0].TransmitBytes != 9 {
		t.Errorf("wide counters: %+v, %v", devs, err)
	}
}

func TestNetdevMissingFile(t *testing.T) {
	c := newNetdevForTest(t, Options{ProcPath: t.TempDir()})
	if _, err := hostScrape(t, c); err == nil || !strings.Contains(err.Error(), "net/dev: no such file") {
		t.Errorf("err %v", err)
	}
	if _, err := c.Traffic(); err == nil {
		t.Error("Traffic: no error")
	}
}

// TestNetdevLive parses this machine's /proc/net/dev and leaves loopback out.
func TestNetdevLive(t *testing.T) {
	if _, err := os.Stat("/proc/net/dev"); err != nil {
		t.Skip("no /proc/net/dev here")
	}
	c := newNetdevForTest(t, Options{ProcPath: "/proc", NetdevExclude: DefaultNetdevExclude})
	traffic, err := c.Traffic()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := traffic["lo"]; ok {
		t.Error("loopback included")
	}
	if _, err := hostScrape(t, c); err != nil {
		t.Fatal(err)
	}
	t.Logf("live devices: %v", traffic)
}

func BenchmarkNetdevUpdate(b *testing.B) {
	c := newNetdevForTest(b, Options{ProcPath: filepath.Join(hostFixtures, "proc"), NetdevExclude: DefaultNetdevExclude, UplinkCapacity: 1e9})
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
}

func FuzzParseNetDev(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join(hostFixtures, "proc", "net", "dev")); err == nil {
		f.Add(b)
	}
	f.Add([]byte("Inter-|\n face |\n  eth0: 1 2 3\n"))
	f.Add([]byte("Inter-|\n face |\neth0:1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		devs, err := parseNetDev("net/dev", b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "parse net/dev: line ") {
				t.Errorf("error names no line: %v", err)
			}
			return
		}
		for _, d := range devs {
			if d.name == "" || strings.ContainsAny(d.name, ":") {
				t.Errorf("bad device name %q", d.name)
			}
		}
	})
}

// TestNetdevExcludeDocumented keeps docs/host-metrics.md's copy of the default pattern current.
func TestNetdevExcludeDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "host-metrics.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "\n"+DefaultNetdevExclude+"\n") {
		t.Errorf("docs/host-metrics.md does not show DefaultNetdevExclude:\n%s", DefaultNetdevExclude)
	}
}

// TestNetdevExcludeMemo: remembered exclusions answer as the pattern does, and the memo stays
// within maxExcludeMemo names however many devices come and go.
func TestNetdevExcludeMemo(t *testing.T) {
	c := newNetdevForTest(t, Options{ProcPath: t.TempDir(), NetdevExclude: DefaultNetdevExclude})
	for i := range 3 * maxExcludeMemo {
		for _, name := range []string{"eth0", "lo", fmt.Sprintf("veth%x", i)} {
			c.mu.Lock()
			got := c.excludedLocked(name)
			n := len(c.excluded)
			c.mu.Unlock()
			if want := c.exclude.MatchString(name); got != want {
				t.Fatalf("%s: excluded %v, want %v", name, got, want)
			}
			if n > maxExcludeMemo {
				t.Fatalf("memo holds %d names", n)
			}
		}
	}
}

// TestNetDevByteCounters splits as strings.Fields does.
func TestNetDevByteCounters(t *testing.T) {
	for _, s := range []string{"", " ", "1", " 1 2\t3 4 5 6 7 8 9 10 ", "a\u00a0b c\u2003d 0 0 0 0 0 x y", "\n1\v2\f3\r4 5 6 7 8 9\u0085"} {
		f := strings.Fields(s)
		rx, tx, n := netDevByteCounters(s)
		var wantRx, wantTx string
		if len(f) > 0 {
			wantRx = f[0]
		}
		if len(f) > 8 {
			wantTx = f[8]
		}
		if rx != wantRx || tx != wantTx || n != len(f) {
			t.Errorf("%q: %q %q %d, want %q %q %d", s, rx, tx, n, wantRx, wantTx, len(f))
		}
	}
}

// TestNetdevExcludeMemoOwnKeys: the memo's names are copies of their own, not views into a scrape's
// copy of net/dev, which they would otherwise keep in memory for as long as they are remembered.
func TestNetdevExcludeMemoOwnKeys(t *testing.T) {
	c := newNetdevForTest(t, Options{ProcPath: filepath.Join(hostFixtures, "proc"), NetdevExclude: DefaultNetdevExclude})
	devs, err := c.devices()
	if err != nil || len(devs) == 0 {
		t.Fatalf("devices %v, %v", devs, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, d := range devs {
		for name := range c.excluded {
			if name == d.name && unsafe.StringData(name) == unsafe.StringData(d.name) {
				t.Errorf("memo key %q shares the memory of the parsed file", name)
			}
		}
	}
}

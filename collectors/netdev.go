package collectors

// The netdev collector reads the bytes each network device has sent and received from
// <proc>/net/dev, leaving out loopback and the virtual devices of containers, VMs, tunnels and
// bridges, whose traffic is either local or counted again on the physical uplink.

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
)

// DefaultNetdevExclude is the default of --collector.netdev.device-exclude: loopback; Docker,
// Podman, LXC/LXD, libvirt and Kubernetes CNI devices (veth pairs, bridges, overlays); tunnels and
// VPNs (tun, tap, WireGuard, GRE, IPIP, SIT, VTI); ingress shaping (ifb), dummy and netlink monitors.
// Physical NICs, bonds, VLANs and a host bridge named br0 are kept; docs/host-metrics.md says why.
const DefaultNetdevExclude = `^(lo|docker.*|veth.*|br-.*|virbr.*|vnet\d+|tun\d+|tap.*|wg.*|` +
	`cali.*|flannel.*|cni.*|kube-.*|cilium_.*|lxc.*|lxdbr.*|podman.*|vxlan.*|weave.*|genev_sys_.*|` +
	`ifb\d+|dummy\d+|nlmon\d+|gre\d+|gretap\d+|erspan\d+|ip6gre\d+|ip6tnl\d+|ipip\d+|tunl\d+|sit\d+|` +
	`ip_vti\d+|ip6_vti\d+|zt.*|tailscale\d+)$`

func init() {
	Register("netdev", true, newNetdevCollector)
}

var (
	netTransmitDesc = prometheus.NewDesc(
		prometheus.BuildFQName(Namespace, "network", "transmit_bytes_total"),
		"Bytes the network device has sent since boot, from /proc/net/dev.",
		[]string{"device"}, nil)
	netReceiveDesc = prometheus.NewDesc(
		prometheus.BuildFQName(Namespace, "network", "receive_bytes_total"),
		"Bytes the network device has received since boot, from /proc/net/dev.",
		[]string{"device"}, nil)
	netUplinkDesc = prometheus.NewDesc(
		prometheus.BuildFQName(Namespace, "network", "uplink_capacity_bytes_per_second"),
		"The uplink's capacity in bytes per second (configured in bits per second, divided by 8).",
		nil, nil)
)

// maxExcludeMemo bounds how many device names the collector remembers the exclusion of; past it
// the memo starts afresh (containers come and go with veth devices of new names).
const maxExcludeMemo = 256

// netdevCollector implements Collector and TrafficSource.
type netdevCollector struct {
	path     string
	exclude  *regexp.Regexp // nil: nothing left out
	capacity float64

	mu       sync.Mutex      // guards what follows; a scrape and the history sampler may read at once
	buf      []byte          // read buffer for net/dev
	excluded map[string]bool // device name: whether exclude matches it, at most maxExcludeMemo
}

var _ TrafficSource = (*netdevCollector)(nil)

func newNetdevCollector(opts Options) (Collector, error) {
	c := &netdevCollector{
		path:     filepath.Join(hostPathOr(opts.ProcPath, "/proc"), "net", "dev"),
		capacity: opts.UplinkCapacity,
	}
	if opts.NetdevExclude != "" {
		re, err := regexp.Compile(opts.NetdevExclude)
		if err != nil {
			return nil, fmt.Errorf("device-exclude %q: %w", opts.NetdevExclude, err)
		}
		c.exclude = re
	}
	if c.capacity < 0 || math.IsNaN(c.capacity) || math.IsInf(c.capacity, 0) {
		return nil, fmt.Errorf("uplink capacity %v: want a positive number of bits per second, or 0 for none", c.capacity)
	}
	return c, nil
}

// Update implements Collector.
func (c *netdevCollector) Update(ctx context.Context, ch chan<- prometheus.Metric) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.capacity > 0 {
		ch <- prometheus.MustNewConstMetric(netUplinkDesc, prometheus.GaugeValue, c.capacity/8)
	}
	devs, err := c.devices()
	if err != nil {
		return err
	}
	for _, d := range devs {
		ch <- prometheus.MustNewConstMetric(netTransmitDesc, prometheus.CounterValue, float64(d.TransmitBytes), d.name)
		ch <- prometheus.MustNewConstMetric(netReceiveDesc, prometheus.CounterValue, float64(d.ReceiveBytes), d.name)
	}
	return nil
}

// Traffic implements TrafficSource: the counters of the devices not left out.
func (c *netdevCollector) Traffic() (map[string]Traffic, error) {
	devs, err := c.devices()
	if err != nil {
		return nil, err
	}
	m := make(map[string]Traffic, len(devs))
	for _, d := range devs {
		m[d.name] = d.Traffic
	}
	return m, nil
}

// devices reads net/dev and drops the excluded devices.
func (c *netdevCollector) devices() ([]netDevice, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.buf == nil {
		c.buf = make([]byte, 0, 4<<10) // a line per device, about 130 bytes each
	}
	b, err := readSmallFileInto(c.path, c.buf)
	if err != nil {
		return nil, fmt.Errorf("read %w", err)
	}
	if cap(b) > cap(c.buf) && cap(b) <= maxKeptReadBuf {
		c.buf = b[:0]
	}
	devs, err := parseNetDev(c.path, b) // copies what it keeps out of b
	if err != nil {
		return nil, err
	}
	if c.exclude == nil {
		return devs, nil
	}
	kept := devs[:0]
	for _, d := range devs {
		if !c.excludedLocked(d.name) {
			kept = append(kept, d)
		}
	}
	return kept, nil
}

// excludedLocked tells whether the pattern matches name, remembering the answer: the same few
// devices are asked about on every scrape. c.mu is held.
func (c *netdevCollector) excludedLocked(name string) bool {
	if ex, ok := c.excluded[name]; ok {
		return ex
	}
	if c.excluded == nil || len(c.excluded) >= maxExcludeMemo {
		c.excluded = make(map[string]bool)
	}
	ex := c.exclude.MatchString(name)
	// name points into the copy of this scrape's whole file; a key of its own keeps that copy from
	// living on with the memo.
	c.excluded[strings.Clone(name)] = ex
	return ex
}

// netDevice is one line of net/dev.
type netDevice struct {
	name string
	Traffic
}

// netDevFields is how many counters follow the device name: 8 receive, 8 transmit.
const netDevFields = 16

// parseNetDev parses the contents of /proc/net/dev: two header lines, then "name: counters" per
// device. procfs' parser is not used because it indexes the counters without checking how many there
// are (a truncated line panics) and its errors name neither file nor line. path only names the file
// in errors; devices keep the kernel's order.
func parseNetDev(path string, b []byte) ([]netDevice, error) {
	lines := strings.Split(string(b), "\n")
	if len(lines) < 2 || !strings.Contains(lines[0], "|") || !strings.Contains(lines[1], "|") {
		return nil, fmt.Errorf("parse %s: line 1: not the header of net/dev", path)
	}
	devs := make([]netDevice, 0, len(lines)-2)
	seen := make(map[string]bool, len(lines)-2)
	for n, line := range lines[2:] {
		lineNo := n + 3
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, counters, ok := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, fmt.Errorf("parse %s: line %d: %q: want \"device: counters\"", path, lineNo, hostExcerpt(line))
		}
		if !utf8.ValidString(name) {
			return nil, fmt.Errorf("parse %s: line %d: device name %q is not UTF-8", path, lineNo, hostExcerpt(name))
		}
		if seen[name] {
			return nil, fmt.Errorf("parse %s: line %d: device %q listed twice", path, lineNo, hostExcerpt(name))
		}
		seen[name] = true
		rxField, txField, nf := netDevByteCounters(counters)
		if nf < netDevFields {
			return nil, fmt.Errorf("parse %s: line %d (%s): %d counters, want %d", path, lineNo, hostExcerpt(name), nf, netDevFields)
		}
		rx, err := strconv.ParseUint(rxField, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("parse %s: line %d (%s): receive bytes %q: %w", path, lineNo, hostExcerpt(name), hostExcerpt(rxField), hostNumErrCause(err))
		}
		tx, err := strconv.ParseUint(txField, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("parse %s: line %d (%s): transmit bytes %q: %w", path, lineNo, hostExcerpt(name), hostExcerpt(txField), hostNumErrCause(err))
		}
		devs = append(devs, netDevice{name: name, Traffic: Traffic{TransmitBytes: tx, ReceiveBytes: rx}})
	}
	return devs, nil
}

// netDevByteCounters splits counters at white space as strings.Fields does, without a slice per
// line: it returns fields 0 (received bytes) and 8 (sent bytes) and how many fields there are.
func netDevByteCounters(counters string) (rx, tx string, n int) {
	for len(counters) > 0 {
		i := strings.IndexFunc(counters, isNotSpace)
		if i < 0 {
			break
		}
		counters = counters[i:]
		end := strings.IndexFunc(counters, unicode.IsSpace)
		if end < 0 {
			end = len(counters)
		}
		switch n {
		case 0:
			rx = counters[:end]
		case 8:
			tx = counters[:end]
		}
		n++
		counters = counters[end:]
	}
	return rx, tx, n
}

func isNotSpace(r rune) bool { return !unicode.IsSpace(r) }

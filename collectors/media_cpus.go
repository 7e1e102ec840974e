package collectors

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
)

// hostCPUsDesc is the host's online CPU count: a unit's CPU seconds per second divided by it is the
// unit's share of the host. The exporter's own GOMAXPROCS (1 by default) says nothing about the host.
var hostCPUsDesc = prometheus.NewDesc(
	prometheus.BuildFQName(Namespace, "host", "cpus"),
	"Logical CPUs online on the host (/sys/devices/system/cpu/online): the denominator of a unit's share of the host's CPUs.",
	nil, nil)

// cpusOnlinePath is where the kernel lists the online CPUs, under sysfs.
func cpusOnlinePath(sysPath string) string {
	return filepath.Join(sysPath, "devices", "system", "cpu", "online")
}

// sendHostCPUs sends bbb_host_cpus read from path. A missing file (a sysfs without it) sends nothing
// and is no error; a file that is not a CPU list is an error naming it.
func sendHostCPUs(path string, ch chan<- prometheus.Metric) error {
	b, err := readSmallFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("online CPUs: %w", err)
	}
	n, err := parseCPUList(string(b))
	if err != nil {
		return fmt.Errorf("online CPUs: %s: %w", path, err)
	}
	ch <- prometheus.MustNewConstMetric(hostCPUsDesc, prometheus.GaugeValue, float64(n))
	return nil
}

// maxCPUs bounds a CPU list's numbers, so that a corrupt file cannot claim absurd counts.
const maxCPUs = 1 << 16

// parseCPUList counts the CPUs of a kernel CPU list ("0-7", "0,2-3,8", as in cpuset(7)'s "List
// format").
func parseCPUList(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty CPU list")
	}
	n := 0
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil || a < 0 || a >= maxCPUs {
			return 0, fmt.Errorf("CPU list %q: bad CPU number %q", s, lo)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a || b >= maxCPUs {
				return 0, fmt.Errorf("CPU list %q: bad range %q", s, part)
			}
		}
		n += b - a + 1
	}
	if n > maxCPUs {
		return 0, fmt.Errorf("CPU list %q: more than %d CPUs", s, maxCPUs)
	}
	return n, nil
}

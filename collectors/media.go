package collectors

// The media collector reads the media stack's systemd units (Kurento, bbb-webrtc-sfu, FreeSWITCH by
// default) from their cgroups, cgroup v2, v1 or the hybrid layout, and falls back to the units'
// processes in /proc where a unit has no cgroup to read. docs/host-metrics.md says where each value
// comes from; the label value is the unit name as configured, a vocabulary closed by the config.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// DefaultUnits are the systemd units of BBB 2.7, 3.0 and 4.0 watched when Options.Units is empty:
// the media stack (mediasoup workers are children of bbb-webrtc-sfu; Kurento, plain or templated,
// where it is still installed), the GraphQL stack, the Akka apps, bbb-web, the HTML5 front ends and
// the services they lean on. Units absent from a host are said once at info level.
var DefaultUnits = []string{
	"bbb-webrtc-sfu", "freeswitch", "bbb-webrtc-recorder",
	"bbb-graphql-server", "bbb-graphql-middleware", "bbb-graphql-actions",
	"bbb-apps-akka", "bbb-fsesl-akka", "bbb-web", "bbb-html5-*",
	"etherpad", "redis-server", "nginx", "coturn",
	"kurento-media-server", "kurento-media-server@",
}

func init() {
	Register("media", true, newMediaCollector)
}

var (
	unitTasksDesc = prometheus.NewDesc(
		prometheus.BuildFQName(Namespace, "unit", "tasks"),
		"Tasks (processes and threads) in the systemd unit: its cgroup's pids.current, else the threads of its processes in /proc.",
		[]string{"unit"}, nil)
	unitTasksLimitDesc = prometheus.NewDesc(
		prometheus.BuildFQName(Namespace, "unit", "tasks_limit"),
		"Most tasks the systemd unit may have: the lowest pids.max of its cgroup and its slice, where unlimited the kernel's ceiling min(pid_max, threads-max).",
		[]string{"unit"}, nil)
	unitCPUDesc = prometheus.NewDesc(
		prometheus.BuildFQName(Namespace, "unit", "cpu_seconds_total"),
		"CPU time used by the systemd unit, user and system, in seconds.",
		[]string{"unit"}, nil)
	unitTasksRatioDesc = prometheus.NewDesc(
		prometheus.BuildFQName(Namespace, "unit", "tasks_usage_ratio"),
		"Tasks of the systemd unit as a share of its tasks limit (bbb_unit_tasks / bbb_unit_tasks_limit), 0 to 1.",
		[]string{"unit"}, nil)
	unitMemoryDesc = prometheus.NewDesc(
		prometheus.BuildFQName(Namespace, "unit", "memory_bytes"),
		"Memory of the systemd unit in bytes: its cgroup's usage less inactive page cache (working set), else the resident set of its processes.",
		[]string{"unit"}, nil)
)

// mediaUnit is one unit of a scrape: its label (as configured, or a discovered unit's name) and its
// cgroup directory's name.
type mediaUnit struct {
	label, cgroup string
}

type mediaCollector struct {
	specs      []unitSpec // as configured
	target     string     // a systemd target whose units are watched too; "" for none
	rootPath   string     // the host's /, where the target's unit directories are read
	cgroupRoot string
	procPath   string
	cpusOnline string // sysfs's list of online CPUs, for bbb_host_cpus
	logger     *slog.Logger

	mu   sync.Mutex
	said map[string]bool // info messages given once
	disc *discovery      // the last look at the cgroup tree
	now  func() time.Time
}

func newMediaCollector(opts Options) (Collector, error) {
	names := opts.Units
	if len(names) == 0 {
		names = DefaultUnits
	}
	c := &mediaCollector{
		cgroupRoot: filepath.Join(hostPathOr(opts.SysPath, "/sys"), "fs", "cgroup"),
		procPath:   hostPathOr(opts.ProcPath, "/proc"),
		cpusOnline: cpusOnlinePath(hostPathOr(opts.SysPath, "/sys")),
		target:     opts.UnitsTarget,
		rootPath:   hostPathOr(opts.RootPath, "/"),
		logger:     opts.Logger,
		said:       map[string]bool{},
		now:        time.Now,
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	seen := map[string]string{}
	for _, name := range names {
		u, err := newUnitSpec(name)
		if err != nil {
			return nil, err
		}
		key := u.cgroup + u.pattern
		if prev, dup := seen[key]; dup {
			return nil, fmt.Errorf("unit %q: listed twice (also as %q)", name, prev)
		}
		seen[key] = name
		c.specs = append(c.specs, u)
	}
	return c, nil
}

func hostPathOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// unitSample holds what was read for one unit; the have* flags say which values are set.
type unitSample struct {
	tasks, limit, cpuSeconds, memoryBytes             float64
	haveTasks, haveLimit, haveCPU, haveMemory, inProc bool
}

func (s *unitSample) empty() bool { return !s.haveTasks && !s.haveLimit && !s.haveCPU && !s.haveMemory }

// Update implements Collector.
func (c *mediaCollector) Update(ctx context.Context, ch chan<- prometheus.Metric) error {
	now := c.now()
	d, fresh := c.current(now, false)
	samples, needProc, errs, gone := c.readUnits(ctx, d)
	if gone && !fresh { // a unit's cgroup went away since the last discovery: look again
		d, _ = c.current(now, true)
		samples, needProc, errs, _ = c.readUnits(ctx, d)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	units, found := d.units, d.found
	if len(needProc) > 0 && !c.skipProc(d) {
		if err := c.fillFromProc(ctx, units, needProc, samples); err != nil {
			errs = append(errs, err)
		}
		anyFound := false
		for _, i := range needProc {
			anyFound = anyFound || samples[i].inProc
		}
		c.noteProc(d, anyFound)
	}
	sent := false
	for i, s := range d.specs {
		if s.pattern != "" && !found[i] {
			c.sayOnce("no unit matches, skipped", s.name)
		}
	}
	for i, u := range units {
		s := &samples[i]
		if s.empty() {
			c.sayOnce("unit absent, skipped", u.label)
			continue
		}
		sent = true
		if s.inProc {
			c.sayOnce("unit has no cgroup for some values, read them from /proc", u.label)
		}
		send := func(have bool, d *prometheus.Desc, t prometheus.ValueType, v float64) {
			if have {
				ch <- prometheus.MustNewConstMetric(d, t, v, u.label)
			}
		}
		send(s.haveTasks, unitTasksDesc, prometheus.GaugeValue, s.tasks)
		send(s.haveLimit, unitTasksLimitDesc, prometheus.GaugeValue, s.limit)
		send(s.haveTasks && s.haveLimit && s.limit > 0, unitTasksRatioDesc, prometheus.GaugeValue, s.tasks/s.limit)
		send(s.haveCPU, unitCPUDesc, prometheus.CounterValue, s.cpuSeconds)
		send(s.haveMemory, unitMemoryDesc, prometheus.GaugeValue, s.memoryBytes)
	}
	if sent {
		if err := sendHostCPUs(c.cpusOnline, ch); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if !sent {
		return fmt.Errorf("none of the %d units found: %w", len(d.specs), ErrNoData)
	}
	return nil
}

// sayOnce logs msg about unit at info level the first time only, at debug level after that: an
// absent unit is worth one line, not one per scrape.
func (c *mediaCollector) sayOnce(msg, unit string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sayOnceLocked(msg, unit)
}

// sayOnceLocked is sayOnce with c.mu held.
func (c *mediaCollector) sayOnceLocked(msg, unit string) {
	said := c.said[msg+"\x00"+unit]
	c.said[msg+"\x00"+unit] = true
	if said {
		c.logger.Debug(msg, "unit", unit)
		return
	}
	c.logger.Info(msg, "unit", unit)
}

// cgroupHierarchy is one mounted cgroup hierarchy that may hold a unit's cgroup.
type cgroupHierarchy struct {
	dir string
	v2  bool
}

// cgroupLayout lists, per resource, the hierarchies to look in, in order of preference.
type cgroupLayout struct {
	pids, cpu, memory []cgroupHierarchy
}

// detectCgroupLayout tells v2 (cgroup.controllers at the root), v1 (one directory per controller) and
// hybrid (v1 controllers plus a v2 hierarchy at unified/, which is used for what v1 lacks).
func detectCgroupLayout(root string) cgroupLayout {
	if ctrls, err := os.ReadFile(filepath.Join(root, "cgroup.controllers")); err == nil {
		return layoutFromUnified(root, string(ctrls))
	}
	v1 := func(names ...string) []cgroupHierarchy {
		for _, n := range names {
			if cgroupIsDir(filepath.Join(root, n)) {
				return []cgroupHierarchy{{dir: filepath.Join(root, n)}}
			}
		}
		return nil
	}
	l := cgroupLayout{pids: v1("pids"), cpu: v1("cpuacct", "cpu,cpuacct"), memory: v1("memory")}
	unified := filepath.Join(root, "unified")
	if ctrls, err := os.ReadFile(filepath.Join(unified, "cgroup.controllers")); err == nil {
		u := layoutFromUnified(unified, string(ctrls))
		l.pids = append(l.pids, u.pids...)
		l.cpu = append(l.cpu, u.cpu...)
		l.memory = append(l.memory, u.memory...)
	}
	return l
}

// layoutFromUnified uses a v2 hierarchy for the controllers that system.slice hands down to the
// units (its cgroup.subtree_control, else those of the hierarchy); cpu.stat's usage_usec is a core
// file of every v2 cgroup, so CPU is always there.
func layoutFromUnified(dir, controllers string) cgroupLayout {
	h := []cgroupHierarchy{{dir: dir, v2: true}}
	l := cgroupLayout{cpu: h}
	if sub, err := os.ReadFile(filepath.Join(dir, "system.slice", "cgroup.subtree_control")); err == nil {
		controllers = string(sub)
	}
	for _, c := range strings.Fields(controllers) {
		switch c {
		case "pids":
			l.pids = h
		case "memory":
			l.memory = h
		}
	}
	return l
}

func cgroupIsDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// unitDir returns the unit's cgroup directory in the first hierarchy that has one.
func unitDir(hs []cgroupHierarchy, ix unitIndexes, u mediaUnit) (string, cgroupHierarchy, bool) {
	for _, h := range hs {
		if d, ok := ix.find(h, u.cgroup); ok {
			return d, h, true
		}
	}
	return "", cgroupHierarchy{}, false
}

// readUnits reads every unit of d from its cgroups. needProc lists the units with a resource that
// has no cgroup to read; gone tells that the directory of a unit with a read error has vanished.
func (c *mediaCollector) readUnits(ctx context.Context, d *discovery) (samples []unitSample, needProc []int, errs []error, gone bool) {
	samples = make([]unitSample, len(d.units))
	r := getCgroupReader()
	defer putCgroupReader(r)
	for i, u := range d.units {
		if ctx.Err() != nil {
			return samples, nil, nil, false
		}
		missing, unitErrs := r.readCgroups(d, i, &samples[i])
		for _, err := range unitErrs {
			errs = append(errs, fmt.Errorf("unit %s: %w", u.label, err))
		}
		if len(unitErrs) > 0 && !gone {
			ds := d.dirs[i]
			for _, dir := range []string{ds.pids, ds.cpu, ds.memory} {
				gone = gone || dir != "" && !cgroupIsDir(dir)
			}
		}
		if missing {
			needProc = append(needProc, i)
		}
	}
	return samples, needProc, errs, gone
}

// readCgroups fills s from the cgroups of d's unit i; missing reports a resource with no cgroup to
// read, for which /proc is asked instead. A file that is missing or garbage in an existing cgroup
// is an error.
func (r *cgroupReader) readCgroups(d *discovery, i int, s *unitSample) (missing bool, errs []error) {
	into := func(dst *float64, have *bool) func(float64, error) {
		return func(v float64, err error) {
			if err != nil {
				errs = append(errs, err)
				return
			}
			*dst, *have = v, true
		}
	}
	ds := d.dirs[i]
	if ds.pids != "" {
		into(&s.tasks, &s.haveTasks)(cgroupFloat(r.uint(filepath.Join(ds.pids, "pids.current"))))
		into(&s.limit, &s.haveLimit)(cgroupFloat(r.tasksLimit(ds.pids, ds.pidsH.dir, d.ceiling)))
	}
	if ds.cpu != "" {
		into(&s.cpuSeconds, &s.haveCPU)(r.cpuSeconds(ds.cpu, ds.cpuH.v2))
	}
	if ds.memory != "" {
		into(&s.memoryBytes, &s.haveMemory)(cgroupFloat(r.workingSet(ds.memory, ds.memoryH.v2)))
	}
	return ds.pids == "" || ds.cpu == "" || ds.memory == "", errs
}

func cgroupFloat(v uint64, err error) (float64, error) { return float64(v), err }

// parseCgroupUint parses a file holding one unsigned decimal number (pids.current, memory.current,
// cpuacct.usage, pid_max); path only names the file in errors.
func parseCgroupUint(path string, b []byte) (uint64, error) {
	s := strings.TrimSpace(string(b))
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("parse %s: %q: %w", path, hostExcerpt(s), hostNumErrCause(err))
	}
	return v, nil
}

// parsePidsMax parses pids.max: a number, or "max" for no limit of the cgroup's own (limited false).
func parsePidsMax(path string, b []byte) (limit uint64, limited bool, err error) {
	if strings.TrimSpace(string(b)) == "max" {
		return 0, false, nil
	}
	v, err := parseCgroupUint(path, b)
	return v, err == nil, err
}

// errNoCgroupKey marks a flat-keyed file that lacks the key asked for.
var errNoCgroupKey = errors.New("no such key")

// parseCgroupKeyed finds key in a flat-keyed file of "key value" lines (cpu.stat, memory.stat).
// Lines of other keys are not looked at, so new kernel fields never break it.
func parseCgroupKeyed(path string, b []byte, key string) (uint64, error) {
	for n := 1; len(b) > 0; n++ {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		// Only the line of key is split into fields: memory.stat has dozens of others.
		if !bytes.Contains(line, []byte(key)) {
			continue
		}
		f := strings.Fields(string(line))
		if len(f) == 0 || f[0] != key {
			continue
		}
		if len(f) != 2 {
			return 0, fmt.Errorf("parse %s: line %d: %q: want %q and a number", path, n, hostExcerpt(string(line)), key)
		}
		v, err := strconv.ParseUint(f[1], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("parse %s: line %d: %s %q: %w", path, n, key, hostExcerpt(f[1]), hostNumErrCause(err))
		}
		return v, nil
	}
	return 0, fmt.Errorf("parse %s: %q: %w", path, key, errNoCgroupKey)
}

// hostNumErrCause strips strconv's "strconv.ParseUint: parsing ..." prefix, keeping the cause.
func hostNumErrCause(err error) error {
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		return ne.Err
	}
	return err
}

// hostExcerpt shortens garbage quoted in an error message.
func hostExcerpt(s string) string {
	const maxLen = 40
	if len(s) > maxLen {
		return s[:maxLen] + "…"
	}
	return s
}

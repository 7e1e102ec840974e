//go:build linux

package main

// The exporter's own process_* metrics, the same families, help texts and values as
// client_golang's process collector, read more cheaply: that one parses /proc/stat for the boot
// time on every scrape (on a many-core host a long file), /proc/self/limits with a regular
// expression per line, and /proc/self/net/netstat through a scanner; here the start time is
// worked out once and each file is split by hand. The files read on every scrape (stat, net/netstat
// and the fd directory) are kept open and read again from offset 0, which the kernel answers
// afresh: that saves the path lookups, and for net/netstat (about 4 KiB, more than the kernel's
// first buffer for it) a second rendering per read. /proc/self/limits is read at most once every
// limitsEvery.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// userHZ is the unit of the times in /proc/<pid>/stat (USER_HZ, 100 in the kernel's ABI).
const userHZ = 100

var (
	processCPUDesc = prometheus.NewDesc("process_cpu_seconds_total",
		"Total user and system CPU time spent in seconds.", nil, nil)
	processOpenFDsDesc = prometheus.NewDesc("process_open_fds",
		"Number of open file descriptors.", nil, nil)
	processMaxFDsDesc = prometheus.NewDesc("process_max_fds",
		"Maximum number of open file descriptors.", nil, nil)
	processVsizeDesc = prometheus.NewDesc("process_virtual_memory_bytes",
		"Virtual memory size in bytes.", nil, nil)
	processMaxVsizeDesc = prometheus.NewDesc("process_virtual_memory_max_bytes",
		"Maximum amount of virtual memory available in bytes.", nil, nil)
	processRSSDesc = prometheus.NewDesc("process_resident_memory_bytes",
		"Resident memory size in bytes.", nil, nil)
	processStartDesc = prometheus.NewDesc("process_start_time_seconds",
		"Start time of the process since unix epoch in seconds.", nil, nil)
	processInDesc = prometheus.NewDesc("process_network_receive_bytes_total",
		"Number of bytes received by the process over the network.", nil, nil)
	processOutDesc = prometheus.NewDesc("process_network_transmit_bytes_total",
		"Number of bytes sent by the process over the network.", nil, nil)
)

// limitsEvery is how long the values of /proc/self/limits are used before it is read again: the
// limits of a running process change only by prlimit(2) from outside, so process_max_fds and
// process_virtual_memory_max_bytes may lag such a change by this long.
const limitsEvery = time.Minute

// processCollector reports the exporter's own process from procPath/self. It keeps three file
// descriptors open on procPath/self (stat, net/netstat, fd), which process_open_fds counts; they
// are closed when the collector is dropped.
type processCollector struct {
	self  string  // procPath/self
	start float64 // the start time, 0 when it could not be worked out

	mu      sync.Mutex // guards what follows; Collect may run for two scrapes at once
	files   *keptFiles
	buf     []byte    // read buffer
	limitAt time.Time // when limits was last read, zero for never or failed
	limits  processLimits
}

// keptFiles are the descriptors the collector keeps open.
type keptFiles struct {
	stat, netstat, fd keptFile
}

func (k *keptFiles) close() {
	k.stat.close()
	k.netstat.close()
	k.fd.close()
}

// processLimits holds what was read from /proc/self/limits; the have flags say which were found.
type processLimits struct {
	maxFDs, maxVsize   float64
	haveFDs, haveVsize bool
}

// newProcessCollector reads the process from /proc; procPath is for tests.
func newProcessCollector(procPath string) prometheus.Collector {
	self := procPath + "/self"
	c := &processCollector{self: self, buf: make([]byte, 16<<10), files: &keptFiles{
		stat:    keptFile{path: self + "/stat", fd: -1},
		netstat: keptFile{path: self + "/net/netstat", fd: -1},
		fd:      keptFile{path: self + "/fd", fd: -1, dir: true},
	}}
	c.start, _ = startTime(procPath)
	runtime.AddCleanup(c, func(k *keptFiles) { k.close() }, c.files)
	return c
}

// Describe implements prometheus.Collector.
func (c *processCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{processCPUDesc, processOpenFDsDesc, processMaxFDsDesc, processVsizeDesc,
		processMaxVsizeDesc, processRSSDesc, processStartDesc, processInDesc, processOutDesc} {
		ch <- d
	}
}

// Collect implements prometheus.Collector. A value that cannot be read is left out, as
// client_golang's collector does unless told to report errors.
func (c *processCollector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64) { ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v) }
	counter := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if b, err := c.read(&c.files.stat); err == nil {
		if st, err := parseSelfStat(c.files.stat.path, b); err == nil {
			counter(processCPUDesc, float64(st.utime+st.stime)/userHZ)
			gauge(processVsizeDesc, float64(st.vsize))
			gauge(processRSSDesc, float64(st.rss*uint64(os.Getpagesize())))
			if c.start > 0 {
				gauge(processStartDesc, c.start)
			}
		}
	}
	// The kept files are open while the fd directory is counted, so that process_open_fds counts
	// them on every scrape, the first included (net/netstat is read after the count) and one after
	// a failed read closed a file; a file that cannot be opened is left to its read to report.
	c.files.stat.open()
	c.files.netstat.open()
	if fds, err := c.files.fd.countEntries(c.buf); err == nil {
		gauge(processOpenFDsDesc, float64(fds))
	}
	if l, ok := c.readLimits(time.Now()); ok {
		if l.haveFDs {
			gauge(processMaxFDsDesc, l.maxFDs)
		}
		if l.haveVsize {
			gauge(processMaxVsizeDesc, l.maxVsize)
		}
	}
	if b, err := c.read(&c.files.netstat); err == nil {
		in, out := netstatOctets(b)
		counter(processInDesc, in)
		counter(processOutDesc, out)
	}
}

// read reads f whole into c.buf, growing it as needed; the result is valid until the next read.
func (c *processCollector) read(f *keptFile) ([]byte, error) {
	b, err := f.readAt0(c.buf)
	if err != nil {
		return nil, err
	}
	c.buf = b[:cap(b)] // kept at full length: countEntries reads directories into it too
	return b, nil
}

// readLimits returns the values of /proc/self/limits, read again when limitsEvery has passed since
// the last good read.
func (c *processCollector) readLimits(now time.Time) (processLimits, bool) {
	if !c.limitAt.IsZero() && now.Sub(c.limitAt) < limitsEvery && now.Sub(c.limitAt) >= 0 {
		return c.limits, true
	}
	b, err := os.ReadFile(c.self + "/limits")
	if err != nil {
		c.limitAt = time.Time{}
		return processLimits{}, false
	}
	var l processLimits
	l.maxFDs, l.haveFDs = softLimit(b, "Max open files")
	l.maxVsize, l.haveVsize = softLimit(b, "Max address space")
	c.limits, c.limitAt = l, now
	return l, true
}

// selfStat holds the fields of /proc/<pid>/stat the collector uses.
type selfStat struct {
	utime, stime, starttime, vsize, rss uint64
}

// readSelfStat reads /proc/<pid>/stat.
func readSelfStat(path string) (selfStat, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return selfStat{}, err
	}
	return parseSelfStat(path, b)
}

// parseSelfStat parses /proc/<pid>/stat: the fields after the command name in parentheses (which
// may hold anything) are utime, stime (14, 15), starttime (22), vsize (23) and rss (24) of the
// line. path only names the file in errors.
func parseSelfStat(path string, b []byte) (selfStat, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return selfStat{}, fmt.Errorf("parse %s: no command name", path)
	}
	var st selfStat
	want := [...]struct {
		dst   *uint64
		field int
	}{{&st.utime, 14}, {&st.stime, 15}, {&st.starttime, 22}, {&st.vsize, 23}, {&st.rss, 24}}
	rest, field, next := b[i+1:], 2, 0 // rest follows field 2, the command name
	for next < len(want) {
		rest = bytes.TrimLeft(rest, " \n")
		if len(rest) == 0 {
			return selfStat{}, fmt.Errorf("parse %s: %d fields", path, field)
		}
		field++
		end := bytes.IndexAny(rest, " \n")
		if end < 0 {
			end = len(rest)
		}
		if field == want[next].field {
			v, err := strconv.ParseUint(string(rest[:end]), 10, 64)
			if err != nil {
				return selfStat{}, fmt.Errorf("parse %s: field %d: %w", path, field, err)
			}
			*want[next].dst = v
			next++
		}
		rest = rest[end:]
	}
	return st, nil
}

// startTime is the process's start in seconds since the epoch: the boot time (btime of
// /proc/stat) plus starttime of /proc/self/stat.
func startTime(procPath string) (float64, error) {
	st, err := readSelfStat(procPath + "/self/stat")
	if err != nil {
		return 0, err
	}
	b, err := os.ReadFile(procPath + "/stat")
	if err != nil {
		return 0, err
	}
	for line := range bytes.Lines(b) {
		if rest, ok := bytes.CutPrefix(line, []byte("btime ")); ok {
			btime, err := strconv.ParseUint(string(bytes.TrimSpace(rest)), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("parse %s/stat: btime: %w", procPath, err)
			}
			return float64(btime) + float64(st.starttime)/userHZ, nil
		}
	}
	return 0, errors.New("no btime in " + procPath + "/stat")
}

// softLimit finds the soft limit of the line of /proc/<pid>/limits that starts with name ("Max
// open files  20000  20000  files"); "unlimited" is the largest uint64, as procfs reads it.
func softLimit(b []byte, name string) (float64, bool) {
	for line := range bytes.Lines(b) {
		rest, ok := bytes.CutPrefix(line, []byte(name))
		if !ok || len(rest) < 2 || rest[0] != ' ' || rest[1] != ' ' {
			continue
		}
		f := bytes.Fields(rest)
		if len(f) == 0 {
			return 0, false
		}
		if string(f[0]) == "unlimited" {
			return float64(^uint64(0)), true
		}
		v, err := strconv.ParseUint(string(f[0]), 10, 64)
		return float64(v), err == nil
	}
	return 0, false
}

// netstatOctets reads InOctets and OutOctets of the IpExt lines of /proc/<pid>/net/netstat (a
// line of names, then one of values); a missing one is 0.
func netstatOctets(b []byte) (in, out float64) {
	var names [][]byte
	for line := range bytes.Lines(b) {
		rest, ok := bytes.CutPrefix(line, []byte("IpExt:"))
		if !ok {
			continue
		}
		if names == nil {
			names = bytes.Fields(rest)
			continue
		}
		for i, v := range bytes.Fields(rest) {
			if i >= len(names) {
				break
			}
			switch string(names[i]) {
			case "InOctets":
				in, _ = strconv.ParseFloat(string(v), 64)
			case "OutOctets":
				out, _ = strconv.ParseFloat(string(v), 64)
			}
		}
		break
	}
	return in, out
}

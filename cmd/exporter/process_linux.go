//go:build linux

package main

// The exporter's own process_* metrics, the same families, help texts and values as
// client_golang's process collector, read more cheaply: that one parses /proc/stat for the boot
// time on every scrape (on a many-core host a long file), /proc/self/limits with a regular
// expression per line, and /proc/self/net/netstat through a scanner; here the start time is
// worked out once and each file is read with a single read and split by hand.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"

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

// processCollector reports the exporter's own process from procPath/self.
type processCollector struct {
	self  string  // procPath/self
	start float64 // the start time, 0 when it could not be worked out
}

// newProcessCollector reads the process from /proc; procPath is for tests.
func newProcessCollector(procPath string) prometheus.Collector {
	c := &processCollector{self: procPath + "/self"}
	c.start, _ = startTime(procPath)
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
	if st, err := readSelfStat(c.self + "/stat"); err == nil {
		counter(processCPUDesc, float64(st.utime+st.stime)/userHZ)
		gauge(processVsizeDesc, float64(st.vsize))
		gauge(processRSSDesc, float64(st.rss*uint64(os.Getpagesize())))
		if c.start > 0 {
			gauge(processStartDesc, c.start)
		}
	}
	if fds, err := countFDs(c.self + "/fd"); err == nil {
		gauge(processOpenFDsDesc, float64(fds))
	}
	if b, err := os.ReadFile(c.self + "/limits"); err == nil {
		if v, ok := softLimit(b, "Max open files"); ok {
			gauge(processMaxFDsDesc, v)
		}
		if v, ok := softLimit(b, "Max address space"); ok {
			gauge(processMaxVsizeDesc, v)
		}
	}
	if b, err := os.ReadFile(c.self + "/net/netstat"); err == nil {
		in, out := netstatOctets(b)
		counter(processInDesc, in)
		counter(processOutDesc, out)
	}
}

// selfStat holds the fields of /proc/<pid>/stat the collector uses.
type selfStat struct {
	utime, stime, starttime, vsize, rss uint64
}

// readSelfStat reads /proc/<pid>/stat: the fields after the command name in parentheses (which may
// hold anything) are utime, stime (14, 15), starttime (22), vsize (23) and rss (24) of the line.
func readSelfStat(path string) (selfStat, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return selfStat{}, err
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return selfStat{}, fmt.Errorf("parse %s: no command name", path)
	}
	f := bytes.Fields(b[i+1:]) // f[0] is field 3, the state
	if len(f) < 22 {
		return selfStat{}, fmt.Errorf("parse %s: %d fields", path, len(f)+2)
	}
	var st selfStat
	for _, x := range []struct {
		dst   *uint64
		field int
	}{{&st.utime, 14}, {&st.stime, 15}, {&st.starttime, 22}, {&st.vsize, 23}, {&st.rss, 24}} {
		if *x.dst, err = strconv.ParseUint(string(f[x.field-3]), 10, 64); err != nil {
			return selfStat{}, fmt.Errorf("parse %s: field %d: %w", path, x.field, err)
		}
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

// countFDs counts the entries of /proc/<pid>/fd.
func countFDs(dir string) (int, error) {
	d, err := os.Open(dir)
	if err != nil {
		return 0, err
	}
	defer d.Close()
	n := 0
	for {
		names, err := d.Readdirnames(256)
		n += len(names)
		if err != nil || len(names) == 0 {
			return n, nil
		}
	}
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

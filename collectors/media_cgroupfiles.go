package collectors

// Reading a unit's cgroup files: one scrape reads them all through one reused buffer, and the
// pids.max of a slice (system.slice, shared by every unit) once, however many units are in it.

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
)

// maxKeptReadBuf bounds a read buffer kept for the next scrape (a cgroupReader's, netdev's); a
// file that needed more is read into a buffer of its own, dropped after.
const maxKeptReadBuf = 64 << 10

// cgroupReader reads the cgroup files of one scrape. Not safe for concurrent use.
type cgroupReader struct {
	buf []byte
	// slices holds each slice's pids.max as read this scrape, by path.
	slices map[string]pidsMaxResult
}

type pidsMaxResult struct {
	limit   uint64
	limited bool
	err     error
}

var cgroupReaders = sync.Pool{New: func() any {
	return &cgroupReader{buf: make([]byte, 0, 4<<10), slices: map[string]pidsMaxResult{}}
}}

// getCgroupReader returns a reader for one scrape; putCgroupReader gives it back.
func getCgroupReader() *cgroupReader { return cgroupReaders.Get().(*cgroupReader) }

func putCgroupReader(r *cgroupReader) {
	clear(r.slices) // what a slice holds is read again next scrape
	if cap(r.buf) <= maxKeptReadBuf {
		cgroupReaders.Put(r)
	}
}

// file reads a cgroup or procfs file; the error names it. The bytes are valid until the next read.
func (r *cgroupReader) file(path string) ([]byte, error) {
	b, err := readSmallFileInto(path, r.buf)
	if err != nil {
		return nil, fmt.Errorf("read %w", err)
	}
	if cap(b) > cap(r.buf) {
		r.buf = b[:0]
	}
	return b, nil
}

func (r *cgroupReader) uint(path string) (uint64, error) {
	b, err := r.file(path)
	if err != nil {
		return 0, err
	}
	return parseCgroupUint(path, b)
}

func (r *cgroupReader) pidsMax(path string) (limit uint64, limited bool, err error) {
	b, err := r.file(path)
	if err != nil {
		return 0, false, err
	}
	return parsePidsMax(path, b)
}

// slicePidsMax is pidsMax of a slice's file, read once per scrape.
func (r *cgroupReader) slicePidsMax(path string) (limit uint64, limited bool, err error) {
	if res, ok := r.slices[path]; ok {
		return res.limit, res.limited, res.err
	}
	limit, limited, err = r.pidsMax(path)
	r.slices[path] = pidsMaxResult{limit: limit, limited: limited, err: err}
	return limit, limited, err
}

// cpuSeconds reads v2's cpu.stat usage_usec or v1's cpuacct.usage (nanoseconds).
func (r *cgroupReader) cpuSeconds(dir string, v2 bool) (float64, error) {
	if v2 {
		path := filepath.Join(dir, "cpu.stat")
		b, err := r.file(path)
		if err != nil {
			return 0, err
		}
		usec, err := parseCgroupKeyed(path, b, "usage_usec")
		return float64(usec) / 1e6, err
	}
	ns, err := r.uint(filepath.Join(dir, "cpuacct.usage"))
	return float64(ns) / 1e9, err
}

// workingSet is the cgroup's memory usage less its inactive file-backed pages (page cache the
// kernel reclaims first, e.g. recordings just written), as cAdvisor and the kubelet count it.
func (r *cgroupReader) workingSet(dir string, v2 bool) (uint64, error) {
	usageFile, inactiveKey := "memory.usage_in_bytes", "total_inactive_file" // v1: hierarchical like the usage
	if v2 {
		usageFile, inactiveKey = "memory.current", "inactive_file"
	}
	usage, err := r.uint(filepath.Join(dir, usageFile))
	if err != nil {
		return 0, err
	}
	statPath := filepath.Join(dir, "memory.stat")
	b, err := r.file(statPath)
	if err != nil {
		return 0, err
	}
	inactive, err := parseCgroupKeyed(statPath, b, inactiveKey)
	if err != nil {
		return 0, err
	}
	if inactive > usage {
		return 0, nil
	}
	return usage - inactive, nil
}

// readTasksLimit is tasksLimit with a reader of its own.
func readTasksLimit(dir, root string, ceiling func() (uint64, error)) (uint64, error) {
	r := getCgroupReader()
	defer putCgroupReader(r)
	return r.tasksLimit(dir, root, ceiling)
}

// tasksLimit is the lowest pids.max of the unit's cgroup and the slices above it up to the
// hierarchy's root, bounded by the kernel's ceiling; "max" everywhere means the kernel's ceiling. The
// unit's own pids.max must exist.
func (r *cgroupReader) tasksLimit(dir, root string, ceiling func() (uint64, error)) (uint64, error) {
	limit, limited, err := r.pidsMax(filepath.Join(dir, "pids.max"))
	if err != nil {
		return 0, err
	}
	for up := filepath.Dir(dir); len(up) > len(root) && strings.HasPrefix(up, root); up = filepath.Dir(up) {
		if sl, ok, err := r.slicePidsMax(filepath.Join(up, "pids.max")); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, err
		} else if ok && (!limited || sl < limit) {
			limit, limited = sl, true
		}
	}
	kc, err := ceiling()
	switch {
	case err != nil && !limited:
		return 0, fmt.Errorf("pids.max is max: %w", err)
	case err == nil && (!limited || kc < limit):
		limit = kc
	}
	return limit, nil
}

// kernelCeiling reads min(pid_max, threads-max) once per discovery, when first needed.
type kernelCeiling struct {
	procPath string
	done     bool
	value    uint64
	err      error
}

func (k *kernelCeiling) get() (uint64, error) {
	if !k.done {
		k.done = true
		pidMax, err1 := readCgroupUint(filepath.Join(k.procPath, "sys", "kernel", "pid_max"))
		threadsMax, err2 := readCgroupUint(filepath.Join(k.procPath, "sys", "kernel", "threads-max"))
		k.value, k.err = min(pidMax, threadsMax), errors.Join(err1, err2)
	}
	return k.value, k.err
}

// readCgroupFile reads a cgroup or procfs file; the error names it.
func readCgroupFile(path string) ([]byte, error) {
	b, err := readSmallFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %w", err)
	}
	return b, nil
}

func readCgroupUint(path string) (uint64, error) {
	b, err := readCgroupFile(path)
	if err != nil {
		return 0, err
	}
	return parseCgroupUint(path, b)
}

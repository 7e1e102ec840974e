package collectors

// The /proc fallback of the media collector: a unit without a cgroup to read is measured from its
// processes.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/prometheus/procfs"
)

// clockTicks is USER_HZ, the unit of the times in /proc/<pid>/stat: 100 in the kernel's ABI.
const clockTicks = 100

// procTotals sums a unit's processes found in /proc.
type procTotals struct {
	threads, rssBytes, ticks uint64
	found                    bool
}

// fillFromProc fills what the units in idx lack from their processes in /proc: a process belongs to
// a unit when a line of /proc/<pid>/cgroup names the unit's cgroup. Tasks are the sum of threads, CPU
// is user+system time including that of reaped children (so the sum does not drop when a worker
// exits), memory is the sum of resident sets. No limit is stated.
func (c *mediaCollector) fillFromProc(ctx context.Context, units []mediaUnit, idx []int, samples []unitSample) error {
	byCgroup := make(map[string]int, len(idx))
	for _, i := range idx {
		byCgroup[units[i].cgroup] = i
	}
	pfs, err := procfs.NewFS(c.procPath)
	if err != nil {
		return fmt.Errorf("open procfs %s: %w", c.procPath, err)
	}
	procs, err := pfs.AllProcs()
	if err != nil {
		return fmt.Errorf("list processes in %s: %w", c.procPath, err)
	}
	totals := make([]procTotals, len(units))
	var errs []error
	for n, p := range procs {
		if n%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := c.addProcess(p, byCgroup, totals); err != nil && !processGone(err) {
			errs = append(errs, err)
			if len(errs) == 3 {
				errs = append(errs, errors.New("further process errors left out"))
				break
			}
		}
	}
	for _, i := range idx {
		t, s := totals[i], &samples[i]
		if !t.found {
			continue
		}
		s.inProc = true
		if !s.haveTasks {
			s.tasks, s.haveTasks = float64(t.threads), true
		}
		if !s.haveCPU {
			s.cpuSeconds, s.haveCPU = float64(t.ticks)/clockTicks, true
		}
		if !s.haveMemory {
			s.memoryBytes, s.haveMemory = float64(t.rssBytes), true
		}
	}
	return errors.Join(errs...)
}

// addProcess adds process p to the totals of its unit, if it belongs to one of byCgroup.
func (c *mediaCollector) addProcess(p procfs.Proc, byCgroup map[string]int, totals []procTotals) error {
	dir := filepath.Join(c.procPath, strconv.Itoa(p.PID))
	cgs, err := p.Cgroups()
	if err != nil {
		return procFileErr(filepath.Join(dir, "cgroup"), err)
	}
	i, ok := procUnitIndex(cgs, byCgroup)
	if !ok {
		return nil
	}
	st, err := procStat(p)
	if err != nil {
		return procFileErr(filepath.Join(dir, "stat"), err)
	}
	status, err := p.NewStatus()
	if err != nil {
		return procFileErr(filepath.Join(dir, "status"), err)
	}
	if st.NumThreads < 0 || st.CUTime < 0 || st.CSTime < 0 {
		return fmt.Errorf("parse %s: negative thread count or child time", filepath.Join(dir, "stat"))
	}
	t := &totals[i]
	t.found = true
	t.threads += uint64(st.NumThreads)
	t.ticks += uint64(st.UTime) + uint64(st.STime) + uint64(st.CUTime) + uint64(st.CSTime)
	t.rssBytes += status.VmRSS
	return nil
}

// procUnitIndex finds the unit whose cgroup is a component of one of the process's cgroup paths
// (v2 has one line, v1 one per hierarchy; the name=systemd line always names the unit).
func procUnitIndex(cgs []procfs.Cgroup, byCgroup map[string]int) (int, bool) {
	for _, cg := range cgs {
		for part := range strings.SplitSeq(cg.Path, "/") {
			if i, ok := byCgroup[part]; ok {
				return i, true
			}
		}
	}
	return 0, false
}

// procStat reads /proc/<pid>/stat; procfs slices a truncated file out of range, so a panic there
// becomes an error.
func procStat(p procfs.Proc) (st procfs.ProcStat, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed: %v", r)
		}
	}()
	return p.Stat()
}

// procFileErr names the file in err once: procfs' read errors name it already, its parse errors not.
func procFileErr(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("read %w", err)
	}
	return fmt.Errorf("parse %s: %w", path, err)
}

// processGone tells a process that exited between listing /proc and reading it, or one hidden from
// us (/proc mounted with hidepid=1): neither can be told apart from a process of another unit.
func processGone(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ESRCH) || errors.Is(err, fs.ErrPermission)
}

package retention

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// DefaultProcRoot is where procfs is mounted.
const DefaultProcRoot = "/proc"

// fileID identifies a file independently of its name.
type fileID struct{ dev, ino uint64 }

func idOf(info os.FileInfo) (fileID, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{dev: uint64(st.Dev), ino: st.Ino}, true
}

// writerScan is one look at /proc: which of the wanted files processes hold
// open for writing.
type writerScan struct {
	// writers maps a file to the number of its write descriptors.
	writers map[fileID]int
	// programs maps a file to the names (/proc/<pid>/comm) of the
	// processes writing it, once each.
	programs map[fileID][]string
	// hidden counts processes whose descriptors could not be read (not root).
	hidden int
}

// scanWriters walks procRoot/<pid>/fd and reports, for the files want
// accepts, the descriptors opened with O_WRONLY or O_RDWR (per
// procRoot/<pid>/fdinfo/<fd> "flags:").
func scanWriters(procRoot string, want func(fileID) bool) (writerScan, error) {
	ws := writerScan{writers: map[fileID]int{}, programs: map[fileID][]string{}}
	procs, err := os.ReadDir(procRoot)
	if err != nil {
		return ws, fmt.Errorf("scan %s: %w", procRoot, err)
	}
	for _, p := range procs {
		if _, err := strconv.Atoi(p.Name()); err != nil {
			continue
		}
		fdDir := filepath.Join(procRoot, p.Name(), "fd")
		fds, err := os.ReadDir(fdDir)
		if err != nil {
			if errors.Is(err, fs.ErrPermission) {
				ws.hidden++
			}
			continue // the process ended, or is a kernel thread
		}
		for _, fd := range fds {
			link := filepath.Join(fdDir, fd.Name())
			// Sockets, pipes and anonymous inodes ("socket:[123]") are no
			// files: skip them without a stat.
			if target, err := os.Readlink(link); err != nil || !strings.HasPrefix(target, "/") {
				continue
			}
			info, err := os.Stat(link)
			if err != nil || !info.Mode().IsRegular() {
				continue
			}
			id, ok := idOf(info)
			if !ok || !want(id) {
				continue
			}
			if writable(filepath.Join(procRoot, p.Name(), "fdinfo", fd.Name())) {
				ws.writers[id]++
				comm, _ := os.ReadFile(filepath.Join(procRoot, p.Name(), "comm"))
				if name := strings.TrimSpace(string(comm)); name != "" && !slices.Contains(ws.programs[id], name) {
					ws.programs[id] = append(ws.programs[id], name)
				}
			}
		}
	}
	return ws, nil
}

// writable reads an fdinfo file's octal "flags:" and tests the access mode.
// A descriptor whose flags cannot be read counts as writable: when in doubt,
// leave the file alone.
func writable(fdinfo string) bool {
	data, err := os.ReadFile(fdinfo)
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		v, ok := bytes.CutPrefix(sc.Bytes(), []byte("flags:"))
		if !ok {
			continue
		}
		flags, err := strconv.ParseUint(string(bytes.TrimSpace(v)), 8, 64)
		if err != nil {
			return true
		}
		mode := flags & uint64(syscall.O_ACCMODE)
		return mode == syscall.O_WRONLY || mode == syscall.O_RDWR
	}
	return true
}

package retention

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// A run works as root in directories other users may own: the owner of
// /var/log/app could swap a directory on the way for a symlink to /etc
// between the janitor's check and its rename. So every change is made
// relative to a descriptor of the directory the file was found in, opened
// one component at a time from / without following a symlink: whatever
// happens to the path meanwhile, the janitor stays in that directory.

// openDirNoFollow opens dir, an absolute path, refusing a symlink anywhere
// on the way.
func openDirNoFollow(dir string) (*os.File, error) {
	// The directories on the way are opened with O_PATH, which needs no read
	// permission (as a lookup by path needs none); the last one for reading,
	// so that it can be fsynced.
	fd, err := unix.Open("/", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open directory %s: %w", dir, err)
	}
	var parts []string
	for _, c := range strings.Split(filepath.Clean(dir), "/") {
		if c != "" {
			parts = append(parts, c)
		}
	}
	if len(parts) == 0 {
		unix.Close(fd)
		return os.Open("/")
	}
	for i, c := range parts {
		mode := unix.O_PATH
		if i == len(parts)-1 {
			mode = unix.O_RDONLY
		}
		next, err := unix.Openat(fd, c, mode|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		unix.Close(fd)
		if errors.Is(err, unix.ELOOP) || errors.Is(err, unix.ENOTDIR) {
			return nil, fmt.Errorf("open directory %s: %q on the way is a symlink or no directory (not followed)", dir, c)
		}
		if err != nil {
			return nil, fmt.Errorf("open directory %s: %w", dir, err)
		}
		fd = next
	}
	return os.NewFile(uintptr(fd), dir), nil
}

// openAt opens name in dir without following a symlink.
func openAt(dir *os.File, name string, flag int, perm uint32) (*os.File, error) {
	path := filepath.Join(dir.Name(), name)
	fd, err := unix.Openat(int(dir.Fd()), name, flag|unix.O_NOFOLLOW|unix.O_CLOEXEC, perm)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(fd), path), nil
}

// removeNoFollow removes path, reached without following a symlink.
func removeNoFollow(path string) error {
	d, err := openDirNoFollow(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	if err := unix.Unlinkat(int(d.Fd()), filepath.Base(path), 0); err != nil {
		return &os.PathError{Op: "remove", Path: path, Err: err}
	}
	return nil
}

//go:build unix

package collectors

import (
	"syscall"

	"github.com/bbbkit/bbbkit/internal/sysfile"
)

// readSmallFile reads a small procfs or cgroup file with three system calls (open, read, close),
// where os.ReadFile also asks for its size, which such files do not know, and sets up a poller
// entry. Errors are *fs.PathError as os.ReadFile returns them.
func readSmallFile(path string) ([]byte, error) {
	return readSmallFileInto(path, make([]byte, 0, 512))
}

// readSmallFileInto is readSmallFile reading into buf[:0], which it grows as needed; the result
// shares buf's memory when it fits.
func readSmallFileInto(path string, buf []byte) ([]byte, error) {
	fd, err := sysfile.Open(path, false)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	return sysfile.ReadAt0(fd, path, buf)
}

//go:build unix

package collectors

import (
	"io/fs"
	"syscall"
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
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	b := buf[:0]
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := syscall.Read(fd, b[len(b):cap(b)])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		case n == 0:
			return b, nil
		}
		b = b[:len(b)+n]
	}
}

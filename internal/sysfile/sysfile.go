//go:build unix

// Package sysfile reads the small files of procfs, sysfs and cgroupfs with as few system calls
// as a scrape can afford: no size query (such files do not know their size), no poller entry,
// and a buffer the caller keeps between scrapes.
package sysfile

import (
	"io/fs"
	"syscall"
)

// Open opens path read-only and close-on-exec, as a directory when dir, retrying when a signal
// interrupts it. The error is an *fs.PathError, as os.Open returns it.
func Open(path string, dir bool) (int, error) {
	flags := syscall.O_RDONLY | syscall.O_CLOEXEC
	if dir {
		flags |= syscall.O_DIRECTORY
	}
	for {
		fd, err := syscall.Open(path, flags, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return -1, &fs.PathError{Op: "open", Path: path, Err: err}
		}
		return fd, nil
	}
}

// ReadAt0 reads the open file fd, named path in errors, from offset 0 to its end into buf[:0],
// which it grows as needed; the result shares buf's memory when it fits. Reading at offset 0
// makes the kernel render a procfs file afresh, so a descriptor can be kept and read again.
// The error is an *fs.PathError.
func ReadAt0(fd int, path string, buf []byte) ([]byte, error) {
	b := buf[:0]
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := syscall.Pread(fd, b[len(b):cap(b)], int64(len(b)))
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

//go:build linux

package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"syscall"

	"github.com/bbbkit/bbbkit/internal/sysfile"
)

// keptFile is a procfs file or directory kept open between scrapes and read from offset 0 each
// time: procfs renders such a file anew on a read at offset 0. The descriptor is opened when first
// needed and, after a failed read, closed and opened again on the next. Its user serializes calls.
// A file replaced under the same path (a fixture tree written by rename; procfs never does this)
// is not seen: the kept descriptor reads the old one until a read of it fails.
type keptFile struct {
	path string
	dir  bool
	fd   int // -1 when not open
}

func (f *keptFile) open() error {
	if f.fd >= 0 {
		return nil
	}
	fd, err := sysfile.Open(f.path, f.dir)
	if err != nil {
		return err
	}
	f.fd = fd
	return nil
}

func (f *keptFile) close() {
	if f.fd >= 0 {
		syscall.Close(f.fd)
		f.fd = -1
	}
}

// readAt0 reads the whole file from offset 0 into buf[:0], which it grows as needed.
func (f *keptFile) readAt0(buf []byte) ([]byte, error) {
	if err := f.open(); err != nil {
		return nil, err
	}
	b, err := sysfile.ReadAt0(f.fd, f.path, buf)
	if err != nil {
		f.close()
	}
	return b, err
}

// countEntries counts the directory's entries but for "." and "..", reading it from the start
// with buf as the buffer for getdents.
func (f *keptFile) countEntries(buf []byte) (int, error) {
	if err := f.open(); err != nil {
		return 0, err
	}
	if _, err := syscall.Seek(f.fd, 0, 0); err != nil {
		f.close()
		return 0, fmt.Errorf("seek %s: %w", f.path, err)
	}
	count := 0
	for {
		n, err := syscall.Getdents(f.fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			f.close()
			return 0, fmt.Errorf("read directory %s: %w", f.path, err)
		}
		if n <= 0 {
			return count, nil
		}
		c, err := countDirents(buf[:n])
		if err != nil {
			f.close()
			return 0, fmt.Errorf("read directory %s: %w", f.path, err)
		}
		count += c
	}
}

// countDirents counts the linux_dirent64 records in b (inode 8 bytes, offset 8, record length 2
// in the host's byte order, type 1, then the NUL-padded name), leaving out "." and "..".
func countDirents(b []byte) (int, error) {
	const nameAt = 19
	count := 0
	for len(b) > 0 {
		if len(b) < nameAt+1 {
			return 0, errors.New("truncated directory entry")
		}
		reclen := int(binary.NativeEndian.Uint16(b[16:18]))
		if reclen < nameAt+1 || reclen > len(b) {
			return 0, fmt.Errorf("directory entry of %d bytes", reclen)
		}
		name := b[nameAt:reclen]
		if end := bytes.IndexByte(name, 0); end >= 0 {
			name = name[:end]
		}
		if string(name) != "." && string(name) != ".." {
			count++
		}
		b = b[reclen:]
	}
	return count, nil
}

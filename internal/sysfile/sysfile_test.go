//go:build unix

package sysfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadAt0 reads a file larger than the buffer it is given, again through the same
// descriptor after the file changed, and this machine's /proc/self/stat.
func TestReadAt0(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	want := strings.Repeat("0123456789", 100)
	if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
	fd, err := Open(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	b, err := ReadAt0(fd, path, make([]byte, 0, 7))
	if err != nil || string(b) != want {
		t.Fatalf("ReadAt0 = %d bytes, %v; want %d bytes", len(b), err, len(want))
	}
	if err := os.WriteFile(path, []byte("short"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err = ReadAt0(fd, path, b); err != nil || string(b) != "short" {
		t.Fatalf("ReadAt0 after a change = %q, %v", b, err)
	}
	if _, err := os.Stat("/proc/self/stat"); err == nil {
		sfd, err := Open("/proc/self/stat", false)
		if err != nil {
			t.Fatal(err)
		}
		defer syscall.Close(sfd)
		for range 2 {
			if b, err := ReadAt0(sfd, "/proc/self/stat", nil); err != nil || !strings.Contains(string(b), ") ") {
				t.Fatalf("/proc/self/stat: %q, %v", b, err)
			}
		}
	}
}

// TestErrorsNameThePath checks that failures are *fs.PathError naming the file, as os.ReadFile's.
func TestErrorsNameThePath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	_, err := Open(missing, false)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "open" || pe.Path != missing || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Open(missing) = %v", err)
	}
	dir := t.TempDir()
	fd, err := Open(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	if _, err := ReadAt0(fd, dir, nil); !errors.As(err, &pe) || pe.Op != "read" || pe.Path != dir {
		t.Fatalf("ReadAt0(a directory) = %v", err)
	}
}

package retention

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Errors that leave a file as it was, to be tried again by the next run.
var (
	// ErrChanged means the file changed (grew, was replaced) while it was read.
	ErrChanged = errors.New("changed while being processed; left for the next run")
	// ErrHeld means a process holds the file open for writing.
	ErrHeld = errors.New("held open for writing")
)

// stillSame checks, just before a file is replaced or removed, that path
// still names the very file that was read, unchanged or only grown, and
// that no process has opened it for writing since.
//
// A file that only grew was appended to by a program that opens it for
// every line (redis, a shell script's >>): that is no reason to wait for
// the next run, where it would grow again, and its trim would be put off
// for as long as the program logs. What was appended after the read is
// copied to the new file by salvage, as the lines of a writer that opens
// it at the last instant are. Any other change (a new inode, a shrunk file,
// the same size with another mtime: truncated or rewritten in place)
// leaves the file for the next run.
func (r *Runner) stillSame(l *logFile) error {
	var now unix.Stat_t
	if err := unix.Fstatat(l.dirFd(), l.base, &now, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return fmt.Errorf("%s: %w", l.path, ErrChanged)
	}
	was, ok := l.info.Sys().(*syscall.Stat_t)
	same := ok && uint64(now.Dev) == uint64(was.Dev) && uint64(now.Ino) == uint64(was.Ino)
	unchanged := same && int64(now.Size) == int64(was.Size) &&
		int64(now.Mtim.Sec) == int64(was.Mtim.Sec) && int64(now.Mtim.Nsec) == int64(was.Mtim.Nsec)
	grown := same && int64(now.Size) > int64(was.Size) && !l.gz && l.unsupported == ""
	if !unchanged && !grown {
		return fmt.Errorf("%s: %w", l.path, ErrChanged)
	}
	id, _ := idOf(l.info)
	held, err := r.heldSteadily(id)
	if err != nil {
		return err
	}
	if held {
		return fmt.Errorf("%s: %w", l.path, ErrHeld)
	}
	return nil
}

// heldOpen says whether a process holds the file id open for writing.
func (r *Runner) heldOpen(id fileID) (bool, error) {
	ws, err := scanWriters(r.procRoot(), func(f fileID) bool { return f == id })
	return ws.writers[id] > 0, err
}

// heldLooks bounds how often heldSteadily looks, heldEvery apart.
const (
	heldLooks = 5
	heldEvery = 2 * time.Millisecond
)

// heldSteadily says whether a process holds the file id open for writing
// at every one of a few looks. A program that opens its log for every line
// holds it for microseconds: one look may catch it, and if that were
// enough, the file's trim would be put off as often as the program logs.
// A writer that keeps the file open is seen at every look.
func (r *Runner) heldSteadily(id fileID) (bool, error) {
	for look := 0; ; look++ {
		held, err := r.heldOpen(id)
		if err != nil || !held || look == heldLooks-1 {
			return held, err
		}
		time.Sleep(heldEvery)
	}
}

// rewrite replaces the file by its fresh lines, scrubbed: a temp file in the
// same directory gets the content, the owner, mode and times of the
// original, is fsynced and renamed over it, and the directory is fsynced.
// Killed at any instant, this leaves the old file or the new one (and maybe
// a temp file the next run removes).
func (r *Runner) rewrite(src *Source, l *logFile, cutoff time.Time) (rewriteStats, error) {
	tmp, err := createTempAt(l.dir)
	if err != nil {
		return rewriteStats{}, fmt.Errorf("rewrite %s: %w", l.path, err)
	}
	tmpName := filepath.Base(tmp.Name())
	done := false
	defer func() {
		if !done {
			tmp.Close()
			unix.Unlinkat(l.dirFd(), tmpName, 0)
		}
	}()
	hw := &holeWriter{f: tmp}
	var w io.Writer = hw
	if r.wrapTemp != nil {
		w = r.wrapTemp(w)
	}
	s, _ := r.scrubbers(src)
	st, err := l.writeFresh(w, r.loc(src), cutoff, s)
	if err == nil {
		var n int64
		n, err = r.catchUp(l, w, s)
		st.Kept += n
	}
	if err == nil {
		err = hw.finish()
	}
	if err != nil {
		return st, fmt.Errorf("rewrite %s: %w", l.path, err)
	}
	if err := copyAttrs(tmp, l.dir, tmpName, l.info); err != nil {
		return st, fmt.Errorf("rewrite %s: %w", l.path, err)
	}
	if err := tmp.Sync(); err != nil {
		return st, fmt.Errorf("rewrite %s: sync: %w", l.path, err)
	}
	if err := r.stillSame(l); err != nil {
		return st, err
	}
	// What was appended during the fsync and the check goes in too, right
	// before the rename: the less salvage has to append after it, the less
	// can come out of order.
	if _, err := tmp.Seek(0, io.SeekEnd); err != nil {
		return st, fmt.Errorf("rewrite %s: %w", l.path, err)
	}
	if n, err := r.catchUp(l, tmp, s); err != nil {
		return st, err
	} else if n > 0 {
		st.Kept += n
		if err := unix.Fdatasync(int(tmp.Fd())); err != nil {
			return st, fmt.Errorf("rewrite %s: sync: %w", l.path, err)
		}
		// The lines of the last milliseconds are not synced before the
		// rename: they are as safe as in the writer's own file, which it
		// did not sync either, and none is lost if the janitor is killed.
		n, err := r.catchUp(l, tmp, s)
		if err != nil {
			return st, err
		}
		st.Kept += n
	}
	if err := tmp.Close(); err != nil {
		return st, fmt.Errorf("rewrite %s: %w", l.path, err)
	}
	if r.beforeCommit != nil {
		r.beforeCommit(l.path)
	}
	if err := unix.Renameat(l.dirFd(), tmpName, l.dirFd(), l.base); err != nil {
		return st, fmt.Errorf("rewrite %s: rename %s: %w", l.path, tmpName, err)
	}
	done = true
	if err := l.dir.Sync(); err != nil {
		return st, fmt.Errorf("rewrite %s: %w", l.path, err)
	}
	n, err := r.salvage(l, s)
	st.Kept += n
	return st, err
}

// remove deletes a file whose lines are all expired.
func (r *Runner) remove(src *Source, l *logFile) error {
	if err := r.stillSame(l); err != nil {
		return err
	}
	if r.beforeCommit != nil {
		r.beforeCommit(l.path)
	}
	if err := unix.Unlinkat(l.dirFd(), l.base, 0); err != nil {
		return fmt.Errorf("delete %s: %w", l.path, err)
	}
	if err := l.dir.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", l.dir.Name(), err)
	}
	s, _ := r.scrubbers(src)
	_, err := r.salvage(l, s)
	return err
}

// copyAttrs gives tmp the owner, mode, access and modification times of the
// original.
func copyAttrs(tmp, dir *os.File, tmpName string, info os.FileInfo) error {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return errors.New("no owner information")
	}
	if err := tmp.Chown(int(st.Uid), int(st.Gid)); err != nil {
		return fmt.Errorf("chown: %w", err)
	}
	// chmod after chown: chown clears set-id bits.
	if err := tmp.Chmod(info.Mode() & (os.ModePerm | os.ModeSetuid | os.ModeSetgid | os.ModeSticky)); err != nil {
		return fmt.Errorf("chmod: %w", err)
	}
	ts := []unix.Timespec{unix.NsecToTimespec(st.Atim.Nano()), unix.NsecToTimespec(info.ModTime().UnixNano())}
	if err := unix.UtimesNanoAt(int(dir.Fd()), tmpName, ts, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return fmt.Errorf("set times: %w", err)
	}
	return nil
}

// syncDir makes a rename or removal in dir durable.
func syncDir(dir string) error {
	d, err := openDirNoFollow(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// renameNoReplace renames old to new unless new exists.
// Both are in one directory, reached without following a symlink.
func renameNoReplace(old, new string) error {
	if filepath.Dir(old) != filepath.Dir(new) {
		return fmt.Errorf("rename %s to %s: not in one directory", old, new)
	}
	d, err := openDirNoFollow(filepath.Dir(old))
	if err != nil {
		return fmt.Errorf("rename %s: %w", old, err)
	}
	defer d.Close()
	fd, from, to := int(d.Fd()), filepath.Base(old), filepath.Base(new)
	err = unix.Renameat2(fd, from, fd, to, unix.RENAME_NOREPLACE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		var st unix.Stat_t
		if serr := unix.Fstatat(fd, to, &st, unix.AT_SYMLINK_NOFOLLOW); serr == nil {
			return fmt.Errorf("rename %s: %s exists", old, new)
		}
		err = unix.Renameat(fd, from, fd, to)
	}
	if err != nil {
		return fmt.Errorf("rename %s to %s: %w", old, new, err)
	}
	return nil
}

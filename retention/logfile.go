package retention

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Scrubber masks addresses in lines; package retention/scrub implements
// it. Lines are passed without their newline. An address already masked to
// the prefix is left alone and not counted, so scrubbing twice changes nothing.
type Scrubber interface {
	// AppendLine appends line with its addresses scrubbed to dst and says
	// how many addresses it changed.
	AppendLine(dst, line []byte) (out []byte, n int)
	// Count counts the addresses scrubbing would change (the unmasked ones).
	Count(line []byte) int
}

// Counter counts addresses; a scrub.Scrubber in redact mode counts every
// address, masked or not.
type Counter interface {
	Count(line []byte) int
}

// logFile is a log file opened for judging, never following a symlink.
type logFile struct {
	path string
	// base is the name in dir, the directory the file was found in,
	// opened without following symlinks: every change goes through it.
	base string
	dir  *os.File
	f    *os.File
	info os.FileInfo
	gz   bool
	hdr  gzip.Header
	// unsupported names a compression the janitor cannot read (xz, …):
	// such a file can only be judged by its mtime, as a whole.
	unsupported string
	// binary says the source's files are not text: judged by the mtime, as
	// a whole, like an unsupported compression (but no error while fresh).
	binary bool
	// copied is where the bytes copied to the rewritten file end: the size
	// when the file was opened, or more once a rewrite caught up with a
	// writer appending to it (0: the size when opened).
	copied int64
}

// openSourceLog opens path as a file of src.
func openSourceLog(src *Source, path string) (*logFile, error) {
	l, err := openLog(path)
	if err != nil {
		return nil, err
	}
	l.binary = src.Binary
	return l, nil
}

// compressions are the formats logrotate may be told to use besides gzip.
var compressions = []struct {
	name  string
	magic []byte
}{
	{"xz", []byte{0xfd, '7', 'z', 'X', 'Z', 0}},
	{"bzip2", []byte("BZh")},
	{"zstd", []byte{0x28, 0xb5, 0x2f, 0xfd}},
	{"lz4", []byte{0x04, 0x22, 0x4d, 0x18}},
}

// compression names the unsupported compression of a file, by its
// content, or "".
func compression(head []byte) string {
	for _, c := range compressions {
		if bytes.HasPrefix(head, c.magic) {
			return c.name
		}
	}
	return ""
}

// errUnsupported says a file is compressed in a format the janitor cannot read.
func (l *logFile) errUnsupported() error {
	return fmt.Errorf("read %s: %s compression is not supported (only gzip): left as it is until its mtime expires", l.path, l.unsupported)
}

// openLog opens path read-only. It refuses symlinks and anything but a
// regular file.
func openLog(path string) (*logFile, error) {
	dir, err := openDirNoFollow(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	f, err := openAt(dir, filepath.Base(path), unix.O_RDONLY|unix.O_NONBLOCK, 0)
	if err != nil {
		dir.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		dir.Close()
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		dir.Close()
		return nil, fmt.Errorf("open %s: not a regular file", path)
	}
	l := &logFile{path: path, base: filepath.Base(path), dir: dir, f: f, info: info}
	var magic [6]byte
	n, _ := io.ReadFull(f, magic[:])
	head := magic[:n]
	// By content, not by name: a ".gz" that is plain text (a botched
	// rotation) is read as text, a gzip file without ".gz" is decompressed.
	l.gz = bytes.HasPrefix(head, []byte{0x1f, 0x8b})
	if !l.gz {
		l.unsupported = compression(head)
	}
	return l, nil
}

func (l *logFile) Close() error {
	l.dir.Close()
	return l.f.Close()
}

// dirFd is the descriptor of the file's directory, for the *at calls.
func (l *logFile) dirFd() int { return int(l.dir.Fd()) }

// refusal says why the file must not be replaced or deleted, or nil:
//   - hard links: a rename would leave the old lines under the other names,
//     a deletion all of them;
//   - the append-only or immutable attribute (chattr +a, +i): neither
//     rename nor unlink is allowed, even to root.
func (l *logFile) refusal() error {
	if st, ok := l.info.Sys().(*syscall.Stat_t); ok && st.Nlink > 1 {
		return fmt.Errorf("%s has %d hard links: replacing or deleting one name would leave its lines under the others; left as it is (remove the other names)", l.path, st.Nlink)
	}
	var stx unix.Statx_t
	if err := unix.Statx(int(l.f.Fd()), "", unix.AT_EMPTY_PATH, unix.STATX_BASIC_STATS, &stx); err == nil {
		attrs := stx.Attributes & stx.Attributes_mask
		switch {
		case attrs&unix.STATX_ATTR_IMMUTABLE != 0:
			return fmt.Errorf("%s has the immutable attribute (chattr +i): it can be neither replaced nor deleted; left as it is", l.path)
		case attrs&unix.STATX_ATTR_APPEND != 0:
			return fmt.Errorf("%s has the append-only attribute (chattr +a): it can be neither replaced nor deleted; left as it is", l.path)
		}
	}
	return nil
}

// mtime is the file's modification time when it was opened.
func (l *logFile) mtime() time.Time { return l.info.ModTime() }

// open returns a reader over the file's lines from the start; gzip is
// decompressed member after member. A plain file is read up to the size it
// had when it was opened: every read of it (analysis, rewrite) sees the
// same bytes, and what a writer appends later is salvage's.
func (l *logFile) open() (io.Reader, error) {
	if _, err := l.f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("seek %s: %w", l.path, err)
	}
	if !l.gz || l.info.Size() == 0 {
		return io.NewSectionReader(l.f, 0, l.info.Size()), nil
	}
	zr, err := gzip.NewReader(bufio.NewReaderSize(l.f, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("read %s: corrupt gzip: %w", l.path, err)
	}
	l.hdr = zr.Header
	return &gzipErrReader{zr: zr, path: l.path}, nil
}

// openAside returns a reader over the file's lines from offset off (of the
// decompressed lines) that leaves the file's offset alone (an open()
// reader may be in use). A plain file is read from off directly; a gzip
// file is decompressed from its start up to off.
func (l *logFile) openAside(off int64) (io.Reader, error) {
	size := l.info.Size()
	if !l.gz || size == 0 {
		return io.NewSectionReader(l.f, off, max(size-off, 0)), nil
	}
	zr, err := gzip.NewReader(bufio.NewReaderSize(io.NewSectionReader(l.f, 0, size), 64<<10))
	if err != nil {
		return nil, fmt.Errorf("read %s: corrupt gzip: %w", l.path, err)
	}
	r := &gzipErrReader{zr: zr, path: l.path}
	if _, err := io.CopyN(io.Discard, r, off); err != nil {
		return nil, fmt.Errorf("read %s: skip to a long line: %w", l.path, err)
	}
	return r, nil
}

// gzipErrReader names the file in decompression errors.
type gzipErrReader struct {
	zr   *gzip.Reader
	path string
}

func (g *gzipErrReader) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("read %s: corrupt gzip: %w", g.path, err)
	}
	return n, err
}

// analysis is what one read of a file found: counts only, never content.
type analysis struct {
	Lines, Expired int64
	// Oldest is the oldest line's time; FromMtime says the file had no
	// timestamp and its mtime stood in.
	Oldest    time.Time
	FromMtime bool
	// Addresses counts all addresses (when a Counter is given), Unmasked
	// those not masked to the prefix, UnmaskedLines the lines holding them.
	Addresses, Unmasked, UnmaskedLines int64
	// FreshUnmasked counts the unexpired lines that scrubbing would change,
	// FreshAddresses the addresses it would change in them.
	FreshUnmasked, FreshAddresses int64
	// Compressed names an unsupported compression: the file was judged as
	// a whole by its mtime, and its line counts mean nothing.
	Compressed string
	// Binary marks an unexpired file of a binary source: not read, judged by its mtime.
	Binary bool
}

// kindBinary is Compressed for an expired file of a binary source.
const kindBinary = "binary"

// wholeFile describes a file judged as a whole by its mtime.
func (a *analysis) wholeFile() string {
	if a.Compressed == kindBinary {
		return "binary file"
	}
	return a.Compressed + "-compressed file"
}

// needsWork says whether a run would change the file.
func (a *analysis) needsWork() bool { return a.Expired > 0 || a.FreshUnmasked > 0 }

// allExpired says whether every line is expired.
func (a *analysis) allExpired() bool { return a.Lines > 0 && a.Expired == a.Lines }

// judge prepares the per-line ager: it finds the first timestamp.
func (l *logFile) judge(loc *time.Location) (*ager, bool, error) {
	c := tsContext{loc: loc, ref: l.mtime()}
	r, err := l.open()
	if err != nil {
		return nil, false, err
	}
	first, ok, err := firstTime(r, &c)
	if err != nil {
		return nil, false, wrapRead(l.path, err)
	}
	start, fromMtime := first, false
	if !ok {
		start, fromMtime = l.mtime(), true
	}
	a := newAger(c, start)
	a.aside = l.openAside
	return a, fromMtime, nil
}

// analyze reads the file once and counts what is expired and unmasked; all,
// when not nil, counts every address. A run passes a nil all: it needs to
// know only what it would change, so expired lines are not scanned for
// addresses either.
func (l *logFile) analyze(loc *time.Location, cutoff time.Time, s Scrubber, all Counter) (analysis, error) {
	var a analysis
	if l.binary {
		if l.mtime().Before(cutoff) {
			return analysis{Lines: 1, Expired: 1, Oldest: l.mtime(), FromMtime: true, Compressed: kindBinary}, nil
		}
		return analysis{Oldest: l.mtime(), FromMtime: true, Binary: true}, nil
	}
	if l.unsupported != "" {
		// Every line is at least as old as the last write: an expired
		// mtime expires the whole file.
		if l.mtime().Before(cutoff) {
			return analysis{Lines: 1, Expired: 1, Oldest: l.mtime(), FromMtime: true, Compressed: l.unsupported}, nil
		}
		return a, l.errUnsupported()
	}
	ag, fromMtime, err := l.judge(loc)
	if err != nil {
		return a, err
	}
	a.FromMtime = fromMtime
	r, err := l.open()
	if err != nil {
		return a, err
	}
	var expired bool
	var lineN int64 // addresses to change in the current line
	err = readLines(r, func(piece []byte, first, last bool) error {
		defer ag.advance(len(piece))
		if first {
			t, _, err := ag.lineTime(piece, last)
			if err != nil {
				return err
			}
			a.Lines++
			if a.Oldest.IsZero() || t.Before(a.Oldest) {
				a.Oldest = t
			}
			expired, lineN = t.Before(cutoff), 0
			if expired {
				a.Expired++
			}
		}
		if !expired || all != nil {
			body, _ := content(piece)
			n := int64(s.Count(body))
			if all != nil {
				a.Addresses += int64(all.Count(body))
			} else {
				a.Addresses += n
			}
			a.Unmasked += n
			lineN += n
		}
		if last && lineN > 0 {
			a.UnmaskedLines++
			if !expired {
				a.FreshUnmasked++
				a.FreshAddresses += lineN
			}
		}
		return nil
	})
	if err != nil {
		return a, wrapRead(l.path, err)
	}
	return a, nil
}

// rewriteStats counts what writing the fresh lines did.
type rewriteStats struct {
	Kept, Removed, ScrubbedLines, Addresses int64
}

// writeFresh writes the unexpired lines, scrubbed, to w (gzip-compressed
// when the file is).
func (l *logFile) writeFresh(w io.Writer, loc *time.Location, cutoff time.Time, s Scrubber) (rewriteStats, error) {
	var st rewriteStats
	ag, _, err := l.judge(loc)
	if err != nil {
		return st, err
	}
	r, err := l.open()
	if err != nil {
		return st, err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var zw *gzip.Writer
	out := io.Writer(bw)
	if l.gz {
		zw = gzip.NewWriter(bw)
		zw.Header = gzip.Header{Name: l.hdr.Name, ModTime: l.hdr.ModTime, OS: l.hdr.OS}
		out = zw
	}
	var buf []byte
	var werr error
	keep, scrubbed := false, false
	err = readLines(r, func(piece []byte, first, last bool) error {
		defer ag.advance(len(piece))
		if first {
			t, _, err := ag.lineTime(piece, last)
			if err != nil {
				return err
			}
			keep, scrubbed = !t.Before(cutoff), false
			if keep {
				st.Kept++
			} else {
				st.Removed++
			}
		}
		if !keep {
			return nil
		}
		body, nl := content(piece)
		var n int
		buf, n = s.AppendLine(buf[:0], body)
		if n > 0 {
			scrubbed = true
			st.Addresses += int64(n)
		}
		if last && scrubbed {
			st.ScrubbedLines++
		}
		buf = append(buf, nl...)
		if _, werr = out.Write(buf); werr != nil {
			return werr
		}
		return nil
	})
	if werr != nil {
		return st, werr
	}
	if err != nil {
		return st, wrapRead(l.path, err)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return st, err
		}
	}
	return st, bw.Flush()
}

// wrapRead names the file in a read error unless it already does.
func wrapRead(path string, err error) error {
	if strings.Contains(err.Error(), path) {
		return err
	}
	return fmt.Errorf("read %s: %w", path, err)
}

package retention

import (
	"bufio"
	"fmt"
	"io"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// A program that opens its log anew for every line (redis does) holds no
// descriptor the /proc check could see. If it opened the file just before
// the rename (or removal) that replaced it, its line lands in the old file,
// which the janitor still has open. salvage copies such late lines,
// scrubbed, to the end of the file now at the path (creating it, with the
// old owner and mode, if the old one was removed), and waits until no
// process holds the old file for writing any more. Nothing appended is lost.

// salvage watches the old file every salvageEvery until no process holds it
// for writing and its size has stayed put for one more round, at most
// salvageMax rounds.
const (
	salvageEvery = 5 * time.Millisecond
	salvageMax   = 400
)

// salvage copies what was appended to l after it was read to l.path, and
// returns how many lines it copied.
func (r *Runner) salvage(l *logFile, s Scrubber) (int64, error) {
	if l.gz || l.unsupported != "" {
		return 0, nil // compressed files are not appended to
	}
	id, _ := idOf(l.info)
	copied := max(l.info.Size(), l.copied)
	var lines int64
	quiet := 0 // rounds without growth since no writer was seen
	for round := 0; round < salvageMax && quiet < 2; round++ {
		info, err := l.f.Stat()
		if err != nil {
			return lines, fmt.Errorf("salvage %s: %w", l.path, err)
		}
		if size := info.Size(); size > copied {
			n, err := r.appendTail(l, copied, size, s)
			lines += n
			if err != nil {
				return lines, err
			}
			copied = size
			quiet = 0
			continue
		}
		if quiet == 0 {
			if held, err := r.heldOpen(id); err != nil || held {
				time.Sleep(salvageEvery)
				continue
			}
		}
		quiet++
		if quiet < 2 {
			time.Sleep(salvageEvery)
		}
	}
	if quiet < 2 {
		return lines, fmt.Errorf("salvage %s: a process still writes to the replaced file", l.path)
	}
	return lines, nil
}

// catchUpRounds bounds how often a rewrite copies what a writer appended
// meanwhile before it renames; a writer faster than that gets the rest
// copied by salvage.
const catchUpRounds = 50

// catchUp copies to w, scrubbed, what was appended to l since it was read
// (a writer that opens the file for every line), until a look finds no
// more, and returns the lines copied. The lines stay in their order: the
// fewer are left for salvage, which appends them after the renamed file's
// own new lines, the fewer can come out of order.
func (r *Runner) catchUp(l *logFile, w io.Writer, s Scrubber) (int64, error) {
	if l.gz || l.unsupported != "" || l.binary {
		return 0, nil
	}
	copied := max(l.info.Size(), l.copied)
	var lines int64
	for range catchUpRounds {
		info, err := l.f.Stat()
		if err != nil {
			return lines, fmt.Errorf("rewrite %s: %w", l.path, err)
		}
		if info.Size() <= copied {
			break
		}
		n, err := copyScrubbed(w, io.NewSectionReader(l.f, copied, info.Size()-copied), s)
		lines += n
		if err != nil {
			return lines, fmt.Errorf("rewrite %s: %w", l.path, err)
		}
		copied = info.Size()
		l.copied = copied
	}
	return lines, nil
}

// copyScrubbed copies r's lines to w, scrubbed, and counts them.
func copyScrubbed(w io.Writer, r io.Reader, s Scrubber) (int64, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	var out []byte
	var n int64
	var werr error
	err := readLines(r, func(piece []byte, _, last bool) error {
		body, nl := content(piece)
		out, _ = s.AppendLine(out[:0], body)
		out = append(out, nl...)
		if last {
			n++
		}
		_, werr = bw.Write(out)
		return werr
	})
	if werr == nil {
		werr = bw.Flush()
	}
	if werr != nil {
		return n, werr
	}
	return n, err
}

// appendTail appends bytes [from, to) of the old file, scrubbed line by
// line, to the file at the path. It streams: memory stays flat however much
// was appended.
func (r *Runner) appendTail(l *logFile, from, to int64, s Scrubber) (int64, error) {
	f, err := openAt(l.dir, l.base, unix.O_WRONLY|unix.O_APPEND|unix.O_CREAT, uint32(l.info.Mode().Perm()))
	if err != nil {
		return 0, fmt.Errorf("salvage %s: %w", l.path, err)
	}
	defer f.Close()
	if st, ok := l.info.Sys().(*syscall.Stat_t); ok {
		f.Chown(int(st.Uid), int(st.Gid)) // a no-op unless the file was created here
	}
	n, err := copyScrubbed(f, io.NewSectionReader(l.f, from, to-from), s)
	if err != nil {
		return n, fmt.Errorf("salvage %s: %w", l.path, err)
	}
	if err := f.Sync(); err != nil {
		return n, fmt.Errorf("salvage %s: %w", l.path, err)
	}
	r.log().Info("copied lines appended during the rewrite", "path", l.path, "lines", n)
	return n, nil
}

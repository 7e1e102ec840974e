package retention

import (
	"bufio"
	"errors"
	"io"
	"time"

	"github.com/bbbkit/bbbkit/retention/scrub"
)

// maxPiece bounds the memory one line takes: a longer line is handed on in
// pieces of about this size, cut after a separator (scrub.IsSeparator: the
// scrubber's own rule, so that what the janitor cuts, the scrubber can
// read). A line's timestamp is judged by its first piece, except that a
// JSON object is streamed on to its top-level time key (ager.lineTime).
const maxPiece = 1 << 20

// readLines calls fn for every line of r: with the whole line (its
// terminating newline included, if it has one) when it is shorter than
// maxPiece, else with consecutive pieces of it. first marks a line's first
// piece, last its last one (which may be empty). Memory stays bounded
// whatever the lines' length. fn must not keep piece.
func readLines(r io.Reader, fn func(piece []byte, first, last bool) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var pend []byte // the part of the current line not handed on yet
	first := true
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			pend = append(pend, chunk...)
			if len(pend) >= maxPiece {
				cut := len(pend) - 1
				for cut >= 0 && !scrub.IsSeparator(pend[cut]) {
					cut--
				}
				if cut < 0 {
					cut = len(pend) - 1 // a megabyte without a separator holds no address
				}
				if ferr := fn(pend[:cut+1], first, false); ferr != nil {
					return ferr
				}
				first = false
				pend = pend[:copy(pend, pend[cut+1:])]
			}
			continue
		}
		line := chunk
		if len(pend) > 0 {
			pend = append(pend, chunk...)
			line = pend
		}
		if len(line) > 0 || !first {
			if ferr := fn(line, first, true); ferr != nil {
				return ferr
			}
		}
		pend, first = pend[:0], true
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// firstTime returns the first timestamp in r, if any. Lines before it
// (continuations of an entry in an older file) are judged by it.
func firstTime(r io.Reader, c *tsContext) (time.Time, bool, error) {
	var t time.Time
	found := false
	errStop := errors.New("stop")
	err := readLines(r, func(piece []byte, first, _ bool) error {
		if !first {
			return nil
		}
		if lt, ok := lineTime(piece, c); ok {
			t, found = lt, true
			return errStop
		}
		return nil
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	return t, found, err
}

// ager assigns each line its entry's time: its own timestamp, or for a
// continuation line (a stack trace, a SIP message) the one before it.
type ager struct {
	c   tsContext
	cur time.Time
	// aside, when set, reads the file anew from an offset without moving
	// the reader in use, and off is how far that one has got: a JSON line
	// longer than maxPiece is dated by streaming it to its time key.
	aside func(off int64) (io.Reader, error)
	off   int64
}

// advance counts n bytes of the file as read.
func (a *ager) advance(n int) { a.off += int64(n) }

// lineTime returns the time of the line whose first piece is piece (whole:
// the piece is the whole line) and whether the line carried it itself. A
// long JSON object without its time in the first piece (winston writes
// "timestamp" last) is streamed on to its top-level time key, so that it
// is never taken for a continuation of the entry before it.
func (a *ager) lineTime(piece []byte, whole bool) (time.Time, bool, error) {
	if !whole && a.aside != nil && startsObject(piece) {
		// A date the message quotes must not stand in for the time key.
		if _, ok := findJSONObject(piece, &a.c); !ok {
			t, ok, err := longJSONTime(a.aside, a.off, &a.c)
			if err != nil {
				return time.Time{}, false, err
			}
			if ok {
				a.cur = t
				return t, true, nil
			}
		}
	}
	if t, ok := lineTime(piece, &a.c); ok {
		a.cur = t
		return t, true, nil
	}
	return a.cur, false, nil
}

// newAger starts with start: the file's first timestamp, or its mtime when
// the file has none.
func newAger(c tsContext, start time.Time) *ager { return &ager{c: c, cur: start} }

// content strips the line terminator ("\n"; a "\r" stays, it is content).
func content(line []byte) (body, nl []byte) {
	if n := len(line); n > 0 && line[n-1] == '\n' {
		return line[:n-1], line[n-1:]
	}
	return line, nil
}

package retention

import (
	"bufio"
	"errors"
	"io"
	"time"
)

// readLines calls fn for every line of r, with its terminating newline if it
// has one. Lines may be of any length. fn must not keep line.
func readLines(r io.Reader, fn func(line []byte) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var long []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long, chunk...)
			continue
		}
		line := chunk
		if long != nil {
			long = append(long, chunk...)
			line = long
		}
		if len(line) > 0 {
			if ferr := fn(line); ferr != nil {
				return ferr
			}
		}
		long = long[:0:0]
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
	err := readLines(r, func(line []byte) error {
		if lt, ok := lineTime(line, c); ok {
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
}

// newAger starts with start: the file's first timestamp, or its mtime when
// the file has none.
func newAger(c tsContext, start time.Time) *ager { return &ager{c: c, cur: start} }

// time returns the time of line and whether the line carried it itself.
func (a *ager) time(line []byte) (time.Time, bool) {
	if t, ok := lineTime(line, &a.c); ok {
		a.cur = t
		return t, true
	}
	return a.cur, false
}

// content strips the line terminator ("\n"; a "\r" stays, it is content).
func content(line []byte) (body, nl []byte) {
	if n := len(line); n > 0 && line[n-1] == '\n' {
		return line[:n-1], line[n-1:]
	}
	return line, nil
}

package scrub

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Stats counts what Stream did.
type Stats struct {
	// Lines is the number of lines read (a last line without "\n" counts).
	Lines int64
	// Addresses is the number of addresses (and phones and e-mails, if
	// enabled) that scrubbing changed.
	Addresses int64
}

const (
	// streamBuf is the size of Stream's read buffer.
	streamBuf = 64 << 10
	// maxToken bounds the memory a line without any separator can take: a
	// run this long without one is scrubbed in pieces.
	maxToken = 1 << 20
)

// IsSeparator reports whether a long line may be cut after c without
// changing what the scanner finds: no address, phone number or e-mail
// address the scrubber knows spans it, and the scanner's look-backs stop at
// it. Whoever cuts lines into pieces before scrubbing them must cut only
// after such a byte. (One exception: a phone number recognised by its field
// name or its place before a SIP address, as in "caller_id_number:
// 0301234567", is missed if a line over 64 KiB is cut at the space between
// the two.)
func IsSeparator(c byte) bool {
	switch c {
	case ' ', '\t', ',', ';', '(', ')', '[', ']', '{', '}', '|', '>':
		return true
	}
	return false
}

// Stream copies r to w line by line, scrubbing each line: one line out for
// every line in, byte for byte except the scrubbed spans, with no newline
// added at the end. Lines may be of any length: a line longer than the
// buffer is scrubbed in pieces cut after separators (spaces, commas,
// brackets), which no address spans. Every read's complete lines are
// written at once, so a reader of w never lags behind a slow writer of r (a
// FIFO fed by a web server) by more than an unfinished line. Stream returns
// at EOF; errors name the side (read or write) that failed.
func (s *Scrubber) Stream(w io.Writer, r io.Reader) (Stats, error) {
	var st Stats
	if s == nil {
		return st, ErrNilScrubber
	}
	buf := make([]byte, streamBuf)
	var out []byte
	start, end := 0, 0 // unprocessed input: buf[start:end]
	partial := false   // pieces of the current line were written already
	put := func(b []byte) error {
		var n int
		out, n = s.AppendLine(out[:0], b)
		st.Addresses += int64(n)
		if _, err := w.Write(out); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		return nil
	}
	for {
		if start > 0 {
			end = copy(buf, buf[start:end])
			start = 0
		}
		if end == len(buf) {
			// A full buffer without a newline: write the line up to its
			// last separator, or grow the buffer up to maxToken.
			cut := end - 1
			for cut >= 0 && !IsSeparator(buf[cut]) {
				cut--
			}
			switch {
			case cut < 0 && len(buf) < maxToken:
				buf = append(buf, make([]byte, len(buf))...)
				continue
			case cut < 0:
				cut = end - 1
			}
			if err := put(buf[:cut+1]); err != nil {
				return st, err
			}
			start, partial = cut+1, true
			continue
		}
		nr, rerr := r.Read(buf[end:])
		end += nr
		if k := bytes.LastIndexByte(buf[start:end], '\n'); k >= 0 {
			block := buf[start : start+k+1]
			st.Lines += int64(bytes.Count(block, []byte{'\n'}))
			if err := put(block); err != nil {
				return st, err
			}
			start, partial = start+k+1, false
		}
		if rerr == nil {
			continue
		}
		if start < end || partial {
			st.Lines++
			if err := put(buf[start:end]); err != nil {
				return st, err
			}
		}
		if errors.Is(rerr, io.EOF) {
			return st, nil
		}
		return st, fmt.Errorf("read: %w", rerr)
	}
}

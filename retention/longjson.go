package retention

import (
	"bufio"
	"bytes"
	"io"
	"time"
)

// maxTimeValue bounds the bytes kept of a time key's value while a long
// JSON line is streamed: a time is a few dozen bytes.
const maxTimeValue = 64

// jsonKeyScanner finds the top-level time keys of a JSON object read in
// pieces (a line longer than maxPiece: winston writes "timestamp" last,
// after megabytes of message), keeping only the time keys' values.
type jsonKeyScanner struct {
	depth          int
	inStr, esc     bool
	str            []byte // a top-level string being read (a key, perhaps)
	afterKey       bool   // a top-level string ended: a ':' makes it a key
	key            string
	capturing      bool
	val            []byte
	found          map[string][]byte
	done, overflow bool
}

func isTimeKey(k []byte) bool {
	for _, t := range jsonTopKeys {
		if string(k) == t {
			return true
		}
	}
	return false
}

func (s *jsonKeyScanner) keep(ch byte) {
	if len(s.val) < maxTimeValue {
		s.val = append(s.val, ch)
	} else {
		s.overflow = true
	}
}

func (s *jsonKeyScanner) finish() {
	if s.capturing && !s.overflow {
		if _, dup := s.found[s.key]; !dup {
			s.found[s.key] = append([]byte(nil), s.val...)
		}
	}
	s.capturing, s.overflow, s.val = false, false, s.val[:0]
}

// write feeds the scanner the next bytes of the line.
func (s *jsonKeyScanner) write(p []byte) {
	for _, ch := range p {
		if s.done {
			return
		}
		if s.inStr {
			switch {
			case s.capturing:
				s.keep(ch)
			case s.depth == 1 && len(s.str) <= maxTimeValue:
				s.str = append(s.str, ch)
			}
			switch {
			case s.esc:
				s.esc = false
			case ch == '\\':
				s.esc = true
			case ch == '"':
				s.inStr = false
				if !s.capturing && s.depth == 1 {
					s.str = s.str[:len(s.str)-1] // the closing quote
					s.afterKey = true
				}
			}
			continue
		}
		switch ch {
		case ' ', '\t', '\r', '\n':
			continue
		case '"':
			s.inStr = true
			if s.capturing {
				s.keep(ch)
			} else if s.depth == 1 {
				s.str = s.str[:0]
			}
		case ':':
			if s.depth == 1 && s.afterKey && !s.capturing {
				if isTimeKey(s.str) {
					s.key, s.capturing = string(s.str), true
				}
			} else if s.capturing {
				s.keep(ch)
			}
		case '{', '[':
			s.depth++
			if s.capturing {
				s.keep(ch)
			}
		case '}', ']':
			s.depth--
			if s.depth <= 0 {
				s.finish()
				s.done = true
				return
			}
			if s.capturing {
				s.keep(ch)
			}
		case ',':
			if s.depth == 1 {
				s.finish()
			} else if s.capturing {
				s.keep(ch)
			}
		default:
			if s.capturing {
				s.keep(ch)
			}
		}
		s.afterKey = false
	}
}

// time is the object's own time, by jsonTopKeys' order.
func (s *jsonKeyScanner) time(c *tsContext) (time.Time, bool) {
	s.finish()
	latest := c.ref.Add(futureSlack)
	for _, k := range jsonTopKeys {
		v, ok := s.found[k]
		if !ok {
			continue
		}
		if t, ok := jsonTimeValue(v, c, 0); ok && !t.Before(plausibleMin) && t.Before(plausibleMax) && !t.After(latest) {
			return t, true
		}
	}
	return time.Time{}, false
}

// startsObject says whether a line begins (after blanks) with '{'.
func startsObject(line []byte) bool {
	line = bytes.TrimLeft(line, " \t")
	return len(line) > 0 && line[0] == '{'
}

// longJSONTime streams the line starting at offset off (open returns a
// reader from there) and returns the time of its top-level time key:
// memory stays bounded however long the line.
func longJSONTime(open func(off int64) (io.Reader, error), off int64, c *tsContext) (time.Time, bool, error) {
	r, err := open(off)
	if err != nil {
		return time.Time{}, false, err
	}
	s := &jsonKeyScanner{found: map[string][]byte{}}
	br := bufio.NewReaderSize(r, 64<<10)
	for !s.done {
		chunk, err := br.ReadSlice('\n')
		s.write(chunk)
		if err == nil || err == io.EOF {
			break
		}
		if err != bufio.ErrBufferFull {
			return time.Time{}, false, err
		}
	}
	t, ok := s.time(c)
	return t, ok, nil
}

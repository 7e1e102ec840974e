package bbbapi

import (
	"bytes"
	"errors"
	"io"
)

const (
	// readChunk is the size of the window the tokenizer reads through, and so of its
	// reads: large, because over a socket every read that drains it costs a wake-up, and
	// a 4 MiB answer read 256 KiB at a time cost about 1 ms more CPU than 512 KiB at a time.
	readChunk = 512 << 10
	// maxMarkup bounds one tag (name plus attributes); the window grows up to it.
	maxMarkup = 1 << 20
)

var (
	// errTruncated marks input that ends inside a tag, comment or CDATA section.
	errTruncated = errors.New("unexpected end of input inside markup")
	// errTagTooLong marks a tag that does not fit maxMarkup.
	errTagTooLong = errors.New("a tag longer than 1 MiB")
)

// The tokenizer hands its tokens to the parser (start, end, text, eof, fail); slices are
// only valid during the call.
// tokenizer is a small streaming XML tokenizer: it finds tags with bytes.IndexByte over a
// sliding window and hands text to the handler without copying it. It understands what
// an XML answer of BBB can contain (elements, attributes, comments, processing
// instructions, CDATA) and refuses document type declarations.
type tokenizer struct {
	src  io.Reader
	buf  []byte
	r, w int
	used int   // how much of buf input has ever filled, for wiping it
	base int64 // stream offset of buf[0]
	eof  bool
	// The layouts of an attendee and of a meeting's first leaves (scan_shape.go).
	attShape, meetShape shape
	attLearn, meetLearn learner
}

func newTokenizer(src io.Reader) *tokenizer {
	return &tokenizer{src: src, buf: make([]byte, readChunk)}
}

// offset is the stream position of the next unread byte.
func (t *tokenizer) offset() int64 { return t.base + int64(t.r) }

// more reads further input behind buf[t.r:t.w], moving the unread part to the front and
// growing the window when a single construct fills it. It reports whether bytes arrived.
func (t *tokenizer) more() (bool, error) {
	if t.eof {
		return false, nil
	}
	if t.r > 0 {
		n := copy(t.buf, t.buf[t.r:t.w])
		t.base += int64(t.r)
		t.w, t.r = n, 0
	}
	if t.w == len(t.buf) {
		if len(t.buf) >= maxMarkup {
			return false, errTagTooLong
		}
		nb := make([]byte, 2*len(t.buf))
		copy(nb, t.buf[:t.w])
		clear(t.buf[:t.used]) // the old window held answer text: wipe it before dropping it
		t.buf = nb
	}
	for range 100 {
		n, err := t.src.Read(t.buf[t.w:])
		t.w += n
		t.used = max(t.used, t.w)
		if err == io.EOF {
			t.eof = true
			return n > 0, nil
		}
		if err != nil {
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, io.ErrNoProgress
}

// ensure makes at least n unread bytes available, or reports errTruncated.
func (t *tokenizer) ensure(n int) error {
	for t.w-t.r < n {
		ok, err := t.more()
		if err != nil {
			return err
		}
		if !ok {
			return errTruncated
		}
	}
	return nil
}

// startsWith reports whether the unread input begins with s (false when it ends before).
func (t *tokenizer) startsWith(s string) bool {
	if t.ensure(len(s)) != nil {
		return false
	}
	return string(t.buf[t.r:t.r+len(s)]) == s
}

// run tokenizes the whole stream.
func (t *tokenizer) run(h *parser) error {
	for {
		if !h.wantText {
			if err := t.elements(h); err != nil {
				return err
			}
		}
		// Between tags there is mostly a little indentation: skip it by hand, which is
		// cheaper than a call for such short runs.
		i := skipSpace(t.buf[t.r:t.w])
		if t.r+i >= t.w || t.buf[t.r+i] != '<' {
			i = bytes.IndexByte(t.buf[t.r:t.w], '<')
		}
		if i < 0 {
			if t.w > t.r {
				if err := h.text(t.buf[t.r:t.w]); err != nil {
					return err
				}
				t.r = t.w
			}
			ok, err := t.more()
			if err != nil {
				return err
			}
			if !ok {
				return h.eof()
			}
			continue
		}
		if i > 0 {
			if h.wantText {
				if err := h.text(t.buf[t.r : t.r+i]); err != nil {
					return err
				}
			}
			t.r += i
		}
		if err := t.markup(h); err != nil {
			return err
		}
	}
}

// elements is the tokenizer's hot loop, for where text does not matter (inside an element
// whose text the parser does not read, where run drops it too): it takes text, leaves
// <name>text</name>, the start tags <meeting> and <attendee> and end tags of the open
// element as long as they lie in the window, with the window's bounds in registers, and
// leaves everything else (and the window's end) to run and markup.
func (t *tokenizer) elements(h *parser) error {
	buf, r := t.buf[:t.w], t.r
	defer func() {
		t.r = r
		// Leaves cut off by the window's end are not a meeting's layout: a shape learned from
		// them would stay in use, shorter, for every meeting after.
		t.meetLearn.drop()
	}()
	for {
		// Text here does not matter (run would drop it too): on to the next '<'.
		i := indexLT(buf[r:])
		if i < 0 || r+i+2 >= len(buf) {
			return nil
		}
		i += r
		if c := buf[i+1]; c == '/' {
			n := h.openLen()
			if n == 0 || i+2+n >= len(buf) || buf[i+2+n] != '>' || !h.isOpen(buf[i+2:i+2+n]) {
				return nil
			}
			t.meetLearn.finish(0, 0, &t.meetShape)
			t.r = i // a value error names the end tag's place, whichever path took it
			if err := h.pop(); err != nil {
				return err
			}
			r = i + 3 + n
			if h.wantText {
				return nil
			}
			continue
		}
		lk, n := h.knownLeaf(buf[i+1:])
		known := n > 0
		k := i + 1 + n
		if lk == kMeeting || lk == kAttendee {
			t.meetLearn.finish(0, 0, &t.meetShape)
			t.r = i
			if err := h.start(buf[i+1:k], false); err != nil {
				return err
			}
			r = k + 1
			var err error
			if lk == kAttendee {
				if r, err = t.attendees(h, buf, r); err != nil {
					return err
				}
				continue
			}
			taken := false
			if t.meetShape.ok {
				if r, taken, err = t.shaped(h, &t.meetShape, buf, r, false); err != nil {
					return err
				}
			}
			if !taken {
				t.meetLearn.begin(buf)
			}
			continue
		}
		if !known {
			k += nameLen(buf[k:])
			if k >= len(buf) || buf[k] != '>' || k == i+1 {
				return nil
			}
		}
		name, b := buf[i+1:k], buf[k+1:]
		n = len(name)
		j := indexLT(b)
		if j < 0 {
			return nil
		}
		if e := b[j:]; len(e) > 1 && e[1] != '/' {
			// Not a leaf but an element that holds others (<attendees>, <metadata>): open
			// it as markup would, and go on while its text does not matter. A comment,
			// CDATA section or processing instruction without spaces (<!--x-->, <?x?>)
			// looks like such a start tag here: markup takes those.
			if !nameStart(name[0]) {
				return nil
			}
			t.meetLearn.finish(0, 0, &t.meetShape)
			t.r = i
			if err := h.start(name, false); err != nil {
				return err
			}
			r = k + 1
			if h.wantText {
				return nil
			}
			continue
		}
		if e := b[j:]; len(e) < n+3 || e[1] != '/' || e[n+2] != '>' || !sameName(e[2:n+2], name) {
			return nil
		}
		if !known {
			var ok bool
			if lk, ok = h.leafKind(name); !ok {
				t.meetLearn.finish(0, 0, &t.meetShape) // e.g. <attendees></attendees>
				return nil
			}
		}
		if lk != kUnknown {
			t.r = k + 1 + j
			if err := h.value(lk, b[:min(j, maxLeafText)]); err != nil {
				return err
			}
		}
		t.meetLearn.leaf(r, k+1, k+1+j, k+1+j+n+3, lk)
		r = k + 1 + j + n + 3
	}
}

// markup consumes one construct starting at '<'.
func (t *tokenizer) markup(h *parser) error {
	if t.w-t.r < 2 {
		if err := t.ensure(2); err != nil {
			return t.truncated(h, err)
		}
	}
	switch t.buf[t.r+1] {
	case '?':
		t.r += 2
		return t.truncated(h, t.skipPast("?>"))
	case '!':
		switch {
		case t.startsWith("<!--"):
			t.r += 4
			return t.truncated(h, t.skipPast("-->"))
		case t.startsWith("<![CDATA["):
			t.r += 9
			return t.cdata(h)
		}
		return h.fail("a document type or other declaration, which a BBB answer never has")
	case '/':
		// Fast path: the end tag of the open element, without spaces.
		if n := h.openLen(); n > 0 && t.w-t.r > n+2 && t.buf[t.r+2+n] == '>' && h.isOpen(t.buf[t.r+2:t.r+2+n]) {
			if err := h.pop(); err != nil {
				return err
			}
			t.r += n + 3
			return nil
		}
		end, err := t.closeAngle()
		if err != nil {
			return t.truncated(h, err)
		}
		name := t.buf[t.r+2 : end]
		for len(name) > 0 && isSpace(name[len(name)-1]) {
			name = name[:len(name)-1]
		}
		if err := h.end(name); err != nil {
			return err
		}
		t.r = end + 1
		return nil
	}
	// The name runs to a space, '/' or '>'; without attributes the tag ends right there.
	k := t.r + 1 + nameLen(t.buf[t.r+1:t.w])
	n := k - t.r - 1
	var end int
	if k < t.w && t.buf[k] == '>' {
		end = k
		// Fastest path: a leaf, <name>text</name>, all in the window, which the parser
		// either skips or reads without opening a frame for it.
		name, b := t.buf[t.r+1:k], t.buf[k+1:t.w]
		if j := indexLT(b); j >= 0 && j+n+3 <= len(b) && b[j+1] == '/' && b[j+2+n] == '>' &&
			sameName(b[j+2:j+2+n], name) {
			if lk, ok := h.leafKind(name); ok {
				t.r = k + 1 + j
				if lk != kUnknown {
					if err := h.value(lk, b[:min(j, maxLeafText)]); err != nil {
						return err
					}
				}
				t.r += n + 3
				return nil
			}
		}
	} else if k+1 < t.w && t.buf[k] == '/' && t.buf[k+1] == '>' {
		end = k + 1
	} else {
		// Attributes, spaces, or the window ends: find the '>' outside quoted values.
		var err error
		if end, err = t.tagEnd(); err != nil {
			return t.truncated(h, err)
		}
		for n = 0; t.r+1+n < end && t.buf[t.r+1+n] > ' ' && t.buf[t.r+1+n] != '/'; n++ {
		}
	}
	tag := t.buf[t.r+1 : end]
	self := len(tag) > 0 && tag[len(tag)-1] == '/'
	if err := h.start(tag[:n], self); err != nil {
		return err
	}
	t.r = end + 1
	if self {
		return nil
	}
	// Fast path: most elements are leaves whose text and end tag follow within the window,
	// <name>text</name>; take them in one go.
	name, b := tag[:n], t.buf[t.r:t.w]
	j := bytes.IndexByte(b, '<')
	if j < 0 || j+n+3 > len(b) || b[j+1] != '/' || b[j+2+n] != '>' || !bytes.Equal(b[j+2:j+2+n], name) {
		return nil
	}
	if j > 0 && h.wantText {
		if err := h.text(b[:j]); err != nil {
			return err
		}
	}
	t.r += j
	if err := h.pop(); err != nil {
		return err
	}
	t.r += n + 3
	return nil
}

// closeAngle returns the index in buf of the first '>' after t.r.
func (t *tokenizer) closeAngle() (int, error) {
	for {
		if j := bytes.IndexByte(t.buf[t.r:t.w], '>'); j >= 0 {
			return t.r + j, nil
		}
		ok, err := t.more()
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, errTruncated
		}
	}
}

// truncated turns the tokenizer's own errors into syntax errors; read errors pass.
func (t *tokenizer) truncated(h *parser, err error) error {
	switch {
	case errors.Is(err, errTruncated):
		return h.fail("the input ends inside a tag, comment or CDATA section (truncated)")
	case errors.Is(err, errTagTooLong):
		return h.fail(errTagTooLong.Error())
	}
	return err
}

// tagEnd returns the index in buf of the '>' closing the tag that starts at t.r, honouring
// quoted attribute values.
func (t *tokenizer) tagEnd() (int, error) {
	for {
		if k := quotedEnd(t.buf[t.r:t.w]); k >= 0 {
			return t.r + k, nil
		}
		ok, err := t.more()
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, errTruncated
		}
	}
}

// quotedEnd finds the first '>' outside quotes in b, or -1.
func quotedEnd(b []byte) int {
	var quote byte
	for k, c := range b {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return k
		}
	}
	return -1
}

// skipPast discards input up to and including delim.
func (t *tokenizer) skipPast(delim string) error {
	d := []byte(delim)
	for {
		if j := bytes.Index(t.buf[t.r:t.w], d); j >= 0 {
			t.r += j + len(d)
			return nil
		}
		if keep := t.w - len(d) + 1; keep > t.r {
			t.r = keep
		}
		ok, err := t.more()
		if err != nil {
			return err
		}
		if !ok {
			return errTruncated
		}
	}
}

// cdata hands the content of a CDATA section to the handler as text.
func (t *tokenizer) cdata(h *parser) error {
	const delim = "]]>"
	for {
		b := t.buf[t.r:t.w]
		if j := bytes.Index(b, []byte(delim)); j >= 0 {
			if err := h.cdataText(b[:j]); err != nil {
				return err
			}
			t.r += j + len(delim)
			return nil
		}
		if keep := len(b) - len(delim) + 1; keep > 0 {
			if err := h.cdataText(b[:keep]); err != nil {
				return err
			}
			t.r += keep
		}
		ok, err := t.more()
		if err != nil {
			return err
		}
		if !ok {
			return t.truncated(h, errTruncated)
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

package bbbapi

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// bbb-web writes every meeting and every attendee from one template: the same leaves in
// the same order with the same indentation, only the values differ. The tokenizer learns
// that layout (a shape) from a meeting's first leaves, and from an attendee, that it took
// tag by tag, and then takes each next one by comparing the stretch between two values (an
// end tag, indentation, a start tag) with the learned one a word at a time, searching only
// for each value's end. One that differs anywhere is taken tag by tag again from its start,
// and its layout is learned in turn. A shape holds white space and element names only,
// never a value, and is wiped with the tokenizer when the parse ends.

const (
	// shapeLeaves bounds the leaves of a shape (bbb-web writes 22 before a meeting's
	// <attendees> and eight in an attendee).
	shapeLeaves = 32
	// glueWords bounds one learned stretch, in words of eight bytes: bbb-web's longest,
	// "</hasBeenForciblyEnded>", indentation and "<startTime>", is five.
	glueWords = 8
	// shortValue is how far a value's end is searched for a word at a time before a
	// longer search.
	shortValue = 64
)

// glue is one learned stretch of n bytes as words, the bytes past its end masked out, so
// that it is compared with the input without a branch per word.
type glue struct {
	w, mask [glueWords]uint64
	n       int
}

// shape is the layout of n leaves: glue[0] runs from just inside the element that holds
// them to the end of the first start tag, glue[i] from the end tag of leaf i-1 to the end
// of the start tag of leaf i, and glue[n] from the last end tag to where the shape ends
// (for an attendee through </attendee>).
type shape struct {
	glue  [shapeLeaves + 1]glue
	kinds [shapeLeaves]kind
	n     int
	ok    bool
}

// put learns the stretch b as glue i, reporting false when it is too long.
func (s *shape) put(i int, b []byte) bool {
	if len(b) > 8*glueWords {
		return false
	}
	g := &s.glue[i]
	g.n = len(b)
	var pad [8 * glueWords]byte
	copy(pad[:], b)
	for k := range glueWords {
		g.w[k] = binary.LittleEndian.Uint64(pad[8*k:])
		switch left := len(b) - 8*k; {
		case left >= 8:
			g.mask[k] = ^uint64(0)
		case left > 0:
			g.mask[k] = 1<<(8*left) - 1
		}
	}
	return true
}

// learner notes the layout of leaves being taken tag by tag, as spans of the window.
type learner struct {
	on       bool // every tag so far was a plain leaf after white space
	n        int
	kinds    [shapeLeaves]kind
	pre, end [shapeLeaves][2]int // before a value (white space, start tag), and its end tag
	buf      []byte              // the window the spans are in
}

// begin starts learning in the window buf, just inside the element that holds the leaves.
func (l *learner) begin(buf []byte) {
	l.on, l.n, l.buf = true, 0, buf
}

// leaf notes a leaf: buf[p0:p1] is the white space and start tag before its value,
// buf[e0:e1] its end tag.
func (l *learner) leaf(p0, p1, e0, e1 int, k kind) {
	if !l.on {
		return
	}
	if l.n == shapeLeaves || !blank(l.buf[p0:p1-(e1-e0-1)]) {
		l.on = false
		return
	}
	l.pre[l.n], l.end[l.n], l.kinds[l.n] = [2]int{p0, p1}, [2]int{e0, e1}, k
	l.n++
}

// finish ends learning and, when every tag was learned, makes the layout the shape s;
// to is where the shape ends (0: right after the last end tag; for an attendee after
// white space and </attendee>, of which the last closeLen bytes need not be blank).
func (l *learner) finish(to, closeLen int, s *shape) {
	if !l.on {
		return
	}
	l.on = false
	if l.n == 0 {
		return
	}
	last := l.end[l.n-1][1]
	if to == 0 {
		to = last
	}
	if !blank(l.buf[last : to-closeLen]) {
		return
	}
	*s = shape{n: l.n, kinds: l.kinds}
	ok := s.put(0, l.buf[l.pre[0][0]:l.pre[0][1]])
	for i := 1; ok && i <= l.n; i++ {
		next := to // an end tag and what follows it lie end to end in buf
		if i < l.n {
			next = l.pre[i][1]
		}
		ok = s.put(i, l.buf[l.end[i-1][0]:next])
	}
	s.ok = ok
	l.buf = nil
}

// drop ends learning without a shape.
func (l *learner) drop() { l.on, l.buf = false, nil }

// blank reports whether b is white space only, as bbb-web indents.
func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// shaped takes the leaves of the shape s from r, just inside the element that holds them:
// an attendee's (inAttendee true; its </attendee> included, which closes it) or a meeting's
// first leaves. On a match it has noted the values and returns the position after the
// shape and true. Where anything differs it returns r and false with the values (and the
// window) untouched, for the tag-by-tag path to take the element from its start. A value the
// parser refuses is an error, as on the other paths, and is judged only once its end tag
// is seen to close it.
func (t *tokenizer) shaped(h *parser, s *shape, buf []byte, r int, inAttendee bool) (int, bool, error) {
	p := r // the element was just opened: its values are zero
	vs, ve := 0, 0
	for i := 0; ; i++ {
		// Glue i, compared a word at a time; its first words hold the end tag of leaf i-1.
		if len(buf)-p < 8*glueWords {
			return t.unshaped(h, r, inAttendee)
		}
		g := &s.glue[i]
		b := buf[p : p+8*glueWords]
		le := binary.LittleEndian
		d := (le.Uint64(b[0:])^g.w[0])&g.mask[0] | (le.Uint64(b[8:])^g.w[1])&g.mask[1] |
			(le.Uint64(b[16:])^g.w[2])&g.mask[2] | (le.Uint64(b[24:])^g.w[3])&g.mask[3]
		if g.n > 32 { // the longer ones (bbb-web's attendee has two in eight)
			d |= (le.Uint64(b[32:])^g.w[4])&g.mask[4] | (le.Uint64(b[40:])^g.w[5])&g.mask[5] |
				(le.Uint64(b[48:])^g.w[6])&g.mask[6] | (le.Uint64(b[56:])^g.w[7])&g.mask[7]
		}
		if d != 0 {
			return t.unshaped(h, r, inAttendee)
		}
		if k := s.kinds[max(i-1, 0)]; i > 0 && k != kUnknown { // glue i closed leaf i-1
			switch v := buf[vs:ve]; {
			case inAttendee && h.attendeeValue(k, v):
				// decided by the raw text, as on the attendee path
			case bytes.IndexByte(v, '\r') >= 0:
				// parser.value would turn its line ends into LF in place, in the window that
				// the tag-by-tag path reads again should a later stretch differ: leave it to
				// that path.
				return t.unshaped(h, r, inAttendee)
			default:
				t.r = ve // a value error names the end tag's place, as on the other paths
				if err := h.value(k, v[:min(len(v), maxLeafText)]); err != nil {
					return r, false, err
				}
			}
		}
		p += g.n
		if i == s.n {
			break
		}
		// The value of leaf i runs to the next '<': eight bytes at a time, then further.
		vs, ve = p, p
		for {
			if ve+8 > len(buf) {
				return t.unshaped(h, r, inAttendee)
			}
			if m := eqMask(binary.LittleEndian.Uint64(buf[ve:]), '<'); m != 0 {
				ve += bits.TrailingZeros64(m) >> 3
				break
			}
			if ve += 8; ve-vs >= shortValue {
				e := bytes.IndexByte(buf[ve:], '<')
				if e < 0 {
					return t.unshaped(h, r, inAttendee)
				}
				ve += e
				break
			}
		}
		p = ve
	}
	if inAttendee {
		h.stack = h.stack[:len(h.stack)-1] // its parent is <attendees>: no text is read
		h.cur.add(h.att)
	}
	return p, true, nil
}

// unshaped undoes what shaped noted of an element that turned out to differ from the
// shape, so that the tag-by-tag path starts it afresh at r; it returns shaped's "not taken".
func (t *tokenizer) unshaped(h *parser, r int, inAttendee bool) (int, bool, error) {
	if inAttendee {
		h.att = attendee{}
	} else {
		h.cur = meetingRec{}
	}
	return r, false, nil
}

package bbbapi

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// attendeeSlack is how many bytes the attendee path wants after a '<' to take the tag
// without further bounds checks: the longest name it knows ("isListeningOnly>") with room.
const attendeeSlack = 40

// attendees is the tokenizer's path through an attendee list, four in five tags of a
// getMeetings answer. It is entered at r, just inside an <attendee> whose frame the parser
// has opened, and takes, as long as they lie in the window buf: the attendee's leaves
// <name>text</name> (those the parser reads and those it skips), </attendee>, and the
// <attendee> of the next one. Values are judged here when the raw text decides them (a
// flag written true or false, a userID's first bytes, a role too short for DIAL-IN-USER,
// a plain clientType), else through parser.value as everywhere else. An attendee laid out
// as the one learned before it is taken along that shape (scan_shape.go); one taken here
// tag by tag is learned. It returns where it stopped: the '<' of anything else, for the
// general path, which sees the same state as if it had taken these tags itself.
func (t *tokenizer) attendees(h *parser, buf []byte, r int) (int, error) {
	in := true     // inside an <attendee>, else between two of them
	opened := true // just inside an <attendee>: the shape may take it, or it is learned
	for {
		if opened {
			opened = false
			if t.attShape.ok {
				p, taken, err := t.shaped(h, &t.attShape, buf, r, true)
				if err != nil {
					return r, err
				}
				if taken {
					in, r = false, p
					continue
				}
			}
			t.attLearn.begin(buf)
		}
		i := r
		for { // the next '<': indentation or a short value, eight bytes at a time
			if i+8 > len(buf) {
				return r, nil
			}
			if m := eqMask(binary.LittleEndian.Uint64(buf[i:]), '<'); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			if i += 8; i-r >= 64 {
				j := bytes.IndexByte(buf[i:], '<')
				if j < 0 {
					return r, nil
				}
				i += j
				break
			}
		}
		if len(buf)-i < attendeeSlack {
			return i, nil
		}
		tag := buf[i+1 : i+attendeeSlack]
		if !in {
			if string(tag[:9]) != "attendee>" || len(h.stack) >= maxDepth {
				return i, nil
			}
			h.stack = append(h.stack, frame{nameAt: int32(len(h.names)), kind: kAttendee})
			h.att = attendee{}
			in, opened, r = true, true, i+10
			continue
		}
		k, n := kUnknown, 0
		switch tag[0] {
		case '/':
			if string(tag[1:10]) != "attendee>" {
				return i, nil
			}
			h.stack = h.stack[:len(h.stack)-1] // its parent is <attendees>: no text is read
			h.cur.add(h.att)
			t.attLearn.finish(i+11, len("</attendee>"), &t.attShape)
			in, r = false, i+11
			continue
		case 'u':
			if string(tag[:7]) == "userID>" {
				k, n = kUserID, 6
			}
		case 'f':
			if string(tag[:9]) == "fullName>" {
				n = 8
			}
		case 'r':
			if string(tag[:5]) == "role>" {
				k, n = kRole, 4
			}
		case 'i':
			switch {
			case string(tag[:12]) == "isPresenter>":
				n = 11
			case string(tag[:16]) == "isListeningOnly>":
				k, n = kListenOnly, 15
			}
		case 'h':
			switch {
			case string(tag[:9]) == "hasVideo>":
				k, n = kVideo, 8
			case string(tag[:15]) == "hasJoinedVoice>":
				k, n = kVoice, 14
			}
		case 'c':
			if string(tag[:11]) == "clientType>" {
				k, n = kClientType, 10
			}
		}
		if n == 0 { // another name: a leaf the parser skips, or one for the general path
			n = nameLen(tag)
			var ok bool
			if n == len(tag) || tag[n] != '>' {
				return i, nil
			}
			if k, ok = h.leafKind(tag[:n]); !ok {
				return i, nil
			}
		}
		// The text, up to the end tag, which must close this very element.
		vs := i + 2 + n
		j := vs
		for {
			if j+8 > len(buf) {
				return i, nil
			}
			if m := eqMask(binary.LittleEndian.Uint64(buf[j:]), '<'); m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
			if j += 8; j-vs >= 64 {
				return i, nil // a long value: the general path cuts it at maxLeafText
			}
		}
		if !endsLeaf(buf[j:], tag, n) {
			return i, nil
		}
		t.attLearn.leaf(r, i+2+n, j, j+n+3, k)
		r = j + n + 3
		if k == kUnknown {
			continue
		}
		if !h.attendeeValue(k, buf[vs:j]) {
			t.r = j // a value error names the end tag's place, as on the general path
			if err := h.value(k, buf[vs:j]); err != nil {
				return i, err
			}
		}
	}
}

// attendeeValue notes the value v of an attendee's leaf of kind k when its raw text decides
// it, which is the case for the values BBB writes; it reports false when v needs the full
// treatment of parser.value (references, spaces, other spellings). Decoding and trimming
// only ever shorten a value and keep a first byte that is neither '&' nor a space.
func (p *parser) attendeeValue(k kind, v []byte) bool {
	switch k {
	case kListenOnly, kVoice, kVideo:
		var b bool
		switch string(v) {
		case "true":
			b = true
		case "false":
		default:
			return false
		}
		p.att.flag(k, b)
	case kUserID:
		switch {
		case len(v) >= 2 && v[0] == 'v' && v[1] == '_':
			p.att.voiceID = true
		case len(v) > 0 && v[0] > ' ' && v[0] != '&' && v[0] != 'v':
			p.att.voiceID = false
		default:
			return false
		}
	case kRole:
		if len(v) >= len("DIAL-IN-USER") {
			return false
		}
		p.att.dialInRole = false
	case kClientType:
		if len(v) == 0 || v[0] <= ' ' || v[len(v)-1] <= ' ' || !plain(v) {
			return false
		}
		p.att.client = classifyClient(v)
	default:
		return false
	}
	return true
}

// flag notes the value b of the attendee's flag of kind k: kListenOnly, kVoice or kVideo.
func (a *attendee) flag(k kind, b bool) {
	switch k {
	case kListenOnly:
		a.listenOnly = b
	case kVoice:
		a.voice = b
	default:
		a.video = b
	}
}

// endsLeaf reports whether e, at a '<', is the end tag of the element whose start tag is tag (just
// after its '<'; at least attendeeSlack-1 bytes) with a name of n bytes: "</" then the same name
// and '>' as tag[:n+1], compared a word at a time.
func endsLeaf(e, tag []byte, n int) bool {
	n1 := n + 1 // the name and its '>'
	if len(e) < 2+max(n1, 8) || e[1] != '/' {
		return false
	}
	le := binary.LittleEndian
	x, y := le.Uint64(e[2:]), le.Uint64(tag)
	switch {
	case n1 < 8:
		return (x^y)<<(64-8*n1) == 0
	case n1 <= 16:
		return x == y && le.Uint64(e[2+n1-8:]) == le.Uint64(tag[n1-8:])
	case n1 <= 24 && len(tag) >= 24:
		return x == y && le.Uint64(e[10:]) == le.Uint64(tag[8:]) && le.Uint64(e[2+n1-8:]) == le.Uint64(tag[n1-8:])
	}
	return sameName(e[2:2+n1], tag[:n1])
}

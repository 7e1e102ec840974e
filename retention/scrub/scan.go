package scrub

import (
	"encoding/binary"
	"math/bits"
)

// Character classes for the scanner's lookup table.
const (
	cOther  = iota // separators: nothing starts here
	cDigit         // 0-9
	cHex           // a-f A-F
	cLetter        // other letters and '_'
	cColon         // ':'
	cAt            // '@'
	cPlus          // '+'
	cBack          // '\\'
	cLT            // '<'
	cUnder         // '_': a word character, but a dotted quad may follow it
	cPct           // '%': a URL escape such as %2F ends a token
)

var class [256]uint8

// Tables for the inner loops: runTab classifies the bytes of a run of hex
// digits, dots and colons; skipTab holds letters, digits and '.' (what
// skipToken passes over); tokenTab holds what isTokenByte accepts.
var (
	runTab       [256]uint8
	skipTab      [256]bool
	tokenTab     [256]bool
	tokenDashTab [256]bool // tokenTab and '-'
)

const (
	rHex = iota + 1
	rColon
	rDot
)

func init() {
	defer func() {
		for c := 0; c < 256; c++ {
			b := byte(c)
			switch {
			case isHex(b):
				runTab[c] = rHex
			case b == ':':
				runTab[c] = rColon
			case b == '.':
				runTab[c] = rDot
			}
			skipTab[c] = isWord(b) && b != '_' || b == '.'
			tokenTab[c] = isWord(b) || b == '.' || b == ':' || b == '\\' || b == '%'
			tokenDashTab[c] = tokenTab[c] || b == '-'
		}
	}()
	for c := '0'; c <= '9'; c++ {
		class[c] = cDigit
	}
	for c := 'a'; c <= 'z'; c++ {
		class[c] = cLetter
		class[c-'a'+'A'] = cLetter
	}
	for c := 'a'; c <= 'f'; c++ {
		class[c] = cHex
		class[c-'a'+'A'] = cHex
	}
	class['_'] = cUnder
	class[':'] = cColon
	class['@'] = cAt
	class['+'] = cPlus
	class['\\'] = cBack
	class['<'] = cLT
	class['%'] = cPct
}

func isDigit(c byte) bool { return c-'0' < 10 }
func isHex(c byte) bool   { k := class[c]; return k == cDigit || k == cHex }
func isWord(c byte) bool {
	k := class[c]
	return k == cDigit || k == cHex || k == cLetter || k == cUnder
}
func isLetter(c byte) bool {
	k := class[c]
	return k == cHex || k == cLetter
}

// tokenStart reports whether a token may start at i: at the start of the
// line or right after the previous match, after '_' or a byte that is no
// word character, or after a JSON escape such as \n or a URL escape such as %2F.
func tokenStart(line []byte, i, floor int) bool {
	if i == floor || !isWord(line[i-1]) || line[i-1] == '_' {
		return true
	}
	c := line[i-1]
	if i >= 3 && line[i-3] == '%' && isHex(line[i-2]) && isHex(c) {
		return true // after a URL escape such as %2F
	}
	return i >= 2 && line[i-2] == '\\' && (c == 'n' || c == 't' || c == 'r')
}

// skipToken returns the end of the run of letters, digits and dots at i.
func skipToken(line []byte, i int) int {
	for i < len(line) && skipTab[line[i]] {
		i++
	}
	return i
}

// scan is the one loop behind AppendLine and Count. Untouched bytes are
// copied lazily: last is the first input byte not yet written to dst.
func (s *Scrubber) scan(dst, line []byte, write bool) ([]byte, int) {
	// floor is the end of the last match, changed or not: an e-mail's
	// local part never reaches back into it.
	n, last, i, floor, floorKind := 0, 0, 0, 0, 0
	var m match
	skip := !s.phones && !s.emails && !s.noSkip
	// The walk back to a token's start also crosses the dashes of a host
	// name when those are looked at.
	back := &tokenTab
	if s.names {
		back = &tokenDashTab
	}
	for i < len(line) {
		if skip {
			// Every address holds a '.' or a ':'. Jump to the start of the
			// token holding the next one: the byte before that start is no
			// token byte, so the loop below sees the same as if it had
			// walked there byte by byte. The search is indexDotColon's,
			// inlined for a line's first words: this is the hottest loop.
			p, hit := i, -1
			for ; p+8 <= len(line); p += 8 {
				x := binary.LittleEndian.Uint64(line[p:])
				d, c := x^('.'*lows), x^(':'*lows)
				if m := ((d - lows) &^ d) | ((c - lows) &^ c); m&highs != 0 {
					hit = p + bits.TrailingZeros64(m&highs)/8
					break
				}
			}
			if hit < 0 {
				if hit = indexDotColon(line, p); hit < 0 {
					break
				}
			}
			p = hit
			for p > i && back[line[p-1]] {
				p--
			}
			i = p
		}
		c := line[i]
		switch class[c] {
		case cOther, cUnder:
			// After '_' a token starts anew: ip_192.0.2.1 holds an address.
			i++
			continue
		case cLetter:
			e := skipToken(line, i)
			if s.names && e < len(line) && line[e] == '-' && hostNameStart(line, i, floor) && tryHostName(line, i, &m) {
				dst, last, n = s.emit(dst, line, last, &m, write, n)
				floor, floorKind = m.end, m.kind
				i = m.end
				continue
			}
			i = e
			continue
		case cBack:
			// JSON escapes such as \n and \t end a token even though a letter follows.
			if i+1 < len(line) && (line[i+1] == 'n' || line[i+1] == 't' || line[i+1] == 'r') {
				i += 2
			} else {
				i++
			}
			continue
		case cPct:
			// URL escapes end a token: %2F192.0.2.1 holds an address.
			if i+2 < len(line) && isHex(line[i+1]) && isHex(line[i+2]) {
				i += 3
			} else {
				i++
			}
			continue
		case cDigit, cHex:
			if next := s.tryToken(line, i, floor, &m); next > 0 {
				if !s.names || next >= len(line) || line[next] != '-' || !hostNameStart(line, i, floor) || !tryHostName(line, i, &m) {
					i = next
					continue
				}
			}
			dst, last, n = s.emit(dst, line, last, &m, write, n)
			floor, floorKind = m.end, m.kind
			i = m.end
		case cColon:
			if i+1 < len(line) && line[i+1] == ':' && tokenStart(line, i, floor) {
				if next := s.tryIPv6(line, i, &m); next > 0 {
					i = next
					continue
				}
				dst, last, n = s.emit(dst, line, last, &m, write, n)
				floor, floorKind = m.end, m.kind
				i = m.end
				continue
			}
			i++
		case cAt:
			if s.emails {
				if ok := s.tryEmail(line, i, floor, s.glues(floorKind), &m); ok {
					dst, last, n = s.emit(dst, line, last, &m, write, n)
					floor, floorKind = m.end, m.kind
					i = m.end
					continue
				}
			}
			i++
		case cPlus, cLT:
			if s.phones && tokenStart(line, i, floor) {
				if ok := s.tryPhone(line, i, &m); ok {
					dst, last, n = s.emit(dst, line, last, &m, write, n)
					floor, floorKind = m.end, m.kind
					i = m.end
					continue
				}
			}
			i++
		}
	}
	if write {
		dst = append(dst, line[last:]...)
	}
	return dst, n
}

// glues says whether an e-mail's local part that starts right where a
// match of kind k ends is left alone: masked to "x", it would change what
// a second pass reads (0.0.0.0x is no address; x@0.AAx@… has another
// domain). A redacted e-mail ends in ']' and glues to nothing.
func (s *Scrubber) glues(k int) bool {
	return k == kV4 || k == kV6 || k == kEmail && s.mode == Mask
}

// match is one scrubbable span found by the scanner.
type match struct {
	start, end int
	kind       int // kV4, kV6, kPhone, kEmail, kArpa6
	v4         ipv4
	v6         ipv6
	at         int // e-mail: index of '@'
}

const (
	kV4 = iota + 1
	kV6
	kPhone
	kEmail
	kArpa6 // the nibbles of an ip6.arpa name (arpa6.go); v6 holds the address
)

// emit writes the replacement for m if it changes the span, and counts it.
func (s *Scrubber) emit(dst, line []byte, last int, m *match, write bool, n int) ([]byte, int, int) {
	if s.masked(m) {
		// No host bits left, whatever the notation (full, zero-padded):
		// the original bytes stay and nothing is counted.
		return dst, last, n
	}
	if !write {
		if s.changes(line, m) {
			return dst, m.end, n + 1
		}
		return dst, last, n
	}
	mark := len(dst)
	dst = append(dst, line[last:m.start]...)
	rep := len(dst)
	dst = s.replace(dst, line, m)
	if string(dst[rep:]) == string(line[m.start:m.end]) {
		// Unchanged (already masked): keep the original bytes, count nothing.
		return dst[:mark], last, n
	}
	return dst, m.end, n + 1
}

// masked reports whether m is an address that masking leaves unchanged in
// value: it holds no host bits, so it is neither rewritten nor counted.
func (s *Scrubber) masked(m *match) bool {
	switch m.kind {
	case kV4:
		if s.mode == Redact {
			return m.v4.addr == 0
		}
		return maskBits32(m.v4.addr, s.p4) == m.v4.addr
	case kV6:
		a := m.v6
		bits := s.prefixV6(&a)
		if s.mode == Redact {
			bits = 0
		}
		for k := 0; k < 16; k++ {
			var keep byte
			switch {
			case bits >= 8*(k+1):
				keep = 0xff
			case bits > 8*k:
				keep = ^byte(0xff >> (bits - 8*k))
			}
			if a.b[k]&^keep != 0 {
				return false
			}
		}
		return true
	}
	return false
}

// changes reports whether replacing m would alter the line. Only the part
// that replacing can alter is compared: an IPv6 zone and an e-mail's domain
// are copied verbatim and may be of any length.
func (s *Scrubber) changes(line []byte, m *match) bool {
	end := m.end
	switch m.kind {
	case kV6:
		end = m.v6.zone
	case kEmail:
		return s.mode == Redact || m.at-m.start != 1 || line[m.start] != 'x'
	}
	var buf [64]byte
	if end-m.start > len(buf) {
		return true // a phone number or address is never this long
	}
	c := *m
	c.end = end
	out := s.replace(buf[:0], line, &c)
	return string(out) != string(line[m.start:end])
}

func (s *Scrubber) replace(dst, line []byte, m *match) []byte {
	switch m.kind {
	case kV4:
		return s.replaceV4(dst, line, m)
	case kV6:
		return s.replaceV6(dst, line, m)
	case kPhone:
		return s.replacePhone(dst, line, m)
	case kEmail:
		return s.replaceEmail(dst, line, m)
	case kArpa6:
		return s.replaceArpa6(dst, line, m)
	}
	return append(dst, line[m.start:m.end]...)
}

// tryToken looks at a token starting with a digit or hex letter at i (the
// byte before it is no word character). It fills in m and returns 0 on a
// match, or returns the index where scanning continues.
func (s *Scrubber) tryToken(line []byte, i, floor int, m *match) int {
	// One pass over the run of hex digits, dots and colons says which
	// notations are possible at all.
	j, colons, dots, double := i, 0, 0, false
	for j < len(line) {
		k := runTab[line[j]]
		if k == 0 {
			break
		}
		if k == rColon {
			colons++
			double = double || line[j-1] == ':'
		} else if k == rDot {
			dots++
		}
		j++
	}
	if j < len(line) && line[j]|0x20 == 'i' && colons == 0 && line[j-1] == '.' {
		// Perhaps a nibble name before "ip6.arpa". Nothing here is used
		// after this call, so the common path spills nothing for it.
		return s.tryArpaToken(line, i, j, dots, floor, m)
	}
	digit := isDigit(line[i])
	if digit && dots >= 3 && tryIPv4(line, i, floor, m) {
		return 0
	}
	if digit && s.phones && s.tryPhone(line, i, m) {
		return 0
	}
	// tryIPv6 wants a "::" or six colons (see there); a time such as
	// 19:15:25 is not looked at twice.
	if colons >= 6 || colons >= 2 && double {
		if s.tryIPv6Run(line, i, j, colons, double, m) == 0 {
			return 0
		}
	}
	if colons == 0 {
		// The run held only what skipToken passes over: go on from its end.
		return max(skipToken(line, j), i+1)
	}
	return max(skipToken(line, i), j, i+1)
}

// isTokenByte reports whether c can be part of the token the scanner
// examines around a '.' or ':': word characters, dots, colons, the
// backslash of a JSON escape and the '%' of a URL escape.
func isTokenByte(c byte) bool { return tokenTab[c] }

const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// indexDotColon returns the index of the first '.' or ':' in line[i:]
// (as an index into line), or -1. It tests eight bytes at a time.
func indexDotColon(line []byte, i int) int {
	for ; i+8 <= len(line); i += 8 {
		x := binary.LittleEndian.Uint64(line[i:])
		d, c := x^('.'*lows), x^(':'*lows)
		// A byte of d or c is zero where x holds '.' or ':'. The lowest
		// flagged byte is exact: borrows only run upwards.
		m := ((d - lows) &^ d) | ((c - lows) &^ c)
		if m &= highs; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(line); i++ {
		if line[i] == '.' || line[i] == ':' {
			return i
		}
	}
	return -1
}

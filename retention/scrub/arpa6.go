package scrub

// ip6Arpa follows the nibble labels of an IPv6 reverse-DNS name (RFC 3596
// §2.5): b.a.9.8.7.6.5.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa
// is the name of 2001:db8::4567:89ab, least significant nibble first.
const ip6Arpa = "ip6.arpa"

// hasIP6Arpa reports whether line[j:] starts with "ip6.arpa" in any case.
// Only the letters are folded: a control byte must not pass for '6' or '.'.
func hasIP6Arpa(line []byte, j int) bool {
	if len(line)-j < len(ip6Arpa) {
		return false
	}
	b := line[j : j+len(ip6Arpa)]
	return b[0]|0x20 == 'i' && b[1]|0x20 == 'p' && b[2] == '6' && b[3] == '.' &&
		b[4]|0x20 == 'a' && b[5]|0x20 == 'r' && b[6]|0x20 == 'p' && b[7]|0x20 == 'a'
}

// tryIP6Arpa looks at the run of hex digits and dots line[i:j] that ends in
// a '.' right before an 'i' or 'I'. If the run is a nibble name (one hex
// digit per label, at most 32) followed by "ip6.arpa" and the name ends
// there (an optional trailing dot, then no word character and no '-'),
// the name is decided here: a name whose nibbles carry bits beyond the kept
// prefix (when redacting: any name) fills in m (kind kArpa6, the nibbles
// only, without ".ip6.arpa") and tryIP6Arpa returns 0; when masking, a zone
// with no more nibbles than the prefix keeps is left as written, as is a
// name of more than 32 nibbles, and the index after it is returned. Anything else returns -1: the run is no nibble name
// and the caller goes on as usual.
func (s *Scrubber) tryIP6Arpa(line []byte, i, j int, m *match) int {
	n := (j - i) / 2
	if (j-i)%2 != 0 || !hasIP6Arpa(line, j) {
		return -1
	}
	for k := i; k < j; k += 2 {
		if runTab[line[k]] != rHex || line[k+1] != '.' {
			return -1
		}
	}
	e := j + len(ip6Arpa)
	if t := e; t < len(line) {
		if line[t] == '.' {
			t++
		}
		if t < len(line) && (isWord(line[t]) || line[t] == '-') {
			return -1 // ip6.arpa.example.net, ip6.arpa-x: some other name
		}
	}
	if n > 32 {
		return e // no valid name: which 32 nibbles are the address is unknown
	}
	var a ipv6
	for p := 0; p < n; p++ {
		// The p-th label from the left is nibble n-1-p counted from the top.
		k := n - 1 - p
		a.b[k/2] |= hexNibble(line[i+2*p]) << (4 * (1 - k%2))
	}
	// Redacting keeps no prefix, so there every name but one of zeros is
	// rewritten (a /128 prefix set for masking must not keep names whole).
	if s.mode == Mask && 4*n <= s.prefixV6(&a) {
		return e // a zone: no host bits
	}
	*m = match{start: i, end: j - 1, kind: kArpa6, v6: a}
	return 0
}

// tryArpaToken is tryToken for a run without colons that ends in a '.'
// before an 'i' or 'I': the ip6.arpa rule comes first, since the dotted-quad
// rule would take a name's first four nibbles (1.2.3.4.b.a.…). If the run is
// no nibble name, the rest is what tryToken does with a run without colons
// (keep the two in step).
func (s *Scrubber) tryArpaToken(line []byte, i, j, dots, floor int, m *match) int {
	if next := s.tryIP6Arpa(line, i, j, m); next >= 0 {
		return next
	}
	digit := isDigit(line[i])
	if digit && dots >= 3 && tryIPv4(line, i, floor, m) {
		return 0
	}
	if digit && s.phones && s.tryPhone(line, i, m) {
		return 0
	}
	return max(skipToken(line, j), i+1)
}

// hexNibble returns the value of the hex digit c (hexTab's, as parseIPv6 reads it).
func hexNibble(c byte) byte { return hexTab[c] & 0x0f }

// replaceArpa6 writes the nibbles of m masked to the kept prefix (all zero
// when redacting), each in the case it was written in, dot-separated.
func (s *Scrubber) replaceArpa6(dst, line []byte, m *match) []byte {
	bits := 0
	if s.mode == Mask {
		a := m.v6
		bits = s.prefixV6(&a)
	}
	n := (m.end - m.start + 1) / 2
	var buf [63]byte // 32 nibbles and 31 dots
	w := 0
	for p := 0; p < n; p++ {
		c := line[m.start+2*p]
		k := n - 1 - p
		v := hexNibble(c)
		switch {
		case bits >= 4*(k+1):
		case bits <= 4*k:
			v = 0
		default:
			v &^= 0xf >> (bits - 4*k)
		}
		if p > 0 {
			buf[w] = '.'
			w++
		}
		if hexTab[c]&hexCapital != 0 {
			buf[w] = hexUpper[v]
		} else {
			buf[w] = hexLower[v]
		}
		w++
	}
	return append(dst, buf[:w]...)
}

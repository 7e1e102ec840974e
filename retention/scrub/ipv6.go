package scrub

import "bytes"

// ipv6 is a parsed IPv6 address: its 16 bytes, where its zone suffix
// starts (the '%', or the end of the address text if there is none), where a
// trailing dotted quad starts (-1 if none), and whether the hex digits were
// written in upper case only.
type ipv6 struct {
	b      [16]byte
	zone   int
	dotted int
	upper  bool
	// full: a ":port" follows without brackets, so the address is written
	// with all eight groups (a "::" before ":5060" would read as ":::").
	full bool
}

// tryIPv6 looks for an IPv6 address at line[i:], i being the start of a token
// (a hex digit, or "::" after a non-word byte). On failure it returns a zero
// match and the index after the run of address characters it looked at, so
// that no part of a rejected run (a time, a MAC address, a fingerprint) is
// tried again.
func (s *Scrubber) tryIPv6(line []byte, i int, m *match) int {
	end, colons, double := i, 0, false
	for end < len(line) {
		k := runTab[line[end]]
		if k == 0 {
			break
		}
		if k == rColon {
			colons++
			double = double || end > i && line[end-1] == ':'
		}
		end++
	}
	return s.tryIPv6Run(line, i, end, colons, double, m)
}

// tryIPv6Run is tryIPv6 once the run of hex digits, dots and colons at i is
// known: it ends at end and holds colons colons, double says whether two
// of them are adjacent.
func (s *Scrubber) tryIPv6Run(line []byte, i, end, colons int, double bool, m *match) int {
	digits := false
	for _, c := range line[i:end] {
		if isDigit(c) {
			digits = true
			break
		}
	}
	next := end
	if next == i {
		next = i + 1
	}
	// An address has a "::" or at least six colons (seven; six before a
	// dotted quad) and, to keep C++ and Ruby names like a::b or dead::beef
	// out, at least one decimal digit or a zone (a masked fe80::%eth0).
	zoned := end+1 < len(line) && line[end] == '%' && isWord(line[end+1])
	if colons < 2 || !digits && !zoned || colons < 6 && !double {
		return next
	}
	// Trim what punctuation ends a sentence or a "key:" prefix.
	for end > i && line[end-1] == '.' {
		end--
	}
	if end-i >= 2 && line[end-1] == ':' && line[end-2] != ':' {
		end--
	}
	if end < len(line) && isWord(line[end]) && line[end] != '_' {
		return next
	}
	a, ok := parseIPv6(line[i:end])
	whole := ok
	if !ok {
		// A port after the address, without brackets: tcpdump writes
		// 2001:db8::1.443, and some programs 2001:db8:0:0:0:0:0:1:5060.
		// A ":port" is unambiguous after eight groups or a dotted quad
		// (::ffff:192.0.2.1:5060); after "2001:db8::1:5060" it is not, and
		// the whole is masked as one address.
		var e int
		dotted := bytes.IndexByte(line[i:end], '.') >= 0
		if a, e, ok = portSuffix(line, i, end, '.'); !ok && (!double || dotted || lastGroupDigits(line, i, end) == 5) {
			a, e, ok = portSuffix(line, i, end, ':')
			a.full = ok
		}
		if !ok {
			return next
		}
		end = e
	}
	if whole && double && a.dotted < 0 && errnoBefore(line, i) {
		// Node writes "connect ECONNREFUSED ::1:3010": after an errno name
		// the address is always followed by its port.
		if p, e, pok := portSuffix(line, i, end, ':'); pok {
			a, end = p, e
			a.full = true
		}
	}
	if end < len(line) && line[end] == ':' {
		// "2001:db8::2b3c: [preauth]": a "::" at the end would run into
		// the colon, so all eight groups are written.
		a.full = true
	}
	if a.dotted >= 0 {
		a.dotted += i
	}
	a.zone = end
	// Zone suffix: fe80::1%eth0, also URL-encoded as %25eth0.
	if end+1 < len(line) && line[end] == '%' && isWord(line[end+1]) {
		z := end + 1
		for z < len(line) && (isWord(line[z]) || line[z] == '-') {
			z++
		}
		// A zone followed by '.' or ':' could be the start of another
		// token (fe80::1%0.0.0.1): then it is no zone.
		if z == len(line) || line[z] != '.' && line[z] != ':' {
			end = z
		}
	}
	*m = match{start: i, end: end, kind: kV6, v6: a}
	return 0
}

// portSuffix parses line[i:end] as an address followed by sep and a port of
// one to five digits, returning the address and where it ends.
func portSuffix(line []byte, i, end int, sep byte) (ipv6, int, bool) {
	k := bytes.LastIndexByte(line[i:end], sep) + i
	if d := end - k - 1; k < i || d < 1 || d > 5 || digitRun(line, k+1) != d {
		return ipv6{}, 0, false
	}
	a, ok := parseIPv6(line[i:k])
	return a, k, ok
}

// hexTab holds, for each hex digit, its value, hexDigit and the case it
// was written in; 0 for every other byte.
var hexTab = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		switch {
		case isDigit(b):
			t[c] = hexDigit | (b - '0')
		case b >= 'a' && b <= 'f':
			t[c] = hexDigit | hexSmall | (b - 'a' + 10)
		case b >= 'A' && b <= 'F':
			t[c] = hexDigit | hexCapital | (b - 'A' + 10)
		}
	}
	return t
}()

const (
	hexDigit   = 0x10
	hexSmall   = 0x20
	hexCapital = 0x40
)

// parseIPv6 parses b as a whole IPv6 address in any RFC 4291 text form,
// including a trailing dotted quad. It does not accept zones.
func parseIPv6(b []byte) (a ipv6, ok bool) {
	a.dotted = -1
	var seen uint8 // the hexSmall and hexCapital bits of every digit
	ellipsis, n, i := -1, 0, 0
	if len(b) >= 2 && b[0] == ':' && b[1] == ':' {
		ellipsis, i = 0, 2
	}
	for i < len(b) && n < 16 {
		v, d := 0, 0
		for _, c := range b[i:min(i+5, len(b))] {
			h := hexTab[c]
			if h == 0 {
				break
			}
			if d == 4 {
				return a, false
			}
			seen |= h
			v = v<<4 | int(h&0xf)
			d++
		}
		if d == 0 {
			return a, false
		}
		if i+d < len(b) && b[i+d] == '.' {
			if (ellipsis < 0 && n != 12) || n > 12 {
				return a, false
			}
			q, end, ok := parseDottedQuad(b, i)
			if !ok || end != len(b) {
				return a, false
			}
			a.b[n], a.b[n+1], a.b[n+2], a.b[n+3] = byte(q.addr>>24), byte(q.addr>>16), byte(q.addr>>8), byte(q.addr)
			n += 4
			a.dotted = i
			i = end
			break
		}
		a.b[n], a.b[n+1] = byte(v>>8), byte(v)
		n += 2
		i += d
		if i == len(b) {
			break
		}
		if b[i] != ':' {
			return a, false
		}
		i++
		if i < len(b) && b[i] == ':' {
			if ellipsis >= 0 {
				return a, false
			}
			ellipsis = n
			i++
			if i == len(b) {
				break
			}
		} else if i == len(b) {
			return a, false
		}
	}
	if i != len(b) {
		return a, false
	}
	if n < 16 {
		if ellipsis < 0 {
			return a, false
		}
		k := 16 - n
		copy(a.b[ellipsis+k:], a.b[ellipsis:n])
		for j := ellipsis; j < ellipsis+k; j++ {
			a.b[j] = 0
		}
	} else if ellipsis >= 0 {
		return a, false
	}
	a.upper = seen&(hexCapital|hexSmall) == hexCapital
	return a, true
}

// prefixV6 returns the bits to keep for a: addresses that embed an IPv4
// address where a /48 would keep it whole (IPv4-mapped, NAT64, 6to4) are
// masked by the IPv4 prefix applied to that embedded address.
func (s *Scrubber) prefixV6(a *ipv6) int {
	b := &a.b
	zero8 := b[4]|b[5]|b[6]|b[7]|b[8]|b[9] == 0
	switch {
	case zero8 && b[0]|b[1]|b[2]|b[3] == 0 && b[10] == 0xff && b[11] == 0xff:
		return 96 + s.p4 // ::ffff:a.b.c.d
	case zero8 && b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[10]|b[11] == 0:
		return 96 + s.p4 // 64:ff9b::a.b.c.d
	case b[0] == 0x20 && b[1] == 0x02:
		return min(s.p6, 16+s.p4) // 2002:aabb:ccdd::/48 (6to4)
	}
	return s.p6
}

func (s *Scrubber) replaceV6(dst, line []byte, m *match) []byte {
	// An address written with a leading "::" keeps it, so that the
	// replacement cannot run into a token before it.
	lead := line[m.start] == ':'
	if lead && m.v6.full && (m.start == 0 || !isTokenByte(line[m.start-1])) {
		// "::1:58619" after a space: all eight groups, since ":::58619"
		// would not parse back as address and port.
		lead = false
	}
	if s.mode == Redact {
		if m.v6.full && !lead {
			dst = append(dst, "0:0:0:0:0:0:0:0"...)
		} else {
			dst = append(dst, RedactedIPv6...)
		}
		return append(dst, line[m.v6.zone:m.end]...)
	}
	a := m.v6
	bits := s.prefixV6(&a)
	for k := 0; k < 16; k++ {
		switch {
		case bits >= 8*(k+1):
		case bits <= 8*k:
			a.b[k] = 0
		default:
			a.b[k] &^= byte(0xff >> (bits - 8*k))
		}
	}
	if a.dotted >= 0 && bits >= 96 {
		// Keep the written IPv6 part (e.g. "::FFFF:") and mask the dotted quad.
		dst = append(dst, line[m.start:a.dotted]...)
		q := ipv4{addr: uint32(a.b[12])<<24 | uint32(a.b[13])<<16 | uint32(a.b[14])<<8 | uint32(a.b[15])}
		dst = appendIPv4(dst, q)
	} else {
		dst = appendIPv6(dst, &a.b, a.upper, !a.full, lead)
	}
	return append(dst, line[a.zone:m.end]...)
}

const hexLower, hexUpper = "0123456789abcdef", "0123456789ABCDEF"

// appendIPv6 writes b in the RFC 5952 form: no leading zeros, the longest
// run of two or more zero groups (the first of equals) written as "::"
// unless compress is false. With lead, the zero groups at the start are
// written as "::", however many (b must start with a zero group).
func appendIPv6(dst []byte, b *[16]byte, upper, compress, lead bool) []byte {
	digits := hexLower
	if upper {
		digits = hexUpper
	}
	bestStart, bestLen := -1, 1
	for g := 0; g < 8; {
		if b[2*g]|b[2*g+1] != 0 {
			g++
			continue
		}
		e := g
		for e < 8 && b[2*e]|b[2*e+1] == 0 {
			e++
		}
		if e-g > bestLen && compress {
			bestStart, bestLen = g, e-g
		}
		g = e
	}
	if lead && b[0]|b[1] == 0 {
		bestStart, bestLen = 0, 1
		for bestLen < 8 && b[2*bestLen]|b[2*bestLen+1] == 0 {
			bestLen++
		}
	}
	// Written into a local buffer and appended once: eight groups of four
	// digits and seven colons at most.
	var buf [40]byte
	n := 0
	for g := 0; g < 8; g++ {
		if g == bestStart {
			buf[n], buf[n+1] = ':', ':'
			n += 2
			g += bestLen - 1
			continue
		}
		if g > 0 && g != bestStart+bestLen {
			buf[n] = ':'
			n++
		}
		v := uint16(b[2*g])<<8 | uint16(b[2*g+1])
		switch {
		case v >= 0x1000:
			buf[n] = digits[v>>12]
			n++
			fallthrough
		case v >= 0x100:
			buf[n] = digits[v>>8&0xf]
			n++
			fallthrough
		case v >= 0x10:
			buf[n] = digits[v>>4&0xf]
			n++
		}
		buf[n] = digits[v&0xf]
		n++
	}
	return append(dst, buf[:n]...)
}

// lastGroupDigits returns the length of the run of decimal digits that ends
// line[i:end] after its last ':', or 0 if that group holds anything else. A
// group of five digits cannot be a hextet: it is a port.
func lastGroupDigits(line []byte, i, end int) int {
	k := bytes.LastIndexByte(line[i:end], ':') + i
	if k < i || digitRun(line, k+1) != end-k-1 {
		return 0
	}
	return end - k - 1
}

// errnoNames are the socket errors after which Node (and libuv programs)
// print "address:port" without brackets.
var errnoNames = []string{"ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EADDRINUSE", "EADDRNOTAVAIL"}

// errnoBefore reports whether the token at i follows an errno name and one space.
func errnoBefore(line []byte, i int) bool {
	if i < 2 || line[i-1] != ' ' || line[i-2] < 'A' || line[i-2] > 'Z' {
		return false
	}
	for _, e := range errnoNames {
		if i-1 >= len(e) && string(line[i-1-len(e):i-1]) == e {
			return true
		}
	}
	return false
}

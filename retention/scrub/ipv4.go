package scrub

import "math/bits"

// inAddrArpa follows a dotted quad written in reverse-DNS order.
const inAddrArpa = ".in-addr.arpa"

// ipv4 is a dotted-quad address as written: its value and, if any octet
// was written with leading zeros (010.001.002.003), each octet's width.
type ipv4 struct {
	addr   uint32
	width  [4]uint8
	padded bool
	// reversed: written in reverse-DNS order (91.2.10.170 as
	// 170.10.2.91.in-addr.arpa); addr holds the address itself.
	reversed bool
	// dashed: written with '-' between the octets, in a host name
	// (s104-238-125-129.example.net).
	dashed bool
}

// parseDottedQuad parses "a.b.c.d" at line[i:] (octets of 1 to 3 decimal
// digits, each at most 255; leading zeros allowed and read as decimal). It
// returns the address and the index after it; ok is false if no dotted quad
// starts at i.
func parseDottedQuad(line []byte, i int) (a ipv4, end int, ok bool) {
	for k := 0; k < 4; k++ {
		if k > 0 {
			if i >= len(line) || line[i] != '.' {
				return a, 0, false
			}
			i++
		}
		v, d := 0, 0
		for i < len(line) && isDigit(line[i]) {
			if d == 3 {
				return a, 0, false
			}
			v = v*10 + int(line[i]-'0')
			d++
			i++
		}
		if d == 0 || v > 255 {
			return a, 0, false
		}
		a.width[k] = uint8(d)
		if d > 1 && line[i-d] == '0' {
			a.padded = true
		}
		a.addr = a.addr<<8 | uint32(v)
	}
	return a, i, true
}

// tryIPv4 accepts a dotted quad at i when the bytes around it say it is an
// address: it must not continue as a longer dotted number (1.3.6.1.4.1, an
// OID; a fifth part of up to five digits is a port, as tcpdump writes
// 192.0.2.1.443), be glued to letters (1.2.3.4a) or carry a version suffix
// (1.2.3.4-beta), and must not be the version of a product token in a user
// agent (YaBrowser/21.2.4.165) or of a package (bbb-web-2.3.0.1). The
// names looked at must lie after floor, the end of the previous match.
func tryIPv4(line []byte, i, floor int, m *match) bool {
	a, end, ok := parseDottedQuad(line, i)
	if !ok {
		return false
	}
	if hasSuffixFold(line[end:min(len(line), end+len(inAddrArpa))], inAddrArpa) {
		// A PTR name: the host octet comes first.
		a.addr, a.reversed = bits.ReverseBytes32(a.addr), true
		*m = match{start: i, end: end, kind: kV4, v4: a}
		return true
	}
	if end < len(line) {
		c := line[end]
		if isWord(c) && c != '_' {
			return false
		}
		if end+1 < len(line) {
			d := line[end+1]
			if c == '.' && isDigit(d) && !dotPort(line, end+1) {
				return false
			}
			if c == '-' && isLetter(d) {
				return false
			}
		}
	}
	port := end+1 < len(line) && line[end] == ':' && isDigit(line[end+1])
	if i > 0 && line[i-1] == '/' && !port && productVersion(line, i-1, floor) {
		return false
	}
	if i-2 >= floor && line[i-1] == '-' && isLetter(line[i-2]) {
		return false // a package version: bbb-web-2.3.0.1
	}
	*m = match{start: i, end: end, kind: kV4, v4: a}
	return true
}

// dotPort reports whether the digits at i are the last part of a dotted
// number, of at most five digits: a port after an address.
func dotPort(line []byte, i int) bool {
	d := digitRun(line, i)
	e := i + d
	return d <= 5 && (e == len(line) || line[e] != '.' || e+1 == len(line) || !isDigit(line[e+1]))
}

// productName reports whether name is written as a User-Agent product
// token is (Chrome, YaBrowser, Version): a capital first letter, at least
// one small letter, no '_'. Names written otherwise (squid's HIER_DIRECT,
// redis, Cisco's inside, localhost) are followed by an address, not a
// version: only what is provably a version is kept.
func productName(name []byte) bool {
	if len(name) == 0 || name[0] < 'A' || name[0] > 'Z' {
		return false
	}
	small := false
	for _, c := range name {
		if c == '_' {
			return false
		}
		small = small || c >= 'a' && c <= 'z'
	}
	return small
}

// productVersion reports whether the '/' at slash ends a product name as in
// "Chrome/89.0.4389.114": a token with a letter that is not itself a path
// segment, a host in a URL or a host name as Java writes it before an
// address (localhost/127.0.0.1, redis.example.org/192.0.2.7).
func productVersion(line []byte, slash, floor int) bool {
	j := slash - 1
	letter, dot := false, false
	for j >= floor && (isWord(line[j]) || line[j] == '.' || line[j] == '-') {
		if isLetter(line[j]) {
			letter = true
		}
		dot = dot || line[j] == '.'
		j--
	}
	if !letter || dot || !productName(line[j+1:slash]) {
		return false
	}
	if j < 0 {
		return true
	}
	if j < floor {
		return false // the name is (part of) an address
	}
	switch line[j] {
	case '/', ':', '@':
		return false
	}
	return true
}

func maskBits32(v uint32, bits int) uint32 {
	if bits >= 32 {
		return v
	}
	if bits <= 0 {
		return 0
	}
	return v &^ (1<<(32-bits) - 1)
}

func (s *Scrubber) replaceV4(dst, line []byte, m *match) []byte {
	if s.mode == Redact {
		if m.v4.dashed {
			return append(dst, "0-0-0-0"...)
		}
		return append(dst, RedactedIPv4...)
	}
	a := m.v4
	a.addr = maskBits32(a.addr, s.p4)
	if a.reversed {
		a.addr = bits.ReverseBytes32(a.addr)
	}
	return appendIPv4(dst, a)
}

// appendIPv4 writes a in dotted-quad notation; if a was written with
// zero-padded octets, each octet is padded to its original width.
func appendIPv4(dst []byte, a ipv4) []byte {
	sep := byte('.')
	if a.dashed {
		sep = '-'
	}
	// Written into a local buffer and appended once: at most four octets
	// of three digits and three separators.
	var buf [15]byte
	n := 0
	for k := 0; k < 4; k++ {
		if k > 0 {
			buf[n] = sep
			n++
		}
		v := byte(a.addr >> (24 - 8*k))
		w := 1
		if v >= 100 {
			w = 3
		} else if v >= 10 {
			w = 2
		}
		if a.padded {
			for p := min(int(a.width[k]), 3); p > w; p-- {
				buf[n] = '0'
				n++
			}
		}
		if v >= 100 {
			buf[n] = '0' + v/100
			n++
		}
		if v >= 10 {
			buf[n] = '0' + v/10%10
			n++
		}
		buf[n] = '0' + v%10
		n++
	}
	return append(dst, buf[:n]...)
}

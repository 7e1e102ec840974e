package scrub

// Reverse-DNS host names that spell the address they point to, as ISPs and
// clouds name their clients: s104-238-125-129.example.net,
// 104-238-125-129.static.example.com, ip-10-0-0-1.ec2.internal,
// host-1-2-3-4.isp.de, dynamic-078-049-012-034.pool.example.de. The four
// decimal groups of one label (also 1-2-3-4-example.com) are masked as the
// address they spell would be (s104-238-125-0.example.net under /24;
// 0-0-0-0 when redacting), keeping their dashes and zero padding. The name
// must go on with at least one more label and end in one of letters only
// (a top-level domain), so that "1-2-3-4" alone, a date or a
// version stays; a file named like a host (pkg-1-2-3-4.tar.gz) is masked
// too, which does no harm. The groups are read in the order written: the
// rare provider that writes its clients' addresses backwards in a name
// keeps the host octet in front.
//
// A dotted quad followed by a name (1.2.3.4.static.example.com) is an
// address to the IPv4 rule already, and in-addr.arpa names are read
// backwards there.

const (
	maxLabel = 63  // bytes in a DNS label
	maxName  = 253 // bytes in a DNS name
)

func isLabelByte(c byte) bool { return skipTab[c] && c != '.' || c == '-' }

// hostNameStart reports whether a host name may start at i: not inside a
// label (after '-') nor after '_' (a word such as x_ip-1-2-3-4 is no name).
func hostNameStart(line []byte, i, floor int) bool {
	return i == floor || line[i-1] != '-' && line[i-1] != '_' && !isLabelByte(line[i-1])
}

// tryHostName looks for a host name at i whose labels before the one
// spelling an address each hold a letter, and fills in m with that label's
// four groups.
func tryHostName(line []byte, i int, m *match) bool {
	pos, found := i, false
	var a ipv4
	var qs, qe int
	for labels := 0; pos < len(line) && pos-i < maxName; labels++ {
		e, letter := pos, false
		for e < len(line) && e-pos <= maxLabel && isLabelByte(line[e]) {
			letter = letter || isLetter(line[e])
			e++
		}
		if e == pos || e-pos > maxLabel {
			return false
		}
		if found {
			// A label after the address: the name is a name if its last
			// label starts with a letter.
			if e == len(line) || line[e] != '.' || e+1 == len(line) || !isLabelByte(line[e+1]) {
				if !topLevel(line[pos:e]) {
					return false
				}
				*m = match{start: qs, end: qe, kind: kV4, v4: a}
				return true
			}
		} else {
			if q, qstart, qend, ok := dashQuad(line[pos:e]); ok {
				a, found, qs, qe = q, true, pos+qstart, pos+qend
			} else if !letter {
				return false // a number: 10.0.0.1.host-1-2-3-4 is no name
			}
		}
		if e+1 >= len(line) || line[e] != '.' || !isLabelByte(line[e+1]) {
			return false
		}
		pos = e + 1
	}
	return false
}

// topLevel reports whether label can be a top-level domain: two letters
// or more, or an IDN's xn-- form.
func topLevel(label []byte) bool {
	if len(label) > 4 && string(label[:4]) == "xn--" {
		return true
	}
	for _, c := range label {
		if !isLetter(c) {
			return false
		}
	}
	return len(label) >= 2
}

// dashQuad finds in label four dash-separated decimal groups (1 to 3
// digits, at most 255) and returns the address and where the groups start
// and end. The first group may be glued to letters (s104-); the words
// before and after the four, if any, must not be numbers (ip-, ec2-,
// -example, but not the fifth group of a date and time or a version).
func dashQuad(label []byte) (a ipv4, start, end int, ok bool) {
	// words[k] is where the k-th dash-separated word starts (a label of
	// dashes only has one more than it has bytes).
	var words [maxLabel + 2]int
	n := 0
	for k := 0; k <= len(label); k++ {
		if k == 0 || label[k-1] == '-' {
			words[n] = k
			n++
		}
	}
	wordEnd := func(k int) int {
		if k+1 < n {
			return words[k+1] - 1
		}
		return len(label)
	}
	number := func(k int) bool {
		b := label[words[k]:wordEnd(k)]
		for _, c := range b {
			if !isDigit(c) {
				return false
			}
		}
		return len(b) > 0
	}
	for k := 0; k+4 <= n; k++ {
		if k > 0 && number(k-1) || k+4 < n && number(k+4) {
			continue
		}
		a, ok = ipv4{dashed: true}, true
		for g := 0; g < 4 && ok; g++ {
			ws, we := words[k+g], wordEnd(k+g)
			ds := we
			for ds > ws && we-ds < 4 && isDigit(label[ds-1]) {
				ds--
			}
			if g == 0 {
				start = ds
			}
			// Only the first group may have letters before it.
			ok = ds < we && we-ds <= 3 && (ds == ws || g == 0 && isLetter(label[ds-1]))
			v := 0
			for _, c := range label[ds:we] {
				v = v*10 + int(c-'0')
			}
			ok = ok && v <= 255
			a.width[g] = uint8(we - ds)
			a.padded = a.padded || we-ds > 1 && label[ds] == '0'
			a.addr |= uint32(v) << (24 - 8*g)
			end = we
		}
		if ok {
			return a, start, end, true
		}
	}
	return ipv4{}, 0, 0, false
}

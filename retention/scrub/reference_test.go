package scrub

import (
	"net/netip"
	"strings"
)

// referenceSurvivors is a slow, simple finder built on net/netip: it
// returns the addresses in line that stand between clear separators and
// still carry host bits beyond the prefixes p4 and p6 (with the embedded
// IPv4 address of IPv4-mapped, NAT64 and 6to4 addresses judged by p4). It
// shares no code with the scanner.
func referenceSurvivors(line string, p4, p6 int) []string {
	const before = " \t\"',;=[(<{|@"
	const after = " \t\"',;])>}|/\r\n"
	isRun := func(c byte) bool {
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.'
	}
	var out []string
	for i := 0; i < len(line); {
		if !isRun(line[i]) {
			i++
			continue
		}
		j := i
		for j < len(line) && isRun(line[j]) {
			j++
		}
		run, start, end := line[i:j], i, j
		i = j
		if strings.HasPrefix(run, ":") && !strings.HasPrefix(run, "::") {
			run, start = run[1:], start+1
		}
		for strings.HasSuffix(run, ".") {
			run, end = run[:len(run)-1], end-1
		}
		if start > 0 && !strings.ContainsRune(before, rune(line[start-1])) && line[start-1] != ':' {
			continue
		}
		if end < len(line) && !strings.ContainsRune(after, rune(line[end])) && line[end] != '.' {
			continue
		}
		if rest := strings.ToLower(line[end:]); strings.HasPrefix(rest, ".ip6.arpa") {
			// An ip6.arpa name: nibbles, least significant first. The name
			// must end there (a dot may follow): "ip6.arpa00" is another name.
			tail := strings.TrimPrefix(rest[len(".ip6.arpa"):], ".")
			if tail == "" || !strings.ContainsRune("abcdefghijklmnopqrstuvwxyz0123456789_-", rune(tail[0])) {
				if a, ok := nibbleAddr(run); ok && carriesHost(a, p4, p6) {
					out = append(out, run)
				}
				continue
			}
		}
		if !strings.ContainsAny(run, "0123456789") {
			continue
		}
		for _, cand := range candidates(run) {
			if rest := strings.ToLower(line[end:]); strings.HasPrefix(rest, ".in-addr.arpa") {
				// A PTR name: read the quad backwards.
				if p := strings.Split(cand, "."); len(p) == 4 {
					cand = p[3] + "." + p[2] + "." + p[1] + "." + p[0]
				}
			}
			a, err := netip.ParseAddr(cand)
			if err == nil && carriesHost(a, p4, p6) {
				out = append(out, cand)
				break
			}
		}
	}
	return out
}

// candidates returns run and, if it ends in ":port" or ":" after an IPv4
// address, the address part.
func candidates(run string) []string {
	c := []string{run}
	if k := strings.LastIndexByte(run, ':'); k > 0 && strings.Count(run, ":") == 1 {
		c = append(c, run[:k])
	}
	return c
}

func carriesHost(a netip.Addr, p4, p6 int) bool {
	masked := func(a netip.Addr, bits int) bool {
		p, _ := a.Prefix(bits)
		return p.Addr() == a
	}
	if a.Is4() {
		return !masked(a, p4)
	}
	if a.Is4In6() {
		return !masked(a.Unmap(), p4)
	}
	b := a.As16()
	if netip.MustParsePrefix("64:ff9b::/96").Contains(a) {
		return !masked(netip.AddrFrom4([4]byte(b[12:])), p4)
	}
	if netip.MustParsePrefix("2002::/16").Contains(a) {
		return !masked(a, min(p6, 16+p4))
	}
	return !masked(a, p6)
}

// nibbleAddr reads the labels of an ip6.arpa name (one hex digit each, at
// most 32, least significant first) as an address, the nibbles not written
// being zero.
func nibbleAddr(run string) (netip.Addr, bool) {
	labels := strings.Split(run, ".")
	if len(labels) > 32 {
		return netip.Addr{}, false
	}
	var hex [32]byte
	for k := range hex {
		hex[k] = '0'
	}
	for p, l := range labels {
		if len(l) != 1 {
			return netip.Addr{}, false
		}
		hex[len(labels)-1-p] = l[0]
	}
	var sb strings.Builder
	for k := 0; k < 32; k += 4 {
		if k > 0 {
			sb.WriteByte(':')
		}
		sb.Write(hex[k : k+4])
	}
	a, err := netip.ParseAddr(sb.String())
	return a, err == nil
}

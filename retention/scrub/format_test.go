package scrub

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
)

// TestAppendAddrForms checks the formatters behind every replacement against
// net/netip (RFC 5952 for IPv6) on random addresses with long and short
// runs of zero groups, and the zero padding of IPv4 octets.
func TestAppendAddrForms(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 13))
	for range 20000 {
		var b [16]byte
		for g := range 8 {
			switch r.IntN(4) {
			case 0: // a zero group
			case 1:
				b[2*g+1] = byte(r.IntN(16))
			case 2:
				b[2*g], b[2*g+1] = 0, byte(r.IntN(256))
			default:
				b[2*g], b[2*g+1] = byte(r.IntN(256)), byte(r.IntN(256))
			}
		}
		a := netip.AddrFrom16(b)
		if a.Is4In6() {
			continue // netip writes ::ffff:a.b.c.d
		}
		want := a.String()
		if got := string(appendIPv6([]byte("x"), &b, false, true, false)); got != "x"+want {
			t.Fatalf("appendIPv6(%x) = %q, want %q", b, got[1:], want)
		}
		if got := string(appendIPv6(nil, &b, true, true, false)); got != strings.ToUpper(want) {
			t.Fatalf("appendIPv6(%x, upper) = %q, want %q", b, got, strings.ToUpper(want))
		}
		full := a.StringExpanded()
		var groups []string
		for _, g := range strings.Split(full, ":") {
			groups = append(groups, strings.TrimLeft(g[:3], "0")+g[3:])
		}
		if got, want := string(appendIPv6(nil, &b, false, false, false)), strings.Join(groups, ":"); got != want {
			t.Fatalf("appendIPv6(%x, full) = %q, want %q", b, got, want)
		}
	}
	for range 20000 {
		a := ipv4{addr: r.Uint32(), padded: r.IntN(2) == 0, dashed: r.IntN(4) == 0}
		var want []string
		for k := range 4 {
			v := byte(a.addr >> (24 - 8*k))
			s := fmt.Sprint(v)
			if a.padded {
				a.width[k] = uint8(len(s) + r.IntN(4-len(s)))
				s = strings.Repeat("0", int(a.width[k])-len(s)) + s
			}
			want = append(want, s)
		}
		sep := "."
		if a.dashed {
			sep = "-"
		}
		if got := string(appendIPv4([]byte("x"), a)); got != "x"+strings.Join(want, sep) {
			t.Fatalf("appendIPv4(%+v) = %q, want %q", a, got[1:], strings.Join(want, sep))
		}
	}
}

package scrub

import (
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
)

// The line shapes follow real logs: unbound's query log
// ("info: 127.0.0.1 ispapp.co. A IN", NLnetLabs/unbound#800; "query:
// 192.168.5.2 telemetry.example.com. A IN", #733), BIND's query log
// ("client 173.90.213.148#9307 (edu.za): query: edu.za IN ANY +E
// (172.31.7.30)", Matty9191/bind-query-log-statistics#1), dnsmasq
// ("query[PTR] 27.60.162.139.in-addr.arpa from 127.0.0.1", pi-hole/FTL#956),
// dig's question section (";1.1.16.172.in-addr.arpa.\tIN\tPTR",
// NLnetLabs/unbound#788) and a /48 zone as hickory-dns logs it
// ("4.1.0.0.6.4.6.4.0.1.a.2.ip6.arpa", hickory-dns/hickory-dns#1531), with
// documentation addresses (RFC 3849) put in.
func TestIP6Arpa(t *testing.T) {
	const (
		full   = "b.a.9.8.7.6.5.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
		full48 = "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
		// 2001:db8:1234:5678:9abc:def0:1234:5678
		host   = "8.7.6.5.4.3.2.1.0.f.e.d.c.b.a.9.8.7.6.5.4.3.2.1.8.b.d.0.1.0.0.2.ip6.arpa"
		host48 = "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.4.3.2.1.8.b.d.0.1.0.0.2.ip6.arpa"
		host64 = "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.7.6.5.4.3.2.1.8.b.d.0.1.0.0.2.ip6.arpa"
		host52 = "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.5.4.3.2.1.8.b.d.0.1.0.0.2.ip6.arpa"
		host50 = "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.4.4.3.2.1.8.b.d.0.1.0.0.2.ip6.arpa"
		zero   = "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa"
	)
	for _, tc := range []struct {
		name string
		o    Options
		in   string
		want string
		n    int
	}{
		{"full /48", Options{}, full, full48, 1},
		{"host /48", Options{}, host, host48, 1},
		{"host /64", Options{IPv6Prefix: 64}, host, host64, 1},
		{"host /52", Options{IPv6Prefix: 52}, host, host52, 1},
		{"host /50: a nibble cut in two", Options{IPv6Prefix: 50}, host, host50, 1},
		{"redact", Options{Mode: Redact}, host, zero, 1},
		{"redact twice", Options{Mode: Redact}, zero, zero, 0},
		{"masked already", Options{}, host48, host48, 0},
		{"upper case kept",
			Options{},
			"B.A.9.8.7.6.5.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.IP6.ARPA",
			"0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.IP6.ARPA", 1},
		{"mixed case, /64: each nibble keeps its case",
			Options{IPv6Prefix: 64},
			"8.7.6.5.4.3.2.1.0.F.E.D.C.B.A.9.8.7.6.5.4.3.2.1.8.B.d.0.1.0.0.2.Ip6.Arpa",
			"0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.7.6.5.4.3.2.1.8.B.d.0.1.0.0.2.Ip6.Arpa", 1},
		{"trailing dot", Options{}, full + ". IN PTR", full48 + ". IN PTR", 1},
		{"/48 zone stays", Options{}, "0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", 0},
		{"zone with bits stays",
			Options{}, "zone: 4.1.0.0.6.4.6.4.0.1.a.2.ip6.arpa.", "zone: 4.1.0.0.6.4.6.4.0.1.a.2.ip6.arpa.", 0},
		{"redacting keeps no zone",
			Options{Mode: Redact}, "4.1.0.0.6.4.6.4.0.1.a.2.ip6.arpa.", "0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.", 1},
		{"redacting under /128 still zeroes names",
			Options{Mode: Redact, IPv6Prefix: 128}, host, zero, 1},
		{"/128 masking keeps names", Options{IPv6Prefix: 128}, host, host, 0},
		{"short zone is no dotted quad", Options{}, "4.3.2.1.ip6.arpa", "4.3.2.1.ip6.arpa", 0},
		{"/56 name under /48",
			Options{}, "1.2.3.4.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", 1},
		{"/56 name under /64 is a zone",
			Options{IPv6Prefix: 64}, "1.2.3.4.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "1.2.3.4.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", 0},
		{"/52 name redacted",
			Options{Mode: Redact}, "c.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa", 1},
		{"first nibbles would be a dotted quad",
			Options{},
			"1.2.3.4.5.6.7.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
			full48, 1},
		{"IPv4-mapped: the IPv4 prefix applies",
			Options{},
			"a.b.2.0.0.0.2.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa",
			"0.0.2.0.0.0.2.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa", 1},
		{"unbound query",
			Options{},
			"Dec  2 11:02:07 bbb unbound[812:0] info: 127.0.0.1 " + host + ". PTR IN",
			"Dec  2 11:02:07 bbb unbound[812:0] info: 127.0.0.0 " + host48 + ". PTR IN", 2},
		{"bind query log",
			Options{},
			"02-Dec-2026 11:02:08.387 client @0x7f0a1c0 2001:db8:5:6::7#40123 (" + full + "): query: " + full + " IN PTR +E(0)K (2001:db8::53)",
			"02-Dec-2026 11:02:08.387 client @0x7f0a1c0 2001:db8:5::#40123 (" + full48 + "): query: " + full48 + " IN PTR +E(0)K (2001:db8::)", 4},
		{"dnsmasq",
			Options{},
			"Dec  2 11:02:09 dnsmasq[6527]: query[PTR] " + host + " from 127.0.0.1",
			"Dec  2 11:02:09 dnsmasq[6527]: query[PTR] " + host48 + " from 127.0.0.0", 2},
		{"dig question section", Options{}, ";" + host + ".\t\tIN\tPTR", ";" + host48 + ".\t\tIN\tPTR", 1},
		{"two labels of two digits: no name",
			Options{}, "12.3.ip6.arpa 1.2.3.4", "12.3.ip6.arpa 1.2.3.0", 1},
		{"more than 32 nibbles: no name, left alone",
			Options{}, "0." + full, "0." + full, 0},
		{"another domain after ip6.arpa",
			Options{}, "b.a.9.8.ip6.arpa.example.net", "b.a.9.8.ip6.arpa.example.net", 0},
		{"not ip6.arpa", Options{}, "b.a.9.8.ip6.arpanet", "b.a.9.8.ip6.arpanet", 0},
		{"a control byte is no '6'", Options{}, "b.a.9.8.ip\x16.arpa", "b.a.9.8.ip\x16.arpa", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mustNew(t, tc.o)
			for _, skip := range []bool{true, false} {
				sc := *s
				sc.noSkip = !skip
				got, n := sc.AppendLine(nil, []byte(tc.in))
				if string(got) != tc.want || n != tc.n {
					t.Fatalf("noSkip=%v:\n got %q (n=%d)\nwant %q (n=%d)", !skip, got, n, tc.want, tc.n)
				}
				if p := sc.Options(); p.Mode == Mask {
					if sv := referenceSurvivors(string(got), p.IPv4Prefix, p.IPv6Prefix); len(sv) > 0 {
						t.Errorf("reference finds %q in %q", sv, got)
					}
				}
				if c := sc.Count([]byte(tc.in)); c != tc.n {
					t.Errorf("Count = %d, want %d", c, tc.n)
				}
				if again, n2 := sc.AppendLine(nil, got); string(again) != string(got) || n2 != 0 {
					t.Errorf("second pass: %q (n=%d)", again, n2)
				}
			}
		})
	}
}

// TestIP6ArpaKeepHostNames: keep_host_names concerns names that spell an
// address with dashes; ip6.arpa names are masked either way, as
// in-addr.arpa names are.
func TestIP6ArpaKeepHostNames(t *testing.T) {
	s := mustNew(t, Options{KeepHostNames: true})
	in := "b.a.9.8.7.6.5.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
	want := "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
	if got, n := s.AppendLine(nil, []byte(in)); string(got) != want || n != 1 {
		t.Errorf("got %q (n=%d)", got, n)
	}
}

// TestIP6ArpaRandom compares random full and partial names, in random case,
// under random prefixes, with net/netip: the masked name must be the name of
// the address netip masks (prefixes of IPv4-mapped, NAT64 and 6to4
// addresses aside: the generator makes none; they are covered above), zones
// must stay when masking, and a second pass must change nothing.
func TestIP6ArpaRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 13))
	const hex = "0123456789abcdef"
	for it := 0; it < 20000; it++ {
		p6 := 1 + r.IntN(128)
		mode := Mask
		if r.IntN(4) == 0 {
			mode = Redact
		}
		s := mustNew(t, Options{IPv6Prefix: p6, Mode: mode})
		n := 32
		if r.IntN(3) == 0 {
			n = 1 + r.IntN(32)
		}
		var a [16]byte
		for k := range a {
			a[k] = byte(r.Uint32())
		}
		a[0] = 0x20 | a[0]&0x0f // 2000::/4: never mapped, NAT64 or 6to4
		if a[1] == 0x02 {
			a[1] = 0x03
		}
		name := func(b [16]byte, upper []bool) string {
			var sb strings.Builder
			for p := 0; p < n; p++ {
				k := n - 1 - p
				v := b[k/2] >> (4 * (1 - k%2)) & 0xf
				c := hex[v]
				if upper != nil && upper[p] {
					c = strings.ToUpper(string(c))[0]
				}
				sb.WriteByte(c)
				sb.WriteByte('.')
			}
			return sb.String()
		}
		upper := make([]bool, n)
		for p := range upper {
			upper[p] = r.IntN(2) == 0
		}
		// Only the written nibbles count: zero the rest.
		for k := n; k < 32; k++ {
			a[k/2] &^= 0xf << (4 * (1 - k%2))
		}
		suffix := "ip6.arpa"
		if r.IntN(2) == 0 {
			suffix += "."
		}
		in := "q " + name(a, upper) + suffix + " IN PTR"
		var want string
		keep := p6
		if mode == Redact {
			keep = 0
		}
		if 4*n <= keep {
			want = in // a zone
		} else {
			pfx := netip.PrefixFrom(netip.AddrFrom16(a), keep).Masked()
			want = "q " + name(pfx.Addr().As16(), upper) + suffix + " IN PTR"
		}
		for _, noSkip := range []bool{false, true} {
			sc := *s
			sc.noSkip = noSkip
			got, cnt := sc.AppendLine(nil, []byte(in))
			if string(got) != want || cnt != boolInt(want != in) {
				t.Fatalf("/%d %v noSkip=%v: %q\n got %q (n=%d)\nwant %q", p6, mode, noSkip, in, got, cnt, want)
			}
			if again, n2 := sc.AppendLine(nil, got); string(again) != string(got) || n2 != 0 {
				t.Fatalf("second pass of %q: %q (n=%d)", got, again, n2)
			}
		}
	}
}

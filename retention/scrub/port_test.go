package scrub

import "testing"

// TestIPv6Port checks the rule for a ":port" after a compressed IPv6
// address without brackets: a last group of five digits is a port (no
// hextet has five digits); after an errno name (Node's "connect
// ECONNREFUSED ::1:3010") the last group is a port whatever its length;
// otherwise the whole token is one address and masked as such, so no host
// bits survive either way.
func TestIPv6Port(t *testing.T) {
	s := mustNew(t, Options{Mode: Mask})
	for _, c := range []struct{ in, want string }{
		// HAProxy: "2001:db8::1234:58430 [02/Dec/2026:...]"
		{"2001:db8:1:2::1234:58430 [02/Dec", "2001:db8:1:0:0:0:0:0:58430 [02/Dec"},
		{"from ::1:58619 x", "from 0:0:0:0:0:0:0:0:58619 x"},
		{"connect ECONNREFUSED ::1:3010", "connect ECONNREFUSED 0:0:0:0:0:0:0:0:3010"},
		{"connect ECONNREFUSED 2001:db8:1:2::7:443", "connect ECONNREFUSED 2001:db8:1:0:0:0:0:0:443"},
		{"client 2001:db8:1:2::1234:5060 y", "client 2001:db8:1:: y"},
	} {
		out, _ := s.AppendLine(nil, []byte(c.in))
		if string(out) != c.want {
			t.Errorf("%q: got %q, want %q", c.in, out, c.want)
		}
	}
}

// TestAlreadyMasked checks that an address without host bits is left alone
// and not counted, whatever its notation, and that a masked address
// before a colon stays parseable.
func TestAlreadyMasked(t *testing.T) {
	s := mustNew(t, Options{Mode: Mask})
	for _, c := range []struct {
		in, want string
		n        int
	}{
		{"a 2001:0db8:0001:0000:0000:0000:0000:0000 z", "a 2001:0db8:0001:0000:0000:0000:0000:0000 z", 0},
		{"a 2001:db8:1:0:0:0:0:0 z", "a 2001:db8:1:0:0:0:0:0 z", 0},
		{"a 010.001.002.000 z", "a 010.001.002.000 z", 0},
		{"sshd[1]: Connection closed by 2001:db8:1:0000::2b3c: [preauth]", "sshd[1]: Connection closed by 2001:db8:1:0:0:0:0:0: [preauth]", 1},
		{"sshd[1]: Connection closed by 2001:db8:1:0:0:0:0:0: [preauth]", "sshd[1]: Connection closed by 2001:db8:1:0:0:0:0:0: [preauth]", 0},
	} {
		out, n := s.AppendLine(nil, []byte(c.in))
		if string(out) != c.want || n != c.n {
			t.Errorf("%q: got %q (%d), want %q (%d)", c.in, out, n, c.want, c.n)
		}
	}
}

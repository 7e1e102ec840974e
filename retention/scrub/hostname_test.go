package scrub

import (
	"strings"
	"testing"
)

// TestHostNames checks reverse-DNS names that spell an address: masked
// like the address by default, left alone with KeepHostNames. The postfix
// lines are shaped after the fixtures of fail2ban
// (fail2ban/fail2ban, fail2ban/tests/files/logs/postfix: "RCPT from
// 1-2-3-4-example.com[1.2.3.4]") and the SES relay README of
// dotCMS/ses-postfix-relay ("helo=<ip-10-150-241-58.ec2.internal>").
func TestHostNames(t *testing.T) {
	for _, tc := range []struct{ in, mask, redact string }{
		{"connect from s104-238-125-129.example.net[104.238.125.129]",
			"connect from s104-238-125-0.example.net[104.238.125.0]",
			"connect from s0-0-0-0.example.net[0.0.0.0]"},
		{"reverse mapping checking getaddrinfo for 104-238-125-129.static.example.com [104.238.125.129] failed",
			"reverse mapping checking getaddrinfo for 104-238-125-0.static.example.com [104.238.125.0] failed", ""},
		{"helo=<ip-10-150-241-58.ec2.internal>", "helo=<ip-10-150-241-0.ec2.internal>", "helo=<ip-0-0-0-0.ec2.internal>"},
		{"host-1-2-3-4.isp.de.", "host-1-2-3-0.isp.de.", ""},
		{"RCPT from 1-2-3-4-example.com[1.2.3.4]: 554", "RCPT from 1-2-3-0-example.com[1.2.3.0]: 554", ""},
		{"ec2-54-12-34-56.compute-1.amazonaws.com", "ec2-54-12-34-0.compute-1.amazonaws.com", ""},
		{"dynamic-078-049-012-034.78.49.pool.telefonica.de", "dynamic-078-049-012-000.78.49.pool.telefonica.de", ""},
		{"mail.static.91-2-10-170.example.org:25", "mail.static.91-2-10-0.example.org:25", ""},
		{"url=https://s104-238-125-129.example.net/x", "url=https://s104-238-125-0.example.net/x", ""},
		{"1.2.3.4.static.example.com", "1.2.3.0.static.example.com", ""},
		// Not host names, or no address in them.
		{"1-2-3-4 alone", "", ""},
		{"2021-10-01-12-00.example.org", "", ""},
		{"a-1-2-3-4-5.example.org", "", ""},
		{"ip-10-0-0-1 the syslog host", "", ""},
		{"ip-10-0-0-1.local1", "", ""},
		{"ip-300-0-0-1.example.net", "", ""},
		{"ip-1104-0-0-1.example.net x1104-0-0-1.example.net", "", ""},
		{"ip-10-0-0-1.example.net, xn--host-1-2-3-4.xn--p1ai", "ip-10-0-0-0.example.net, xn--host-1-2-3-0.xn--p1ai", ""},
		{"x_ip-10-0-0-1.example.net", "", ""},
		{"bbb-web-2.3.0.1 Chrome/89.0.4389.114", "", ""},
		{"host-0-0-0-0.example.net host-1-2-3-0.example.net", "", "host-0-0-0-0.example.net host-0-0-0-0.example.net"},
		// Labels of dashes (no panic), too long a label, too long a name.
		{"a" + strings.Repeat("-", 62) + ".example.net", "", ""},
		{"x-1-2-3-4" + strings.Repeat("-", 60) + ".example.net", "", ""},
		{strings.Repeat("a.", 130) + "host-1-2-3-4.example.net", "", ""},
	} {
		for _, mode := range []Mode{Mask, Redact} {
			want := tc.mask
			if mode == Redact {
				want = tc.redact
				if want == "" && tc.mask != "" {
					continue
				}
			}
			if want == "" {
				want = tc.in
			}
			s := mustNew(t, Options{Mode: mode})
			got, n := s.AppendLine(nil, []byte(tc.in))
			if string(got) != want {
				t.Errorf("%s %q = %q, want %q", mode, tc.in, got, want)
			}
			if c := s.Count([]byte(tc.in)); c != n {
				t.Errorf("%s %q: Count %d, AppendLine %d", mode, tc.in, c, n)
			}
			keep := mustNew(t, Options{Mode: mode, KeepHostNames: true})
			kept, _ := keep.AppendLine(nil, []byte(tc.in))
			slow := *s
			slow.noSkip = true
			if byByte, _ := slow.AppendLine(nil, []byte(tc.in)); string(byByte) != string(got) {
				t.Errorf("%s %q: byte by byte %q, skipping %q", mode, tc.in, byByte, got)
			}
			for _, name := range []string{"s104-238-125-129", "104-238-125-129.static", "ip-10-150-241-58."} {
				if string(kept) != tc.in && len(tc.in) > 0 && strings.Contains(tc.in, name) && !strings.Contains(string(kept), name) {
					t.Errorf("KeepHostNames %s %q = %q: the name was changed", mode, tc.in, kept)
				}
			}
		}
	}
}

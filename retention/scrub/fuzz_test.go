package scrub

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzScrub checks, for any input: no panic; one line out per line in;
// the same result with and without jumping ahead to '.' and ':';
// no address survives that referenceSurvivors finds (in Mask mode);
// scrubbing twice changes nothing more; Count agrees with AppendLine; and
// a line without findings comes out byte for byte.
func FuzzScrub(f *testing.F) {
	for _, seed := range []string{
		"192.0.2.1 - - [15/Apr/2021:21:15:25 +0200] \"GET / HTTP/1.1\" 200 5 \"-\" \"Chrome/89.0.4389.114\"\n",
		"[2001:db8::1]:443 ::ffff:192.0.2.1 fe80::1%eth0 64:ff9b::192.0.2.1\r\n",
		"21:15:25 00:1a:2b:3c:4d:5e std::string a::b \xff\xfe 1.2.3.4.5",
		"sip:+4930123456@203.0.113.5:5060 alice@example.com \"0301234567\" <sip:1@x>",
		"connect from s104-238-125-129.example.net[104.238.125.129] helo=<ip-10-0-0-1.ec2.internal> 2021-10-01-12-00.x.de",
		"a----------------------------------------------------------------.example.net 1-2-3-4-x.de",
	} {
		f.Add([]byte(seed), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, flags uint8) {
		o := Options{Phones: flags&1 != 0, Emails: flags&2 != 0}
		if flags&4 != 0 {
			o.Mode = Redact
		}
		if flags&8 != 0 {
			o.IPv4Prefix, o.IPv6Prefix = 16, 32
		}
		o.KeepHostNames = flags&16 != 0
		s, err := New(o)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		st, err := s.Stream(&buf, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		out := buf.Bytes()
		if bytes.Count(out, []byte("\n")) != bytes.Count(data, []byte("\n")) {
			t.Fatalf("line count changed: %q -> %q", data, out)
		}
		if want := int64(bytes.Count(data, []byte("\n"))); len(data) > 0 && data[len(data)-1] != '\n' {
			want++
			if st.Lines != want {
				t.Fatalf("Stats.Lines = %d, want %d", st.Lines, want)
			}
		}
		slow := *s
		slow.noSkip = true
		var total int
		var joined []byte
		for _, line := range bytes.SplitAfter(data, []byte("\n")) {
			got, n := s.AppendLine(nil, line)
			joined = append(joined, got...)
			if want, wn := slow.AppendLine(nil, line); !bytes.Equal(got, want) || n != wn {
				t.Fatalf("skipping scan %q (n=%d) != byte-by-byte scan %q (n=%d) for %q", got, n, want, wn, line)
			}
			if c := s.Count(line); c != n {
				t.Fatalf("Count = %d, AppendLine n = %d for %q", c, n, line)
			}
			if n == 0 && !bytes.Equal(got, line) {
				t.Fatalf("no finding but changed: %q -> %q", line, got)
			}
			again, n2 := s.AppendLine(nil, got)
			if !bytes.Equal(again, got) || n2 != 0 {
				t.Fatalf("not idempotent: %q -> %q -> %q (n=%d)", line, got, again, n2)
			}
			total += n
		}
		if !bytes.Equal(joined, out) {
			t.Fatalf("Stream %q != line by line %q", out, joined)
		}
		if int64(total) != st.Addresses {
			t.Fatalf("Stream counted %d, lines %d", st.Addresses, total)
		}
		if o.Mode == Mask {
			p := s.Options()
			for _, line := range strings.Split(string(out), "\n") {
				if sv := referenceSurvivors(line, p.IPv4Prefix, p.IPv6Prefix); len(sv) > 0 {
					t.Fatalf("address %q survived in %q (input %q)", sv, line, data)
				}
			}
		}
	})
}

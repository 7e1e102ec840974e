package scrub

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

func mustNew(t testing.TB, o Options) *Scrubber {
	t.Helper()
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewValidates(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{IPv4Prefix: -1}, "scrub: ipv4 prefix -1 out of range 0..32"},
		{Options{IPv4Prefix: 33}, "scrub: ipv4 prefix 33 out of range 0..32"},
		{Options{IPv6Prefix: 129}, "scrub: ipv6 prefix 129 out of range 0..128"},
		{Options{IPv6Prefix: -8}, "scrub: ipv6 prefix -8 out of range 0..128"},
		{Options{Mode: 7}, "scrub: unknown mode 7"},
	} {
		_, err := New(tc.o)
		if err == nil || err.Error() != tc.want {
			t.Errorf("New(%+v) = %v, want %q", tc.o, err, tc.want)
		}
	}
	s := mustNew(t, Options{})
	if o := s.Options(); o.IPv4Prefix != 24 || o.IPv6Prefix != 48 || o.Mode != Mask {
		t.Errorf("defaults = %+v", o)
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"mask": Mask, "redact": Redact, "": Mask} {
		if m, err := ParseMode(in); err != nil || m != want {
			t.Errorf("ParseMode(%q) = %v, %v", in, m, err)
		}
	}
	if _, err := ParseMode("hash"); err == nil || !strings.Contains(err.Error(), `"hash"`) {
		t.Errorf("ParseMode(hash) = %v", err)
	}
	if Mask.String() != "mask" || Redact.String() != "redact" {
		t.Error("Mode.String")
	}
}

func TestPrefixes(t *testing.T) {
	for _, tc := range []struct {
		p4, p6  int
		in, out string
	}{
		{16, 0, "192.0.2.1", "192.0.0.0"},
		{20, 0, "198.51.100.77", "198.51.96.0"},
		{20, 0, "198.051.100.077", "198.051.096.000"},
		{32, 0, "192.0.2.1", "192.0.2.1"},
		{8, 0, "::ffff:192.0.2.1", "::ffff:192.0.0.0"},
		{0, 64, "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"},
		{0, 56, "2001:db8:1:2ff:3:4:5:6", "2001:db8:1:200::"},
		{0, 128, "2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6"},
		{0, 1, "fe80::1", "8000::"},
		{0, 0, "2001:db8:0:0:1:0:0:1", "2001:db8::"},
		{0, 96, "1:0:0:1:0:0:1:1", "1:0:0:1::"},
		{0, 112, "1:0:0:1:0:0:1:1", "1::1:0:0:1:0"},
		{0, 0, "2002:c000:0204::1", "2002:c000:200::"},
	} {
		s := mustNew(t, Options{IPv4Prefix: tc.p4, IPv6Prefix: tc.p6})
		got, n := s.AppendLine(nil, []byte(tc.in))
		wantN := 1
		if tc.in == tc.out {
			wantN = 0
		}
		if string(got) != tc.out || n != wantN {
			t.Errorf("/%d /%d %s = %s (n=%d), want %s (n=%d)", tc.p4, tc.p6, tc.in, got, n, tc.out, wantN)
		}
	}
}

func TestCountNeverShows(t *testing.T) {
	s := mustNew(t, Options{})
	line := []byte(`192.0.2.1 - - "GET /?ip=2001:db8:1:2::3" ::1 192.0.2.0 2001:db8:1:: "Chrome/89.0.4389.114"`)
	if n := s.Count(line); n != 3 {
		t.Errorf("Count = %d, want 3 (already masked ones not counted)", n)
	}
	if n := s.Count([]byte("no address 21:15:25")); n != 0 {
		t.Errorf("Count = %d", n)
	}
}

func TestAppendLineAppends(t *testing.T) {
	s := mustNew(t, Options{})
	out, n := s.AppendLine([]byte("prefix|"), []byte("a 192.0.2.9 b\n"))
	if string(out) != "prefix|a 192.0.2.0 b\n" || n != 1 {
		t.Errorf("got %q n=%d", out, n)
	}
}

func TestNoAllocations(t *testing.T) {
	s := mustNew(t, Options{Phones: true, Emails: true})
	line := []byte(`2001:db8:85a3:8d3:1319:8a2e:370:7348 - - [15/Apr/2021:21:15:26 +0200] "GET /x?ip=192.0.2.1 HTTP/2.0" 200 1543 "-" "Mozilla/5.0 Chrome/89.0.4389.114" ::ffff:192.0.2.1 a@b.example +4930123456` + "\n")
	dst := make([]byte, 0, 4096)
	if a := testing.AllocsPerRun(100, func() { s.AppendLine(dst[:0], line) }); a != 0 {
		t.Errorf("AppendLine allocates %v times per line", a)
	}
	if a := testing.AllocsPerRun(100, func() { s.Count(line) }); a != 0 {
		t.Errorf("Count allocates %v times per line", a)
	}
}

func TestConcurrentUse(t *testing.T) {
	s := mustNew(t, Options{})
	line := []byte("192.0.2.55 [2001:db8:1:2::3]:80 x")
	want, _ := s.AppendLine(nil, line)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for k := 0; k < 200; k++ {
				buf, _ = s.AppendLine(buf[:0], line)
				if !bytes.Equal(buf, want) {
					t.Errorf("got %q", buf)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestStreamBytes(t *testing.T) {
	s := mustNew(t, Options{})
	for _, tc := range []struct{ in, out string }{
		{"", ""},
		{"\n\n", "\n\n"},
		{"192.0.2.1", "192.0.2.0"},
		{"a 192.0.2.1\r\nb \xff\xfe 198.51.100.7\r\n", "a 192.0.2.0\r\nb \xff\xfe 198.51.100.0\r\n"},
		{"x\x00192.0.2.1\x00y\n", "x\x00192.0.2.0\x00y\n"},
	} {
		var out bytes.Buffer
		st, err := s.Stream(&out, strings.NewReader(tc.in))
		if err != nil || out.String() != tc.out {
			t.Errorf("Stream(%q) = %q, %v; want %q", tc.in, out.String(), err, tc.out)
		}
		if want := int64(strings.Count(tc.in, "\n")); st.Lines != want && !(tc.in == "192.0.2.1" && st.Lines == 1) {
			t.Errorf("Stream(%q) Lines = %d", tc.in, st.Lines)
		}
	}
}

// TestStreamLongLines puts addresses at every offset around the buffer
// boundaries of lines far longer than the buffer.
func TestStreamLongLines(t *testing.T) {
	s := mustNew(t, Options{})
	var in, want bytes.Buffer
	fill := strings.Repeat("x", streamBuf-7)
	for k := 0; k < 24; k++ {
		in.WriteString(fill[:len(fill)-k])
		want.WriteString(fill[:len(fill)-k])
		for r := 0; r < 5; r++ {
			in.WriteString(" 192.0.2.123 [2001:db8:1:2::3]:443")
			want.WriteString(" 192.0.2.0 [2001:db8:1::]:443")
		}
		in.WriteString("\n")
		want.WriteString("\n")
	}
	// A run with no separator at all, longer than maxToken.
	blob := strings.Repeat("ab", maxToken)
	in.WriteString(blob + " 192.0.2.1")
	want.WriteString(blob + " 192.0.2.0")
	var out bytes.Buffer
	st, err := s.Stream(&out, &in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want.Bytes()) {
		t.Errorf("long lines differ (len %d vs %d)", out.Len(), want.Len())
	}
	if st.Lines != 25 || st.Addresses != 24*10+1 {
		t.Errorf("stats %+v", st)
	}
}

type failingReader struct{ data io.Reader }

func (f failingReader) Read(p []byte) (int, error) {
	n, err := f.data.Read(p)
	if err == io.EOF {
		return n, errors.New("disk on fire")
	}
	return n, err
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left") }

func TestStreamErrors(t *testing.T) {
	s := mustNew(t, Options{})
	var out bytes.Buffer
	_, err := s.Stream(&out, failingReader{strings.NewReader("192.0.2.1\n10.0.0.1")})
	if err == nil || err.Error() != "read: disk on fire" {
		t.Errorf("read error = %v", err)
	}
	if out.String() != "192.0.2.0\n10.0.0.0" {
		t.Errorf("output before the error = %q", out.String())
	}
	_, err = s.Stream(failingWriter{}, strings.NewReader("192.0.2.1\n"))
	if err == nil || err.Error() != "write: no space left" {
		t.Errorf("write error = %v", err)
	}
	var nilS *Scrubber
	if _, err := nilS.Stream(&out, strings.NewReader("")); !errors.Is(err, ErrNilScrubber) {
		t.Errorf("nil scrubber: %v", err)
	}
}

// TestStreamFlushesWhenIdle checks that a line written to a pipe comes out
// before the writer sends more or closes it.
func TestStreamFlushesWhenIdle(t *testing.T) {
	s := mustNew(t, Options{})
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := s.Stream(outW, inR)
		outW.Close()
		done <- err
	}()
	go inW.Write([]byte("one 192.0.2.1\n"))
	buf := make([]byte, 64)
	got := make(chan string, 1)
	go func() {
		n, _ := io.ReadAtLeast(outR, buf, len("one 192.0.2.0\n"))
		got <- string(buf[:n])
	}()
	select {
	case line := <-got:
		if line != "one 192.0.2.0\n" {
			t.Errorf("got %q", line)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("line not flushed while the input stayed open")
	}
	inW.Close()
	io.Copy(io.Discard, outR)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestCountLongSpans checks that Count and AppendLine agree on matches
// longer than Count's scratch buffer (a long zone, a long domain).
func TestCountLongSpans(t *testing.T) {
	s := mustNew(t, Options{Emails: true})
	long := strings.Repeat("a", 300)
	for _, line := range []string{
		"2001:db8:1::%" + long, "2001:db8:1:2::3%" + long,
		"x@" + long + ".example", "alice@" + long + ".example",
	} {
		out, n := s.AppendLine(nil, []byte(line))
		if c := s.Count([]byte(line)); c != n {
			t.Errorf("%.20s…: Count %d, AppendLine %d (%.20s…)", line, c, n, out)
		}
	}
}

// choppyReader returns its data in reads of 1 to 700 bytes, as a FIFO
// fed by a busy web server does.
type choppyReader struct {
	data []byte
	seed uint32
}

func (c *choppyReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	c.seed = c.seed*1664525 + 1013904223
	n := min(len(p), len(c.data), int(c.seed>>22)%700+1)
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

// TestStreamInOrder checks that the pieces scrubbed on several goroutines
// come out in the order read, whatever the sizes of the reads.
func TestStreamInOrder(t *testing.T) {
	s := mustNew(t, Options{})
	data := benchLines(20000)
	var want []byte
	var addrs int
	for _, l := range bytes.SplitAfter(data, []byte("\n")) {
		var n int
		want, n = s.AppendLine(want, l)
		addrs += n
	}
	for _, r := range []io.Reader{bytes.NewReader(data), &choppyReader{data: data}} {
		var out bytes.Buffer
		st, err := s.Stream(&out, r)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Fatalf("%T: output differs from line by line", r)
		}
		if st.Lines != 20000 || st.Addresses != int64(addrs) {
			t.Errorf("%T: stats %+v, want 20000 lines and %d addresses", r, st, addrs)
		}
	}
}

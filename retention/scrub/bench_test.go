package scrub

import (
	"bytes"
	"io"
	"runtime"
	"testing"

	"github.com/bbbkit/bbbkit/retention/scrub/internal/loggen"
)

// benchLines returns n lines of the deterministic nginx benchmark log.
func benchLines(n int) []byte {
	var buf bytes.Buffer
	if err := loggen.WriteNginx(&buf, n, 0); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// BenchmarkScrub streams 100,000 nginx combined lines (a third IPv6)
// through the default scrubber; MB/s counts input bytes. Multiply ns/op by
// 10 for the 1,000,000 lines of bench-peers.sh.
func BenchmarkScrub(b *testing.B) {
	data := benchLines(100000)
	s := mustNew(b, Options{})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Stream(io.Discard, bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendLine measures the scanner alone, line by line.
func BenchmarkAppendLine(b *testing.B) {
	data := benchLines(10000)
	lines := bytes.SplitAfter(data, []byte("\n"))
	for _, o := range []struct {
		name string
		opts Options
	}{{"mask", Options{}}, {"redact", Options{Mode: Redact}}, {"all", Options{Phones: true, Emails: true}}} {
		b.Run(o.name, func(b *testing.B) {
			s := mustNew(b, o.opts)
			dst := make([]byte, 0, 4096)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				for _, l := range lines {
					dst, _ = s.AppendLine(dst[:0], l)
				}
			}
		})
	}
}

func TestBenchLinesDeterministic(t *testing.T) {
	a, b := benchLines(300), benchLines(300)
	if !bytes.Equal(a, b) || bytes.Count(a, []byte("\n")) != 300 {
		t.Fatal("generator is not deterministic")
	}
	s := mustNew(t, Options{})
	if n := s.Count(a); n != 300 {
		t.Errorf("Count over 300 lines = %d, want 300 (one client address each)", n)
	}
}

// repeatReader reads block over and over until left bytes are read, so
// that a large input takes no memory of its own.
type repeatReader struct {
	block []byte
	off   int
	left  int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(int64(len(p)), r.left)], r.block[r.off:])
	r.off = (r.off + n) % len(r.block)
	r.left -= int64(n)
	return n, nil
}

// TestStreamMemoryFlat checks that Stream allocates the same few buffers
// for 1 MB of nginx lines as for 64 MB.
func TestStreamMemoryFlat(t *testing.T) {
	s := mustNew(t, Options{})
	block := benchLines(4000)
	alloc := func(size int64) uint64 {
		r := &repeatReader{block: block, left: size}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := s.Stream(io.Discard, r); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(1<<20), alloc(64<<20)
	if limit := uint64(8 << 20); large > limit || large > small+(1<<20) {
		t.Errorf("Stream allocated %d bytes for 1 MB and %d for 64 MB", small, large)
	}
}

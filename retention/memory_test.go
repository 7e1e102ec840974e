package retention

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// memoryHelper (a child process of TestMemoryFlat) judges and rewrites the
// file at path to io.Discard, as a run and an audit read it, and prints its
// peak resident memory (VmHWM) in KiB.
func memoryHelper(t *testing.T, path string) {
	l, err := openLog(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cutoff := testNow.Add(-72 * time.Hour)
	if _, err := l.analyze(time.UTC, cutoff, maskScrubber(t), redactCounter(t)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if _, err := l.writeFresh(io.Discard, time.UTC, cutoff, maskScrubber(t)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(vmHWM())
}

// vmHWM is this process' peak resident set size in KiB (0 if unknown).
func vmHWM() int {
	status, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return 0
}

// peakKiB runs memoryHelper on path in a child process.
func peakKiB(t testing.TB, path string) int {
	t.Helper()
	p, out := startHelper(t, "JANITOR_HELPER=memory", "JANITOR_PATH="+path)
	var kib int
	if out.Scan() {
		kib, _ = strconv.Atoi(out.Text())
	}
	if st, err := p.Wait(); err != nil || !st.Success() || kib == 0 {
		t.Fatalf("memory helper on %s: %v %v, peak %d KiB", path, st, err, kib)
	}
	return kib
}

// sparseFile makes a file of size bytes that takes no disk: head, then a
// hole (NUL bytes), then tail.
func sparseFile(t testing.TB, path, head string, size int64, tail string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(head); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte(tail), size-int64(len(tail))); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, testNow, testNow); err != nil {
		t.Fatal(err)
	}
}

// Memory stays flat however long a line is: a 64 MiB file that is one
// line (NUL bytes without a newline, as a sparse or truncated log is) costs
// no more than an empty file, give or take a few MiB of buffers.
func TestMemoryFlatHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MiB")
	}
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.log")
	writeFile(t, empty, nil, testNow)
	huge := filepath.Join(dir, "huge.log")
	size := int64(64 << 20)
	if raceEnabled {
		size = 16 << 20 // still 16 pieces; the race detector is slow
	}
	sparseFile(t, huge, "2021-04-17T10:00:00Z start 192.0.2.10 ", size, " 192.0.2.11 end")
	base, peak := peakKiB(t, empty), peakKiB(t, huge)
	t.Logf("VmHWM: empty file %d KiB, %d MiB line %d KiB", base, size>>20, peak)
	limit := 16 << 10
	if raceEnabled {
		limit = 64 << 10 // the race detector's shadow memory
	}
	if peak-base > limit {
		t.Errorf("a %d MiB line took %d KiB more than an empty file (limit %d KiB)", size>>20, peak-base, limit)
	}
}

// BenchmarkMemoryHugeFile reports the peak RSS of judging and rewriting a
// 1 GiB file that is one line (run with -bench MemoryHuge -benchtime 1x).
func BenchmarkMemoryHugeFile(b *testing.B) {
	dir := b.TempDir()
	huge := filepath.Join(dir, "huge.log")
	sparseFile(b, huge, "2021-04-17T10:00:00Z start 192.0.2.10 ", 1<<30, " 192.0.2.11 end\n")
	for b.Loop() {
		b.ReportMetric(float64(peakKiB(b, huge))/1024, "peak-MiB")
	}
	b.SetBytes(1 << 30)
}

// A line of many MiB keeps every byte but its addresses, which are masked
// wherever the pieces it is read in are cut; the last line keeps its
// missing newline.
func TestRewriteLongLines(t *testing.T) {
	dir := t.TempDir()
	var in, want bytes.Buffer
	const unit = " client=192.0.2.10:5060,[2001:db8:1:2::5]:443;x"
	for _, size := range []int{64<<10 + 1, 1<<20 + 7, 3 << 20} {
		in.WriteString("2021-04-17T10:00:00Z long")
		in.WriteString(strings.Repeat(unit, size/len(unit)+1))
		in.WriteString("\n")
	}
	in.WriteString("2021-04-14T10:00:00Z old 192.0.2.99 " + strings.Repeat("y", 2<<20) + "\n")
	in.WriteString("2021-04-17T10:00:00Z last 192.0.2.12")
	for _, l := range strings.SplitAfter(in.String(), "\n") {
		if strings.HasPrefix(l, "2021-04-14") {
			continue
		}
		l = strings.ReplaceAll(l, "192.0.2.10:5060", "192.0.2.0:5060")
		l = strings.ReplaceAll(l, "[2001:db8:1:2::5]", "[2001:db8:1::]")
		l = strings.ReplaceAll(l, "192.0.2.12", "192.0.2.0")
		want.WriteString(l)
	}
	path := filepath.Join(dir, "app.log")
	writeFile(t, path, in.Bytes(), testNow)
	l, err := openLog(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var out bytes.Buffer
	st, err := l.writeFresh(&out, time.UTC, testNow.Add(-72*time.Hour), maskScrubber(t))
	if err != nil {
		t.Fatal(err)
	}
	if st.Kept != 4 || st.Removed != 1 || st.ScrubbedLines != 4 {
		t.Errorf("stats %+v", st)
	}
	if !bytes.Equal(out.Bytes(), want.Bytes()) {
		t.Errorf("output differs from the input with addresses masked (%d vs %d bytes)", out.Len(), want.Len())
	}
}

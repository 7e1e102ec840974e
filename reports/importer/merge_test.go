package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
)

var mergeT0 = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

// series is n samples of one node every step from start, with figures that tell them apart.
func series(start time.Time, step time.Duration, n int, seed uint32) []history.Sample {
	out := make([]history.Sample, n)
	for i := range out {
		out[i] = history.Sample{
			Time: start.Add(time.Duration(i) * step), Endpoints: seed + uint32(i%40), Meetings: seed % 7,
			HasMeetings: i%3 != 0, TransmitBytes: uint64(seed)*1000 + uint64(i), ReceiveBytes: uint64(i) * 17,
		}
	}
	return out
}

// writeHistory writes a history file of the given nodes and returns its path.
func writeHistory(t *testing.T, dir, name string, nodes map[string][]history.Sample) string {
	t.Helper()
	path := filepath.Join(dir, name)
	h, err := history.Open(path, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for node, smp := range nodes {
		if err := h.Append(node, smp...); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func readAll(t *testing.T, h *history.Store, node string) []history.Sample {
	t.Helper()
	var out []history.Sample
	if err := h.Range(node, rangeStart, rangeEnd, func(s history.Sample) error {
		out = append(out, s)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMergeFiles merges a file of two nodes and one of a third into a new history, in batches
// smaller than a node, twice: the history holds exactly the samples of both, and the second round
// changes nothing.
func TestMergeFiles(t *testing.T) {
	dir := t.TempDir()
	want := map[string][]history.Sample{
		"bbb1.example.org": series(mergeT0, time.Minute, 1000, 1),
		"bbb2.example.org": series(mergeT0.Add(30*time.Second), time.Minute, 333, 2),
		"bbb3.example.org": series(mergeT0.Add(24*time.Hour), 10*time.Second, 250, 3),
	}
	a := writeHistory(t, dir, "a.db", map[string][]history.Sample{"bbb1.example.org": want["bbb1.example.org"], "bbb2.example.org": want["bbb2.example.org"]})
	b := writeHistory(t, dir, "b.db", map[string][]history.Sample{"bbb3.example.org": want["bbb3.example.org"]})
	dbPath := filepath.Join(dir, "cluster.db")
	db, err := history.Open(dbPath, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for round := range 2 {
		st, err := MergeFile(context.Background(), db, dbPath, a, time.Second, 64)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if st.Samples != 1333 || st.Nodes != 2 || !st.First.Equal(mergeT0) || !st.Last.Equal(mergeT0.Add(999*time.Minute)) {
			t.Errorf("round %d: a.db: %+v", round, st)
		}
		st, err = MergeFile(context.Background(), db, dbPath, b, time.Second, 64)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if st.Samples != 250 || st.Nodes != 1 {
			t.Errorf("round %d: b.db: %+v", round, st)
		}
		nodes, err := db.Nodes()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(nodes, []string{"bbb1.example.org", "bbb2.example.org", "bbb3.example.org"}) {
			t.Errorf("round %d: nodes %v", round, nodes)
		}
		for node, w := range want {
			if got := readAll(t, db, node); !reflect.DeepEqual(got, w) {
				t.Errorf("round %d: node %s: %d samples, want %d (or they differ)", round, node, len(got), len(w))
			}
		}
	}
}

// TestMergeSameNode merges files of one node: a file that holds the history's own samples again (a
// newer copy) replaces them, spans that do not meet are interleaved, and a file with samples at
// other seconds within the common span (another grid, or filling a gap whose bytes the history's
// next sample already counts) is refused before anything is written.
func TestMergeSameNode(t *testing.T) {
	dir := t.TempDir()
	const node = "bbb1.example.org"
	jan := series(mergeT0, time.Minute, 100, 1)
	later := series(mergeT0.Add(time.Hour*3), time.Minute, 100, 2)
	dbPath := writeHistory(t, dir, "h.db", map[string][]history.Sample{node: jan})
	db, err := history.Open(dbPath, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// A newer copy of the same file: the same seconds plus more, with other figures.
	newer := series(mergeT0, time.Minute, 150, 9)
	copyPath := writeHistory(t, dir, "copy.db", map[string][]history.Sample{node: newer})
	if _, err := MergeFile(context.Background(), db, dbPath, copyPath, time.Second, 7); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, db, node); !reflect.DeepEqual(got, newer) {
		t.Errorf("after the newer copy: %d samples, want %d", len(got), len(newer))
	}

	apart := writeHistory(t, dir, "apart.db", map[string][]history.Sample{node: later})
	if _, err := MergeFile(context.Background(), db, dbPath, apart, time.Second, 7); err != nil {
		t.Fatal(err)
	}
	if got, want := readAll(t, db, node), append(append([]history.Sample{}, newer...), later...); !reflect.DeepEqual(got, want) {
		t.Errorf("interleaved: %d samples, want %d", len(got), len(want))
	}

	before := readAll(t, db, node)
	for _, tc := range []struct {
		name string
		smp  []history.Sample
		msg  string
	}{
		{"shifted.db", series(mergeT0.Add(10*time.Minute+30*time.Second), time.Minute, 10, 4),
			`node "bbb1.example.org": the merged file has a sample at 2025-03-01T00:10:30Z, the history has none there though it covers that time`},
		{"denser.db", series(mergeT0.Add(3*time.Hour), 30*time.Second, 20, 4),
			`node "bbb1.example.org": the merged file has a sample at 2025-03-01T03:00:30Z, the history has none there though it covers that time`},
		{"fill.db", series(mergeT0.Add(150*time.Minute), time.Minute, 20, 4),
			`node "bbb1.example.org": the merged file has a sample at 2025-03-01T02:30:00Z, the history has none there`},
		{"gap.db", append(series(mergeT0, time.Minute, 40, 4), series(mergeT0.Add(50*time.Minute), time.Minute, 40, 4)...),
			`node "bbb1.example.org": the history has a sample at 2025-03-01T00:40:00Z, the merged file has none there`},
	} {
		p := writeHistory(t, dir, tc.name, map[string][]history.Sample{"bbb0.example.org": series(mergeT0, time.Minute, 5, 1), node: tc.smp})
		_, err := MergeFile(context.Background(), db, dbPath, p, time.Second, 7)
		if !errors.Is(err, ErrOverlap) || !strings.Contains(err.Error(), tc.msg) || !strings.Contains(err.Error(), tc.name) {
			t.Errorf("%s: %v", tc.name, err)
		}
		if got := readAll(t, db, node); !reflect.DeepEqual(got, before) {
			t.Errorf("%s: the refused merge changed the history", tc.name)
		}
		if got := readAll(t, db, "bbb0.example.org"); len(got) != 0 {
			t.Errorf("%s: the refused merge wrote another node", tc.name)
		}
	}
}

// TestMergeRefused refuses a file merged into itself (by path, by another spelling of the path, by
// a hard link), a file that is no history, and a missing file, each naming the file.
func TestMergeRefused(t *testing.T) {
	dir := t.TempDir()
	dbPath := writeHistory(t, dir, "h.db", map[string][]history.Sample{"bbb1.example.org": series(mergeT0, time.Minute, 3, 1)})
	link := filepath.Join(dir, "link.db")
	if err := os.Link(dbPath, link); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database\n", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := history.Open(dbPath, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, src := range []string{dbPath, filepath.Join(dir, ".", "h.db"), link} {
		_, err := MergeFile(context.Background(), db, dbPath, src, 50*time.Millisecond, 0)
		if !errors.Is(err, ErrSelfMerge) || !strings.Contains(err.Error(), src) {
			t.Errorf("merge %s: %v", src, err)
		}
	}
	for _, src := range []string{garbage, empty, filepath.Join(dir, "missing.db")} {
		_, err := MergeFile(context.Background(), db, dbPath, src, 50*time.Millisecond, 0)
		if err == nil || !strings.Contains(err.Error(), src) {
			t.Errorf("merge %s: %v", src, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !os.IsNotExist(err) {
		t.Errorf("a merge from a missing file created it: %v", err)
	}
}

// BenchmarkMergeYear merges a year of one node at one-minute samples (525,600 samples) into an
// empty history file; it reports samples per second.
func BenchmarkMergeYear(b *testing.B) {
	dir := b.TempDir()
	src := filepath.Join(dir, "src.db")
	h, err := history.Open(src, history.Options{})
	if err != nil {
		b.Fatal(err)
	}
	const n = 365 * 24 * 60
	for i := 0; i < n; i += MergeBatch {
		if err := h.Append("bbb1.example.org", series(mergeT0.Add(time.Duration(i)*time.Minute), time.Minute, min(MergeBatch, n-i), 1)...); err != nil {
			b.Fatal(err)
		}
	}
	if err := h.Close(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		dst := filepath.Join(dir, fmt.Sprintf("dst%d.db", i))
		db, err := history.Open(dst, history.Options{})
		if err != nil {
			b.Fatal(err)
		}
		st, err := MergeFile(context.Background(), db, dst, src, time.Second, 0)
		if err != nil || st.Samples != n {
			b.Fatal(st, err)
		}
		db.Close()
		os.Remove(dst)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
}

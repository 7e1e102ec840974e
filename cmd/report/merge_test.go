package main

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
	"github.com/bbbkit/bbbkit/reports/importer"
)

// serverHistory writes one server's history file as its exporter would: per node, one sample a
// minute from start.
func serverHistory(t *testing.T, path string, start time.Time, n int, nodes ...string) {
	t.Helper()
	h, err := history.Open(path, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for k, node := range nodes {
		batch := make([]history.Sample, n)
		for i := range batch {
			batch[i] = history.Sample{Time: start.Add(time.Duration(i) * time.Minute), Endpoints: uint32(k + i%9),
				HasMeetings: true, Meetings: 1, TransmitBytes: 1000, ReceiveBytes: 10}
		}
		if err := h.Append(node, batch...); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestImportMerge combines two servers' history files into a cluster's, twice, then refuses a
// self-merge, a file that is no history (naming it), and a file whose node overlaps at other
// seconds.
func TestImportMerge(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	serverHistory(t, a, t0, 1500, "bbb1.example.org", "bbb2.example.org")
	serverHistory(t, b, t0, 700, "bbb3.example.org")
	db := filepath.Join(dir, "cluster.db")
	for round := range 2 {
		out, err := runT(t, "import", "--history", db, "--merge", a, "--merge", b)
		if err != nil {
			t.Fatalf("round %d: %v\n%s", round, err, out)
		}
		want := "merged 3000 samples of 2 nodes, 2025-02-01T00:00:00Z to 2025-02-02T00:59:00Z, from " + a + " into " + db + "\n" +
			"merged 700 samples of 1 nodes, 2025-02-01T00:00:00Z to 2025-02-01T11:39:00Z, from " + b + " into " + db + "\n"
		if out != want {
			t.Errorf("round %d: got\n%s\nwant\n%s", round, out, want)
		}
		h, err := history.Open(db, history.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		nodes, err := h.Nodes()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(nodes, []string{"bbb1.example.org", "bbb2.example.org", "bbb3.example.org"}) {
			t.Errorf("round %d: nodes %v", round, nodes)
		}
		count := map[string]int{}
		var tx uint64
		for _, n := range nodes {
			if err := h.Range(n, t0, t0.AddDate(1, 0, 0), func(s history.Sample) error {
				count[n]++
				tx += s.TransmitBytes
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		h.Close()
		if !reflect.DeepEqual(count, map[string]int{"bbb1.example.org": 1500, "bbb2.example.org": 1500, "bbb3.example.org": 700}) || tx != 3700*1000 {
			t.Errorf("round %d: %v samples, %d bytes sent", round, count, tx)
		}
	}

	garbage := filepath.Join(dir, "history.db.bak")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("#", 8192)), 0o644); err != nil {
		t.Fatal(err)
	}
	shifted := filepath.Join(dir, "shifted.db")
	serverHistory(t, shifted, t0.Add(30*time.Second), 10, "bbb3.example.org")
	for _, c := range []struct {
		src, want string
		is        error
	}{
		{db, "cannot merge a history file into itself", importer.ErrSelfMerge},
		{filepath.Join(dir, ".", "cluster.db"), "cannot merge a history file into itself", importer.ErrSelfMerge},
		{garbage, garbage + ": invalid database", nil},
		{shifted, `node "bbb3.example.org": the merged file has a sample at 2025-02-01T00:00:30Z`, importer.ErrOverlap},
	} {
		out, err := runT(t, "import", "--history", db, "--wait", "100ms", "--merge", c.src)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.src) || (c.is != nil && !errors.Is(err, c.is)) {
			t.Errorf("merge %s: %v\n%s", c.src, err, out)
		}
	}

	out, err := runT(t, "import", "--history", db, "--csv", "x.csv", "--merge", a)
	if u := (usageError{}); !errors.As(err, &u) {
		t.Errorf("--csv with --merge: %v\n%s", err, out)
	}
}

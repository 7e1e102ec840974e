package history

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

var t0 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func collect(t *testing.T, s *Store, node string, from, to time.Time) []Sample {
	t.Helper()
	var got []Sample
	if err := s.Range(node, from, to, func(smp Sample) error {
		got = append(got, smp)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestRoundTrip(t *testing.T) {
	s, _ := openTemp(t)
	want := []Sample{
		{Time: t0, Endpoints: 0, Meetings: 0, HasMeetings: true},
		{Time: t0.Add(time.Minute), Endpoints: 4_000_000_000, Meetings: 1, HasMeetings: true,
			TransmitBytes: 1 << 62, ReceiveBytes: 12345},
		{Time: t0.Add(2 * time.Minute), TransmitBytes: 1, ReceiveBytes: ^uint64(0)},
	}
	if err := s.Append("node-a", want...); err != nil {
		t.Fatal(err)
	}
	got := collect(t, s, "node-a", t0, t0.Add(time.Hour))
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, want)
	}
	last, ok, err := s.Last("node-a")
	if err != nil || !ok || !reflect.DeepEqual(last, want[2]) {
		t.Fatalf("Last = %+v, %v, %v; want %+v", last, ok, err, want[2])
	}
	if _, ok, err := s.Last("nobody"); ok || err != nil {
		t.Fatalf("Last of unknown node = %v, %v", ok, err)
	}
}

func TestTimeIsStoredAtSecondsInUTC(t *testing.T) {
	s, _ := openTemp(t)
	berlin := time.FixedZone("CET", 3600)
	in := time.Date(2026, 3, 1, 1, 0, 5, 999_000_000, berlin)
	if err := s.Append("n", Sample{Time: in}); err != nil {
		t.Fatal(err)
	}
	last, _, _ := s.Last("n")
	if want := time.Date(2026, 3, 1, 0, 0, 5, 0, time.UTC); !last.Time.Equal(want) || last.Time.Location() != time.UTC {
		t.Fatalf("time stored as %v, want %v", last.Time, want)
	}
}

func TestRangeIsHalfOpenAndOrdered(t *testing.T) {
	s, _ := openTemp(t)
	// Appended out of order, one replaced at the same second.
	for _, m := range []int{5, 1, 3, 0, 4, 2} {
		if err := s.Append("n", Sample{Time: t0.Add(time.Duration(m) * time.Minute), Endpoints: uint32(m)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Append("n", Sample{Time: t0.Add(3 * time.Minute), Endpoints: 33}); err != nil {
		t.Fatal(err)
	}
	if err := s.Append("other", Sample{Time: t0.Add(2 * time.Minute), Endpoints: 99}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		from, to int
		want     []uint32
	}{
		{0, 6, []uint32{0, 1, 2, 33, 4, 5}},
		{1, 3, []uint32{1, 2}},
		{3, 3, nil},
		{4, 2, nil},
		{-100, 100, []uint32{0, 1, 2, 33, 4, 5}},
		{6, 100, nil},
	}
	for _, c := range cases {
		var got []uint32
		for _, smp := range collect(t, s, "n", t0.Add(time.Duration(c.from)*time.Minute), t0.Add(time.Duration(c.to)*time.Minute)) {
			got = append(got, smp.Endpoints)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Range [%d,%d) = %v, want %v", c.from, c.to, got, c.want)
		}
	}
	if got := collect(t, s, "nobody", t0, t0.Add(time.Hour)); got != nil {
		t.Errorf("unknown node gave %v", got)
	}
	nodes, err := s.Nodes()
	if err != nil || !reflect.DeepEqual(nodes, []string{"n", "other"}) {
		t.Errorf("Nodes = %v, %v", nodes, err)
	}
	stop := errors.New("stop")
	n := 0
	err = s.Range("n", t0, t0.Add(time.Hour), func(Sample) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("Range did not stop at fn's error: %v after %d", err, n)
	}
}

func TestEmptyNodeRefused(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.Append("", Sample{Time: t0}); err == nil {
		t.Fatal("empty node accepted")
	}
}

func TestReopen(t *testing.T) {
	s, path := openTemp(t)
	if err := s.Append("n", Sample{Time: t0, Endpoints: 7, HasMeetings: true}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.Append("n", Sample{Time: t0.Add(time.Minute), Endpoints: 8}); err != nil {
		t.Fatal(err)
	}
	s2.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	got := collect(t, ro, "n", t0, t0.Add(time.Hour))
	if len(got) != 2 || got[0].Endpoints != 7 || got[1].Endpoints != 8 {
		t.Fatalf("after reopen: %+v", got)
	}
	if err := ro.Append("n", Sample{Time: t0}); err == nil {
		t.Fatal("append to a read-only store succeeded")
	}
}

func TestCorruptValueNamesNodeAndTime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	// Write a broken record with bbolt directly, as a bug or a bit flip would leave it.
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Append("n", Sample{Time: t0}, Sample{Time: t0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		k := binary.BigEndian.AppendUint64(nil, uint64(t0.Unix()))
		return tx.Bucket(nodesBucket).Bucket([]byte("n")).Put(k, []byte{0, 0x80})
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.Range("n", t0, t0.Add(time.Hour), func(Sample) error { return nil })
	want := `node "n": corrupt value at 2026-03-01T00:00:00Z (field 0)`
	if err == nil || err.Error() != want {
		t.Fatalf("Range error = %v, want %q", err, want)
	}
	if _, _, err := s.Last("n"); err != nil {
		t.Fatalf("Last (an intact record) = %v", err)
	}
}

func TestOpenBadFiles(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a bbolt file\n", 512)), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.db")
	db, err := bolt.Open(other, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("x")); return err })
	db.Close()
	newer := filepath.Join(dir, "newer.db")
	s, err := Open(newer, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(metaBucket).Put(versionKey, []byte{FormatVersion + 1}) })
	s.Close()

	cases := []struct {
		path string
		opts Options
		want string
	}{
		{garbage, Options{}, "open history " + garbage + ": invalid database"},
		{filepath.Join(dir, "missing.db"), Options{ReadOnly: true}, "open history " + filepath.Join(dir, "missing.db") + ": open "},
		{other, Options{ReadOnly: true}, "open history " + other + ": not a history store (no meta or nodes bucket)"},
		{newer, Options{}, "open history " + newer + ": history format version [2], want 1"},
		{newer, Options{ReadOnly: true}, "open history " + newer + ": history format version [2], want 1"},
	}
	for _, c := range cases {
		s, err := Open(c.path, c.opts)
		if err == nil {
			s.Close()
			t.Errorf("Open(%s, %+v) succeeded", c.path, c.opts)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Open(%s, %+v) = %q, want prefix %q", c.path, c.opts, err, c.want)
		}
	}
}

// TestLockHeldByAnotherProcess starts this test binary as a second process that holds the store
// open, and checks that Open gives up after its timeout with an error that says why.
func TestLockHeldByAnotherProcess(t *testing.T) {
	if path := os.Getenv("BBBKIT_HISTORY_HOLD"); path != "" {
		s, err := Open(path, Options{})
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("locked")
		bufio.NewReader(os.Stdin).ReadString('\n') // until the parent closes stdin
		s.Close()
		os.Exit(0)
	}
	path := filepath.Join(t.TempDir(), "history.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHeldByAnotherProcess$")
	cmd.Env = append(os.Environ(), "BBBKIT_HISTORY_HOLD="+path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "locked\n" {
		t.Fatalf("helper process: %q", line)
	}
	s, err := Open(path, Options{Timeout: 100 * time.Millisecond})
	if err == nil {
		s.Close()
		t.Fatal("opened a store another process holds")
	}
	if !errors.Is(err, bolterrors.ErrTimeout) || !strings.Contains(err.Error(), "still locked by another process after 100ms") {
		t.Fatalf("error = %v", err)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("after the other process exited: %v", err)
	}
	s.Close()
}

// BenchmarkAppendOne is what the exporter does every interval: one sample, one transaction
// (with its fsync).
func BenchmarkAppendOne(b *testing.B) {
	s, _ := openTemp(b)
	smp := Sample{Endpoints: 1234, Meetings: 56, HasMeetings: true, TransmitBytes: 7_500_000_000, ReceiveBytes: 900_000_000}
	i := 0
	for b.Loop() {
		smp.Time = t0.Add(time.Duration(i) * time.Minute)
		i++
		if err := s.Append("node", smp); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendYear appends one node's year at one-minute samples (525,600), a day per
// transaction as the report's importer would, and reports the file's size.
func BenchmarkAppendYear(b *testing.B) {
	const perYear = 365 * 24 * 60
	var size int64
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "year.db")
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		day := make([]Sample, 0, 1440)
		for i := range perYear {
			day = append(day, yearSample(i))
			if len(day) == cap(day) {
				if err := s.Append("bbb1.example.org", day...); err != nil {
					b.Fatal(err)
				}
				day = day[:0]
			}
		}
		s.Close()
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		size = fi.Size()
	}
	b.ReportMetric(float64(size), "file-bytes/year")
	b.ReportMetric(float64(size)/perYear, "file-bytes/sample")
}

// yearSample is a plausible busy-server minute: varying figures so varints have realistic widths.
func yearSample(i int) Sample {
	hour := (i / 60) % 24
	load := uint32(0)
	if hour >= 7 && hour < 19 {
		load = uint32(200 + (i*37)%800)
	}
	return Sample{
		Time: t0.Add(time.Duration(i) * time.Minute), Endpoints: load, Meetings: load / 8, HasMeetings: true,
		TransmitBytes: uint64(load)*60*250_000 + uint64(i%1000), ReceiveBytes: uint64(load)*60*40_000 + uint64(i%777),
	}
}

// BenchmarkAppendYearOneByOne appends a year the way the exporter does, one sample per
// transaction (fsync switched off to keep the run short; it does not change the layout), and
// reports the file's size.
func BenchmarkAppendYearOneByOne(b *testing.B) {
	const perYear = 365 * 24 * 60
	var size int64
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "year.db")
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		s.db.NoSync = true
		for i := range perYear {
			if err := s.Append("bbb1.example.org", yearSample(i)); err != nil {
				b.Fatal(err)
			}
		}
		s.Close()
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		size = fi.Size()
	}
	b.ReportMetric(float64(size), "file-bytes/year")
	b.ReportMetric(float64(size)/perYear, "file-bytes/sample")
}

// TestKillNineMidAppend kills a process that is appending as fast as it can, then checks that the
// file opens, passes bbolt's consistency check and holds an unbroken run of samples: each append
// is all or nothing.
func TestKillNineMidAppend(t *testing.T) {
	if path := os.Getenv("BBBKIT_HISTORY_APPEND"); path != "" {
		app := FileAppender{Path: path}
		for i := 0; ; i++ {
			if err := app.Append("n", Sample{Time: t0.Add(time.Duration(i) * time.Minute), Endpoints: uint32(i)}); err != nil {
				fmt.Println("error:", err)
				os.Exit(1)
			}
			if i == 10 {
				fmt.Println("appending")
			}
		}
	}
	path := filepath.Join(t.TempDir(), "history.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillNineMidAppend$")
	cmd.Env = append(os.Environ(), "BBBKIT_HISTORY_APPEND="+path)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "appending\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper process: %q", line)
	}
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Kill() // SIGKILL
	cmd.Wait()

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("open after kill -9: %v", err)
	}
	defer s.Close()
	if err := s.db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	}); err != nil {
		t.Fatalf("consistency check: %v", err)
	}
	n := 0
	err = s.Range("n", t0, t0.AddDate(100, 0, 0), func(smp Sample) error {
		if smp.Endpoints != uint32(n) || !smp.Time.Equal(t0.Add(time.Duration(n)*time.Minute)) {
			return fmt.Errorf("sample %d is %+v", n, smp)
		}
		n++
		return nil
	})
	if err != nil || n < 11 {
		t.Fatalf("after kill -9: %d samples, %v", n, err)
	}
	t.Logf("%d samples survived", n)
}

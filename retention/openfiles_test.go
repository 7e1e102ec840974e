package retention

import (
	"os"
	"path/filepath"
	"testing"
)

// A procfs fixture: fd symlinks pointing at real files, fdinfo with flags.
func TestScanWritersFixture(t *testing.T) {
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	files := map[string]string{}
	for _, n := range []string{"ro.log", "wo.log", "rw.log", "append.log", "none.log"} {
		p := filepath.Join(logs, n)
		writeFile(t, p, []byte("x\n"), testNow)
		files[n] = p
	}
	proc := filepath.Join(dir, "proc")
	fd := func(pid, n, target, flags string) {
		os.MkdirAll(filepath.Join(proc, pid, "fd"), 0o755)
		os.MkdirAll(filepath.Join(proc, pid, "fdinfo"), 0o755)
		if err := os.Symlink(target, filepath.Join(proc, pid, "fd", n)); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(proc, pid, "fdinfo", n), []byte("pos:\t0\nflags:\t"+flags+"\nmnt_id:\t25\nino:\t1\n"), 0o644)
	}
	fd("100", "3", files["ro.log"], "0100000")       // O_RDONLY|O_LARGEFILE
	fd("100", "4", files["wo.log"], "0100001")       // O_WRONLY
	fd("101", "5", files["rw.log"], "02")            // O_RDWR
	fd("102", "6", files["append.log"], "02102001")  // O_WRONLY|O_APPEND|O_CLOEXEC…
	fd("102", "7", "/dev/null", "02")                // not a regular file
	fd("103", "8", filepath.Join(dir, "gone"), "01") // dangling
	os.MkdirAll(filepath.Join(proc, "self"), 0o755)  // not a pid
	os.WriteFile(filepath.Join(proc, "uptime"), []byte("1 1\n"), 0o644)

	ws, err := scanWriters(proc, func(fileID) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	for n, p := range files {
		info, _ := os.Stat(p)
		id, _ := idOf(info)
		want := n == "wo.log" || n == "rw.log" || n == "append.log"
		if got := ws.writers[id] > 0; got != want {
			t.Errorf("%s: held %v, want %v", n, got, want)
		}
	}
	if _, err := scanWriters(filepath.Join(dir, "nope"), func(fileID) bool { return true }); err == nil {
		t.Error("missing procfs: no error")
	}
}

// This machine's live /proc: the test process itself holds a file for writing.
func TestScanWritersLive(t *testing.T) {
	p := filepath.Join(t.TempDir(), "live.log")
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(p)
	id, _ := idOf(info)
	want := func(x fileID) bool { return x == id }
	ws, err := scanWriters(DefaultProcRoot, want)
	if err != nil {
		t.Skip("no procfs:", err)
	}
	if ws.writers[id] != 1 {
		t.Errorf("writers = %d, want 1", ws.writers[id])
	}
	f.Close()
	r, _ := os.Open(p)
	defer r.Close()
	ws, _ = scanWriters(DefaultProcRoot, want)
	if ws.writers[id] != 0 {
		t.Errorf("a reader counted as writer")
	}
}

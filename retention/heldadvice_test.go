package retention

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Files held open by FreeSWITCH, Kurento and dockerd (size-rotated, no
// reopen command) with expired lines: the audit says, besides the
// violation, which setting makes each comply, and the run's note does too.
// The process names come from a procfs fixture's comm files, as the
// kernel writes them (kurento-media-server cut to 15 bytes).
func TestHeldAdvice(t *testing.T) {
	dir := t.TempDir()
	proc := filepath.Join(dir, "proc")
	cases := []struct{ name, comm, want string }{
		{"freeswitch.log", "freeswitch", `set <param name="rotate-on-hup" value="false"/> in /opt/freeswitch/etc/freeswitch/autoload_configs/logfile.conf.xml`},
		{"kms.log", "kurento-media-s", "comment out KURENTO_LOGS_PATH in /etc/default/kurento-media-server"},
		{"abc-json.log", "dockerd", `set "log-driver": "journald" in /etc/docker/daemon.json`},
		{"app.log", "myapp", "give the source a reopen command that makes myapp reopen its log"},
	}
	for i, c := range cases {
		p := filepath.Join(dir, "logs", c.name)
		writeFile(t, p, []byte(oldNginx+freshNginx), testNow)
		pid := filepath.Join(proc, string(rune('1'+i))+"00")
		os.MkdirAll(filepath.Join(pid, "fd"), 0o755)
		os.MkdirAll(filepath.Join(pid, "fdinfo"), 0o755)
		if err := os.Symlink(p, filepath.Join(pid, "fd", "3")); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(pid, "fdinfo", "3"), []byte("pos:\t0\nflags:\t02102001\n"), 0o644)
		os.WriteFile(filepath.Join(pid, "comm"), []byte(c.comm+"\n"), 0o644)
	}
	r := newRunner(t, testConfig(Source{Name: "held", Paths: []string{filepath.Join(dir, "logs", "*.log")}}))
	r.ProcRoot = proc
	rep, err := r.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string][]string{}
	for _, f := range rep.Sources[0].Files {
		notes[filepath.Base(f.Path)] = f.Notes
		if len(f.Violations) != 1 || f.Violations[0] != "1 line older than the retention (held open for writing)" {
			t.Errorf("%s: violations %q", f.Path, f.Violations)
		}
	}
	for _, c := range cases {
		found := false
		for _, n := range notes[c.name] {
			found = found || strings.HasPrefix(n, "to comply: ") && strings.Contains(n, c.want)
		}
		if !found {
			t.Errorf("%s: notes %q lack %q", c.name, notes[c.name], c.want)
		}
	}
	run, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range run.Files {
		if f.Action != ActionHeld || !strings.Contains(f.Note, "no reopen command; to comply: ") {
			t.Errorf("run %s: %+v", f.Path, f)
		}
	}
}

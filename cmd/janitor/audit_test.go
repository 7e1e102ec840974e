package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bbbkit/bbbkit/retention"
)

func TestAuditCommand(t *testing.T) {
	withClock(t)
	root, config := hostTree(t)

	out, code := runJanitor(t, "audit", "--config", config, "--procfs", root+"/proc")
	if code != 1 {
		t.Errorf("before a run: exit %d, want 1", code)
	}
	golden(t, "audit.golden", root, out)

	out, code = runJanitor(t, "audit", "--config", config, "--procfs", root+"/proc", "--format", "json")
	golden(t, "audit.json.golden", root, out)
	var rep retention.AuditReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if code != 1 || rep.Violations != 3 || rep.Unchecked != 1 || rep.Journald == nil {
		t.Errorf("json: exit %d violations %d unchecked %d", code, rep.Violations, rep.Unchecked)
	}

	runJanitor(t, "run", "--config", config, "--procfs", root+"/proc")
	if out, code = runJanitor(t, "audit", "--config", config, "--procfs", root+"/proc"); code != 2 || !strings.Contains(out, "could not check") {
		t.Errorf("after a run, with a corrupt gzip: exit %d\n%s", code, out)
	}
	os.Remove(filepath.Join(root, "nginx/access.log.2.gz"))
	if out, code = runJanitor(t, "audit", "--config", config, "--procfs", root+"/proc"); code != 0 || !strings.Contains(out, "result: compliant") {
		t.Errorf("clean: exit %d\n%s", code, out)
	}
}

func TestAge(t *testing.T) {
	for sec, want := range map[int64]string{0: "0s", 59: "59s", 60: "1m", 3700: "1h 1m", 90061: "1d 1h 1m", -5: "in the future"} {
		if got := age(sec); got != want {
			t.Errorf("age(%d) = %q, want %q", sec, got, want)
		}
	}
}

// A file in a log root no glob matches is listed as a violation, in text and JSON.
func TestAuditUncoveredCommand(t *testing.T) {
	withClock(t)
	root, config := hostTree(t)
	if err := os.WriteFile(filepath.Join(root, "bbb", "auth"), []byte("sshd: fresh\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	out, _ := runJanitor(t, "audit", "--config", config, "--procfs", root+"/proc")
	if want := "VIOLATION: uncovered " + filepath.Join(root, "bbb", "auth"); !strings.Contains(out, want) {
		t.Errorf("text report lacks %q:\n%s", want, out)
	}
	out, _ = runJanitor(t, "audit", "--config", config, "--procfs", root+"/proc", "--format", "json")
	var rep retention.AuditReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Uncovered) != 1 || rep.Violations != 4 {
		t.Errorf("json: uncovered %+v violations %d", rep.Uncovered, rep.Violations)
	}
}

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

// The host's settings are compared with BBB's privacy guide: bbb-web at
// DEBUG and a long log_history are violations of their own, with what to
// change; the properties' secrets never reach the report.
func TestAuditHostSettings(t *testing.T) {
	withClock(t)
	root, config := hostTree(t)
	runJanitor(t, "run", "--config", config, "--procfs", root+"/proc")
	os.Remove(filepath.Join(root, "nginx/access.log.2.gz"))
	host := t.TempDir()
	for p, content := range map[string]string{
		"usr/share/bbb-web/WEB-INF/classes/bigbluebutton.properties": "appLogLevel=DEBUG\nsecuritySalt=CANARY-salt\n",
		"etc/cron.daily/bigbluebutton":                               "#!/bin/bash\nlog_history=28\n",
	} {
		os.MkdirAll(filepath.Join(host, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(host, p), []byte(content), 0o644)
	}
	out, code := runJanitor(t, "audit", "--config", config, "--procfs", root+"/proc", "--host-root", host)
	want := "\nhost settings (BBB's privacy guide, the policy)\n" +
		"  VIOLATION: /usr/share/bbb-web/WEB-INF/classes/bigbluebutton.properties: appLogLevel=DEBUG: bbb-web logs who joined which meeting when\n" +
		"    change: appLogLevel=ERROR in /etc/bigbluebutton/bbb-web.properties\n" +
		"  VIOLATION: /etc/cron.daily/bigbluebutton: log_history=28: BBB's cron job keeps its logs until they are 29 days old, longer than the retention 3d 0h 0m\n" +
		"    change: log_history=2 in /etc/default/bigbluebutton-cron-config\n"
	if code != 1 || !strings.Contains(out, want) || !strings.Contains(out, "result: violations found (2 violations, 0 not checked)") {
		t.Errorf("exit %d, want 1 and\n%s\ngot\n%s", code, want, out)
	}
	out, _ = runJanitor(t, "audit", "--config", config, "--procfs", root+"/proc", "--host-root", host, "--format", "json")
	var rep retention.AuditReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Privacy) != 2 || rep.Privacy[0].Check != "bbb-web-log-level" || rep.Privacy[1].Check != "bbb-cron-log-history" {
		t.Errorf("json privacy %+v", rep.Privacy)
	}
}

package retention

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseTimespan(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"3d": 72 * time.Hour, "2d 12h": 60 * time.Hour, "90": 90 * time.Second, "1month": journaldDefaultMaxFileSec,
		"1h30min": 90 * time.Minute, "500ms": 500 * time.Millisecond, "infinity": 0, "1w": 168 * time.Hour,
	} {
		got, err := parseTimespan(in)
		if err != nil || got != want {
			t.Errorf("parseTimespan(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"3 fortnights", "abc", "1d x"} {
		if _, err := parseTimespan(in); err == nil {
			t.Errorf("parseTimespan(%q): no error", in)
		}
	}
}

func writeJournald(t *testing.T, main string, dropins map[string]string) string {
	dir := t.TempDir()
	conf := filepath.Join(dir, "journald.conf")
	if main != "" {
		writeFile(t, conf, []byte(main), testNow)
	}
	for n, c := range dropins {
		writeFile(t, filepath.Join(conf+".d", n), []byte(c), testNow)
	}
	return conf
}

func TestReadJournald(t *testing.T) {
	conf := writeJournald(t, "[Journal]\n#MaxRetentionSec=\nMaxRetentionSec=1month\nStorage=persistent\n", map[string]string{
		"10-retention.conf": "[Journal]\nMaxRetentionSec=2d\nMaxFileSec=1d\n",
		"20-other.conf":     "[Journal]\nMaxFileSec=12h\n[Other]\nMaxFileSec=1y\n",
		"not-a-dropin.txt":  "[Journal]\nMaxFileSec=1y\n",
	})
	s, err := ReadJournald(conf)
	if err != nil {
		t.Fatal(err)
	}
	if s.MaxRetentionSec != 48*time.Hour || s.MaxFileSec != 12*time.Hour || s.Storage != "persistent" || len(s.Files) != 3 {
		t.Errorf("settings %+v", s)
	}
	// Absent: journald's defaults.
	s, err = ReadJournald(filepath.Join(t.TempDir(), "journald.conf"))
	if err != nil || s.MaxRetentionSec != 0 || s.MaxFileSec != journaldDefaultMaxFileSec || len(s.Files) != 0 {
		t.Errorf("defaults %+v %v", s, err)
	}
	// A malformed value names file and line.
	bad := writeJournald(t, "[Journal]\n\nMaxRetentionSec=3 fortnights\n", nil)
	if _, err := ReadJournald(bad); err == nil || !strings.Contains(err.Error(), bad+":3: MaxRetentionSec") {
		t.Errorf("err = %v", err)
	}
}

func TestAuditJournald(t *testing.T) {
	cases := []struct {
		name, conf string
		vacuum     bool
		violations int
		worst      int64
	}{
		{"defaults", "", false, 1, -1},
		{"defaults with vacuum", "", true, 1, (72*3600 + int64(journaldDefaultMaxFileSec/time.Second))},
		{"compliant", "[Journal]\nMaxRetentionSec=2d\nMaxFileSec=1d\n", false, 0, 72 * 3600},
		{"vacuum and short files", "[Journal]\nMaxFileSec=1h\n", true, 1, 73 * 3600},
		{"too long", "[Journal]\nMaxRetentionSec=7d\nMaxFileSec=1d\n", false, 1, 8 * 24 * 3600},
		{"no rotation", "[Journal]\nMaxRetentionSec=1d\nMaxFileSec=0\n", false, 1, -1},
		{"storage none", "[Journal]\nStorage=none\n", false, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			conf := writeJournald(t, tc.conf, nil)
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "a.log"), nil, testNow)
			c := testConfig(Source{Name: "x", Paths: []string{filepath.Join(dir, "*.log")}})
			c.Journald = &Journald{Vacuum: tc.vacuum, Conf: conf, Journalctl: "journalctl"}
			rep, err := newRunner(t, c).Audit(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			j := rep.Journald
			if len(j.Violations) != tc.violations || j.WorstCaseSeconds != tc.worst {
				t.Errorf("violations %q worst %d, want %d and %d", j.Violations, j.WorstCaseSeconds, tc.violations, tc.worst)
			}
			if tc.name == "too long" && (len(j.Violations) != 1 || j.Violations[0] != "entries can get 8d 0h 0m old (retention 7d 0h 0m + MaxFileSec 1d 0h 0m), more than 3d 0h 0m") {
				t.Errorf("violation %q, want the ages written as everywhere in the audit", j.Violations)
			}
			if want := map[bool]int{true: 1, false: 0}[tc.violations > 0]; rep.ExitCode() != want {
				t.Errorf("exit %d, want %d", rep.ExitCode(), want)
			}
		})
	}
}

// run vacuums the journal through journalctl (a fake script here).
func TestRunVacuum(t *testing.T) {
	dir := t.TempDir()
	args := filepath.Join(dir, "args")
	fake := filepath.Join(dir, "journalctl")
	writeFile(t, fake, []byte("#!/bin/sh\necho \"$@\" > "+args+"\n"), testNow)
	os.Chmod(fake, 0o755)
	c := testConfig(Source{Name: "x", Paths: []string{filepath.Join(dir, "*.log")}})
	c.Journald = &Journald{Vacuum: true, Conf: filepath.Join(dir, "journald.conf"), Journalctl: fake}
	rep, err := newRunner(t, c).Run(context.Background())
	if err != nil || rep.Journal == nil || rep.Journal.Error != "" || rep.Failed() {
		t.Fatalf("run %v %+v", err, rep.Journal)
	}
	if got := readFile(t, args); got != "--vacuum-time=259200s\n" {
		t.Errorf("journalctl called with %q", got)
	}
	// A failing journalctl fails the run.
	writeFile(t, fake, []byte("#!/bin/sh\nexit 3\n"), testNow)
	rep, _ = newRunner(t, c).Run(context.Background())
	if !rep.Failed() || !strings.Contains(rep.Journal.Error, "exit status 3") {
		t.Errorf("journal %+v", rep.Journal)
	}
	// A dry run does not call it.
	os.Remove(args)
	r := newRunner(t, c)
	r.DryRun = true
	r.Run(context.Background())
	if exists(args) {
		t.Error("dry run vacuumed")
	}
}

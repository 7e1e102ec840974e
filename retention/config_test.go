package retention

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadConfigValid(t *testing.T) {
	c, err := LoadConfig("testdata/valid.yml")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sources) != 2 || c.Sources[0].Name != "nginx" {
		t.Fatalf("sources = %+v", c.Sources)
	}
	if got := c.SourceRetention(&c.Sources[0]); got != 24*time.Hour {
		t.Errorf("nginx retention = %s, want 24h", got)
	}
	if got := c.SourceRetention(&c.Sources[1]); got != 72*time.Hour {
		t.Errorf("freeswitch retention = %s, want the default 72h", got)
	}
	if c.Journald == nil || !c.Journald.Vacuum || c.Journald.Conf != DefaultJournaldConf || c.Journald.Journalctl != DefaultJournalctl {
		t.Errorf("journald = %+v", c.Journald)
	}
	if c.Sources[0].Wait() != DefaultReopenWait {
		t.Errorf("reopen wait = %s", c.Sources[0].Wait())
	}
}

func TestParseConfigDefaults(t *testing.T) {
	c, err := ParseConfig([]byte("sources:\n  - name: a\n    paths: [/var/log/a.log]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if time.Duration(c.Retention) != 72*time.Hour || c.IPv4Prefix != 24 || c.IPv6Prefix != 48 || c.Journald != nil {
		t.Errorf("defaults = %+v", c)
	}
}

func TestParseConfigDays(t *testing.T) {
	c, err := ParseConfig([]byte("retention: 3d\nsources:\n  - name: a\n    paths: [/var/log/a.log]\n    retention: 1d12h\n"))
	if err != nil {
		t.Fatal(err)
	}
	if time.Duration(c.Retention) != 72*time.Hour || c.SourceRetention(&c.Sources[0]) != 36*time.Hour {
		t.Errorf("retention = %s / %s", c.Retention, c.SourceRetention(&c.Sources[0]))
	}
}

// TestLoadConfigInvalid maps every testdata/invalid-*.yml to its exact error.
func TestLoadConfigInvalid(t *testing.T) {
	want := map[string]string{
		"invalid-unknown-key.yml":               `line 5: unknown key "retenion"`,
		"invalid-binary-phones.yml":             `source "utmp": phones with binary: true: a binary file is never read or rewritten, only deleted whole by its mtime`,
		"invalid-binary-emails.yml":             `source "utmp": emails with binary: true: a binary file is never read or rewritten, only deleted whole by its mtime`,
		"invalid-binary-reopen.yml":             `source "utmp": reopen with binary: true: a binary file is never read or rewritten, only deleted whole by its mtime`,
		"invalid-binary-time-zone.yml":          `source "utmp": time_zone with binary: true: a binary file is never read or rewritten, only deleted whole by its mtime`,
		"invalid-binary-keep-host-names.yml":    `source "utmp": keep_host_names with binary: true: a binary file is never read or rewritten, only deleted whole by its mtime`,
		"invalid-unknown-top-key.yml":           `line 2: unknown key "ipv4_prefx"`,
		"invalid-empty.yml":                     `empty config: no sources`,
		"invalid-no-sources.yml":                `no sources`,
		"invalid-retention-zero.yml":            `retention must be positive, got 0s`,
		"invalid-retention-syntax.yml":          `line 1: invalid duration "three days" (use e.g. 72h or 3d)`,
		"invalid-source-retention-negative.yml": `source "nginx": retention must be positive, got -1h0m0s`,
		"invalid-bad-glob.yml":                  `source "nginx": path "/var/log/nginx/[*.log" is not a valid glob: syntax error in pattern`,
		"invalid-relative-path.yml":             `source "nginx": path "nginx/*.log" is not absolute`,
		"invalid-no-paths.yml":                  `source "nginx": paths is empty`,
		"invalid-no-name.yml":                   `sources[0]: name is missing`,
		"invalid-duplicate-name.yml":            `sources[1]: name "nginx" is used twice`,
		"invalid-ipv4-prefix.yml":               `ipv4_prefix must be between 1 and 24, got 32`,
		"invalid-ipv6-prefix.yml":               `ipv6_prefix must be between 1 and 48, got 64`,
		"invalid-blank-reopen.yml":              `source "nginx": reopen is blank`,
		"invalid-reopen-wait-alone.yml":         `source "nginx": reopen_wait without reopen`,
		"invalid-journald-unknown-key.yml":      `line 6: unknown key "max_retention"`,
		"invalid-journald-retention.yml":        `journald: retention must be positive, got 0s`,
		"invalid-journald-conf.yml":             `journald: conf must be an absolute path, got "journald.conf"`,
		"invalid-paths-not-list.yml":            "line 3: cannot unmarshal !!str `/var/lo...` into []string",
		"invalid-yaml-syntax.yml":               `yaml: line 2: did not find expected ',' or ']'`,
		"invalid-two-documents.yml":             `more than one YAML document`,
		"invalid-time-zone.yml":                 `source "nginx": time_zone "Mars/Olympus" is no IANA time zone (e.g. Europe/Berlin, UTC)`,
		"invalid-temp-pattern.yml":              `source "nginx": path "/var/log/nginx/.janitor-*.tmp" names the janitor's own temporary files`,
	}
	files, _ := filepath.Glob("testdata/invalid-*.yml")
	if len(files) != len(want) {
		t.Errorf("%d invalid files, %d expectations", len(files), len(want))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			w, ok := want[filepath.Base(f)]
			if !ok {
				t.Fatalf("no expected error for %s", f)
			}
			_, err := LoadConfig(f)
			if err == nil {
				t.Fatal("no error")
			}
			if got, exp := err.Error(), "config "+f+": "+w; got != exp {
				t.Errorf("error\n got %s\nwant %s", got, exp)
			}
		})
	}
}

func TestLoadConfigMissing(t *testing.T) {
	_, err := LoadConfig("testdata/does-not-exist.yml")
	if err == nil || !strings.Contains(err.Error(), "testdata/does-not-exist.yml") {
		t.Errorf("err = %v", err)
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"72h": 72 * time.Hour, "3d": 72 * time.Hour, "1w": 168 * time.Hour, "1d12h": 36 * time.Hour,
		"90m": 90 * time.Minute, "0.5d": 12 * time.Hour, "-1h": -time.Hour,
	} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "3", "d", "3 days", "3x"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q): no error", in)
		}
	}
}

// The example for a whole BBB host loads, and rotated names of its sources
// with a reopen command match their globs.
func TestExampleConfig(t *testing.T) {
	c, err := LoadConfig("../docs/janitor-bbb-host.yml")
	if err != nil {
		t.Fatal(err)
	}
	live := map[string]string{"nginx": "/var/log/nginx/access.log", "syslog": "/var/log/syslog", "auth": "/var/log/auth.log", "kernel": "/var/log/kern.log", "mail": "/var/log/mail.log", "freeswitch": "/opt/freeswitch/var/log/freeswitch/freeswitch.log"}
	names := map[string]bool{}
	for _, s := range c.Sources {
		names[s.Name] = true
		if s.Reopen == "" {
			continue
		}
		if !matchesAny(s.Paths, live[s.Name]) {
			t.Errorf("source %s: %s matches no glob", s.Name, live[s.Name])
		}
		if rot := rotatedName(live[s.Name], testNow); !matchesAny(s.Paths, rot) {
			t.Errorf("source %s: rotated name %s matches no glob", s.Name, rot)
		}
	}
	for _, n := range []string{"nginx", "bigbluebutton", "bbb-apps-akka", "freeswitch", "bbb-webrtc-sfu", "kurento", "coturn", "redis", "mongodb", "greenlight", "syslog", "auth", "kernel", "mail", "system", "utmp"} {
		if !names[n] {
			t.Errorf("no source %s", n)
		}
	}
	// Every file in /var/log that holds client addresses has a source.
	for _, p := range []string{"/var/log/auth.log", "/var/log/auth.log.1", "/var/log/kern.log", "/var/log/ufw.log.2.gz", "/var/log/syslog", "/var/log/wtmp", "/var/log/btmp.1"} {
		found := false
		for _, s := range c.Sources {
			found = found || matchesAny(s.Paths, p)
		}
		if !found {
			t.Errorf("%s: no source covers it", p)
		}
	}
	for _, s := range c.Sources {
		if s.Binary != (s.Name == "utmp") {
			t.Errorf("source %s: binary %v", s.Name, s.Binary)
		}
	}
	if c.Journald == nil || !c.Journald.Vacuum || c.JournalRetention() != 72*time.Hour {
		t.Errorf("journald %+v", c.Journald)
	}
}

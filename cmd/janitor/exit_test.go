package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// The documented exit statuses, in one table, for text and JSON; the JSON
// audit report's "result" says the same as the exit status. Every call
// goes through runJanitor, which fails the test if a canary (a line's
// content, an address) reaches stdout or stderr, here at debug level.
func TestExitCodes(t *testing.T) {
	withClock(t)
	root, config := hostTree(t)
	proc := root + "/proc"
	bad := filepath.Join(root, "bad.yml")
	os.WriteFile(bad, []byte("sources: []\n"), 0o644)
	dbg := "--log.level=debug"
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		result string // the JSON audit's result, if an audit
		before func()
	}{
		{"audit, violations", []string{"audit", "--config", config, "--procfs", proc, dbg}, 1, "violations found", nil},
		{"run, a corrupt gzip fails", []string{"run", "--config", config, "--procfs", proc, dbg}, 1, "", nil},
		{"audit, only the corrupt gzip left", []string{"audit", "--config", config, "--procfs", proc, dbg}, 2, "could not check", nil},
		{"run, clean", []string{"run", "--config", config, "--procfs", proc, dbg}, 0, "", func() { os.Remove(filepath.Join(root, "nginx/access.log.2.gz")) }},
		{"audit, compliant", []string{"audit", "--config", config, "--procfs", proc, dbg}, 0, "compliant", nil},
		{"audit, a symlink to a file no glob names", []string{"audit", "--config", config, "--procfs", proc, dbg}, 2, "could not check", func() {
			os.WriteFile(filepath.Join(root, "elsewhere.log"), []byte("2021-04-10T00:00:00Z CANARY 192.0.2.9\n"), 0o644)
			os.Symlink(filepath.Join(root, "elsewhere.log"), filepath.Join(root, "nginx", "elsewhere.log"))
		}},
		{"run, the symlink left alone", []string{"run", "--config", config, "--procfs", proc, dbg}, 0, "", nil},
		{"audit, bad config", []string{"audit", "--config", bad}, 2, "", nil},
		{"run, bad config", []string{"run", "--config", bad}, 2, "", nil},
		{"run, missing config file", []string{"run", "--config", filepath.Join(root, "nope.yml")}, 2, "", nil},
		{"audit, no --config", []string{"audit"}, 2, "", nil},
		{"run, bad format", []string{"run", "--config", config, "--format", "xml"}, 2, "", nil},
		{"unknown command", []string{"clean"}, 2, "", nil},
		{"no command", nil, 2, "", nil},
	} {
		if tc.before != nil {
			tc.before()
		}
		if _, code := runJanitor(t, tc.args...); code != tc.code {
			t.Errorf("%s: exit %d, want %d", tc.name, code, tc.code)
		}
		if tc.result == "" {
			continue
		}
		out, code := runJanitor(t, append(tc.args, "--format", "json")...)
		var rep struct {
			Result string `json:"result"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil || code != tc.code || rep.Result != tc.result {
			t.Errorf("%s, json: exit %d, result %q (%v), want %d %q", tc.name, code, rep.Result, err, tc.code, tc.result)
		}
	}
}

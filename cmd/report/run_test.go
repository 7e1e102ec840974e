package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runT(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	return out.String() + errb.String(), err
}

func TestDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	out, err := runT(t, "demo", "--out", dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, name := range []string{"index.de.md", "index.en.md", "endpoints.de.svg", "endpoints.en.svg", "traffic.de.svg", "traffic.en.svg",
		"../demo-preview/index.de.html", "../demo-preview/index.en.html"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	de, _ := os.ReadFile(filepath.Join(dir, "index.de.md"))
	en, _ := os.ReadFile(filepath.Join(dir, "index.en.md"))
	for _, want := range []string{"title: Transparenzbericht 2025", "An 3 Tagen fehlen Daten", "Ein Jahr zuvor"} {
		if !strings.Contains(string(de), want) {
			t.Errorf("German demo lacks %q", want)
		}
	}
	for _, want := range []string{"title: Transparency report 2025", "No data on 3 days", "A year earlier", "bbb"} {
		if want == "bbb" {
			if strings.Contains(string(en), "example.org") {
				t.Error("the report names a node")
			}
			continue
		}
		if !strings.Contains(string(en), want) {
			t.Errorf("English demo lacks %q", want)
		}
	}
}

func TestImportCSVThenBuild(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "samples.csv")
	var b strings.Builder
	b.WriteString("time,node,endpoints,transmit_bytes,receive_bytes\n")
	for d := 1; d <= 28; d++ {
		fmt.Fprintf(&b, "2025-02-%02dT09:00:00Z,bbb1.example.org,%d,2000000000000,100000000000\n", d, 10+d)
		fmt.Fprintf(&b, "2025-02-%02dT09:00:30Z,bbb2.example.org,%d,1000000000000,100000000000\n", d, 5)
	}
	if err := os.WriteFile(csv, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "history.db")
	out, err := runT(t, "import", "--history", db, "--csv", csv)
	if err != nil || !strings.Contains(out, "imported 56 samples of 2 nodes") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	facts := filepath.Join(dir, "facts.yml")
	if err := os.WriteFile(facts, []byte("year: 2025\nservice: Call\nlog_retention_days: 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(dir, "bundle")
	out, err = runT(t, "build", "--history", db, "--facts", facts, "--year", "2025", "--out", bundle, "--lang", "en", "--date", "2026-01-10")
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	md, err := os.ReadFile(filepath.Join(bundle, "index.en.md"))
	if err != nil {
		t.Fatal(err)
	}
	// 28 February 09:00 UTC: 38 on bbb1 and 5 on bbb2 at the same grid minute (10:00 local).
	for _, want := range []string{"date: \"2026-01-10\"", "on 28 February 2025: at 10:00, 43 participants",
		"sent 84\u00a0TB and received 5.6\u00a0TB", "after 7 days", "Our measurements began on 1 February 2025", "No data on 306 days"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	if _, err := os.Stat(filepath.Join(bundle, "index.de.md")); err == nil {
		t.Error("German written although --lang en")
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "no command given"},
		{[]string{"import", "--history", filepath.Join(dir, "h.db")}, "give exactly one of --csv and --prometheus"},
		{[]string{"import", "--history", filepath.Join(dir, "h.db"), "--prometheus", "http://127.0.0.1:9"}, "--prometheus needs --from and --to"},
		{[]string{"import", "--history", filepath.Join(dir, "h.db"), "--prometheus", "http://127.0.0.1:9", "--from", "2025-02-30", "--to", "2026-01-01"}, `--from: want YYYY-MM-DD or an RFC 3339 time, got "2025-02-30"`},
		{[]string{"build", "--history", "h.db", "--facts", "f.yml", "--year", "2025", "--out", dir, "--lang", "fr"}, `--lang: language "fr": want de or en`},
		{[]string{"demo", "--date", "15.1.2026"}, `--date: want YYYY-MM-DD, got "15.1.2026"`},
	} {
		_, err := runT(t, c.args...)
		var u usageError
		if err == nil || !errors.As(err, &u) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want a usage error with %q", c.args, err, c.want)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	dir := t.TempDir()
	facts := filepath.Join(dir, "facts.yml")
	os.WriteFile(facts, []byte("year: 2025\nservice: Call\nservers: lots\n"), 0o644)
	_, err := runT(t, "build", "--history", filepath.Join(dir, "none.db"), "--facts", facts, "--year", "2025", "--out", dir)
	if err == nil || err.Error() != facts+`:3: servers: want a whole number, got "lots"` {
		t.Errorf("got %v", err)
	}
	os.WriteFile(facts, []byte("year: 2025\nservice: Call\n"), 0o644)
	_, err = runT(t, "build", "--history", filepath.Join(dir, "none.db"), "--facts", facts, "--year", "2025", "--out", dir)
	if err == nil || !strings.Contains(err.Error(), "open history") || !strings.Contains(err.Error(), "none.db") {
		t.Errorf("got %v", err)
	}
	os.WriteFile(facts, []byte("year: 2024\nservice: Call\n"), 0o644)
	_, err = runT(t, "build", "--history", filepath.Join(dir, "none.db"), "--facts", facts, "--year", "2025", "--out", dir)
	if err == nil || !strings.Contains(err.Error(), "--year 2025, but") {
		t.Errorf("got %v", err)
	}
}

func TestHelp(t *testing.T) {
	out, err := runT(t, "--help")
	if err != nil || !strings.Contains(out, "import") || !strings.Contains(out, "Exit codes") {
		t.Errorf("help: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"--help"}, {"import", "--help"}, {"help", "build"}} {
		out, err := runT(t, args...)
		if n := strings.Count(out, "usage: bbbkit-report"); err != nil || n != 1 {
			t.Errorf("%v: %d usages, error %v; want the usage once", args, n, err)
		}
	}
}

func TestVersionAndManPage(t *testing.T) {
	out, err := runT(t, "--version")
	if err != nil {
		t.Fatalf("--version: %v", err)
	}
	if !strings.HasPrefix(out, "bbbkit-report version ") {
		t.Errorf("--version printed %q", out)
	}
	man, err := runT(t, "--help-man")
	if err != nil {
		t.Fatalf("--help-man: %v", err)
	}
	if !strings.HasPrefix(man, `.TH "bbbkit-report" 1 `) || !strings.Contains(man, `"bbbkit manual"`) {
		t.Errorf("--help-man does not start with .TH:\n%.200s", man)
	}
	for _, l := range strings.Split(man, "\n") {
		if strings.HasPrefix(l, "'") || strings.Count(l, `"`)%2 != 0 && strings.HasPrefix(l, ".") {
			t.Errorf("man page line with broken quoting: %q", l)
		}
	}
	for _, want := range []string{"bbbkit-report", "Exit codes"} {
		if !strings.Contains(man, want) {
			t.Errorf("man page lacks %q", want)
		}
	}
}

// TestFailedImportLeavesNoHistory: an import that fails leaves no empty history file, and the error
// names the CSV file with its path as given.
func TestFailedImportLeavesNoHistory(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "export.csv")
	if err := os.WriteFile(csvPath, []byte("not,a,history,export\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "new.db")
	_, err := runT(t, "import", "--history", db, "--csv", csvPath)
	if err == nil || !strings.Contains(err.Error(), csvPath) {
		t.Fatalf("got %v, want an error naming %s", err, csvPath)
	}
	if _, statErr := os.Stat(db); !os.IsNotExist(statErr) {
		t.Errorf("a failed import left %s behind", db)
	}
	empty := filepath.Join(dir, "empty.csv")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runT(t, "import", "--history", db, "--csv", empty); err == nil || !strings.Contains(err.Error(), empty) {
		t.Errorf("empty CSV: got %v, want an error naming %s", err, empty)
	}
	if _, statErr := os.Stat(db); !os.IsNotExist(statErr) {
		t.Errorf("a failed import left %s behind", db)
	}
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTemplateThenBuild: `template` writes the defaults, the team makes them their own, the facts
// name the directory, and build renders their words; one language alone needs --lang.
func TestTemplateThenBuild(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "samples.csv")
	var b strings.Builder
	b.WriteString("time,node,endpoints,transmit_bytes,receive_bytes\n")
	for d := 1; d <= 28; d++ {
		fmt.Fprintf(&b, "2025-02-%02dT09:00:00Z,bbb1.example.org,%d,2000000000000,0\n", d, 10+d)
	}
	os.WriteFile(csv, []byte(b.String()), 0o644)
	db := filepath.Join(dir, "history.db")
	if out, err := runT(t, "import", "--history", db, "--csv", csv); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	tmpl := filepath.Join(dir, "templates")
	out, err := runT(t, "template", "--out", tmpl)
	if err != nil || !strings.Contains(out, "report.de.md") || !strings.Contains(out, "report.en.md") {
		t.Fatalf("template: %v\n%s", err, out)
	}
	if _, err := runT(t, "template", "--out", tmpl); err == nil || !strings.Contains(err.Error(), "report.de.md exists") {
		t.Errorf("template over the team's own: %v", err)
	}
	en := "---\ntitle: 'Our {{ figure \"year\" }}'\n---\nHello from CANARY-TEAM.{{ if has \"traffic.in\" }} We received {{ figure \"traffic.in\" }}.{{ end }} We sent {{ figure \"traffic.out\" }}.\n\n{{ section \"gaps\" }}\n"
	os.WriteFile(filepath.Join(tmpl, "report.en.md"), []byte(en), 0o644)
	os.Remove(filepath.Join(tmpl, "report.de.md"))
	facts := filepath.Join(dir, "facts.yml")
	os.WriteFile(facts, []byte("year: 2025\nservice: Call\ntemplate: templates\n"), 0o644)
	bundle := filepath.Join(dir, "bundle")
	args := []string{"build", "--history", db, "--facts", facts, "--year", "2025", "--out", bundle, "--date", "2026-01-10"}
	_, err = runT(t, args...)
	if want := filepath.Join(tmpl, "report.de.md") + ": missing"; err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "--lang en") {
		t.Fatalf("got %v, want %q naming --lang en", err, want)
	}
	if out, err := runT(t, append(args, "--lang", "en")...); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	md, _ := os.ReadFile(filepath.Join(bundle, "index.en.md"))
	for _, want := range []string{"title: Our 2025", "Hello from CANARY-TEAM. We sent 56\u00a0TB.", "Our measurements began on 1 February 2025"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(string(md), "received") {
		t.Errorf("speaks of received traffic that was not measured:\n%s", md)
	}
}

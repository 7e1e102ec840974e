package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bbbkit/bbbkit/internal/promtest"
)

// hugoSite is a bare Hugo site in German and English: what the report's bundle must build in.
var hugoSite = map[string]string{
	"hugo.toml": `baseURL = "https://example.org/"
defaultContentLanguage = "de"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[languages.de]
weight = 1
[languages.en]
weight = 2
`,
	"layouts/_default/single.html": "{{ .Content }}\n",
	"layouts/_default/list.html":   "{{ range .Pages }}{{ .Title }}{{ end }}\n",
}

// TestHugoBuild builds the demo bundle in a real Hugo site (Debian's hugo, as in CI) with de and
// en: no warning, each language's chart published only with its own page, no preview published.
func TestHugoBuild(t *testing.T) {
	hugo := promtest.Need(t, "hugo")
	site := t.TempDir()
	for name, text := range hugoSite {
		path := filepath.Join(site, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bundle := filepath.Join(site, "content", "report-2025")
	if out, err := runT(t, "demo", "--out", bundle, "--preview", filepath.Join(t.TempDir(), "preview")); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	cmd := exec.Command(hugo, "--buildDrafts", "--panicOnWarning", "--source", site, "--destination", filepath.Join(site, "public"))
	out, err := cmd.CombinedOutput()
	if err != nil || strings.Contains(string(out), "WARN") {
		t.Fatalf("hugo: %v\n%s", err, out)
	}
	for _, want := range []string{"transparenzbericht-2025/index.html", "transparenzbericht-2025/endpoints.de.svg",
		"en/transparency-report-2025/index.html", "en/transparency-report-2025/traffic.en.svg"} {
		if _, err := os.Stat(filepath.Join(site, "public", want)); err != nil {
			t.Error(err)
		}
	}
	for _, not := range []string{"transparenzbericht-2025/endpoints.en.svg", "en/transparency-report-2025/endpoints.de.svg",
		"transparenzbericht-2025/index.de.html"} {
		if _, err := os.Stat(filepath.Join(site, "public", not)); err == nil {
			t.Errorf("published %s", not)
		}
	}
	page, _ := os.ReadFile(filepath.Join(site, "public", "transparenzbericht-2025", "index.html"))
	if !strings.Contains(string(page), `src="endpoints.de.svg"`) {
		t.Errorf("the German page does not show its chart:\n%.500s", page)
	}
}

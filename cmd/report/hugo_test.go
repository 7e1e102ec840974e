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
	t.Run("default", func(t *testing.T) { hugoBuild(t, hugo, "") })
	t.Run("template", func(t *testing.T) {
		// The team's template, written by `template` and made their own: Markdown of theirs
		// (a link, bold, a list) around our parts, and a Hugo field of their theme.
		dir := t.TempDir()
		if out, err := runT(t, "template", "--out", dir); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		for _, l := range []string{"de", "en"} {
			path := filepath.Join(dir, "report."+l+".md")
			b, _ := os.ReadFile(path)
			s := strings.Replace(string(b), "---\n", "---\ntags: [transparency]\n", 1)
			s += "\nHUGO-CANARY **thanks** to [all](https://example.org/):\n\n- one\n- two\n\n{{ chart \"traffic\" }}\n"
			if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		hugoBuild(t, hugo, dir)
	})
}

func hugoBuild(t *testing.T, hugo, template string) {
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
	args := []string{"demo", "--out", bundle, "--preview", filepath.Join(t.TempDir(), "preview")}
	if template != "" {
		args = append(args, "--template", template)
	}
	if out, err := runT(t, args...); err != nil {
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
	if template != "" && (!strings.Contains(string(page), `HUGO-CANARY <strong>thanks</strong> to <a href="https://example.org/">all</a>`) ||
		!strings.Contains(string(page), "<li>one</li>")) {
		t.Errorf("the team's Markdown is not rendered as written:\n%s", page)
	}
}

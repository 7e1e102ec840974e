package reports

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/i18n"
	"github.com/bbbkit/bbbkit/reports/post"
)

// buildTemplate builds the golden history with the team's template of testdata/template.
func buildTemplate(t *testing.T, tmplDir, out string) error {
	t.Helper()
	f, err := facts.Load("testdata/facts.yml")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := post.Load(tmplDir, i18n.Langs)
	if err != nil {
		t.Fatal(err)
	}
	h := goldenHistory(t, filepath.Join(t.TempDir(), "history.db"), f.Location)
	defer h.Close()
	return Build(Options{History: h, Facts: f, Date: time.Date(2022, time.January, 15, 0, 0, 0, 0, time.UTC), Template: tmpl}, out)
}

// TestTemplateGolden: the team's own words come out verbatim, our figures where they put them, in
// both languages; the front matter keeps bbbkit's fields and takes the team's title and tags.
func TestTemplateGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if err := buildTemplate(t, "testdata/template", out); err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Langs {
		name := "index." + string(l) + ".md"
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", "golden-template", name)
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		} else if want, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (%v); run go test ./reports/ -update and review the diff", name, path, err)
		}
		canary := map[i18n.Lang][]string{
			i18n.DE: {"Liebe Nutzerinnen und Nutzer, CANARY-GRUSS-91c2: **schön, dass ihr da seid!**",
				"Danke an [alle, die gespendet haben](https://example.org/spenden). CANARY-GRUSS-91c2",
				"title: Unser Jahr 2021 bei Example Call", "Am 26.2.2021 um 10:00 Uhr waren 169\nMenschen gleichzeitig bei uns. Insgesamt flossen 261\u00a0TB.",
				"## Geld\n\n2021 haben wir über 8.800", "Das sind über 160 Menschen und über 260\u00a0TB, fast 218\u00a0TB davon ausgehend.", "draft: true", "slug: transparenzbericht-2021", "bbbkitGenerated: ", "- transparenz"},
			i18n.EN: {"Dear users, CANARY-GREETING-4be7: **good to have you!**",
				"Thanks to [everyone who donated](https://example.org/donate). CANARY-GREETING-4be7",
				"title: Our year 2021 at Example Call", "On 26 February 2021 at 10:00, 169\npeople met with us at once. In all, 261\u00a0TB flowed.",
				"## Money\n\nIn 2021 we received over €8,800", "translationKey: transparency-2021",
				"That is over 160 people and over 260\u00a0TB, almost 218\u00a0TB of it outgoing."},
		}[l]
		for _, want := range canary {
			if !strings.Contains(string(got), want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
		for _, not := range []string{"## Accounts", "## Konten", "{{", "## Money\n\n## Money"} {
			if strings.Contains(string(got), not) {
				t.Errorf("%s has %q, which its template does not place", name, not)
			}
		}
	}
	// A rebuild from the template keeps the team's words and passes the hand-edit check.
	if err := buildTemplate(t, "testdata/template", out); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	page := filepath.Join(out, "index.en.md")
	md, _ := os.ReadFile(page)
	os.WriteFile(page, append(md, "edited\n"...), 0o644)
	if err := buildTemplate(t, "testdata/template", out); !errors.Is(err, ErrHandEdited) {
		t.Errorf("a hand-edited page was overwritten: %v", err)
	}
}

// TestTemplateFigureNotMeasured: a figure the data does not have stops the build with the file and
// line, never a 0; inside {{ if has }} it is left out.
func TestTemplateFigureNotMeasured(t *testing.T) {
	dir := t.TempDir()
	f, err := facts.Parse("f.yml", []byte("year: 2024\nservice: Call\n"))
	if err != nil {
		t.Fatal(err)
	}
	one := time.Date(2024, 7, 1, 10, 0, 0, 0, f.Location)
	h := tempHistory(t, history.Sample{Time: one, Endpoints: 3, HasMeetings: true})
	tmpl := func(en string) post.Set {
		t.Helper()
		de, err := post.Parse("report.de.md", i18n.DE, []byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		e, err := post.Parse("report.en.md", i18n.EN, []byte(en))
		if err != nil {
			t.Fatal(err)
		}
		return post.Set{i18n.DE: de, i18n.EN: e}
	}
	out := filepath.Join(dir, "out")
	err = Build(Options{History: h, Facts: f, Date: one, Template: tmpl("We had\n{{ figure \"peak.participants\" }} at once and sent {{ figure \"traffic.tb\" }}.\n")}, out)
	want := `report.en.md:2:53: figure "traffic.tb": not measured or not given in 2024; put the sentence inside {{ if has "traffic.tb" }}…{{ end }}`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a failed build wrote the bundle")
	}
	err = Build(Options{History: h, Facts: f, Date: one, Template: tmpl("We had {{ figure \"peak.participants\" }} at once{{ if has \"traffic.tb\" }} and sent {{ figure \"traffic.tb\" }}{{ end }}.{{ if has \"donations\" }} Donations: {{ figure \"donations\" }}.{{ end }}\n")}, out)
	if err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(out, "index.en.md"))
	if !strings.Contains(string(md), "\nWe had 3 at once.\n") || strings.Contains(string(md), "0\u00a0TB") {
		t.Errorf("page:\n%s", md)
	}
}

// TestFactsTitle: the facts' title names the post when the template gives none.
func TestFactsTitle(t *testing.T) {
	f, err := facts.Parse("f.yml", []byte("year: 2021\nservice: Call\ntitle:\n  de: Unser Jahr 2021\n  en: Our year 2021\n"))
	if err != nil {
		t.Fatal(err)
	}
	h := goldenHistory(t, filepath.Join(t.TempDir(), "history.db"), f.Location)
	defer h.Close()
	pages, err := Make(Options{History: h, Facts: f, Date: time.Date(2022, 1, 15, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		want := map[i18n.Lang]string{i18n.DE: "title: Unser Jahr 2021\n", i18n.EN: "title: Our year 2021\n"}[p.Lang]
		if !strings.Contains(string(p.Markdown), want) {
			t.Errorf("%s lacks %q", p.Lang, want)
		}
	}
}

package dashboards

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// dpoDoc is the data protection officer's page, written in German and in English.
const dpoDoc = "../docs/dpo.md"

var (
	numberedStep = regexp.MustCompile(`^\d+\. `)
	codeSpan     = regexp.MustCompile("`([^`]+)`")
)

// TestDPOLanguagesInStep keeps the German and the English half of docs/dpo.md in step: the same
// headings, table rows and numbered steps, and the same commands, settings and paths (every `code`
// span), so that a change to one language cannot leave the other behind.
func TestDPOLanguagesInStep(t *testing.T) {
	data, err := os.ReadFile(dpoDoc)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	de, en, ok := strings.Cut(text, "\n## English\n")
	if !ok {
		t.Fatalf("%s: no English section (## English)", dpoDoc)
	}
	_, de, ok = strings.Cut(de, "\n## Deutsch\n")
	if !ok {
		t.Fatalf("%s: no German section (## Deutsch) before the English one", dpoDoc)
	}
	shape := func(s string) (headings, rows, steps int, code []string) {
		for _, line := range strings.Split(s, "\n") {
			switch {
			case strings.HasPrefix(line, "### "):
				headings++
			case strings.HasPrefix(line, "| "):
				rows++
			case numberedStep.MatchString(line):
				steps++
			}
		}
		for _, m := range codeSpan.FindAllStringSubmatch(s, -1) {
			code = append(code, m[1])
		}
		slices.Sort(code)
		return headings, rows, steps, code
	}
	dh, dr, ds, dc := shape(de)
	eh, er, es, ec := shape(en)
	if dh != eh || dr != er || ds != es {
		t.Errorf("German has %d headings, %d table rows, %d steps; English %d, %d, %d", dh, dr, ds, eh, er, es)
	}
	if !slices.Equal(dc, ec) {
		t.Errorf("the code spans differ:\nGerman:  %q\nEnglish: %q", dc, ec)
	}
	if dh == 0 || len(dc) == 0 {
		t.Errorf("%s: a section is empty", dpoDoc)
	}
}

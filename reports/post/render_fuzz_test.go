package post

import (
	"strings"
	"testing"

	"github.com/bbbkit/bbbkit/reports/demo"
	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
	"github.com/bbbkit/bbbkit/reports/sections"
)

// FuzzRender: whatever template loads renders on the demo year without a panic, and never writes a
// placeholder's braces of ours into the page.
func FuzzRender(f *testing.F) {
	facts, err := demo.Facts()
	if err != nil {
		f.Fatal(err)
	}
	h := demo.NewMemory()
	if err := demo.Fill(h, facts.Year, facts.Location); err != nil {
		f.Fatal(err)
	}
	year, err := figures.Compute(h, facts.Year, facts.Location, figures.Options{})
	if err != nil {
		f.Fatal(err)
	}
	prev, err := figures.Compute(h, facts.Year-1, facts.Location, figures.Options{})
	if err != nil {
		f.Fatal(err)
	}
	for _, data := range Defaults() {
		f.Add(string(data))
	}
	f.Add(`{{ over "traffic.tb" }} {{ text "money" }} {{ chart "traffic" }}{{ chart "traffic" }}{{ table "expenses" }}`)
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := Parse("f.md", i18n.EN, []byte(s))
		if err != nil {
			return
		}
		c := &sections.Context{Lang: i18n.EN, Facts: facts, Year: year, Prev: prev}
		out, err := tm.Render(c)
		if err == nil && strings.Contains(s, `{{ figure "year" }}`) && strings.Contains(out.Body, `{{ figure`) {
			t.Errorf("a placeholder came out as written: %q", out.Body)
		}
	})
}

package post

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/i18n"
	"github.com/bbbkit/bbbkit/reports/sections"
)

func TestDefaultParses(t *testing.T) {
	set := Default()
	for _, l := range i18n.Langs {
		if set[l] == nil {
			t.Errorf("%s: no default template", l)
		}
	}
	if err := set.sameParts(); err != nil {
		t.Error(err)
	}
}

// TestParseErrors maps each mistake to its exact message: the file, the line, what is wrong.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"{{ figure \"peak.participant\" }}\n",
			`t.md:1:3: figure: unknown name "peak.participant", want one of accounts, accounts.start, avv, days.missing, donations, expenses, monthly_costs, peak.date, peak.participants, peak.time, prev.peak.date, prev.peak.participants, prev.traffic.tb, prev.year, requests, retention.days, servers, service, traffic.in, traffic.out, traffic.share, traffic.tb, year`},
		{"Hallo\n\n{{ section \"peek\" }}\n",
			`t.md:3:3: section: unknown name "peek", want one of intro, peak, traffic, money, accounts, requests, retention, notes, gaps`},
		{"{{ chart \"endpoints\" }}", `t.md:1:3: chart: unknown name "endpoints", want one of participants, traffic`},
		{"{{ table \"months\" }}", `t.md:1:3: table: unknown name "months", want one of expenses, participants, requests, traffic`},
		{"x\n{{ if has \"traffic\" }}y{{ end }}", `t.md:2:6: has: unknown name "traffic", want one of accounts, accounts.start, avv, days.missing, donations, expenses, monthly_costs, peak.date, peak.participants, peak.time, prev.peak.date, prev.peak.participants, prev.traffic.tb, prev.year, requests, retention.days, servers, service, traffic.in, traffic.out, traffic.share, traffic.tb, year`},
		{"{{ figure }}", `t.md:1:3: figure wants one quoted name, as in {{ figure "peak.participants" }}`},
		{"{{ section peak }}", `t.md:1: function "peak" not defined`},
		{"{{ $x := \"peak\" }}{{ section $x }}", `t.md:1:21: section wants one quoted name, as in {{ section "peak" }}`},
		{"a\n\n{{ figure \"year\" ", `t.md:3: unclosed action`},
		{"{{ sektion \"peak\" }}", `t.md:1: function "sektion" not defined`},
		{"{{ .Title }}", `t.md:1:3: .Title: a template has no data fields; place parts with section, chart, table and figure`},
		{"{{ if true }}{{ end }}\n{{ end }}", `t.md:2: unexpected {{end}}`},
		{"---\ntitle: x\n", `t.md:1: front matter not closed: end it with a line ---`},
		{"---\ntitle: x\nslug: y\n---\n", `t.md:3: slug: bbbkit writes it per language; leave it out of the template`},
		{"---\ntitle: x\ntitel: y\n---\n", `t.md:3: unknown front matter field "titel", want title, description, draft or one of tags, categories, authors, author, images, summary, aliases, weight, toc`},
		{"---\ndraft: no\n---\n", `t.md:2: draft: want true or false, got "no"`},
		{"---\ntitle: [a]\n---\n", `t.md:2: title: want a text`},
		{"---\ntitle: 'x {{ figure \"yaer\" }}'\n---\n", `t.md:2:5: figure: unknown name "yaer", want one of accounts, accounts.start, avv, days.missing, donations, expenses, monthly_costs, peak.date, peak.participants, peak.time, prev.peak.date, prev.peak.participants, prev.traffic.tb, prev.year, requests, retention.days, servers, service, traffic.in, traffic.out, traffic.share, traffic.tb, year`},
		{"---\ntitle: x\n  bad: : y\n---\n", `t.md: front matter: line 3: mapping values are not allowed in this context`},
		{"---\n- a\n---\n", `t.md:2: front matter: want fields such as title: …`},
		{"\xff", `t.md: not UTF-8 text`},
		{"{{ over \"donations\" }}", `t.md:1:3: over: unknown name "donations", want one of peak.participants, prev.peak.participants, prev.traffic.tb, traffic.in, traffic.out, traffic.tb`},
	} {
		_, err := Parse("t.md", i18n.EN, []byte(c.text))
		if err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.text, err, c.want)
		}
	}
}

func TestFrontMatter(t *testing.T) {
	tm, err := Parse("t.md", i18n.DE, []byte("---\ntitle: 'Bericht {{ figure \"year\" }}'\ndescription: Unser Jahr\ndraft: false\ntags: [a, b]\n---\nText\n"))
	if err != nil {
		t.Fatal(err)
	}
	f := tm.Front
	if f.Title == "" || f.Description != "Unser Jahr" || f.Draft == nil || *f.Draft || len(f.Extra["tags"].([]any)) != 2 {
		t.Errorf("front matter %+v", f)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	written, err := WriteDefaults(dir, false)
	if err != nil || len(written) != 2 {
		t.Fatalf("%v %v", written, err)
	}
	if _, err := WriteDefaults(dir, false); err == nil || !strings.Contains(err.Error(), "report.de.md exists") {
		t.Errorf("rewrote the team's template: %v", err)
	}
	if _, err := Load(dir, i18n.Langs); err != nil {
		t.Fatal(err)
	}
	en := filepath.Join(dir, "report.en.md")
	if err := os.WriteFile(en, []byte("{{ section \"peak\" }}\n{{ chart \"traffic\" }}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(dir, i18n.Langs)
	if want := en + " places chart \"traffic\", " + dir + "/report.de.md does not: both posts show the same sections, charts and tables"; err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	if _, err := Load(dir, []i18n.Lang{i18n.EN}); err != nil {
		t.Errorf("--lang en alone: %v", err)
	}
	os.Remove(en)
	_, err = Load(dir, i18n.Langs)
	if want := en + ": missing: the template of the English post; write it too (bbbkit-report template writes both), or build with --lang de if the post is meant in German only"; err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	if _, err := Load(dir, []i18n.Lang{i18n.DE}); err != nil {
		t.Errorf("--lang de alone: %v", err)
	}
}

// FuzzParse: no template text panics the loader; what loads has a body.
func FuzzParse(f *testing.F) {
	for _, data := range Defaults() {
		f.Add(string(data))
	}
	f.Add("---\ntitle: x\n---\n{{ figure \"year\" }}")
	f.Add("---\n---\n")
	f.Add("{{ if has \"traffic.tb\" }}{{ figure \"traffic.tb\" }}{{ else }}x{{ end }}")
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := Parse("f.md", i18n.DE, []byte(s))
		if err == nil && tm.body == nil {
			t.Error("no body")
		}
	})
}

// TestShortcodesPassThrough: a Hugo shortcode of the team's theme reaches Hugo as written.
func TestShortcodesPassThrough(t *testing.T) {
	text := "{{< youtube id=\"abc\" >}}\n\n{{% notice info %}}Hinweis{{% /notice %}}\n"
	tm, err := Parse("t.md", i18n.DE, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	out, err := tm.Render(nil)
	if err != nil || out.Body != text {
		t.Errorf("got %q, %v; want %q", out.Body, err, text)
	}
}

// TestDefaultPlacesEverySection: the shipped template places every section of sections.List, in
// its order, so that a new section is not lost to a template that does not know it.
func TestDefaultPlacesEverySection(t *testing.T) {
	for l, tm := range Default() {
		var want []string
		for _, id := range sections.SectionIDs() {
			want = append(want, "section \""+id+"\"")
		}
		if strings.Join(tm.places, "|") != strings.Join(want, "|") {
			t.Errorf("%s places %v, want %v", l, tm.places, want)
		}
	}
}

// TestServiceEscapedInBodyOnly: a service named with Markdown characters reads as written in the
// title and escaped in the body.
func TestServiceEscapedInBodyOnly(t *testing.T) {
	tm, err := Parse("t.md", i18n.EN, []byte("---\ntitle: '{{ figure \"service\" }} report'\n---\n{{ figure \"service\" }}\n"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := tm.Render(&sections.Context{Lang: i18n.EN, Facts: &facts.Facts{Service: "Call_*Me*"}})
	if err != nil || out.Title != "Call_*Me* report" || out.Body != "Call\\_\\*Me\\*\n" {
		t.Errorf("title %q body %q %v", out.Title, out.Body, err)
	}
}

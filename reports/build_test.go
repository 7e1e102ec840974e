package reports

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
	"github.com/bbbkit/bbbkit/internal/cputime"
	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/i18n"
	"github.com/bbbkit/bbbkit/reports/sections"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// canaryNode names the golden history's nodes; a node name is not part of the report.
const canaryNode = "canary-node-7f3a"

// tempHistory is a history in a temporary directory holding samples of node n1, closed when the
// test ends.
func tempHistory(t *testing.T, samples ...history.Sample) *history.Store {
	t.Helper()
	h, err := history.Open(filepath.Join(t.TempDir(), "h.db"), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	if len(samples) > 0 {
		if err := h.Append("n1", samples...); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// goldenHistory writes a small fixed history: two nodes sampled at 10:00 and 15:00 local time on
// every day of 2021 but three, and the last quarter of 2020.
func goldenHistory(t testing.TB, path string, loc *time.Location) *history.Store {
	t.Helper()
	h, err := history.Open(path, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	missing := map[string]bool{"2021-02-11": true, "2021-02-12": true, "2021-08-19": true}
	for n, node := range []string{canaryNode + ".a", canaryNode + ".b"} {
		var batch []history.Sample
		for d := time.Date(2020, time.October, 1, 0, 0, 0, 0, loc); d.Year() < 2022; d = d.AddDate(0, 0, 1) {
			if missing[d.Format(time.DateOnly)] {
				continue
			}
			yd := d.YearDay()
			season := 40 + 30*float64((yd+300)%365)/365 // slowly rising through the year, low in January
			if d.Year() == 2020 {
				season *= 0.8
			}
			for i, hour := range []int{10, 15} {
				ep := uint32(season) + uint32((yd*7+n*13+i*5)%20)
				if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
					ep /= 4
				}
				batch = append(batch, history.Sample{
					Time:          time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, loc),
					Endpoints:     ep,
					TransmitBytes: uint64(ep) * 3_000_000_000,
					ReceiveBytes:  uint64(ep) * 600_000_000,
				})
			}
		}
		if err := h.Append(node, batch...); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

func buildGolden(t testing.TB) string {
	f, err := facts.Load("testdata/facts.yml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	h := goldenHistory(t, filepath.Join(dir, "history.db"), f.Location)
	defer h.Close()
	out := filepath.Join(dir, "out")
	err = Build(Options{History: h, Facts: f, Date: time.Date(2022, time.January, 15, 0, 0, 0, 0, time.UTC),
		PreviewDir: filepath.Join(dir, "preview")}, out)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGolden(t *testing.T) {
	out := buildGolden(t)
	files, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range files {
		names = append(names, e.Name())
	}
	want := []string{"endpoints.de.svg", "endpoints.en.svg", "figures.json", "index.de.md", "index.en.md", "traffic.de.svg", "traffic.en.svg"}
	if !slices.Equal(names, want) {
		t.Errorf("files %v, want %v (no temporary files left, no previews in the bundle)", names, want)
	}
	previews := filepath.Join(filepath.Dir(out), "preview")
	for _, p := range []string{"index.de.html", "index.en.html"} {
		if _, err := os.Stat(filepath.Join(previews, p)); err != nil {
			t.Errorf("preview: %v", err)
		}
	}
	names = append(names, "../preview/index.de.html", "../preview/index.en.html")
	golden := filepath.Join("testdata", "golden")
	if *update {
		if err := os.MkdirAll(golden, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range names {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(golden, filepath.Base(name))
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		w, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(got, w) {
			t.Errorf("%s differs from %s; run go test ./reports/ -update and review the diff", name, path)
		}
	}
}

func TestPrivacyAndSafety(t *testing.T) {
	out := buildGolden(t)
	for _, lang := range i18n.Langs {
		for _, ext := range []string{".md", ".html"} {
			dir := out
			if ext == ".html" {
				dir = filepath.Join(filepath.Dir(out), "preview")
			}
			b, err := os.ReadFile(filepath.Join(dir, "index."+string(lang)+ext))
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			if strings.Contains(s, canaryNode) {
				t.Errorf("%s%s names a node from the history", lang, ext)
			}
			if ext == ".md" && regexp.MustCompile(`(^|[^\\])(<script|\{\{<)`).MatchString(s) {
				t.Errorf("%s%s lets a shortcode or raw HTML of the notes through", lang, ext)
			}
			if strings.Contains(s, "[missing") {
				t.Errorf("%s%s has a missing message or placeholder", lang, ext)
			}
			if ext == ".html" {
				for _, bad := range []string{"<script", "<b>", `href="http://evil`} {
					if strings.Contains(s, bad) {
						t.Errorf("%s%s lets %q through", lang, ext, bad)
					}
				}
				if lang == i18n.EN && (!strings.Contains(s, `<strong>everyone</strong> who <a href="https://example.org/donate">donated</a>`) ||
					strings.Contains(s, "javascript:") || !strings.Contains(s, "<li>servers</li>")) {
					t.Errorf("%s%s: the notes' Markdown is not rendered, or a javascript: link passed", lang, ext)
				}
				if !strings.Contains(s, `<img src="endpoints.`+string(lang)+`.svg"`) || !strings.Contains(s, "<table>") {
					t.Errorf("%s%s: no chart image or no table", lang, ext)
				}
			}
		}
	}
}

func TestLocaleFigures(t *testing.T) {
	out := buildGolden(t)
	de, _ := os.ReadFile(filepath.Join(out, "index.de.md"))
	en, _ := os.ReadFile(filepath.Join(out, "index.en.md"))
	for _, c := range []struct {
		md   []byte
		want string
	}{
		{de, "8.800\u00a0€"}, {en, "€8,800"},
		{de, "Ende 2021 war ein Konto registriert."}, {en, "one account was registered"},
		{de, "An 3 Tagen fehlen Daten: 11. bis 12.2.2021 und 19.8.2021."},
		{en, "No data on 3 days: 11 to 12 February 2021 and 19 August 2021."},
		{de, "translationKey: transparency-2021"}, {en, "title: Transparency report 2021"},
	} {
		if !bytes.Contains(c.md, []byte(c.want)) {
			t.Errorf("missing %q", c.want)
		}
	}
}

// BenchmarkBuild builds a report from a year of 25 nodes sampled every minute (13 million samples).
// Writing the history takes a while; the timer covers the build only.
func BenchmarkBuild(b *testing.B) {
	f, err := facts.Parse("bench.yml", []byte("year: 2025\nservice: Bench\n"))
	if err != nil {
		b.Fatal(err)
	}
	h, err := history.Open(filepath.Join(b.TempDir(), "history.db"), history.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for n := range 25 {
		node := "bbb" + string(rune('a'+n)) + ".example.org"
		batch := make([]history.Sample, 0, 50_000)
		for i := range 365 * 24 * 60 {
			batch = append(batch, history.Sample{Time: start.Add(time.Duration(i) * time.Minute),
				Endpoints: uint32(i % 97), TransmitBytes: 1e8 + uint64(i%1000), ReceiveBytes: 2e7})
			if len(batch) == cap(batch) {
				if err := h.Append(node, batch...); err != nil {
					b.Fatal(err)
				}
				batch = batch[:0]
			}
		}
		if err := h.Append(node, batch...); err != nil {
			b.Fatal(err)
		}
	}
	out := b.TempDir()
	cpu0 := cputime.Self()
	for b.Loop() {
		if err := Build(Options{History: h, Facts: f, Date: start}, out); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cputime.Self()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

func TestWriteFailsWithPath(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "bundle")
	if err := os.WriteFile(blocker, []byte("a file, not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(blocker, []Page{{Lang: i18n.EN, Markdown: []byte("x"), HTML: []byte("x")}})
	if err == nil || !strings.Contains(err.Error(), blocker) {
		t.Errorf("got %v, want an error naming %s", err, blocker)
	}
}

func TestWriteRemovesStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, ".index.en.md.12345.tmp")
	if err := os.WriteFile(stale, []byte("half a page"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, []Page{{Lang: i18n.EN, Markdown: []byte("page"), HTML: []byte("html")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary file still there: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.en.md")); string(b) != "page" {
		t.Errorf("index.en.md = %q", b)
	}
}

func TestMakeNeedsFactsAndHistory(t *testing.T) {
	if _, err := Make(Options{}); err == nil {
		t.Error("no error without facts and history")
	}
}

// TestBuildSparse builds from an empty history, one sample, and a flat day: charts with no point, one
// point or a flat line still come out, and the text says what is missing.
func TestBuildSparse(t *testing.T) {
	f, err := facts.Parse("f.yml", []byte("year: 2024\nservice: Call\n"))
	if err != nil {
		t.Fatal(err)
	}
	one := time.Date(2024, 7, 1, 10, 0, 0, 0, f.Location)
	for name, samples := range map[string][]history.Sample{
		"empty": nil,
		"one":   {{Time: one, Endpoints: 3, TransmitBytes: 5e9, ReceiveBytes: 1e9}},
		"flat":  {{Time: one, Endpoints: 3}, {Time: one.Add(time.Hour), Endpoints: 3}, {Time: one.AddDate(0, 0, 1), Endpoints: 3}},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			h := tempHistory(t, samples...)
			err := Build(Options{History: h, Facts: f, Date: one}, filepath.Join(dir, "out"))
			if name == "empty" {
				if !errors.Is(err, ErrNoData) || !strings.Contains(err.Error(), "2024") {
					t.Fatalf("empty history: got %v, want ErrNoData naming the year", err)
				}
				if _, statErr := os.Stat(filepath.Join(dir, "out")); !os.IsNotExist(statErr) {
					t.Errorf("a failed build wrote %s", filepath.Join(dir, "out"))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			md, _ := os.ReadFile(filepath.Join(dir, "out", "index.en.md"))
			if strings.Contains(string(md), "[missing") {
				t.Errorf("missing message:\n%s", md)
			}
			want := map[string]string{
				"one":  "Our measurements began on 1 July 2024",
				"flat": "Our measurements began on 1 July 2024",
			}[name]
			if !strings.Contains(string(md), want) {
				t.Errorf("lacks %q:\n%s", want, md)
			}
		})
	}
}

// TestWriteKeepsOldBundleOnFailure: a build that fails leaves the old bundle whole; a rebuild keeps
// the files the team put into the bundle.
func TestWriteKeepsOldBundleOnFailure(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "report-2021")
	page := func(md string, fail bool) []Page {
		return []Page{{Lang: "en", Markdown: []byte(md), HTML: []byte("<p>x</p>"), Charts: []sections.Chart{{File: "c-en.svg",
			SVG: func(w io.Writer) error {
				if fail {
					return errors.New("broken chart")
				}
				_, err := io.WriteString(w, "<svg/>")
				return err
			}}}}}
	}
	if err := Write(dir, page("old", false)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "team-photo.jpg"), []byte("jpg"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, page("new", true)); err == nil {
		t.Fatal("a failing chart built without error")
	}
	if md, _ := os.ReadFile(filepath.Join(dir, "index.en.md")); string(md) != "old" {
		t.Errorf("after a failed build index.en.md is %q, want the old bundle", md)
	}
	if err := Write(dir, page("new", false)); err != nil {
		t.Fatal(err)
	}
	if md, _ := os.ReadFile(filepath.Join(dir, "index.en.md")); string(md) != "new" {
		t.Errorf("index.en.md is %q after a rebuild", md)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "team-photo.jpg")); err != nil || string(b) != "jpg" {
		t.Errorf("the team's own file is gone after a rebuild: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".report-2021.*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestHandEditsAreNotOverwritten: a rebuild replaces the pages bbbkit wrote, but refuses a page the
// team changed, unless told to overwrite it.
func TestHandEditsAreNotOverwritten(t *testing.T) {
	dir := t.TempDir()
	f, err := facts.Parse("f.yml", []byte("year: 2024\nservice: Call\n"))
	if err != nil {
		t.Fatal(err)
	}
	one := time.Date(2024, 7, 1, 10, 0, 0, 0, f.Location)
	h := tempHistory(t, history.Sample{Time: one, Endpoints: 3, HasMeetings: true})
	out := filepath.Join(dir, "out")
	opts := Options{History: h, Facts: f, Date: one}
	for range 2 {
		if err := Build(opts, out); err != nil {
			t.Fatalf("rebuild of an untouched bundle: %v", err)
		}
	}
	page := filepath.Join(out, "index.de.md")
	md, _ := os.ReadFile(page)
	edited := bytes.Replace(md, []byte("In diesem Bericht"), []byte("Liebe Leute, in diesem Bericht"), 1)
	if err := os.WriteFile(page, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	err = Build(opts, out)
	if !errors.Is(err, ErrHandEdited) || !strings.Contains(err.Error(), page) {
		t.Fatalf("got %v, want ErrHandEdited naming %s", err, page)
	}
	if got, _ := os.ReadFile(page); !bytes.Equal(got, edited) {
		t.Error("the hand edit was overwritten")
	}
	opts.Overwrite = true
	if err := Build(opts, out); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(page); !bytes.Equal(got, md) {
		t.Error("--overwrite did not restore the generated page")
	}
}

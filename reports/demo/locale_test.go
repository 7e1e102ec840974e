package demo

import (
	"regexp"
	"strings"
	"testing"

	"github.com/bbbkit/bbbkit/reports/figures"
	"github.com/bbbkit/bbbkit/reports/i18n"
	"github.com/bbbkit/bbbkit/reports/sections"
)

// TestLocaleFormats renders the demo year in both languages and checks every figure's form: German
// 1.160, 0,82 TB, 82 %, 14.250 €, 1.12.2025; English 1,160, 0.82 TB, 82%, €14,250, 1 December 2025;
// never the other language's marks. Both texts carry the same number of amounts in TB, %, € and of
// dates.
func TestLocaleFormats(t *testing.T) {
	f, err := Facts()
	if err != nil {
		t.Fatal(err)
	}
	m := filled(t)
	y, err := figures.Compute(m, f.Year, f.Location, figures.Options{})
	if err != nil {
		t.Fatal(err)
	}
	prev, err := figures.Compute(m, f.Year-1, f.Location, figures.Options{})
	if err != nil {
		t.Fatal(err)
	}
	md := map[i18n.Lang]string{}
	for _, l := range []i18n.Lang{i18n.DE, i18n.EN} {
		md[l] = sections.Render(&sections.Context{Lang: l, Facts: f, Year: y, Prev: prev})
	}
	const nb = "\u00a0"
	rules := map[i18n.Lang]struct{ want, never []string }{
		i18n.DE: {
			want: []string{`\b1\.160\b`, `\b0,82` + nb + `TB\b`, `\b82` + nb + `%`, `\b14\.250` + nb + `€`, `\b1\.12\.2025\b`, `\b10:45 Uhr\b`},
			never: []string{`\d,\d{3}\b`, `\d\.\d{1,2}` + nb + `TB`, `\d%`, `€\s?\d`, `\d €`,
				`(?i)\b(January|March|May|June|July|October|December)\b`},
		},
		i18n.EN: {
			want: []string{`\b1,160\b`, `\b0\.82` + nb + `TB\b`, `\b82%`, `€14,250\b`, `\b1 December 2025\b`},
			never: []string{`\d\.\d{3}\b`, `\d,\d{1,2}` + nb + `TB`, `\d` + nb + `%`, `\d\s?€`, `\bUhr\b`,
				`\b\d{1,2}\.\d{1,2}\.`, `(?i)\b(Januar|März|Mai|Juni|Juli|Oktober|Dezember)\b`},
		},
	}
	for l, r := range rules {
		for _, w := range r.want {
			if !regexp.MustCompile(w).MatchString(md[l]) {
				t.Errorf("%s: no match for %s", l, w)
			}
		}
		for _, n := range r.never {
			if loc := regexp.MustCompile(n).FindStringIndex(md[l]); loc != nil {
				t.Errorf("%s: %s matches %q in …%s…", l, n, md[l][loc[0]:loc[1]], md[l][max(loc[0]-40, 0):min(loc[1]+40, len(md[l]))])
			}
		}
	}
	for _, unit := range []string{"TB", "%", "€", "2025", "2024"} {
		if de, en := strings.Count(md[i18n.DE], unit), strings.Count(md[i18n.EN], unit); de != en {
			t.Errorf("%q: %d times in German, %d in English", unit, de, en)
		}
	}
}

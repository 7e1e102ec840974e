package i18n

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMessagesComplete keeps German and English in step: every key has both, with the same
// placeholders, and singular/plural pairs come together.
func TestMessagesComplete(t *testing.T) {
	for key, m := range Messages {
		if strings.TrimSpace(m.DE) == "" || strings.TrimSpace(m.EN) == "" {
			t.Errorf("%s: missing a language: %+v", key, m)
			continue
		}
		de, en := Placeholders(m.DE), Placeholders(m.EN)
		slices.Sort(de)
		slices.Sort(en)
		if !slices.Equal(slices.Compact(de), slices.Compact(en)) {
			t.Errorf("%s: placeholders differ: de %v, en %v", key, de, en)
		}
		if base, ok := strings.CutSuffix(key, ".one"); ok {
			if _, ok := Messages[base+".other"]; !ok {
				t.Errorf("%s has no .other", key)
			}
		}
	}
}

func TestT(t *testing.T) {
	if got := T(DE, "title", "year", "2021"); got != "Transparenzbericht 2021" {
		t.Errorf("got %q", got)
	}
	if got := T(EN, "title"); got != "Transparency report [missing {year}]" {
		t.Errorf("got %q", got)
	}
	if got := T(EN, "no.such.key"); !strings.Contains(got, "missing message") {
		t.Errorf("got %q", got)
	}
}

func TestFormats(t *testing.T) {
	day := time.Date(2020, time.December, 16, 14, 5, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{Int(DE, 1117), "1.117"},
		{Int(EN, 1117), "1,117"},
		{Int(EN, 999), "999"},
		{Int(DE, 1234567), "1.234.567"},
		{Int(EN, -1234), "-1,234"},
		{Date(DE, day), "16.12.2020"},
		{Date(EN, day), "16 December 2020"},
		{DayMonth(DE, day), "16.12."},
		{DayMonth(EN, day), "16 December"},
		{Clock(day), "14:05"},
		{TB(DE, 93.2), "93\u00a0TB"},
		{TB(EN, 93.2), "93\u00a0TB"},
		{TB(DE, 9.25), "9,3\u00a0TB"},
		{TB(EN, 0.456), "0.46\u00a0TB"},
		{TB(EN, 0), "0\u00a0TB"},
		{TB(DE, 1234.5), "1.235\u00a0TB"},
		{TB(DE, 0.82), "0,82\u00a0TB"},
		{TB(EN, 0.82), "0.82\u00a0TB"},
		{TB(EN, 9.96), "10\u00a0TB"},
		{TB(DE, 0.996), "1,0\u00a0TB"},
		{TB(DE, 0.0996), "0,10\u00a0TB"},
		{TB(EN, 0.046), "0.046\u00a0TB"},
		{TB(EN, 0.00123), "0.001\u00a0TB"},
		{TB(DE, 0.0004), "<\u00a00,001\u00a0TB"},
		{TB(EN, 10), "10\u00a0TB"},
		{TB(EN, 1), "1.0\u00a0TB"},
		{Percent(EN, 99.6), "99%"},
		{Percent(DE, 0.2), "1\u00a0%"},
		{Percent(EN, 100), "100%"},
		{Percent(EN, 0), "0%"},
		{Euro(DE, 8800), "8.800\u00a0€"},
		{Euro(EN, 8800), "€8,800"},
		{Euro(EN, -50), "-€50"},
		{Percent(DE, 87.4), "87\u00a0%"},
		{Percent(EN, 87.5), "88%"},
		{Decimal(DE, 1234.56, 1), "1.234,6"},
		{Decimal(EN, -0.25, 1), "-0.3"},
		{List(DE, []string{"a", "b", "c"}), "a, b und c"},
		{List(EN, []string{"a"}), "a"},
		{List(EN, []string{"a", "b"}), "a and b"},
		{MonthName(DE, time.March), "März"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestParseLangs(t *testing.T) {
	l, err := ParseLangs("de, en")
	if err != nil || !slices.Equal(l, []Lang{DE, EN}) {
		t.Errorf("got %v %v", l, err)
	}
	for _, bad := range []string{"fr", "de,de", ""} {
		if _, err := ParseLangs(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestTFullStop(t *testing.T) {
	if got := T(DE, "alt.gaps", "days", "19.8."); got != "Die Linie hat Lücken, wo Daten fehlen: 19.8." {
		t.Errorf("got %q", got)
	}
}

func TestDecimals(t *testing.T) {
	for v, want := range map[float64]int{0: 0, 2: 0, 1000: 0, 0.5: 1, 2.5: 1, 0.25: 2, 0.005: 3, 0.1 + 0.2: 1, -1.5: 1, 1e-7: 6} {
		if got := Decimals(v); got != want {
			t.Errorf("Decimals(%v) = %d, want %d", v, got, want)
		}
	}
}

// TestRounded: a rounded figure's qualifier is true of the figure it stands for.
func TestRounded(t *testing.T) {
	for _, c := range []struct {
		n    int64
		r    Rounding
		want string
	}{
		{1117, Down, "über 1.100"}, {6042, Down, "über 6.000"}, {15538, Down, "über 15.500"}, {9987, Up, "fast 10.000"},
		{6000, Down, "6.000"}, {87, Down, "87"}, {1160, Nearest, "circa 1.200"}, {1150, Up, "fast 1.200"},
	} {
		if got := IntRounded(DE, c.n, c.r); got != c.want {
			t.Errorf("IntRounded(%d, %d) = %q, want %q", c.n, c.r, got, c.want)
		}
	}
	for _, c := range []struct {
		tb   float64
		r    Rounding
		want string
	}{
		{93.7, Down, "über 93\u00a0TB"}, {93.2, Up, "fast 94\u00a0TB"}, {93, Down, "93\u00a0TB"}, {9.96, Down, "über 9\u00a0TB"},
		{0.0004, Down, "<\u00a00,001\u00a0TB"}, {0.82, Down, "0,82\u00a0TB"}, {0.826, Down, "über 0,82\u00a0TB"}, {0.003, Down, "0,003\u00a0TB"},
	} {
		if got := TBRounded(DE, c.tb, c.r); got != c.want {
			t.Errorf("TBRounded(%v, %d) = %q, want %q", c.tb, c.r, got, c.want)
		}
	}
}

package scrub

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected outputs in testdata/corpus/*.txtar")

// TestCorpus scrubs each archive's "in" file and compares the result with
// its "mask" and "redact" files. The archive's comment may name options:
// "phones", "emails", "ipv4-prefix=N", "ipv6-prefix=N". In traps*.txtar,
// masking must leave every byte alone.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/corpus/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			opts := corpusOptions(t, ar.Comment)
			var in []byte
			for _, f := range ar.Files {
				if f.Name == "in" {
					in = f.Data
				}
			}
			if in == nil {
				t.Fatalf("%s: no \"in\" file", file)
			}
			changed := false
			for _, mode := range []Mode{Mask, Redact} {
				o := opts
				o.Mode = mode
				got := scrubAll(t, o, in)
				if strings.HasPrefix(filepath.Base(file), "traps") && mode == Mask && !bytes.Equal(got, in) {
					t.Errorf("traps changed:\n%s", diffLines(in, got))
				}
				idx := -1
				for k, f := range ar.Files {
					if f.Name == mode.String() {
						idx = k
					}
				}
				if *update {
					if idx < 0 {
						ar.Files = append(ar.Files, txtar.File{Name: mode.String()})
						idx = len(ar.Files) - 1
					}
					if !bytes.Equal(ar.Files[idx].Data, got) {
						ar.Files[idx].Data, changed = got, true
					}
					continue
				}
				if idx < 0 {
					t.Fatalf("%s: no %q file (run with -update)", file, mode)
				}
				if want := ar.Files[idx].Data; !bytes.Equal(got, want) {
					t.Errorf("%s: %s differs (want, got):\n%s", file, mode, diffLines(want, got))
				}
				if mode == Mask {
					s := mustNew(t, o).Options()
					for _, line := range strings.Split(string(got), "\n") {
						if sv := referenceSurvivors(line, s.IPv4Prefix, s.IPv6Prefix); len(sv) > 0 {
							t.Errorf("%s: reference finds %q in %q", file, sv, line)
						}
					}
				}
				// Scrubbing the output again changes nothing.
				if again := scrubAll(t, o, got); !bytes.Equal(again, got) {
					t.Errorf("%s: %s is not idempotent:\n%s", file, mode, diffLines(got, again))
				}
			}
			if changed {
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func corpusOptions(t *testing.T, comment []byte) Options {
	var o Options
	for _, w := range strings.Fields(string(comment)) {
		k, v, _ := strings.Cut(w, "=")
		switch k {
		case "phones":
			o.Phones = true
		case "emails":
			o.Emails = true
		case "ipv4-prefix":
			o.IPv4Prefix = atoi(t, v)
		case "ipv6-prefix":
			o.IPv6Prefix = atoi(t, v)
		}
	}
	return o
}

func atoi(t *testing.T, s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("bad number %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func scrubAll(t *testing.T, o Options, in []byte) []byte {
	t.Helper()
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := s.Stream(&out, bytes.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// diffLines lists the lines that differ between a and b.
func diffLines(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	var sb strings.Builder
	for i := 0; i < max(len(la), len(lb)); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			sb.WriteString("- " + x + "\n+ " + y + "\n")
		}
	}
	return sb.String()
}

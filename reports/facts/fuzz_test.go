package facts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary files to the facts parser: it never panics, and every error names the
// file.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yml")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := Parse("f.yml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		if facts.Location == nil || facts.Year < minYear || facts.Year > maxYear || strings.TrimSpace(facts.Service) == "" {
			t.Fatalf("accepted %+v", facts)
		}
	})
}

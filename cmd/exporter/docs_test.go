package main

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// documentedMetric is one row of the inventory's tables in docs/metrics.md.
type documentedMetric struct {
	typ    string
	labels []string
}

var (
	inventoryRow = regexp.MustCompile("^\\| `(bbb(?:kit)?_[a-z0-9_]+)` \\| ([a-z]+) \\| ([^|]*) \\|")
	labelName    = regexp.MustCompile("`([a-z_]+)`:")
)

// parseInventory reads the metric rows of docs/metrics.md: | `name` | type | `label`: values | ….
func parseInventory(t *testing.T, path string) map[string]documentedMetric {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]documentedMetric{}
	for i, line := range strings.Split(string(b), "\n") {
		m := inventoryRow.FindStringSubmatch(line)
		if m == nil {
			if strings.HasPrefix(line, "| `bbb_") || strings.HasPrefix(line, "| `bbbkit_") {
				t.Errorf("%s:%d: metric row not in the form | `name` | type | labels | …: %s", path, i+1, line)
			}
			continue
		}
		if _, dup := docs[m[1]]; dup {
			t.Errorf("%s:%d: %s documented twice", path, i+1, m[1])
		}
		var labels []string
		for _, l := range labelName.FindAllStringSubmatch(m[3], -1) {
			labels = append(labels, l[1])
		}
		slices.Sort(labels)
		docs[m[1]] = documentedMetric{typ: m[2], labels: labels}
	}
	return docs
}

var (
	typeLine   = regexp.MustCompile(`(?m)^# TYPE (\S+) (\S+)$`)
	sampleLine = regexp.MustCompile(`(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? `)
	labelPair  = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="`)
)

// servedMetrics reads the families of the golden files: their types and label names.
func servedMetrics(t *testing.T) map[string]documentedMetric {
	t.Helper()
	goldens, _ := filepath.Glob(filepath.Join("testdata", "*.golden"))
	if len(goldens) == 0 {
		t.Fatal("no testdata/*.golden")
	}
	served := map[string]documentedMetric{}
	for _, g := range goldens {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, m := range typeLine.FindAllStringSubmatch(text, -1) {
			served[m[1]] = documentedMetric{typ: m[2]}
		}
		for _, m := range sampleLine.FindAllStringSubmatch(text, -1) {
			family := m[1]
			if _, ok := served[family]; !ok {
				for _, suffix := range []string{"_bucket", "_sum", "_count"} {
					if base, ok := strings.CutSuffix(family, suffix); ok {
						family = base
					}
				}
			}
			d, ok := served[family]
			if !ok {
				t.Errorf("%s: sample %s without a TYPE line", g, m[1])
				continue
			}
			for _, l := range labelPair.FindAllStringSubmatch(m[2], -1) {
				if l[1] != "le" && !slices.Contains(d.labels, l[1]) {
					d.labels = append(d.labels, l[1])
				}
			}
			slices.Sort(d.labels)
			served[family] = d
		}
	}
	return served
}

// TestMetricsInventoryMatchesGoldens checks docs/metrics.md against what the exporter serves,
// in both directions: every served bbb_ metric is documented with its type and labels, and
// every documented one is served.
func TestMetricsInventoryMatchesGoldens(t *testing.T) {
	docs := parseInventory(t, filepath.Join("..", "..", "docs", "metrics.md"))
	served := servedMetrics(t)
	for _, name := range slices.Sorted(maps.Keys(served)) {
		d, ok := docs[name]
		if !ok {
			t.Errorf("docs/metrics.md does not document %s", name)
			continue
		}
		if d.typ != served[name].typ {
			t.Errorf("%s: documented as %s, served as %s", name, d.typ, served[name].typ)
		}
		if !slices.Equal(d.labels, served[name].labels) {
			t.Errorf("%s: documented labels %v, served %v", name, d.labels, served[name].labels)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(docs)) {
		if _, ok := served[name]; !ok {
			t.Errorf("docs/metrics.md documents %s, which the goldens do not have", name)
		}
	}
}

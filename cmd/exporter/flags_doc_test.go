package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// longFlag is a long flag in kingpin's --help output: --name=…, --[no-]name or --name.
var longFlag = regexp.MustCompile(`(?m)^\s+(?:-\w, )?--(?:\[no-\])?([a-z][a-z0-9.-]*)`)

// TestEveryFlagDocumented checks that every long flag of --help is explained in the packaged
// /etc/default/bbbkit-exporter (which says it explains every flag) and on one of the exporter's
// docs pages, so neither falls behind when a flag is added.
func TestEveryFlagDocumented(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, &out, &errOut); err != nil {
		t.Fatalf("--help: %v", err)
	}
	var flags []string
	for _, m := range longFlag.FindAllStringSubmatch(out.String(), -1) {
		if !strings.HasPrefix(m[1], "help") && m[1] != "version" && !slices.Contains(flags, m[1]) {
			flags = append(flags, m[1])
		}
	}
	if len(flags) < 20 {
		t.Fatalf("found only %d flags in --help:\n%s", len(flags), out.String())
	}
	read := func(path string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", path))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	defaults := read("packaging/default/bbbkit-exporter")
	var docs string
	for _, p := range []string{"docs/deployment.md", "docs/metrics.md", "docs/host-metrics.md", "docs/bbb-native-metrics.md"} {
		docs += read(p)
	}
	// mentions reports whether text names --flag as a whole word (not --flag.more).
	mentions := func(text, flag string) bool {
		re := regexp.MustCompile(`--(?:\[no-\]|no-)?` + regexp.QuoteMeta(flag) + `(?:[^a-z0-9.-]|\.[^a-z]|$)`)
		return re.MatchString(text)
	}
	for _, f := range flags {
		if !mentions(defaults, f) {
			t.Errorf("packaging/default/bbbkit-exporter does not explain --%s", f)
		}
		if !mentions(docs, f) {
			t.Errorf("docs/deployment.md, metrics.md, host-metrics.md and bbb-native-metrics.md do not mention --%s", f)
		}
	}
	if strings.Contains(defaults, "--bbb.secret=") {
		t.Error("packaging/default/bbbkit-exporter shows a secret flag")
	}
}

package buildinfo

import (
	"strings"
	"testing"

	"github.com/prometheus/common/version"
)

func TestPrintHasVersionAndCommit(t *testing.T) {
	got := Print(Janitor)
	if !strings.HasPrefix(got, "bbbkit-janitor version ") || !strings.Contains(got, "(commit ") {
		t.Fatalf("Print = %q", got)
	}
	if version.Version == "" || version.Revision == "" {
		t.Fatalf("Init left version %q revision %q empty", version.Version, version.Revision)
	}
	if strings.Contains(got, "\n") {
		t.Fatalf("Print has a newline: %q", got)
	}
}

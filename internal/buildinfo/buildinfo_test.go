package buildinfo

import (
	"strings"
	"testing"

	"github.com/alecthomas/kingpin/v2"
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

func TestManPageHeader(t *testing.T) {
	app := kingpin.New(Exporter, "A test program.")
	app.Version(Print(Exporter))
	app.Flag("x.y", "A flag.").String()
	var b strings.Builder
	if err := ManPage(app, &b); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(b.String(), "\n")
	want := `.TH "bbbkit-exporter" 1 "` + buildDay() + `" "bbbkit ` + version.Version + `" "bbbkit manual"`
	if first != want {
		t.Fatalf("header\n got %s\nwant %s", first, want)
	}
	if !strings.Contains(b.String(), "x.y") {
		t.Fatalf("flag missing from the man page:\n%s", b.String())
	}
}

func TestRoffQuote(t *testing.T) {
	for in, want := range map[string]string{`a b`: `"a b"`, `say "hi"`: `"say ""hi"""`, `c:\x`: `"c:\ex"`} {
		if got := roffQuote(in); got != want {
			t.Errorf("roffQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

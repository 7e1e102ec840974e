package buildinfo

import (
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/common/version"
)

// ManPage writes app's man page to w. kingpin's own --help-man writes to os.Stdout and puts the
// --version text, which has spaces, unquoted into the .TH header; this one writes the header man(7)
// describes — name, section 1, build date, "bbbkit VERSION" as the source, the manual's title — each
// field quoted, and the rest of the page as kingpin lays it out.
func ManPage(app *kingpin.Application, w io.Writer) error {
	Init()
	header := fmt.Sprintf(`.TH %s 1 %s %s "bbbkit manual"`,
		roffQuote(app.Name), roffQuote(buildDay()), roffQuote("bbbkit "+version.Version))
	tmpl := strings.Replace(kingpin.ManPageTemplate,
		`.TH {{.App.Name}} 1 {{.App.Version}} "{{.App.Author}}"`, header, 1)
	if tmpl == kingpin.ManPageTemplate {
		return fmt.Errorf("man page: kingpin's template has no .TH line we know")
	}
	ctx, err := app.ParseContext(nil)
	if err != nil {
		return fmt.Errorf("man page: %w", err)
	}
	app.UsageWriter(w)
	if err := app.UsageForContextWithTemplate(ctx, 2, tmpl); err != nil {
		return fmt.Errorf("man page: %w", err)
	}
	return nil
}

// buildDay is the date part of the build time (vcs.time or -ldflags), or "" when unknown.
func buildDay() string {
	d := version.BuildDate
	if len(d) >= 10 && d[4] == '-' && d[7] == '-' {
		return d[:10]
	}
	if len(d) >= 8 && !strings.ContainsAny(d[:8], "-:") { // 20260102-15:04:05, the Prometheus form
		return d[:4] + "-" + d[4:6] + "-" + d[6:8]
	}
	return ""
}

// roffQuote quotes s as one argument of a roff request: double quotes inside are doubled, and a
// backslash is written as roff's \e so that no escape sequence can be formed.
func roffQuote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// Package buildinfo names the three programs and fills prometheus/common/version from the Go build
// information when the release build did not set it with -ldflags, so that --version, the build-info
// metric and the packages agree on one version and commit.
package buildinfo

import (
	"runtime/debug"
	"strings"
	"sync"

	"github.com/prometheus/common/version"
)

// The programs' names: the installed binaries, the kingpin application names and what --version
// prints. The build-info metric uses the exporter's name with underscores.
const (
	Exporter = "bbbkit-exporter"
	Janitor  = "bbbkit-janitor"
	Report   = "bbbkit-report"
)

var once sync.Once

// Init fills version.Version, version.Revision and version.BuildDate from debug.ReadBuildInfo where
// -ldflags left them empty: the module version for `go install …@v1.2.3`, the VCS revision and time for
// a build from a checkout ("devel" and a "-dirty" mark when the tree had changes). Safe to call often.
func Init() {
	once.Do(func() {
		bi, ok := debug.ReadBuildInfo()
		if !ok {
			fill("devel", "unknown", "")
			return
		}
		var rev, when string
		dirty := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		v := strings.TrimPrefix(bi.Main.Version, "v")
		if v == "" || v == "(devel)" {
			v = "devel"
		}
		if rev == "" {
			rev = "unknown"
		} else if dirty {
			rev += "-dirty"
		}
		fill(v, rev, when)
	})
}

func fill(v, rev, when string) {
	if version.Version == "" {
		version.Version = v
	}
	if version.Revision == "" {
		version.Revision = rev
	}
	if version.BuildDate == "" {
		version.BuildDate = when
	}
}

// Print is the --version text of program: one line "NAME version V (commit C, built D, GOVERSION
// GOOS/GOARCH)". It has no line that starts with a dot or a quote, so kingpin's man page renders it.
func Print(program string) string {
	Init()
	s := program + " version " + version.Version + " (commit " + version.Revision
	if version.BuildDate != "" {
		s += ", built " + version.BuildDate
	}
	return s + ", " + version.GoVersion + " " + version.GoOS + "/" + version.GoArch + ")"
}

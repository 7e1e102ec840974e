package retention

import (
	"os"
	"path/filepath"
	"sort"
)

// Uncovered is a regular file in a log root (a directory some source's
// globs live in) that no source's glob matches: it may hold client
// addresses (auth.log, ufw.log, btmp) that nothing expires or masks.
type Uncovered struct {
	Path string `json:"path"`
}

// uncoveredFiles lists the regular files directly in the sources' log
// roots that no glob of any source matches (our temp files aside).
func uncoveredFiles(sources []Source) []Uncovered {
	var all []string
	for i := range sources {
		all = append(all, sources[i].Paths...)
	}
	var out []Uncovered
	for _, d := range patternDirs(all) {
		ents, err := os.ReadDir(d)
		if err != nil {
			continue // reported as an unreadable directory already
		}
		for _, e := range ents {
			if !e.Type().IsRegular() || isOurTemp(e.Name()) {
				continue
			}
			p := filepath.Join(d, e.Name())
			if !matchesAny(all, p) {
				out = append(out, Uncovered{Path: p})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

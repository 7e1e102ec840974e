package retention

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Uncovered is a regular file in a log root (a directory some source's
// glob lives in, written out without glob characters: /var/log, not
// /var/lib/docker/containers/*) that no source's glob matches: it may hold client
// addresses (auth.log, ufw.log, btmp) that nothing expires or masks.
type Uncovered struct {
	Path string `json:"path"`
}

// uncoveredFiles lists the regular files directly in the sources' log
// roots that no glob of any source matches (our temp files aside).
func uncoveredFiles(sources []Source) []Uncovered {
	var all, literal []string
	for i := range sources {
		for _, p := range sources[i].Paths {
			all = append(all, p)
			if !strings.ContainsAny(filepath.Dir(p), `*?[\`) {
				literal = append(literal, p)
			}
		}
	}
	var out []Uncovered
	for _, d := range patternDirs(literal) {
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

package collectors

// Where the media collector finds a unit's cgroup: systemd puts a plain unit at
// system.slice/<unit>.service, an instance of a template at
// system.slice/system-<escaped template>.slice/<template>@<instance>.service (a "-" in the template's
// name escaped as \x2d), and units of other slices under those slices. A configured name is a unit
// ("freeswitch"), a template ("kurento-media-server@", every instance) or a glob ("bbb-html5-*").

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// maxSliceDepth bounds the walk through nested slices (-.slice/system.slice/system-x.slice/...).
const maxSliceDepth = 4

// unitSpec is one configured unit, template or glob.
type unitSpec struct {
	// name is as configured; the label of an exact unit.
	name string
	// cgroup is an exact unit's cgroup directory name; empty for a template or glob.
	cgroup string
	// pattern matches the cgroup directory names of a template's instances or a glob's units.
	pattern string
}

// newUnitSpec checks a configured name; "freeswitch" and "freeswitch.service" name the same unit,
// "kurento-media-server@" every instance of the template, a name with * ? or [ a glob.
func newUnitSpec(name string) (unitSpec, error) {
	if name == "" || name == "." || name == ".." || !utf8.ValidString(name) || strings.ContainsAny(name, "/\x00\n\t ") {
		return unitSpec{}, fmt.Errorf("unit %q: not a systemd unit name", name)
	}
	full := name
	if !strings.HasSuffix(full, ".service") && !strings.HasSuffix(full, ".scope") {
		full += ".service"
	}
	switch {
	case strings.HasSuffix(name, "@") || strings.HasSuffix(name, "@.service"):
		pat := strings.TrimSuffix(strings.TrimSuffix(name, ".service"), "@")
		return unitSpec{name: name, pattern: globQuote(pat) + "@?*.service"}, nil
	case strings.ContainsAny(name, "*?["):
		if _, err := filepath.Match(full, ""); err != nil {
			return unitSpec{}, fmt.Errorf("unit %q: not a systemd unit name", name)
		}
		return unitSpec{name: name, pattern: full}, nil
	}
	return unitSpec{name: name, cgroup: full}, nil
}

// globQuote escapes the glob characters of a template name (which systemd does not allow anyway).
func globQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`)
	return r.Replace(s)
}

// unitLabel is the label of a discovered unit: its name without ".service".
func unitLabel(cgroup string) string { return strings.TrimSuffix(cgroup, ".service") }

// systemdEscape escapes a unit name part as systemd does for slice names: "-" and characters outside
// [A-Za-z0-9:_.] become \xNN. docs/host-metrics.md shows the result; the walk does not need it.
func systemdEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == ':', c == '_', c == '.' && i > 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, `\x%02x`, c)
		}
	}
	return b.String()
}

// unitIndex maps the unit cgroups of one hierarchy to their directories, walked once per scrape.
type unitIndex struct {
	dirs  map[string]string
	names []string
}

// unitIndexes holds the walked hierarchies of one scrape.
type unitIndexes map[string]*unitIndex

// of walks hierarchy dir when first asked: every *.service and *.scope directory in the root and in
// slices (nested up to maxSliceDepth), the first found winning.
func (ix unitIndexes) of(dir string) *unitIndex {
	if u, ok := ix[dir]; ok {
		return u
	}
	u := &unitIndex{dirs: map[string]string{}}
	u.walk(dir, 0)
	sort.Strings(u.names)
	ix[dir] = u
	return u
}

func (u *unitIndex) walk(dir string, depth int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n := e.Name()
		switch {
		case strings.HasSuffix(n, ".slice") && depth < maxSliceDepth:
			u.walk(filepath.Join(dir, n), depth+1)
		case strings.HasSuffix(n, ".service") || strings.HasSuffix(n, ".scope"):
			if _, dup := u.dirs[n]; !dup {
				u.dirs[n] = filepath.Join(dir, n)
				u.names = append(u.names, n)
			}
		}
	}
}

// find returns the directory of unit cgroup name: system.slice first (no walk), else the walk.
func (ix unitIndexes) find(h cgroupHierarchy, name string) (string, bool) {
	if d := filepath.Join(h.dir, "system.slice", name); cgroupIsDir(d) {
		return d, true
	}
	d, ok := ix.of(h.dir).dirs[name]
	return d, ok
}

// resolveUnits turns the configured specs into this scrape's units: an exact unit always (it may
// still be found in /proc), a template's or glob's every match in any hierarchy, sorted, each unit
// once. found[i] tells whether spec i matched anything in a cgroup hierarchy.
func resolveUnits(specs []unitSpec, l cgroupLayout, ix unitIndexes) (units []mediaUnit, found []bool) {
	found = make([]bool, len(specs))
	seen := map[string]bool{}
	var hs []cgroupHierarchy
	hdirs := map[string]bool{}
	for _, h := range append(append(append([]cgroupHierarchy{}, l.pids...), l.cpu...), l.memory...) {
		if !hdirs[h.dir] {
			hdirs[h.dir] = true
			hs = append(hs, h)
		}
	}
	for i, s := range specs {
		if s.pattern == "" {
			if !seen[s.cgroup] {
				seen[s.cgroup] = true
				units = append(units, mediaUnit{label: s.name, cgroup: s.cgroup})
			}
			continue
		}
		var matched []string
		for _, h := range hs {
			for _, n := range ix.of(h.dir).names {
				if ok, _ := filepath.Match(s.pattern, n); ok && !seen[n] {
					seen[n] = true
					matched = append(matched, n)
				}
			}
		}
		sort.Strings(matched)
		for _, n := range matched {
			units = append(units, mediaUnit{label: unitLabel(n), cgroup: n})
		}
		found[i] = len(matched) > 0
	}
	return units, found
}

package collectors

// What the media collector keeps of the cgroup tree from one scrape to the next: the layout, the
// units that the configured names, templates and globs resolve to, and each unit's directory per
// resource. Walking the tree (a ReadDir per slice) and looking units up (a stat per unit and
// hierarchy) every scrape cost more than reading the units' few files; systemd keeps a unit's
// cgroup path while the unit exists, even across restarts, so the walk is repeated only every
// rediscoverEvery, or at once when a directory it found has gone.

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// rediscoverEvery is how long a discovery of the cgroup tree is used: a new instance of a template,
// a unit matching a glob or a unit started after an absence shows up within this time.
const rediscoverEvery = 30 * time.Second

// unitDirs are one unit's cgroup directories for each resource, and their hierarchies; an empty
// directory means the unit has no cgroup in any hierarchy of that resource.
type unitDirs struct {
	pids, cpu, memory    string
	pidsH, cpuH, memoryH cgroupHierarchy
}

// discovery is one look at the cgroup tree; read-only once made, but for procNone under the
// collector's mutex.
type discovery struct {
	at      time.Time
	specs   []unitSpec // the configured ones, then those of the target
	units   []mediaUnit
	dirs    []unitDirs // per unit
	found   []bool     // per spec: a template or glob matched something
	ceiling func() (uint64, error)
	// procNone: a scan of /proc for the units without a cgroup found none of them; the scan is
	// not repeated before the next discovery.
	procNone bool
}

// discover looks at the cgroup tree: the layout, the units, their directories.
func (c *mediaCollector) discover(now time.Time) *discovery {
	specs := c.withTarget()
	layout := detectCgroupLayout(c.cgroupRoot)
	ix := unitIndexes{}
	units, found := resolveUnits(specs, layout, ix)
	d := &discovery{at: now, specs: specs, units: units, found: found, dirs: make([]unitDirs, len(units))}
	for i, u := range units {
		ds := &d.dirs[i]
		ds.pids, ds.pidsH, _ = unitDir(layout.pids, ix, u)
		ds.cpu, ds.cpuH, _ = unitDir(layout.cpu, ix, u)
		ds.memory, ds.memoryH, _ = unitDir(layout.memory, ix, u)
	}
	k := &kernelCeiling{procPath: c.procPath}
	d.ceiling = sync.OnceValues(k.get)
	return d
}

// withTarget is the configured specs followed by the target's units not configured already. The
// target's units are said at info level once, as is a target that is not there.
func (c *mediaCollector) withTarget() []unitSpec {
	if c.target == "" {
		return c.specs
	}
	names, found := targetUnits(c.rootPath, c.target)
	if !found {
		c.sayOnceLocked("systemd target not found, its units not watched", c.target)
		return c.specs
	}
	specs := slices.Clone(c.specs)
	seen := map[string]bool{}
	for _, s := range specs {
		seen[s.cgroup+s.pattern] = true
	}
	var added []string
	for _, n := range names {
		u, err := newUnitSpec(n)
		if err != nil || seen[u.cgroup+u.pattern] {
			continue
		}
		seen[u.cgroup+u.pattern] = true
		specs = append(specs, u)
		added = append(added, n)
	}
	c.sayOnceLocked("units of the systemd target watched too: "+strings.Join(added, " "), c.target)
	return specs
}

// current returns the discovery to read this scrape with, made anew when the last one is older
// than rediscoverEvery (or refresh is set); fresh tells that it was made now.
func (c *mediaCollector) current(now time.Time, refresh bool) (d *discovery, fresh bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.disc != nil && !refresh && now.Sub(c.disc.at) < rediscoverEvery && now.Sub(c.disc.at) >= 0 {
		return c.disc, false
	}
	c.disc = c.discover(now)
	return c.disc, true
}

// skipProc tells whether the last /proc scan for d's units without a cgroup found none of them.
func (c *mediaCollector) skipProc(d *discovery) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return d.procNone
}

// noteProc records whether a /proc scan for d's units found any of them.
func (c *mediaCollector) noteProc(d *discovery, anyFound bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d.procNone = !anyFound
}

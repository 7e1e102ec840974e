package collectors

// The units a systemd target stands for, read from the unit directories as systemd would find
// them: BBB's bbb-config package installs bigbluebutton.target with no dependencies of its own;
// units join it with WantedBy=bigbluebutton.target (enabled, a link in
// bigbluebutton.target.wants/) and PartOf=bigbluebutton.target (bbb-conf --restart restarts
// them), in their unit files or in drop-ins such as freeswitch.service.d/bigbluebutton.conf.
// `systemctl show -p Wants,ConsistsOf bigbluebutton.target` lists the same units.

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// systemdUnitDirs are the directories systemd loads system units from, in its order.
var systemdUnitDirs = []string{"etc/systemd/system", "run/systemd/system", "usr/local/lib/systemd/system",
	"usr/lib/systemd/system", "lib/systemd/system"}

// targetUnits returns the service units that target (e.g. "bigbluebutton.target") pulls in or
// that are part of it, found under root (the host's /): the entries of its .wants/ and .requires/
// directories, its own Wants=, Requires= and BindsTo= (unit file and drop-ins), and every service
// unit file or drop-in with the target in PartOf= or BindsTo=. A template comes back as "name@"
// (every instance), an instance or a plain unit as its name without ".service". found reports
// whether the target is there at all.
func targetUnits(root, target string) (units []string, found bool) {
	set := map[string]bool{}
	add := func(unit string) {
		if name, ok := strings.CutSuffix(unit, ".service"); ok && name != "" {
			if !strings.ContainsAny(name, "/\\ *?[") {
				set[name] = true
			}
		}
	}
	for _, dir := range systemdUnitDirs {
		base := filepath.Join(root, dir)
		for _, sub := range []string{".wants", ".requires"} {
			entries, err := os.ReadDir(filepath.Join(base, target+sub))
			if err == nil {
				found = true
			}
			for _, e := range entries {
				add(e.Name())
			}
		}
		if files := unitFiles(base, target); len(files) > 0 {
			found = true
			for _, f := range files {
				for _, key := range []string{"Wants", "Requires", "BindsTo"} {
					for _, u := range unitSetting(f, key) {
						add(u)
					}
				}
			}
		}
		entries, _ := os.ReadDir(base)
		for _, e := range entries {
			var unit string
			var files []string
			switch n := e.Name(); {
			case strings.HasSuffix(n, ".service") && !e.IsDir():
				unit, files = n, []string{filepath.Join(base, n)}
			case strings.HasSuffix(n, ".service.d") && e.IsDir():
				unit = strings.TrimSuffix(n, ".d")
				files, _ = filepath.Glob(filepath.Join(base, n, "*.conf"))
			}
			for _, f := range files {
				if slices.Contains(unitSetting(f, "PartOf"), target) || slices.Contains(unitSetting(f, "BindsTo"), target) {
					add(unit)
				}
			}
		}
	}
	for u := range set {
		units = append(units, u)
	}
	slices.Sort(units)
	return units, found
}

// unitFiles are the unit file of unit in dir (when there) followed by its drop-ins
// (dir/unit.d/*.conf), in name order.
func unitFiles(dir, unit string) []string {
	var files []string
	if fi, err := os.Stat(filepath.Join(dir, unit)); err == nil && !fi.IsDir() {
		files = append(files, filepath.Join(dir, unit))
	}
	dropIns, _ := filepath.Glob(filepath.Join(dir, unit+".d", "*.conf"))
	slices.Sort(dropIns)
	return append(files, dropIns...)
}

// unitSetting returns the values of key in the [Unit] section of a unit file or drop-in: the
// space-separated lists of every line, an empty assignment clearing what came before, as systemd
// reads dependency settings. Lines continued with a backslash are joined; comments are skipped.
func unitSetting(path, key string) []string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) > 1<<20 {
		return nil
	}
	var values []string
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	var line string
	for sc.Scan() {
		part := strings.TrimSpace(sc.Text())
		if cont, ok := strings.CutSuffix(part, `\`); ok {
			line += cont + " "
			continue
		}
		line += part
		l := line
		line = ""
		switch {
		case l == "" || l[0] == '#' || l[0] == ';':
		case l[0] == '[':
			section = l
		case section == "[Unit]":
			k, v, ok := strings.Cut(l, "=")
			if !ok || strings.TrimSpace(k) != key {
				continue
			}
			if v = strings.TrimSpace(v); v == "" {
				values = nil
				continue
			}
			values = append(values, strings.Fields(v)...)
		}
	}
	return values
}

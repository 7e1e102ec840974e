package retention

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// journald's defaults: no time limit (entries stay until size limits push
// them out), and one journal file per month.
const (
	journaldDefaultMaxFileSec = 30*24*time.Hour + 10*time.Hour + 30*time.Minute // systemd's "1month"
)

// JournaldSettings are the retention settings journald runs with.
type JournaldSettings struct {
	// Files are the configuration files read, in order.
	Files []string `json:"-"`
	// Storage is journald's Storage= (auto when unset).
	Storage string `json:"-"`
	// MaxRetentionSec is 0 when unset: no time limit.
	MaxRetentionSec time.Duration `json:"-"`
	// MaxFileSec is how long one journal file is written to (default 1 month;
	// 0 turns time-based rotation off).
	MaxFileSec time.Duration `json:"-"`
}

// WorstCase is how old an entry can get: a journal file is removed once its
// newest entry is older than the retention (MaxRetentionSec, or the vacuum's),
// and a file spans up to MaxFileSec. ok is false when nothing bounds it.
func (s JournaldSettings) WorstCase(vacuum time.Duration) (time.Duration, bool) {
	if s.Storage == "none" {
		return 0, true
	}
	limit := s.MaxRetentionSec
	if vacuum > 0 && (limit == 0 || vacuum < limit) {
		limit = vacuum
	}
	if limit == 0 || s.MaxFileSec == 0 {
		return 0, false
	}
	return limit + s.MaxFileSec, true
}

// dropInDirs are the directories journald reads drop-ins from, most
// important first. For a config outside /etc (tests), only conf + ".d".
func dropInDirs(conf string) []string {
	if conf != DefaultJournaldConf {
		return []string{conf + ".d"}
	}
	return []string{
		"/etc/systemd/journald.conf.d", "/run/systemd/journald.conf.d",
		"/usr/local/lib/systemd/journald.conf.d", "/usr/lib/systemd/journald.conf.d",
	}
}

// ReadJournald reads journald's main file and its drop-ins (a drop-in of the
// same name in a more important directory hides the others; all are read in
// file name order, later settings win). A missing main file means defaults.
func ReadJournald(conf string) (JournaldSettings, error) {
	s := JournaldSettings{Storage: "auto", MaxFileSec: journaldDefaultMaxFileSec}
	files := []string{}
	if _, err := os.Stat(conf); err == nil {
		files = append(files, conf)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return s, fmt.Errorf("read %s: %w", conf, err)
	}
	byName := map[string]string{}
	for _, dir := range dropInDirs(conf) {
		ms, _ := filepath.Glob(filepath.Join(dir, "*.conf"))
		for _, m := range ms {
			if _, ok := byName[filepath.Base(m)]; !ok {
				byName[filepath.Base(m)] = m
			}
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		files = append(files, byName[n])
	}
	for _, f := range files {
		if err := s.apply(f); err != nil {
			return s, err
		}
	}
	s.Files = files
	return s, nil
}

// apply reads one journald.conf-style file into s.
func (s *JournaldSettings) apply(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[]")
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok || section != "Journal" {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch key {
		case "Storage":
			s.Storage = val
			if val == "" {
				s.Storage = "auto"
			}
		case "MaxRetentionSec", "MaxFileSec":
			d := time.Duration(0)
			if key == "MaxFileSec" {
				d = journaldDefaultMaxFileSec
			}
			if val != "" {
				d, err = parseTimespan(val)
				if err != nil {
					return fmt.Errorf("%s:%d: %s: %w", path, n, key, err)
				}
			}
			if key == "MaxRetentionSec" {
				s.MaxRetentionSec = d
			} else {
				s.MaxFileSec = d
			}
		}
	}
	return sc.Err()
}

// timespanUnits are systemd's time span units (systemd.time(7)).
var timespanUnits = map[string]float64{
	"us": 1e-6, "usec": 1e-6, "µs": 1e-6,
	"ms": 1e-3, "msec": 1e-3,
	"s": 1, "sec": 1, "second": 1, "seconds": 1,
	"m": 60, "min": 60, "minute": 60, "minutes": 60,
	"h": 3600, "hr": 3600, "hour": 3600, "hours": 3600,
	"d": 86400, "day": 86400, "days": 86400,
	"w": 7 * 86400, "week": 7 * 86400, "weeks": 7 * 86400,
	"M": 2629800, "month": 2629800, "months": 2629800,
	"y": 31557600, "year": 31557600, "years": 31557600,
}

// parseTimespan parses systemd's "1month", "2d 12h", "90" (seconds), "infinity".
func parseTimespan(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "infinity" {
		return 0, nil
	}
	var total float64
	rest := v
	for rest != "" {
		rest = strings.TrimLeft(rest, " ")
		i := 0
		for i < len(rest) && (isDigit(rest[i]) || rest[i] == '.') {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("invalid time span %q", v)
		}
		var num float64
		if _, err := fmt.Sscanf(rest[:i], "%g", &num); err != nil {
			return 0, fmt.Errorf("invalid time span %q", v)
		}
		rest = strings.TrimLeft(rest[i:], " ")
		j := 0
		for j < len(rest) && !isDigit(rest[j]) && rest[j] != ' ' {
			j++
		}
		unit := rest[:j]
		rest = rest[j:]
		mult := 1.0
		if unit != "" {
			m, ok := timespanUnits[unit]
			if !ok {
				return 0, fmt.Errorf("invalid time span %q: unknown unit %q", v, unit)
			}
			mult = m
		}
		total += num * mult
	}
	if total*1e9 > math.MaxInt64 {
		return 0, nil // beyond any limit: as good as none
	}
	return time.Duration(total * float64(time.Second)), nil
}

// vacuum runs `journalctl --vacuum-time=<retention>`.
func (r *Runner) vacuum(ctx context.Context) *VacuumResult {
	j := r.Config.Journald
	ret := r.Config.JournalRetention()
	res := &VacuumResult{RetentionSeconds: int64(ret / time.Second)}
	if r.DryRun {
		return res
	}
	arg := fmt.Sprintf("--vacuum-time=%ds", int64(ret/time.Second))
	if err := exec.CommandContext(ctx, j.Journalctl, arg).Run(); err != nil {
		res.Error = fmt.Sprintf("journalctl %s: %v", arg, err)
	}
	return res
}

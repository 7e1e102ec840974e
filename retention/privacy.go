package retention

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// PrivacyFinding is a setting of the host that BigBlueButton's privacy guide
// (docs.bigbluebutton.org/administration/privacy) or the janitor's own
// policy advises against, with what to change. Each counts as a violation.
type PrivacyFinding struct {
	// Check names the check: nginx-access-log, bbb-web-log-level,
	// sfu-log-level, coturn-logging, bbb-cron-log-history,
	// freeswitch-rotate-on-hup or docker-log-driver.
	Check string `json:"check"`
	// File is the file that holds (or lacks) the setting.
	File string `json:"file"`
	// Found is what the file says; Change what to set instead.
	Found  string `json:"found"`
	Change string `json:"change"`
}

// privacyChecks are the host checks, in the order they are reported. Each
// looks only at files that exist: a host without BBB's nginx site, coturn
// or bbb-web has nothing to report for them.
var privacyChecks = []struct {
	name  string
	check func(h *hostFiles, c *Config) []PrivacyFinding
}{
	{"nginx-access-log", checkNginxAccessLog},
	{"bbb-web-log-level", checkBBBWebLogLevel},
	{"sfu-log-level", checkSFULogLevel},
	{"coturn-logging", checkCoturn},
	{"bbb-cron-log-history", checkCronLogHistory},
	{"freeswitch-rotate-on-hup", checkFreeSWITCHRotate},
	{"docker-log-driver", checkDockerLogDriver},
}

// privacyFindings runs every host check against the files under root.
func privacyFindings(root string, c *Config) []PrivacyFinding {
	h := &hostFiles{root: root}
	var out []PrivacyFinding
	for _, pc := range privacyChecks {
		for _, f := range pc.check(h, c) {
			f.Check = pc.name
			out = append(out, f)
		}
	}
	return out
}

// hostFiles reads the host's files below root, resolving symlinks inside
// root (BBB's sites-enabled link is absolute).
type hostFiles struct{ root string }

// resolve returns the path below root that the host path p leads to.
func (h *hostFiles) resolve(p string) string {
	for range 16 {
		full := filepath.Join(h.root, p)
		info, err := os.Lstat(full)
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			return full
		}
		target, err := os.Readlink(full)
		if err != nil {
			return full
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = filepath.Clean(target)
	}
	return filepath.Join(h.root, p)
}

// read returns the content of host path p, or nil and false if it is absent.
func (h *hostFiles) read(p string) ([]byte, bool) {
	b, err := os.ReadFile(h.resolve(p))
	return b, err == nil
}

// fifo says whether host path p is a named pipe.
func (h *hostFiles) fifo(p string) bool {
	info, err := os.Stat(h.resolve(p))
	return err == nil && info.Mode()&fs.ModeNamedPipe != 0
}

// glob returns the host paths matching pattern, sorted.
func (h *hostFiles) glob(pattern string) []string {
	m, _ := filepath.Glob(filepath.Join(h.root, pattern))
	out := make([]string, 0, len(m))
	for _, p := range m {
		rel, err := filepath.Rel(h.root, p)
		if err == nil {
			out = append(out, "/"+filepath.ToSlash(rel))
		}
	}
	return out
}

// Files of the bbb-web, SFU and cron checks: BBB's defaults and the
// overrides in /etc that BBB's packages leave alone on upgrades.
const (
	bbbWebDefaults = "/usr/share/bbb-web/WEB-INF/classes/bigbluebutton.properties"
	bbbWebOverride = "/etc/bigbluebutton/bbb-web.properties"
	sfuDefaults    = "/usr/local/bigbluebutton/bbb-webrtc-sfu/config/default.yml"
	sfuOverride    = "/etc/bigbluebutton/bbb-webrtc-sfu/production.yml"
	cronScript     = "/etc/cron.daily/bigbluebutton"
	cronOverride   = "/etc/default/bigbluebutton-cron-config"
	turnserverConf = "/etc/turnserver.conf"
)

// checkBBBWebLogLevel: bbb-web logs who joined which meeting when; BBB's
// privacy guide says appLogLevel=Error.
func checkBBBWebLogLevel(h *hostFiles, _ *Config) []PrivacyFinding {
	file, level, _, exists := layered(h, bbbWebDefaults, bbbWebOverride, func(b []byte) (string, bool) {
		return property(b, "appLogLevel")
	})
	if !exists {
		return nil
	}
	switch strings.ToUpper(level) {
	case "ERROR", "OFF":
		return nil
	}
	found := "appLogLevel=" + level
	if level == "" {
		found = "no appLogLevel"
	}
	return []PrivacyFinding{{File: file, Found: found + ": bbb-web logs who joined which meeting when",
		Change: "appLogLevel=ERROR in " + bbbWebOverride}}
}

// layered reads a setting that a host file (defPath) holds and an override
// file (overPath) may set again: the file the value comes from (the
// override's when it sets it) and the value. set is false when neither file
// sets it, exists is false when neither file is there; a setting set nowhere
// is blamed on the defaults, or on the override if there are no defaults.
func layered[T any](h *hostFiles, defPath, overPath string, get func([]byte) (T, bool)) (file string, v T, set, exists bool) {
	def, hasDef := h.read(defPath)
	over, hasOver := h.read(overPath)
	if x, ok := get(over); ok {
		return overPath, x, true, true
	}
	if x, ok := get(def); ok {
		return defPath, x, true, true
	}
	if !hasDef {
		return overPath, v, false, hasOver
	}
	return defPath, v, false, true
}

// property returns the value of key in a Java properties file (the last
// assignment wins, as java.util.Properties reads it).
func property(data []byte, key string) (string, bool) {
	var val string
	found := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || l[0] == '#' || l[0] == '!' {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			k, v, ok = strings.Cut(l, ":")
		}
		if ok && strings.TrimSpace(k) == key {
			val, found = strings.TrimSpace(v), true
		}
	}
	return val, found
}

// checkSFULogLevel: bbb-webrtc-sfu logs client addresses below level error
// (BBB's privacy guide: "To avoid logging ip-addresses in bbb-webrtc-sfu,
// set level: error").
func checkSFULogLevel(h *hostFiles, _ *Config) []PrivacyFinding {
	file, level, _, exists := layered(h, sfuDefaults, sfuOverride, yamlLogLevel)
	if !exists {
		return nil
	}
	if strings.EqualFold(level, "error") {
		return nil
	}
	found := "log.level: " + level
	if level == "" {
		found = "no log.level"
	}
	return []PrivacyFinding{{File: file, Found: found + ": bbb-webrtc-sfu logs client addresses",
		Change: "log: {level: error} in " + sfuOverride}}
}

// yamlLogLevel returns log.level of a YAML document.
func yamlLogLevel(data []byte) (string, bool) {
	var doc struct {
		Log struct {
			Level *string `yaml:"level"`
		} `yaml:"log"`
	}
	if len(data) == 0 || yaml.Unmarshal(data, &doc) != nil || doc.Log.Level == nil {
		return "", false
	}
	return *doc.Log.Level, true
}

// checkCronLogHistory: BBB's daily cron job deletes its logs after
// log_history days (find -mtime +N: a file goes once it is N+1 days old),
// which must not be longer than the retention.
func checkCronLogHistory(h *hostFiles, c *Config) []PrivacyFinding {
	file, n, set, _ := layered(h, cronScript, cronOverride, func(b []byte) (int, bool) {
		return shellVar(b, "log_history")
	})
	if !set {
		return nil // no cron job, or one without log_history: it deletes no logs by age
	}
	ret := time.Duration(c.Retention)
	if time.Duration(n+1)*24*time.Hour <= ret {
		return nil
	}
	most := max(int(ret/(24*time.Hour))-1, 0)
	return []PrivacyFinding{{File: file,
		Found:  fmt.Sprintf("log_history=%d: BBB's cron job keeps its logs until they are %d days old, longer than the retention %s", n, n+1, Age(int64(ret/time.Second))),
		Change: fmt.Sprintf("log_history=%d in %s", most, cronOverride)}}
}

// shellVar returns the last plain assignment NAME=digits in a shell script.
func shellVar(data []byte, name string) (int, bool) {
	v, found := 0, false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		rest, ok := strings.CutPrefix(l, name+"=")
		if !ok {
			continue
		}
		words := strings.Fields(rest)
		if len(words) == 0 {
			continue
		}
		if k, err := strconv.Atoi(strings.Trim(words[0], `"'`)); err == nil && k >= 0 {
			v, found = k, true
		}
	}
	return v, found
}

// turnOptions parses turnserver.conf: "name=value", "name value" or a bare
// flag per line, '#' starting a comment.
func turnOptions(data []byte) map[string]string {
	opts := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		l := sc.Text()
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			k, v, _ = strings.Cut(l, " ")
		}
		k = strings.TrimPrefix(strings.TrimSpace(k), "--")
		opts[k] = strings.Trim(strings.TrimSpace(v), `"`)
	}
	return opts
}

// checkCoturn: coturn logs every allocation with the client's address.
// Either it logs nothing (log-file=/dev/null, no-stdout-log), or it logs to
// a file a source covers, with wall-clock timestamps (new-log-timestamp) so
// that its lines can be dated, and not a second time to stdout (the journal)
// or syslog unless those are under the policy too.
func checkCoturn(h *hostFiles, c *Config) []PrivacyFinding {
	data, ok := h.read(turnserverConf)
	if !ok {
		return nil
	}
	opts := turnOptions(data)
	var out []PrivacyFinding
	add := func(found, change string) {
		out = append(out, PrivacyFinding{File: turnserverConf, Found: found, Change: change})
	}
	logFile, hasLog := opts["log-file"]
	_, simple := opts["simple-log"]
	nothing := logFile == "/dev/null"
	switch {
	case !hasLog || logFile == "":
		add("no log-file: coturn writes turn_<pid>_<date>.log files with client addresses into /var/log or /var/tmp",
			"log-file=/dev/null (log nothing), or log-file=/var/log/turnserver/turnserver.log with simple-log and a source for it")
	case nothing:
	case !coturnCovered(h, c, logFile, simple):
		add("log-file="+logFile+": no source of this config covers the files coturn writes there",
			"a source whose paths match "+coturnSample(logFile, simple)+", or log-file=/dev/null")
	}
	if hasLog && !nothing {
		if _, ok := opts["new-log-timestamp"]; !ok {
			add("no new-log-timestamp: coturn stamps its lines with the seconds since it started, so the janitor can judge its files by mtime only",
				"new-log-timestamp")
		}
	}
	if _, ok := opts["no-stdout-log"]; !ok && c.Journald == nil {
		add("no no-stdout-log: coturn writes every line to stdout too, which systemd keeps in the journal, and this config has no journald section",
			"no-stdout-log, or a journald section in this config")
	}
	if _, ok := opts["syslog"]; ok && !h.covered(c, "/var/log/syslog") {
		add("syslog: coturn writes every line to syslog too, and no source of this config covers /var/log/syslog",
			"remove syslog, or a source for /var/log/syslog*")
	}
	return out
}

// coturnSample is a name coturn writes for log-file: the file itself with
// simple-log, else with "_<date>" before its extension.
func coturnSample(logFile string, simple bool) string {
	if simple {
		return logFile
	}
	ext := filepath.Ext(logFile)
	return strings.TrimSuffix(logFile, ext) + "_2021-04-15" + ext
}

func coturnCovered(h *hostFiles, c *Config, logFile string, simple bool) bool {
	return h.covered(c, coturnSample(logFile, simple))
}

// covered says whether a source of c matches host path p (seen from the
// janitor: the config names the files under the host root).
func (h *hostFiles) covered(c *Config, p string) bool {
	for _, s := range c.Sources {
		if matchesAny(s.Paths, p) || matchesAny(s.Paths, filepath.Join(h.root, p)) {
			return true
		}
	}
	return false
}

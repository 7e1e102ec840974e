package retention

import (
	"encoding/json"
	"regexp"
)

// Where FreeSWITCH's mod_logfile is configured: BBB's build, and Debian's
// package.
var freeswitchLogfileConfs = []string{
	"/opt/freeswitch/etc/freeswitch/autoload_configs/logfile.conf.xml",
	"/etc/freeswitch/autoload_configs/logfile.conf.xml",
}

var (
	xmlComment  = regexp.MustCompile(`(?s)<!--.*?-->`)
	rotateOnHup = regexp.MustCompile(`<param\s+name="rotate-on-hup"\s+value="([^"]*)"`)
)

// checkFreeSWITCHRotate: a source that rotates freeswitch.log through
// "reopen" renames the file and then sends SIGHUP; with rotate-on-hup true
// FreeSWITCH answers HUP by renaming the file itself (mod_logfile rotates
// instead of reopening), which is not what the janitor's rotation needs.
func checkFreeSWITCHRotate(h *hostFiles, c *Config) []PrivacyFinding {
	var out []PrivacyFinding
	for _, conf := range freeswitchLogfileConfs {
		data, ok := h.read(conf)
		if !ok {
			continue
		}
		m := rotateOnHup.FindSubmatch(xmlComment.ReplaceAll(data, nil))
		if m == nil || string(m[1]) != "true" {
			continue
		}
		for _, s := range c.Sources {
			if s.Reopen == "" || !h.coveredBy(&s, "/opt/freeswitch/var/log/freeswitch/freeswitch.log") && !h.coveredBy(&s, "/var/log/freeswitch/freeswitch.log") {
				continue
			}
			out = append(out, PrivacyFinding{File: conf,
				Found:  `rotate-on-hup is true, and source "` + s.Name + `" rotates freeswitch.log through reopen: on SIGHUP FreeSWITCH renames the file itself instead of reopening it`,
				Change: `<param name="rotate-on-hup" value="false"/>`})
		}
	}
	return out
}

const dockerDaemon = "/etc/docker/daemon.json"

// checkDockerLogDriver: dockerd keeps a json-file (or local) log open and
// rotates it only by size, which a quiet container never reaches, and it
// cannot be told to reopen it; the journald driver puts the lines under
// the journal's retention. Only hosts with containers that log are looked
// at.
func checkDockerLogDriver(h *hostFiles, c *Config) []PrivacyFinding {
	if len(h.glob("/var/lib/docker/containers/*/*-json.log")) == 0 {
		return nil
	}
	driver := "json-file"
	if data, ok := h.read(dockerDaemon); ok {
		var d struct {
			LogDriver string `json:"log-driver"`
		}
		if json.Unmarshal(data, &d) == nil && d.LogDriver != "" {
			driver = d.LogDriver
		}
	}
	switch driver {
	case "journald", "syslog", "none":
		return nil
	}
	change := `"log-driver": "journald" in ` + dockerDaemon + ", and recreate the containers"
	if c.Journald == nil {
		change += "; add a journald section to this config"
	}
	return []PrivacyFinding{{File: dockerDaemon,
		Found:  "log-driver " + driver + ": dockerd keeps each container's log open and rotates it by size only, so a quiet container's lines outlive the retention",
		Change: change}}
}

// coveredBy says whether source s matches host path p.
func (h *hostFiles) coveredBy(s *Source, p string) bool {
	c := Config{Sources: []Source{*s}}
	return h.covered(&c, p)
}

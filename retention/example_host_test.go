package retention

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// stockHost is /var/log (and the configuration files) of a BBB 3.0 host on
// Ubuntu 22.04 (a cloud image: cloud-init) set up as the example config's
// comments say, an hour after its last lines were written. The shapes of
// the system files are those of Debian's and Ubuntu's dpkg, apt,
// update-alternatives and cloud-init.
var stockHost = map[string]string{
	"/var/log/syslog":                                   "Apr 18 11:00:00 bbb systemd[1]: Started Session 3 of user root.\n",
	"/var/log/syslog.1":                                 "Apr 17 06:25:01 bbb CRON[977]: (root) CMD (test -x /usr/sbin/anacron)\n",
	"/var/log/auth.log":                                 "Apr 18 10:59:00 bbb sshd[1234]: Accepted publickey for root from 192.0.2.0 port 51234 ssh2\n",
	"/var/log/kern.log":                                 "Apr 18 10:00:00 bbb kernel: [UFW BLOCK] IN=eth0 SRC=198.51.100.0 DST=203.0.113.0 PROTO=TCP\n",
	"/var/log/ufw.log":                                  "Apr 18 10:00:00 bbb kernel: [UFW BLOCK] IN=eth0 SRC=198.51.100.0 DST=203.0.113.0 PROTO=TCP\n",
	"/var/log/dpkg.log":                                 "2021-04-17 10:00:00 status installed bbb-web:amd64 1:2.7.3-1\n",
	"/var/log/dpkg.log.1":                               "2021-03-30 10:00:00 startup archives unpack\n",
	"/var/log/alternatives.log":                         "update-alternatives 2021-04-17 10:00:01: run with --install /usr/bin/java java /usr/lib/jvm/java-17-openjdk-amd64/bin/java 1711\n",
	"/var/log/apt/history.log":                          "\nStart-Date: 2021-04-17  10:00:00\nCommandline: apt-get -y install bbb-web\nEnd-Date: 2021-04-17  10:01:00\n",
	"/var/log/apt/term.log":                             "\nLog started: 2021-04-17  10:00:00\nSetting up bbb-web (1:2.7.3-1) ...\nLog ended: 2021-04-17  10:01:00\n",
	"/var/log/cloud-init.log":                           "2021-04-17 09:00:00,123 - util.py[DEBUG]: Cloud-init v. 23.1.2 running 'init' at Sat, 17 Apr 2021 09:00:00 +0000. Up 5.02 seconds.\n",
	"/var/log/cloud-init-output.log":                    "Cloud-init v. 23.1.2 finished at Sat, 17 Apr 2021 09:00:42 +0000. Up 47.10 seconds\n",
	"/var/log/bootstrap.log":                            "Selecting previously unselected package base-files.\n",
	"/var/log/nginx/error.log":                          "2021/04/18 10:00:00 [error] 977#977: *1 open() failed, client: 192.0.2.0\n",
	"/var/log/bigbluebutton/bbb-web.log":                "2021-04-18T10:00:00.123Z INFO o.b.w.c.ApiController - ApiController#create\n",
	"/var/log/bbb-apps-akka/bbb-apps-akka.log":          "2021-04-18T10:00:00.123Z INFO  o.b.core.BigBlueButtonActor - started\n",
	"/var/log/bbb-fsesl-akka/bbb-fsesl-akka.log":        "2021-04-18T10:00:00.123Z INFO  o.b.freeswitch - connected\n",
	"/opt/freeswitch/var/log/freeswitch/freeswitch.log": "2021-04-18 10:00:00.123456 [NOTICE] mod_logfile.c:217 New log started.\n",
	"/var/log/bbb-html5":                                "|dir",
	"/var/log/bbb-webrtc-sfu/bbb-webrtc-sfu.log":        `{"level":"error","message":"x","timestamp":"2021-04-18T10:00:00.123Z"}` + "\n",
	"/var/log/kurento-media-server":                     "|dir",
	"/var/log/turnserver/turnserver.log":                "2021-04-18T10:00:00.123Z: : session 001000000000000001: closed\n",
	"/var/log/redis/redis-server.log":                   "977:M 18 Apr 2021 10:00:00.123 * Ready to accept connections\n",
	"/var/log/mongodb":                                  "|dir",
	"/root/greenlight/log":                              "|dir",
	"/var/lib/docker/containers/abc/abc-json.log":       `{"log":"started\n","stream":"stdout","time":"2021-04-18T10:00:00.123Z"}` + "\n",
	"/etc/systemd/journald.conf":                        "[Journal]\n#Storage=auto\n",
	"/etc/systemd/journald.conf.d/retention.conf":       "[Journal]\nMaxRetentionSec=2d\nMaxFileSec=1d\n",
	// As the example's comments say (BBB's privacy guide).
	nginxConf: debianNginx,
	"/etc/nginx/sites-available/bigbluebutton": strings.Replace(bbbSite, "access_log  /var/log/nginx/bigbluebutton.access.log;", "access_log /dev/null;", 1),
	nginxSite:      "->/etc/nginx/sites-available/bigbluebutton",
	bbbWebDefaults: "appLogLevel=DEBUG\n", bbbWebOverride: "appLogLevel=ERROR\n",
	sfuDefaults: "log:\n  level: verbose\n", sfuOverride: "log:\n  level: error\n",
	turnserverConf: "listening-port=3478\nlog-file=/var/log/turnserver/turnserver.log\nsimple-log\nnew-log-timestamp\nno-stdout-log\n",
	cronScript:     "#!/bin/bash\nhistory=5\nlog_history=28\n", cronOverride: "log_history=2\n",
	freeswitchLogfileConfs[0]: "<configuration name=\"logfile.conf\">\n  <settings>\n    <param name=\"rotate-on-hup\" value=\"false\"/>\n  </settings>\n</configuration>\n",
	dockerDaemon:              `{"log-driver": "journald"}`,
}

// The example config passes its own audit on a host set up as its comments
// say, with the files a stock Debian or Ubuntu host has in /var/log.
func TestExampleConfigStockHost(t *testing.T) {
	c, err := LoadConfig("../docs/janitor-bbb-host.yml")
	if err != nil {
		t.Fatal(err)
	}
	root := hostTree(t, stockHost)
	for _, p := range []string{"/var/log/wtmp", "/var/log/btmp", "/var/log/lastlog", "/var/log/faillog"} {
		if err := os.WriteFile(filepath.Join(root, p), []byte{7, 0, 0, 0, 0x2a, 0x1b}, 0o664); err != nil {
			t.Fatal(err)
		}
	}
	fresh := testNow.Add(-time.Hour)
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			os.Chtimes(p, fresh, fresh)
		}
		return nil
	})
	for i := range c.Sources {
		for k, p := range c.Sources[i].Paths {
			c.Sources[i].Paths[k] = filepath.Join(root, p)
		}
	}
	c.Journald.Conf = filepath.Join(root, c.Journald.Conf)
	r := newRunner(t, c)
	r.ProcRoot = t.TempDir()
	r.HostRoot = root
	rep, err := r.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.ExitCode() != 0 {
		for _, s := range rep.Sources {
			for _, f := range s.Files {
				if len(f.Violations) > 0 || f.Error != "" {
					t.Errorf("%s: %v %s", f.Path, f.Violations, f.Error)
				}
			}
			if len(s.Findings) > 0 {
				t.Errorf("source %s: %v", s.Name, s.Findings)
			}
		}
		t.Errorf("exit %d: uncovered %v, privacy %+v, journald %+v, skipped %+v", rep.ExitCode(), rep.Uncovered, rep.Privacy, rep.Journald, rep.Skipped)
	}
	// Without the system source, the package and boot logs are uncovered.
	var trimmed []Source
	for _, s := range c.Sources {
		if s.Name != "system" {
			trimmed = append(trimmed, s)
		}
	}
	r.Config.Sources = trimmed
	if rep, _ = r.Audit(context.Background()); len(rep.Uncovered) != 6 {
		// dpkg.log, dpkg.log.1, alternatives.log, cloud-init.log, cloud-init-output.log, bootstrap.log
		t.Errorf("without the system source: uncovered %v, want the 6 system files in /var/log", rep.Uncovered)
	}
}

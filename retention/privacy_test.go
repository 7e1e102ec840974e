package retention

import (
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
)

// hostTree writes files (host path → content) below a new root; a content
// starting with "->" makes a symlink, "|fifo" a named pipe, "|dir" an empty
// directory.
func hostTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, content := range files {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case len(content) > 2 && content[:2] == "->":
			err = os.Symlink(content[2:], full)
		case content == "|fifo":
			err = syscall.Mkfifo(full, 0o600)
		case content == "|dir":
			err = os.MkdirAll(full, 0o755)
		default:
			err = os.WriteFile(full, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// The files below are shaped after what BBB 2.7/3.0 installs: the nginx
// site of bigbluebutton/bigbluebutton's bbb-config package ("access_log
// /var/log/nginx/bigbluebutton.access.log;" in the server block, snippets
// included from /usr/share/bigbluebutton/nginx), bbb-web's
// bigbluebutton.properties (appLogLevel=DEBUG), bbb-webrtc-sfu's
// config/default.yml (log.level verbose), the turnserver.conf of BBB's TURN
// server guide and Debian's nginx.conf. The values to change to are those of
// BBB's privacy guide (bigbluebutton/bigbluebutton,
// docs/docs/administration/privacy.md): "access_log /dev/null;",
// "appLogLevel=Error", "level: error", log_history.
const (
	debianNginx = "http {\n\tsendfile on;\n\taccess_log /var/log/nginx/access.log;\n\terror_log /var/log/nginx/error.log;\n\tinclude /etc/nginx/sites-enabled/*;\n}\n"
	bbbSite     = "server {\n  listen 80;\n  server_name bbb.example.org;\n\n  access_log  /var/log/nginx/bigbluebutton.access.log;\n\n  # BigBlueButton landing page.\n  location / {\n    root /var/www/bigbluebutton-default/assets;\n  }\n  include /usr/share/bigbluebutton/nginx/*.nginx;\n}\n"
	bbbSnippet  = "location /bigbluebutton {\n  proxy_pass http://127.0.0.1:8090;\n  proxy_redirect default;\n}\n"
)

func TestPrivacyFindings(t *testing.T) {
	change := "access_log /dev/null; (BBB's privacy guide), or a log_format without $remote_addr, or a FIFO that bbbkit-janitor scrub reads"
	cfg := &Config{Retention: Duration(DefaultRetention), Sources: []Source{
		{Name: "coturn", Paths: []string{"/var/log/turnserver/*.log*"}},
		{Name: "syslog", Paths: []string{"/var/log/syslog*"}},
	}}
	fsReopen := &Config{Retention: Duration(DefaultRetention), Sources: []Source{
		{Name: "freeswitch", Paths: []string{"/opt/freeswitch/var/log/freeswitch/freeswitch.log*"}, Reopen: "systemctl kill -s HUP freeswitch.service"},
	}}
	for _, tc := range []struct {
		name  string
		files map[string]string
		cfg   *Config
		want  []PrivacyFinding
	}{
		{"no BBB", nil, cfg, nil},
		{"nginx stock", map[string]string{
			nginxConf: debianNginx, "/etc/nginx/sites-available/bigbluebutton": bbbSite,
			nginxSite: "->/etc/nginx/sites-available/bigbluebutton", "/usr/share/bigbluebutton/nginx/web.nginx": bbbSnippet,
		}, cfg, []PrivacyFinding{{Check: "nginx-access-log", File: nginxSite,
			Found: "access_log /var/log/nginx/bigbluebutton.access.log (format combined, with the client address)", Change: change}}},
		{"nginx /dev/null as BBB says", map[string]string{
			nginxConf: debianNginx, nginxSite: "server {\n  access_log /dev/null; # privacy\n}\n",
		}, cfg, nil},
		{"nginx off in the site, one snippet logs", map[string]string{
			nginxSite: "server { access_log off; }", "/usr/share/bigbluebutton/nginx/sip.nginx": "location /ws { access_log /var/log/nginx/sip.log main; }",
			nginxConf: "http { log_format main '$remote_addr [$time_local] \"$request\"'; }",
		}, cfg, []PrivacyFinding{{Check: "nginx-access-log", File: "/usr/share/bigbluebutton/nginx/sip.nginx",
			Found: "access_log /var/log/nginx/sip.log (format main, with the client address)", Change: change}}},
		{"nginx anonymous format", map[string]string{
			nginxConf: "http {\n log_format noip '- [$time_local] \"$request\" $status';\n}\n",
			nginxSite: "server { access_log /var/log/nginx/bigbluebutton.access.log noip buffer=32k; }",
		}, cfg, nil},
		{"nginx FIFO scrubbed at write time", map[string]string{
			nginxSite: "server { access_log /run/bbbkit/nginx.fifo; }", "/run/bbbkit/nginx.fifo": "|fifo",
		}, cfg, nil},
		{"nginx inherits the http block", map[string]string{nginxConf: debianNginx, nginxSite: "server { listen 80; }"},
			cfg, []PrivacyFinding{{Check: "nginx-access-log", File: nginxConf,
				Found: "access_log /var/log/nginx/access.log (format combined, with the client address)", Change: change}}},
		{"nginx default", map[string]string{nginxSite: "server { listen 80; }"},
			cfg, []PrivacyFinding{{Check: "nginx-access-log", File: nginxSite,
				Found:  "no access_log here or in /etc/nginx/nginx.conf: nginx's default writes every request with the client address to logs/access.log",
				Change: "access_log /dev/null; in the server block (BBB's privacy guide)"}}},
		{"bbb-web default DEBUG", map[string]string{bbbWebDefaults: "# bbb-web\nappLogLevel=DEBUG\nsecuritySalt=CANARY\n"},
			cfg, []PrivacyFinding{{Check: "bbb-web-log-level", File: bbbWebDefaults,
				Found: "appLogLevel=DEBUG: bbb-web logs who joined which meeting when", Change: "appLogLevel=ERROR in /etc/bigbluebutton/bbb-web.properties"}}},
		{"bbb-web override Error", map[string]string{bbbWebDefaults: "appLogLevel=DEBUG\n", bbbWebOverride: "appLogLevel=Error\n"}, cfg, nil},
		{"bbb-web override INFO", map[string]string{bbbWebDefaults: "appLogLevel=DEBUG\n", bbbWebOverride: "appLogLevel = INFO\n"},
			cfg, []PrivacyFinding{{Check: "bbb-web-log-level", File: bbbWebOverride,
				Found: "appLogLevel=INFO: bbb-web logs who joined which meeting when", Change: "appLogLevel=ERROR in /etc/bigbluebutton/bbb-web.properties"}}},
		{"sfu default verbose", map[string]string{sfuDefaults: "log:\n  level: verbose\n  filename: /var/log/bbb-webrtc-sfu/bbb-webrtc-sfu.log\n"},
			cfg, []PrivacyFinding{{Check: "sfu-log-level", File: sfuDefaults,
				Found: "log.level: verbose: bbb-webrtc-sfu logs client addresses", Change: "log: {level: error} in /etc/bigbluebutton/bbb-webrtc-sfu/production.yml"}}},
		{"sfu override error", map[string]string{sfuDefaults: "log:\n  level: verbose\n", sfuOverride: "log:\n  level: error\n"}, cfg, nil},
		{"sfu override without level", map[string]string{sfuOverride: "kurento:\n  - ip: 10.0.0.1\n"},
			cfg, []PrivacyFinding{{Check: "sfu-log-level", File: sfuOverride,
				Found: "no log.level: bbb-webrtc-sfu logs client addresses", Change: "log: {level: error} in /etc/bigbluebutton/bbb-webrtc-sfu/production.yml"}}},
		{"coturn as BBB's guide", map[string]string{turnserverConf: "listening-port=3478\nlog-file=/var/log/turnserver/turnserver.log\nsimple-log\nnew-log-timestamp\nno-stdout-log\n"}, cfg, nil},
		{"coturn logs nothing", map[string]string{turnserverConf: "log-file=/dev/null\nno-stdout-log\n"}, cfg, nil},
		{"coturn defaults", map[string]string{turnserverConf: "# coturn\nlistening-port=3478\n#log-file=/var/log/turnserver/turnserver.log\nsyslog\n"},
			&Config{Retention: Duration(DefaultRetention)}, []PrivacyFinding{
				{Check: "coturn-logging", File: turnserverConf, Found: "no log-file: coturn writes turn_<pid>_<date>.log files with client addresses into /var/log or /var/tmp",
					Change: "log-file=/dev/null (log nothing), or log-file=/var/log/turnserver/turnserver.log with simple-log and a source for it"},
				{Check: "coturn-logging", File: turnserverConf, Found: "no no-stdout-log: coturn writes every line to stdout too, which systemd keeps in the journal, and this config has no journald section",
					Change: "no-stdout-log, or a journald section in this config"},
				{Check: "coturn-logging", File: turnserverConf, Found: "syslog: coturn writes every line to syslog too, and no source of this config covers /var/log/syslog",
					Change: "remove syslog, or a source for /var/log/syslog*"},
			}},
		{"coturn file not covered, no timestamps", map[string]string{turnserverConf: "log-file=/var/log/coturn/turn.log\nno-stdout-log\n"},
			cfg, []PrivacyFinding{
				{Check: "coturn-logging", File: turnserverConf, Found: "log-file=/var/log/coturn/turn.log: no source of this config covers the files coturn writes there",
					Change: "a source whose paths match /var/log/coturn/turn_2021-04-15.log, or log-file=/dev/null"},
				{Check: "coturn-logging", File: turnserverConf, Found: "no new-log-timestamp: coturn stamps its lines with the seconds since it started, so the janitor can judge its files by mtime only",
					Change: "new-log-timestamp"},
			}},
		{"cron log_history default", map[string]string{cronScript: "#!/bin/bash\nhistory=5\nlog_history=28\n[ -f /etc/default/bigbluebutton-cron-config ] && source /etc/default/bigbluebutton-cron-config\n"},
			cfg, []PrivacyFinding{{Check: "bbb-cron-log-history", File: cronScript,
				Found:  "log_history=28: BBB's cron job keeps its logs until they are 29 days old, longer than the retention 3d 0h 0m",
				Change: "log_history=2 in /etc/default/bigbluebutton-cron-config"}}},
		{"cron log_history override", map[string]string{cronScript: "log_history=28\n", cronOverride: "log_history=2\n"}, cfg, nil},
		{"cron log_history blank or not a number", map[string]string{cronScript: "log_history=\nlog_history=$DAYS\n"}, cfg, nil},
		{"cron log_history override too long", map[string]string{cronScript: "log_history=28\n", cronOverride: "# keep a week\nlog_history=\"7\"\n"},
			cfg, []PrivacyFinding{{Check: "bbb-cron-log-history", File: cronOverride,
				Found:  "log_history=7: BBB's cron job keeps its logs until they are 8 days old, longer than the retention 3d 0h 0m",
				Change: "log_history=2 in /etc/default/bigbluebutton-cron-config"}}},
		{"freeswitch rotate-on-hup with reopen", map[string]string{freeswitchLogfileConfs[0]: "<configuration name=\"logfile.conf\">\n  <settings>\n    <!-- true to auto rotate on HUP, false to open/close -->\n    <param name=\"rotate-on-hup\" value=\"true\"/>\n  </settings>\n</configuration>\n"},
			fsReopen, []PrivacyFinding{{Check: "freeswitch-rotate-on-hup", File: freeswitchLogfileConfs[0],
				Found:  `rotate-on-hup is true, and source "freeswitch" rotates freeswitch.log through reopen: on SIGHUP FreeSWITCH renames the file itself instead of reopening it`,
				Change: `<param name="rotate-on-hup" value="false"/>`}}},
		{"freeswitch rotate-on-hup false", map[string]string{freeswitchLogfileConfs[0]: "<param name=\"rotate-on-hup\" value=\"false\"/>\n<!-- <param name=\"rotate-on-hup\" value=\"true\"/> -->\n"}, fsReopen, nil},
		{"freeswitch rotate-on-hup without reopen", map[string]string{freeswitchLogfileConfs[0]: "<param name=\"rotate-on-hup\" value=\"true\"/>"}, cfg, nil},
		{"docker json-file", map[string]string{"/var/lib/docker/containers/abc/abc-json.log": "{}\n", dockerDaemon: `{"log-opts": {"max-size": "10m", "max-file": "3"}}`},
			cfg, []PrivacyFinding{{Check: "docker-log-driver", File: dockerDaemon,
				Found:  "log-driver json-file: dockerd keeps each container's log open and rotates it by size only, so a quiet container's lines outlive the retention",
				Change: `"log-driver": "journald" in /etc/docker/daemon.json, and recreate the containers; add a journald section to this config`}}},
		{"docker journald", map[string]string{"/var/lib/docker/containers/abc/abc-json.log": "{}\n", dockerDaemon: `{"log-driver": "journald"}`}, cfg, nil},
		{"docker without containers", map[string]string{dockerDaemon: `{}`}, cfg, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := hostTree(t, tc.files)
			got := privacyFindings(root, tc.cfg)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// FuzzHostConfigs: the parsers of nginx, properties, shell, turnserver and
// YAML files never panic on any input.
func FuzzHostConfigs(f *testing.F) {
	for _, s := range []string{debianNginx, bbbSite, "log_format x '$remote_addr \\' \"q\"';", "appLogLevel=DEBUG\n!x:y",
		"log_history=28\nlog_history=\n", "log-file=/dev/null\nno-stdout-log\n--syslog\n", "log:\n  level: error\n", "{", "\"", "#"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		nginxDirectives(b)
		property(b, "appLogLevel")
		shellVar(b, "log_history")
		turnOptions(b)
		yamlLogLevel(b)
	})
}

package retention

import (
	"slices"
	"strings"
)

// heldAdvice says, for a file that programs hold open for writing and that
// has expired lines but no reopen command, the setting that makes it
// comply. FreeSWITCH, Kurento and dockerd roll their logs over by size
// only, so on a quiet server a live file keeps lines for weeks.
func heldAdvice(programs []string) string {
	has := func(prefix string) bool {
		return slices.ContainsFunc(programs, func(p string) bool { return strings.HasPrefix(p, prefix) })
	}
	switch {
	case has("freeswitch"):
		// mod_logfile reopens its file on HUP unless rotate-on-hup is
		// true, when it renames the file itself.
		return `FreeSWITCH rolls its log over by size only: set <param name="rotate-on-hup" value="false"/> in ` +
			`/opt/freeswitch/etc/freeswitch/autoload_configs/logfile.conf.xml (HUP then reopens the file) and give the source ` +
			`reopen: "systemctl kill -s HUP freeswitch.service", so that the janitor rotates it`
	case has("kurento"):
		return "Kurento starts a new log by size only (KURENTO_LOG_FILE_SIZE) and cannot be told to reopen it: " +
			"log to the journal instead (comment out KURENTO_LOGS_PATH in /etc/default/kurento-media-server) and keep the policy's journald section"
	case has("dockerd"), has("containerd"):
		return `dockerd rotates a json-file log only when it reaches log-opts max-size, which a quiet container never does, ` +
			`and cannot be told to reopen it: set "log-driver": "journald" in /etc/docker/daemon.json and keep the policy's journald section ` +
			`(docker logs goes on working; containers started before keep their driver until recreated)`
	case len(programs) > 0:
		return "give the source a reopen command that makes " + strings.Join(programs, ", ") +
			" reopen its log (most daemons reopen on SIGHUP or SIGUSR1), so that the janitor rotates it"
	}
	return "give the source a reopen command that makes its writer reopen the file, so that the janitor rotates it"
}

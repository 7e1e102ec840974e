package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/version"

	"github.com/bbbkit/bbbkit/collectors/bbbapi"
	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
)

// canaries hands out distinctive strings and remembers them.
type canaries []string

func (c *canaries) next(kind string) string {
	s := fmt.Sprintf("zq%02d%scanary", len(*c), kind)
	*c = append(*c, s)
	return s
}

// canaryMeetings fills every free-text field of a getMeetings answer with a canary: names, IDs,
// passwords, dial-in numbers, caller IDs, metadata and custom data, and even the roles and
// client types, which our vocabulary must absorb.
func canaryMeetings(c *canaries) []bbbtest.Meeting {
	attendee := func(clientType, role string) bbbtest.Attendee {
		return bbbtest.Attendee{UserID: c.next("userid"), FullName: c.next("fullname"), Role: role,
			ClientType: clientType, Voice: true,
			CustomData: map[string]string{c.next("customkey"): c.next("customvalue")}}
	}
	parentID := c.next("internalid")
	roomID := c.next("internalid")
	parent := bbbtest.Meeting{
		Name: c.next("meetingname"), ID: c.next("meetingid"), InternalID: parentID,
		CreateDate: c.next("createdate"), VoiceBridge: c.next("voicebridge"), DialNumber: c.next("dialnumber"),
		AttendeePW: c.next("attendeepw"), ModeratorPW: c.next("moderatorpw"),
		Metadata: map[string]string{
			"bbb-origin-server-name": c.next("originserver"), "bbb-context": c.next("context"),
			c.next("metakey"): c.next("metavalue"),
		},
		BreakoutRooms: []string{roomID},
		Attendees: []bbbtest.Attendee{
			attendee("HTML5", "MODERATOR"),
			attendee(c.next("clienttype"), c.next("role")),
			{UserID: c.next("userid"), FullName: c.next("callerid"), Role: "DIAL-IN-USER", ClientType: "DIAL-IN", Voice: true},
		},
	}
	room := bbbtest.Meeting{
		Name: c.next("roomname"), ID: c.next("roomid"), InternalID: roomID, Breakout: true, ParentID: parentID,
		Sequence: 1, VoiceBridge: c.next("voicebridge"), AttendeePW: c.next("attendeepw"), ModeratorPW: c.next("moderatorpw"),
		Attendees: []bbbtest.Attendee{attendee("HTML5", "VIEWER")},
	}
	return []bbbtest.Meeting{parent, room}
}

// TestCanariesNeverComeOut runs the whole exporter at debug level against a BBB whose every
// string is a canary, through good answers and broken ones, with the history on, and checks that
// no canary (nor the secret) appears in /metrics, in the log or in the history file.
func TestCanariesNeverComeOut(t *testing.T) {
	// Not parallel: it sets version.BuildUser, which every start of the exporter reads.
	var c canaries
	secret := c.next("secret")
	// Who built the binary (set by release builds) is a person's name too.
	buildUser := version.BuildUser
	version.BuildUser = c.next("builduser") + "@" + c.next("buildhost")
	t.Cleanup(func() { version.BuildUser = buildUser })
	meetings := canaryMeetings(&c)
	bbb := bbbtest.New(t, secret)
	xml := decorate(&c, string(bbbtest.MeetingsXML(meetings)))
	bbb.SetBody(xml)

	dir := t.TempDir()
	secretFile := filepath.Join(dir, "secret")
	if err := os.WriteFile(secretFile, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	historyFile := filepath.Join(dir, "history.db")
	e := startExporter(t,
		"--log.level=debug",
		"--path.procfs="+filepath.Join(fixtures, "proc"),
		"--path.sysfs="+filepath.Join(fixtures, "sys-cgroupv2"),
		"--bbb.api-url="+bbb.URL(),
		"--bbb.secret-file="+secretFile,
		"--bbb.timeout=500ms",
		"--history.path="+historyFile,
		"--history.interval=1s",
		"--history.node=canary-test",
	)
	var out strings.Builder
	scrape := func() { out.WriteString(e.get(t, "/metrics")) }
	scrape()
	if !strings.Contains(out.String(), "\nbbb_api_up 1\n") {
		t.Fatalf("the canary answer was not accepted:\n%s\n%s", out.String(), e.logs)
	}
	// Broken answers that still carry the canaries, so error paths get their chance to leak.
	failed := fmt.Sprintf("<response><returncode>FAILED</returncode><messageKey>%s</messageKey><message>%s</message></response>",
		c.next("messagekey"), c.next("message"))
	for _, body := range []string{xml[:len(xml)*2/3], failed, strings.Replace(xml, "<meetings>", "<meetings><"+c.next("element")+">", 1)} {
		bbb.SetBody(body)
		scrape()
	}
	bbb.SetBody(xml)
	for _, f := range []bbbtest.Fault{bbbtest.FaultGarbage, bbbtest.FaultHTTPError, bbbtest.FaultReset, bbbtest.FaultFailed,
		bbbtest.FaultTruncated, bbbtest.FaultStall, bbbtest.FaultSlow} {
		bbb.SetFault(f)
		scrape()
	}
	bbb.SetFault(bbbtest.FaultNone)
	scrape()
	// Let the history take a sample or two on the canary answer.
	waitFor(5*time.Second, func() bool { return strings.Contains(e.get(t, "/metrics"), "bbb_history_samples_total 2") })
	metrics, logs := out.String(), e.logs.String()
	history, err := os.ReadFile(historyFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs, "level=DEBUG") {
		t.Fatalf("no debug lines logged:\n%s", logs)
	}
	// The checksum the exporter sends is a credential for getMeetings: it must not come out either.
	for algo := range bbbapi.Checksums {
		sum, err := bbbapi.Checksum(algo, "getMeetings", "", secret)
		if err != nil {
			t.Fatal(err)
		}
		c = append(c, sum)
	}
	for _, canary := range c {
		for where, text := range map[string]string{"/metrics": metrics, "the log": logs, "the history file": string(history)} {
			if strings.Contains(strings.ToLower(text), strings.ToLower(canary)) {
				t.Errorf("canary %q came out in %s", canary, where)
			}
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("log:\n%s", logs)
	}
}

var startTag = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9_-]*)>`)

// decorate adds to every start tag of a getMeetings answer an attribute whose name and value
// are canaries, followed by a comment, a processing instruction and an element of an unknown
// name holding a CDATA section and an entity-encoded text, each a canary: none of it changes
// what the answer counts.
func decorate(c *canaries, xml string) string {
	return startTag.ReplaceAllStringFunc(xml, func(tag string) string {
		name := startTag.FindStringSubmatch(tag)[1]
		var b strings.Builder
		fmt.Fprintf(&b, "<%s %s=\"%s\">", name, c.next("attrname"), c.next("attrvalue"))
		if name == "response" {
			return b.String()
		}
		fmt.Fprintf(&b, "<!--%s--><?%s %s?>", c.next("comment"), c.next("piname"), c.next("pivalue"))
		el := c.next("element")
		fmt.Fprintf(&b, "<%s><![CDATA[%s]]>%s</%s>", el, c.next("cdata"), entities(c.next("entity")), el)
		return b.String()
	})
}

// entities writes s as character references, which decode to s.
func entities(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, "&#x%x;", r)
	}
	return b.String()
}

// TestWorldReadableSecretWarns checks that the exporter starts with a secret file every local
// user can read, and says so in its log (naming the file, not its content).
func TestWorldReadableSecretWarns(t *testing.T) {
	bbb := bbbtest.New(t, goldenSecret)
	args := goldenArgs(t, bbb.URL(), "sys-cgroupv2")[:4]
	secretFile := strings.TrimPrefix(args[3], "--bbb.secret-file=")
	if err := os.Chmod(secretFile, 0o644); err != nil {
		t.Fatal(err)
	}
	e := startExporter(t, args...)
	logs := e.logs.String()
	if !strings.Contains(logs, "secret file is readable by every local user") || !strings.Contains(logs, secretFile) {
		t.Errorf("no warning naming %s:\n%s", secretFile, logs)
	}
	if strings.Contains(logs, goldenSecret) {
		t.Errorf("the log shows the secret")
	}
}

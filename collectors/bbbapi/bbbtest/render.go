package bbbtest

import (
	"encoding/xml"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Attendee is one participant as getMeetings lists it.
type Attendee struct {
	UserID, FullName string
	// Role is MODERATOR, VIEWER or DIAL-IN-USER.
	Role string
	// ClientType is HTML5, DIAL-IN (VOICE-USER before BBB 2.3), or FLASH on old servers.
	ClientType               string
	ListenOnly, Voice, Video bool
	// CustomData become <customdata> child elements (keys must be XML names).
	CustomData map[string]string
}

// Meeting is one meeting or breakout room as getMeetings lists it.
type Meeting struct {
	Name, ID, InternalID    string
	CreateDate, VoiceBridge string
	DialNumber              string
	AttendeePW, ModeratorPW string
	Attendees               []Attendee
	// Videos is the videoCount (camera streams); zero means one per attendee with video.
	Videos int
	// Metadata become <metadata> child elements (keys must be XML names).
	Metadata map[string]string
	// Breakout marks a breakout room; ParentID is then its parent's internal meeting ID.
	Breakout bool
	ParentID string
	Sequence int
	FreeJoin bool
	// BreakoutRooms are the internal IDs of a parent's rooms.
	BreakoutRooms []string
}

// Dialer returns a dial-in caller the way bbb-web lists one (userID v_…, role DIAL-IN-USER,
// clientType DIAL-IN, voice joined); name is what the phone's caller ID gave.
func Dialer(n int, name string) Attendee {
	return Attendee{UserID: fmt.Sprintf("v_%d", n), FullName: name, Role: "DIAL-IN-USER",
		ClientType: "DIAL-IN", Voice: true}
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func tf(v bool) string { return strconv.FormatBool(v) }

// MeetingsXML renders a getMeetings answer shaped like bbb-web's template (get-meetings.ftlx);
// no meetings gives the noMeetings answer.
func MeetingsXML(ms []Meeting) []byte {
	if len(ms) == 0 {
		return []byte(NoMeetingsXML)
	}
	var b strings.Builder
	b.WriteString("<response>\n  <returncode>SUCCESS</returncode>\n  <meetings>\n")
	for i := range ms {
		writeMeeting(&b, &ms[i])
	}
	b.WriteString("  </meetings>\n</response>\n")
	return []byte(b.String())
}

func writeMeeting(b *strings.Builder, m *Meeting) {
	var listen, voice, video, mods int
	for _, a := range m.Attendees {
		listen += btoi(a.ListenOnly)
		voice += btoi(a.Voice)
		video += btoi(a.Video)
		mods += btoi(a.Role == "MODERATOR")
	}
	if m.Videos > 0 {
		video = m.Videos
	}
	date := m.CreateDate
	if date == "" {
		date = "Tue Jul 10 16:47:38 UTC 2018"
	}
	running := len(m.Attendees) > 0
	el := func(name, value string) { fmt.Fprintf(b, "      <%s>%s</%s>\n", name, esc(value), name) }
	b.WriteString("    <meeting>\n")
	el("meetingName", m.Name)
	el("meetingID", m.ID)
	el("internalMeetingID", m.InternalID)
	el("createTime", "1531241258036")
	el("createDate", date)
	el("voiceBridge", m.VoiceBridge)
	el("dialNumber", m.DialNumber)
	el("attendeePW", m.AttendeePW)
	el("moderatorPW", m.ModeratorPW)
	el("running", tf(running))
	el("duration", "0")
	el("hasUserJoined", tf(running))
	el("recording", "false")
	el("hasBeenForciblyEnded", "false")
	el("startTime", "1531241258074")
	el("endTime", "0")
	el("participantCount", strconv.Itoa(len(m.Attendees)))
	el("listenerCount", strconv.Itoa(listen))
	el("voiceParticipantCount", strconv.Itoa(voice))
	el("videoCount", strconv.Itoa(video))
	el("maxUsers", "0")
	el("moderatorCount", strconv.Itoa(mods))
	b.WriteString("      <attendees>\n")
	for _, a := range m.Attendees {
		b.WriteString("        <attendee>\n")
		ael := func(name, value string) { fmt.Fprintf(b, "          <%s>%s</%s>\n", name, esc(value), name) }
		ael("userID", a.UserID)
		ael("fullName", a.FullName)
		ael("role", a.Role)
		ael("isPresenter", "false")
		ael("isListeningOnly", tf(a.ListenOnly))
		ael("hasJoinedVoice", tf(a.Voice))
		ael("hasVideo", tf(a.Video))
		ael("clientType", a.ClientType)
		if a.CustomData != nil {
			b.WriteString("          <customdata>\n")
			for _, k := range sortedKeys(a.CustomData) {
				fmt.Fprintf(b, "            <%s>%s</%s>\n", k, esc(a.CustomData[k]), k)
			}
			b.WriteString("          </customdata>\n")
		}
		b.WriteString("        </attendee>\n")
	}
	b.WriteString("      </attendees>\n      <metadata>\n")
	for _, k := range sortedKeys(m.Metadata) {
		fmt.Fprintf(b, "        <%s>%s</%s>\n", k, esc(m.Metadata[k]), k)
	}
	b.WriteString("      </metadata>\n")
	el("isBreakout", tf(m.Breakout))
	if m.Breakout {
		el("parentMeetingID", m.ParentID)
		el("sequence", strconv.Itoa(m.Sequence))
		el("freeJoin", tf(m.FreeJoin))
	}
	if len(m.BreakoutRooms) > 0 {
		b.WriteString("      <breakoutRooms>\n")
		for _, r := range m.BreakoutRooms {
			fmt.Fprintf(b, "        <breakout>%s</breakout>\n", esc(r))
		}
		b.WriteString("      </breakoutRooms>\n")
	}
	b.WriteString("    </meeting>\n")
}

func btoi(v bool) int {
	if v {
		return 1
	}
	return 0
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Generate returns a deterministic synthetic load: meetings meetings sharing attendees
// attendees (HTML5 clients in a mix of listen-only, microphone and camera, every 25th a
// dial-in caller), with metadata like Greenlight's and Moodle's.
func Generate(meetings, attendees int) []Meeting {
	ms := make([]Meeting, meetings)
	for i := range ms {
		ms[i] = Meeting{
			Name: fmt.Sprintf("Seminar %d", i), ID: fmt.Sprintf("meeting-%06d", i),
			InternalID:  fmt.Sprintf("183f0bf3a0982a127bdb8161e0c44eb696b3e75c-%013d", 1531241258036+i),
			VoiceBridge: strconv.Itoa(70000 + i), DialNumber: "613-555-1234",
			AttendeePW: "ap" + strconv.Itoa(i), ModeratorPW: "mp" + strconv.Itoa(i),
			Metadata: map[string]string{"bbb-origin": "Greenlight", "bbb-origin-server-name": "lms.example.org",
				"bbb-context": "Course " + strconv.Itoa(i)},
		}
	}
	for j := range attendees {
		a := Attendee{UserID: fmt.Sprintf("w_%012d", j), FullName: fmt.Sprintf("Person %d", j),
			Role: "VIEWER", ClientType: "HTML5"}
		switch j % 5 {
		case 0:
			a.Role, a.Voice, a.Video = "MODERATOR", true, true
		case 1, 2:
			a.ListenOnly = true
		case 3:
			a.Voice = true
		}
		if j%25 == 24 {
			a = Dialer(j, fmt.Sprintf("+49 30 %07d", j))
		}
		m := &ms[j%meetings]
		m.Attendees = append(m.Attendees, a)
	}
	return ms
}

// NoMeetingsXML is BBB's answer when no meeting exists.
const NoMeetingsXML = `<response>
<returncode>SUCCESS</returncode>
<meetings/>
<messageKey>noMeetings</messageKey>
<message>no meetings were found on this server</message>
</response>
`

// ChecksumErrorXML is BBB's answer to a call whose checksum does not match.
const ChecksumErrorXML = `<response>
<returncode>FAILED</returncode>
<messageKey>checksumError</messageKey>
<message>Checksums do not match</message>
</response>
`

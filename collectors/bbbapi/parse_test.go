package bbbapi_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/bbbkit/bbbkit/collectors/bbbapi"
	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
)

const fixtures = "../testdata/bbb"

// hist counts observations into their size classes, for expected Summaries.
func hist(s *bbbapi.Summary, obs ...int) {
	for _, n := range obs {
		s.BySize[bbbapi.SizeClass(n)]++
	}
}

func want(s bbbapi.Summary, obs ...int) bbbapi.Summary {
	hist(&s, obs...)
	return s
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file string
		want bbbapi.Summary
	}{
		{"reference/getMeetings_docs_example_idle.xml", want(bbbapi.Summary{Meetings: 1}, 0)},
		{"reference/getMeetings_dreammall_1running_attendee.xml",
			want(bbbapi.Summary{Meetings: 1, Endpoints: 1, Listeners: 1, HTML5Clients: 1}, 1)},
		// Meeting 3 reports participantCount 5 with an empty attendee list: the reported
		// counters stand in; the breakout room's parent is not listed.
		{"reference/getMeetings_bbb-api-php_3meetings_breakout.xml", want(bbbapi.Summary{Meetings: 2,
			BreakoutRooms: 1, Endpoints: 5, Listeners: 2, VoiceParticipants: 1, VideoParticipants: 3,
			OtherClients: 5}, 0, 5, 0)},
		{"reference/getMeetings_noMeetings.xml", bbbapi.Summary{}},
		// A getMeetingInfo answer has no <meetings>: nothing to count.
		{"reference/getMeetingInfo_bbb-api-php_4attendees_clientType.xml", bbbapi.Summary{}},
		{"nomeetings.xml", bbbapi.Summary{}},
		// Empty counters and flags are absent ones.
		{"robust/empty_values.xml", want(bbbapi.Summary{Meetings: 1, Endpoints: 1, OtherClients: 1}, 1)},
		// Parent (4, three of them also in rooms of 2 and 1) counts 4; the other meeting 3.
		{"breakouts.xml", want(bbbapi.Summary{Meetings: 2, BreakoutRooms: 2, Endpoints: 7,
			Listeners: 2, VoiceParticipants: 5, VideoParticipants: 2, HTML5Clients: 6, DialInClients: 1}, 4, 3)},
		// Parent tabs closed: max(1, 2+1) = 3, plus a room whose parent is not listed.
		{"breakouts_parent_left.xml", want(bbbapi.Summary{Meetings: 1, BreakoutRooms: 3, Endpoints: 4,
			Listeners: 1, VoiceParticipants: 2, HTML5Clients: 4}, 3, 1)},
		{"dialin.xml", want(bbbapi.Summary{Meetings: 1, Endpoints: 5, VoiceParticipants: 4,
			VideoParticipants: 2, HTML5Clients: 1, DialInClients: 3, OtherClients: 1}, 5)},
		{"unknown_elements.xml", want(bbbapi.Summary{Meetings: 1, Endpoints: 2, VoiceParticipants: 1,
			HTML5Clients: 2}, 2)},
		// Namespaces, attributes, CDATA, references, comments and PIs in values, white space,
		// upper-case and 1/0 booleans: the room's parentMeetingID (CDATA) matches the parent's
		// internalMeetingID (written with references), so the family counts max(3, 2).
		{"robust/lexical.xml", want(bbbapi.Summary{Meetings: 2, BreakoutRooms: 1, Endpoints: 3,
			Listeners: 1, VoiceParticipants: 2, VideoParticipants: 1, HTML5Clients: 2, DialInClients: 1}, 3, 0)},
		{"robust/crlf_whitespace_meetings.xml", bbbapi.Summary{}},
		// BBB 3.0's shape, compact as bbb-web sends it: one of three is in a room, listed in
		// the parent without media: max(3, 1) = 3 endpoints, voice 1 + 1, video 2.
		{"robust/bbb30_compact.xml", want(bbbapi.Summary{Meetings: 1, BreakoutRooms: 1, Endpoints: 3,
			VoiceParticipants: 2, VideoParticipants: 2, HTML5Clients: 3}, 3)},
		// Missing counters, counters without attendees cut to participantCount, repeated
		// elements (the last one counts), an attendee flagged listening and voice (a listener).
		{"robust/missing_and_duplicates.xml", want(bbbapi.Summary{Meetings: 3, Endpoints: 7, Listeners: 5,
			VoiceParticipants: 1, VideoParticipants: 5, HTML5Clients: 2, OtherClients: 5}, 0, 5, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(fixtures, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := bbbapi.Parse(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got != tt.want {
				t.Errorf("Parse =\n%+v\nwant\n%+v", got, tt.want)
			}
			// One byte at a time too: every construct split across reads.
			got, err = bbbapi.Parse(iotest.OneByteReader(bytes.NewReader(body)))
			if err != nil || got != tt.want {
				t.Errorf("Parse one byte at a time = %+v, %v", got, err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, body string
		want       string // in the error
	}{
		{"empty", "", "no XML element found"},
		{"plain text", "Service Unavailable", "byte 0: text outside the root element"},
		{"html", "<html><body>502 Bad Gateway</body></html>", "the root element is not <response>"},
		{"doctype", "<!DOCTYPE html><html></html>", "document type"},
		{"truncated in text", "<response><returncode>SUCCESS</returncode><meetings><meeting><attendees><attendee><hasVideo>tr",
			"ends with 6 elements open (truncated)"},
		{"truncated in tag", "<response><returncode>SUCCESS</returncode><meet", "inside a tag"},
		{"truncated in comment", "<response><!-- abc", "inside a tag, comment or CDATA"},
		{"truncated in cdata", "<response><returncode><![CDATA[SUCC", "truncated"},
		{"mismatched", "<response><returncode>SUCCESS</response>", "byte 29: an end tag that does not match the open element (inside <returncode>)"},
		{"stray end", "</response>", "an end tag without a start tag"},
		{"second root", "<response><returncode>SUCCESS</returncode></response><response/>", "a second root element"},
		{"text after root", "<response><returncode>SUCCESS</returncode></response>trailing", "text after the root element"},
		{"bad bool", "<response><returncode>SUCCESS</returncode><meetings><meeting><isBreakout>yes</isBreakout></meeting></meetings></response>",
			"<isBreakout> is neither true nor false"},
		{"bad count", "<response><returncode>SUCCESS</returncode><meetings><meeting><participantCount>-1</participantCount></meeting></meetings></response>",
			"<participantCount> is negative, not a count"},
		{"huge count", "<response><returncode>SUCCESS</returncode><meetings><meeting><videoCount>12345678901</videoCount></meeting></meetings></response>",
			"<videoCount> is not a count (more than 9 digits)"},
		{"signed count", "<response><returncode>SUCCESS</returncode><meetings><meeting><listenerCount>+3</listenerCount></meeting></meetings></response>",
			"<listenerCount> is not a count"},
		{"fraction", "<response><returncode>SUCCESS</returncode><meetings><meeting><participantCount>2.5</participantCount></meeting></meetings></response>",
			"<participantCount> is not a count"},
		{"unknown entity in a count", "<response><returncode>SUCCESS</returncode><meetings><meeting><participantCount>&five;</participantCount></meeting></meetings></response>",
			"<participantCount> is not a count"},
		{"nginx 502 page", "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
			"the root element is not <response>"},
		{"prefixed end tag mismatch", "<response><b:returncode>SUCCESS</returncode></response>", "an end tag that does not match"},
		{"no returncode", "<response><meetings/></response>", "has no <returncode>"},
		{"odd returncode", "<response><returncode>MAYBE</returncode></response>", "neither SUCCESS nor FAILED"},
		{"bad tag", "<response>< returncode>", "a malformed start tag"},
		{"too deep", "<response>" + strings.Repeat("<a>", 300), "nested deeper than 256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := bbbapi.Parse(strings.NewReader(tt.body))
			var se *bbbapi.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse error = %v, want a *SyntaxError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseFailed(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(fixtures, "failed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = bbbapi.Parse(bytes.NewReader(body))
	var ae *bbbapi.APIError
	if !errors.As(err, &ae) || ae.MessageKey != "checksumError" {
		t.Fatalf("Parse = %v, want an *APIError with messageKey checksumError", err)
	}
	_, err = bbbapi.Parse(strings.NewReader("<response><returncode>FAILED</returncode><messageKey>Jane Doe</messageKey></response>"))
	if !errors.As(err, &ae) || ae.MessageKey != "unrecognised" || strings.Contains(err.Error(), "Jane") {
		t.Fatalf("Parse = %v, want messageKey unrecognised", err)
	}
}

func TestParseTruncatedFixture(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(fixtures, "truncated.xml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = bbbapi.Parse(bytes.NewReader(body))
	if err == nil || !strings.Contains(err.Error(), "truncated") || !strings.Contains(err.Error(), "<hasJoinedVoice>") {
		t.Fatalf("Parse = %v, want a truncation error naming <hasJoinedVoice>", err)
	}
}

// TestParseHugeMetadata: megabytes of metadata, long names and a tag larger than the read
// window are skipped without growing memory beyond one tag.
func TestParseHugeMetadata(t *testing.T) {
	var b strings.Builder
	b.WriteString("<response><returncode>SUCCESS</returncode><meetings><meeting><metadata>")
	for i := range 200 {
		b.WriteString("<key" + strings.Repeat("x", i) + ">" + strings.Repeat("value ", 5000) + "</key" + strings.Repeat("x", i) + ">")
	}
	b.WriteString(`<big attr="` + strings.Repeat("a>", 100_000) + `"/>`)
	b.WriteString("<![CDATA[" + strings.Repeat("]", 70_000) + "]]>")
	b.WriteString("<!--" + strings.Repeat("-", 70_000) + "-->")
	b.WriteString("</metadata><participantCount>0</participantCount><isBreakout>false</isBreakout></meeting></meetings></response>")
	got, err := bbbapi.Parse(strings.NewReader(b.String()))
	if err != nil || got.Meetings != 1 {
		t.Fatalf("Parse = %+v, %v", got, err)
	}
	_, err = bbbapi.Parse(strings.NewReader("<response><a b=\"" + strings.Repeat("x", 2<<20) + "\"/></response>"))
	var se *bbbapi.SyntaxError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "longer than 1 MiB") {
		t.Fatalf("Parse of a 2 MiB tag = %v", err)
	}
}

// TestParseGenerated checks the aggregate of a generated load against its construction.
func TestParseGenerated(t *testing.T) {
	ms := bbbtest.Generate(50, 1000)
	got, err := bbbapi.Parse(bytes.NewReader(bbbtest.MeetingsXML(ms)))
	if err != nil {
		t.Fatal(err)
	}
	var w bbbapi.Summary
	w.Meetings = 50
	for _, m := range ms {
		for _, a := range m.Attendees {
			w.Endpoints++
			switch a.ClientType {
			case "HTML5":
				w.HTML5Clients++
			case "DIAL-IN":
				w.DialInClients++
			}
			if a.ListenOnly {
				w.Listeners++
			}
			if a.Voice {
				w.VoiceParticipants++
			}
			if a.Video {
				w.VideoParticipants++
			}
		}
		hist(&w, len(m.Attendees))
	}
	if got != w {
		t.Errorf("Parse =\n%+v\nwant\n%+v", got, w)
	}
}

func TestParseByteOrderMark(t *testing.T) {
	for _, r := range []io.Reader{strings.NewReader("\xef\xbb\xbf" + bbbtest.NoMeetingsXML),
		iotest.OneByteReader(strings.NewReader("\xef\xbb\xbf" + bbbtest.NoMeetingsXML))} {
		s, err := bbbapi.Parse(r)
		if err != nil || s != (bbbapi.Summary{}) {
			t.Fatalf("Parse = %+v, %v", s, err)
		}
	}
}

func TestParseReadError(t *testing.T) {
	boom := errors.New("boom")
	_, err := bbbapi.Parse(iotest.ErrReader(boom))
	if !errors.Is(err, boom) {
		t.Fatalf("Parse = %v, want the read error", err)
	}
}

// TestBreakoutMediaNeverExceedEndpoints: where the family's endpoints are a lower bound
// (main tabs dropped, others stayed in the parent) or an answer flags media in both the
// parent and a room, media are cut to the family's endpoints; listening only wins over
// voice for one attendee.
func TestBreakoutMediaNeverExceedEndpoints(t *testing.T) {
	a := func(id string, listen, voice, video bool) bbbtest.Attendee {
		return bbbtest.Attendee{UserID: id, ClientType: "HTML5", ListenOnly: listen, Voice: voice, Video: video}
	}
	parent := bbbtest.Meeting{ID: "p", InternalID: "p-int", Attendees: []bbbtest.Attendee{
		a("w_1", false, true, true), a("w_2", false, true, true), a("w_3", true, true, false)}}
	var roomAttendees []bbbtest.Attendee
	for i := range 5 {
		roomAttendees = append(roomAttendees, a(fmt.Sprintf("w_%d-1", 10+i), false, true, true))
	}
	room := bbbtest.Meeting{ID: "r", InternalID: "r-int", Breakout: true, ParentID: "p-int", Attendees: roomAttendees}
	got, err := bbbapi.Parse(bytes.NewReader(bbbtest.MeetingsXML([]bbbtest.Meeting{parent, room})))
	if err != nil {
		t.Fatal(err)
	}
	// Endpoints max(3, 5) = 5; listeners 1; voice min(2+5, 5-1) = 4; video min(2+5, 5) = 5.
	w := want(bbbapi.Summary{Meetings: 1, BreakoutRooms: 1, Endpoints: 5, Listeners: 1, VoiceParticipants: 4,
		VideoParticipants: 5, HTML5Clients: 5}, 5)
	if got != w {
		t.Errorf("Parse =\n%+v\nwant\n%+v", got, w)
	}
}

func TestSizeClassBoundaries(t *testing.T) {
	for n, want := range map[int]string{0: "0", 1: "1", 2: "2-5", 5: "2-5", 6: "6-10", 10: "6-10", 11: "11-25",
		25: "11-25", 26: "26-50", 50: "26-50", 51: "51-100", 100: "51-100", 101: "101-200", 200: "101-200",
		201: "201+", 5000: "201+"} {
		if got := bbbapi.SizeClasses[bbbapi.SizeClass(n)].Label; got != want {
			t.Errorf("SizeClass(%d) = %q, want %q", n, got, want)
		}
	}
}

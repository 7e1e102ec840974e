package bbbapi_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bbbkit/bbbkit/collectors/bbbapi"
)

// FuzzParse feeds arbitrary bytes to the parser: it must never panic, must either succeed
// or return a *SyntaxError or *APIError, and its counts must stay consistent. Error texts
// are our own: none may repeat a run of the input (checked for runs of 12 bytes that are
// not in the parser's own vocabulary).
func FuzzParse(f *testing.F) {
	for _, dir := range []string{fixtures, filepath.Join(fixtures, "reference"), filepath.Join(fixtures, "robust")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := bbbapi.Parse(bytes.NewReader(in))
		if err != nil {
			var se *bbbapi.SyntaxError
			var ae *bbbapi.APIError
			if !errors.As(err, &se) && !errors.As(err, &ae) {
				t.Fatalf("Parse error %T: %v", err, err)
			}
			if s != (bbbapi.Summary{}) {
				t.Fatalf("Parse returned counts with an error: %+v", s)
			}
			checkNoEcho(t, err.Error(), in)
			return
		}
		if s.HTML5Clients+s.DialInClients+s.OtherClients != s.Endpoints {
			t.Fatalf("client types do not add up to the endpoints: %+v", s)
		}
		if s.Listeners+s.VoiceParticipants > s.Endpoints || s.VideoParticipants > s.Endpoints ||
			s.Listeners < 0 || s.VoiceParticipants < 0 || s.VideoParticipants < 0 {
			t.Fatalf("media counts exceed the endpoints: %+v", s)
		}
		sized := 0
		for _, n := range s.BySize {
			if n < 0 {
				t.Fatalf("negative size class: %+v", s)
			}
			sized += n
		}
		if sized < s.Meetings {
			t.Fatalf("size classes hold fewer meetings than bbb_meetings: %+v", s)
		}
	})
}

// ourWords are the parser's own vocabulary, which error messages may contain.
const ourWords = "XML at byte : the root element is not <response> text outside the root element (not an XML answer) " +
	"text after the root element a second root element an end tag that does not match the open element " +
	"an end tag without a start tag a malformed start tag elements nested deeper than 256 levels " +
	"the input ends inside a tag, comment or CDATA section (truncated) no XML element found " +
	"the input ends with elements open (truncated) a document type or other declaration, which a BBB answer never has " +
	"a tag longer than 1 MiB the answer has no <returncode> <returncode> is neither SUCCESS nor FAILED " +
	"is neither true nor false is not a count (more than 9 digits) is negative, not a count BBB answered FAILED (messageKey unrecognised) an element this parser skips " +
	"(inside <response> <meetings> <meeting> <attendees> <attendee> <meetingID> <internalMeetingID> <parentMeetingID> " +
	"<isBreakout> <participantCount> <listenerCount> <voiceParticipantCount> <videoCount> <userID> <role> " +
	"<isListeningOnly> <hasJoinedVoice> <hasVideo> <clientType> <messageKey> checksumError noMeetings notFound " +
	"invalidMeetingIdentifier missingParamMeetingID unsupportedRequest sentRequestTooLarge maxConcurrent apiNotEnabled serverError"

func checkNoEcho(t *testing.T, msg string, in []byte) {
	const run = 12
	for _, w := range strings.Fields(ourWords) { // our element names next to input bytes
		if strings.HasPrefix(w, "<") {
			msg = strings.ReplaceAll(msg, w, "\x00")
		}
	}
	for i := 0; i+run <= len(in); i++ {
		w := string(in[i : i+run])
		if strings.Contains(msg, w) && !strings.Contains(ourWords, w) && strings.Trim(w, "0123456789 ") != "" {
			t.Fatalf("error %q repeats input %q", msg, w)
		}
	}
}

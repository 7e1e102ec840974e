package bbbapi_test

import (
	"strings"
	"testing"

	"github.com/bbbkit/bbbkit/collectors/bbbapi"
)

// TestCapAtReported: BBB 2.6+ lists users who left for about a minute while its counters already
// exclude them; the counts are cut to the counters, and counters BBB does not send cut nothing.
func TestCapAtReported(t *testing.T) {
	att := `<attendee><isListeningOnly>%L</isListeningOnly><hasJoinedVoice>%V</hasJoinedVoice><hasVideo>%C</hasVideo><clientType>HTML5</clientType></attendee>`
	a := func(l, v, c string) string {
		return strings.NewReplacer("%L", l, "%V", v, "%C", c).Replace(att)
	}
	body := `<response><returncode>SUCCESS</returncode><meetings>
<meeting><meetingID>ending</meetingID><participantCount>1</participantCount><listenerCount>0</listenerCount><voiceParticipantCount>1</voiceParticipantCount><videoCount>1</videoCount>
<attendees>` + a("false", "true", "true") + a("false", "true", "true") + a("true", "false", "false") + `</attendees></meeting>
<meeting><meetingID>starting</meetingID><participantCount>2</participantCount>
<attendees>` + a("true", "false", "false") + a("true", "false", "false") + `</attendees></meeting>
</meetings></response>`
	got, err := bbbapi.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if got.Endpoints != 3 || got.Listeners != 2 || got.VoiceParticipants != 1 || got.VideoParticipants != 1 || got.HTML5Clients != 3 {
		t.Errorf("got %+v, want 3 endpoints (1+2), 2 listeners, 1 voice, 1 video, 3 HTML5", got)
	}
}

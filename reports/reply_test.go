package reports

import (
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/reports/i18n"
)

// TestReplyTimeKeywordPerLanguage: a reply_time keyword reads in each page's language; a plain text
// is the team's and reads as written.
func TestReplyTimeKeywordPerLanguage(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	c := truthCase{
		name: "reply keywords", year: 2021,
		facts: "law_enforcement_requests:\n" +
			"  - date: 2021-03\n    authority: Polizei Köln\n    requested: IP\n    outcome: rejected\n    reply_time: weeks\n" +
			"  - date: 2021-04\n    authority: LKA\n    requested: IP\n    outcome: no_data\n    reply_time: same_day\n" +
			"  - date: 2021-05\n    authority: AG\n    requested: IP\n    outcome: rejected\n    reply_time: nach Rücksprache\n",
		hist: synth{from: day(loc, 2021, 1, 1), to: day(loc, 2021, 12, 31)},
	}
	want := map[i18n.Lang][]string{
		i18n.EN: {"| rejected | several weeks later |", "| we had no such data | the same day |", "| rejected | nach Rücksprache |"},
		i18n.DE: {"| abgelehnt | nach mehreren Wochen |", "| am selben Tag |", "| abgelehnt | nach Rücksprache |"},
	}
	for l, md := range buildTruth(t, c) {
		for _, w := range want[l] {
			if !strings.Contains(md, w) {
				t.Errorf("%s lacks %q:\n%s", l, w, md)
			}
		}
		if strings.Contains(md, "| weeks |") || strings.Contains(md, "same_day") {
			t.Errorf("%s prints a keyword:\n%s", l, md)
		}
	}
}

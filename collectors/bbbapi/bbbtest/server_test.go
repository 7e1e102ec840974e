package bbbtest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bbbkit/bbbkit/collectors/bbbapi"
	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
)

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sum(t *testing.T, algo, call, query, secret string) string {
	t.Helper()
	s, err := bbbapi.Checksum(algo, call, query, secret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestChecksumLikeBBB: the checksum covers call name, the query without the checksum
// parameter (wherever it stands) and the secret; the algorithm follows from its length.
func TestChecksumLikeBBB(t *testing.T) {
	const secret = "s3cr3t"
	srv := bbbtest.New(t, secret, bbbtest.WithAlgorithms("sha1", "sha256"))
	ok := func(body string) bool { return !strings.Contains(body, "checksumError") }
	tests := []struct {
		name, path string
		want       bool
	}{
		{"sha256", "/getMeetings?checksum=" + sum(t, "sha256", "getMeetings", "", secret), true},
		{"sha1", "/getMeetings?checksum=" + sum(t, "sha1", "getMeetings", "", secret), true},
		{"sha512 not accepted", "/getMeetings?checksum=" + sum(t, "sha512", "getMeetings", "", secret), false},
		{"wrong secret", "/getMeetings?checksum=" + sum(t, "sha256", "getMeetings", "", "other"), false},
		{"upper-case hex", "/getMeetings?checksum=" + strings.ToUpper(sum(t, "sha256", "getMeetings", "", secret)), false},
		{"missing", "/getMeetings", false},
		{"checksum in the middle", "/isMeetingRunning?meetingID=a&checksum=" +
			sum(t, "sha256", "isMeetingRunning", "meetingID=a&x=1", secret) + "&x=1", true},
		{"checksum at the end", "/isMeetingRunning?meetingID=a&checksum=" +
			sum(t, "sha1", "isMeetingRunning", "meetingID=a", secret), true},
		{"other call's checksum", "/getMeetings?checksum=" + sum(t, "sha256", "isMeetingRunning", "", secret), false},
	}
	for _, tt := range tests {
		if got := ok(get(t, srv.URL()+tt.path)); got != tt.want {
			t.Errorf("%s: accepted = %v, want %v", tt.name, got, tt.want)
		}
	}
	if body := get(t, srv.URL()); !strings.Contains(body, "<version>") {
		t.Errorf("API root = %q", body)
	}
	if n := srv.Calls(); n != 7 {
		t.Errorf("Calls = %d, want 7 getMeetings requests", n)
	}
}

func TestMeetingsXML(t *testing.T) {
	ms := bbbtest.Generate(3, 30)
	s, err := bbbapi.Parse(strings.NewReader(string(bbbtest.MeetingsXML(ms))))
	if err != nil || s.Meetings != 3 || s.Endpoints != 30 || s.DialInClients != 1 {
		t.Fatalf("Parse(MeetingsXML) = %+v, %v", s, err)
	}
	if got := string(bbbtest.MeetingsXML(nil)); !strings.Contains(got, "noMeetings") {
		t.Errorf("MeetingsXML(nil) = %q", got)
	}
	x := string(bbbtest.MeetingsXML([]bbbtest.Meeting{{Name: `<Tom & "Jerry">`}}))
	if !strings.Contains(x, "&lt;Tom &amp; &#34;Jerry&#34;&gt;") {
		t.Errorf("names are not escaped:\n%s", x)
	}
}

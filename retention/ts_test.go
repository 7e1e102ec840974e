package retention

import (
	"strings"
	"testing"
	"time"
)

var berlin = time.FixedZone("CEST", 2*3600)

func TestLineTime(t *testing.T) {
	ref := time.Date(2021, 4, 16, 0, 0, 0, 0, time.UTC)
	c := &tsContext{loc: berlin, ref: ref}
	want := time.Date(2021, 4, 15, 21, 15, 25, 0, berlin)
	cases := []struct {
		format, line string
		want         time.Time
	}{
		{"nginx-access", `192.0.2.10 - - [15/Apr/2021:21:15:25 +0200] "GET /html5client/ HTTP/1.1" 200 512 "-" "Mozilla/5.0"`, want},
		{"nginx-access", `2001:db8::1 - bob [15/Apr/2021:19:15:25 +0000] "GET /?t=2019-01-01T00:00:00Z HTTP/2.0" 200 1`, want},
		{"nginx-error", `2021/04/15 21:15:25 [error] 1234#1234: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 192.0.2.10`, want},
		{"iso8601", `2021-04-15T21:15:25.123+02:00 [bbb-web] INFO  o.b.w.c.ApiController - API call create`, want.Add(123 * time.Millisecond)},
		{"iso8601", `2021-04-15T19:15:25.123Z DEBUG o.b.c.a.r.ReceivedJsonMsgHandlerActor - Received JSON message`, want.Add(123 * time.Millisecond)},
		{"iso8601", `2021-04-15 21:15:25.123456 [DEBUG] sofia.c:7084 Channel sofia/external/1234 entering state [calling][0]`, want.Add(123456 * time.Microsecond)},
		{"iso8601", `2021-04-15T21:15:25,470613 10123 0x00007f0d9c0d2700 info    KurentoWebSocketTransport`, want.Add(470613 * time.Microsecond)},
		{"iso8601", `{"t":{"$date":"2021-04-15T21:15:25.123+02:00"},"s":"I","c":"NETWORK","msg":"Connection accepted"}`, want.Add(123 * time.Millisecond)},
		{"iso8601", `2021-04-15T21:15:25.123+0200 I NETWORK  [listener] connection accepted from 127.0.0.1:41234`, want.Add(123 * time.Millisecond)},
		{"iso8601", `2021-04-15T21:15:25+0200(343249): INFO: session 002000000000000006: closed (2nd stage)`, want},
		{"iso8601", `{"level":"info","message":"Media session created","timestamp":"2021-04-15T19:15:25.000Z"}`, want},
		{"iso8601", `2021-04-15 21:15:25 +0200 request finished`, want},
		{"iso8601", `192.0.2.10 [2021-04-15T21:15:25+02:00] {"logs":[{"level":"info","time":"2021-04-15T19:15:24.000Z"}]}`, want},
		{"rails", `I, [2021-04-15T21:15:25.123456 #1234]  INFO -- : [3f1c] Started GET "/b/abc-def" for 192.0.2.10`, want.Add(123456 * time.Microsecond)},
		{"syslog", `Apr 15 21:15:25 bbb scalelite-api[1234]: I, [2021-04-15T21:15:25.1 #1]`, want},
		{"syslog", `Apr  5 21:15:25 bbb kernel: [123.456] eth0: link up`, time.Date(2021, 4, 5, 21, 15, 25, 0, berlin)},
		{"redis", `1234:M 15 Apr 2021 21:15:25.123 * Background saving started by pid 4321`, want.Add(123 * time.Millisecond)},
		{"epoch-seconds", `1618514125: session 001000000000000001: new, realm=<bbb>`, want},
		{"epoch-seconds", `1618514125.5 something happened`, want.Add(500 * time.Millisecond)},
		{"json-epoch", `{"level":30,"time":1618514125123,"pid":1,"msg":"ws connected"}`, want.Add(123 * time.Millisecond)},
		{"json-epoch", `{"msg":"x","ts":1618514125.25}`, want.Add(250 * time.Millisecond)},
	}
	for _, tc := range cases {
		got, ok := lineTime([]byte(tc.line), c)
		if !ok || !got.Equal(tc.want) {
			t.Errorf("%s: %q\n got %v %v\nwant %v", tc.format, tc.line, got, ok, tc.want)
		}
	}
}

// Lines without a time of their own: continuations and traps.
func TestLineTimeNone(t *testing.T) {
	c := &tsContext{loc: time.UTC, ref: time.Date(2021, 4, 16, 0, 0, 0, 0, time.UTC)}
	for _, line := range []string{
		"",
		"\tat org.bigbluebutton.api.ApiController.create(ApiController.groovy:123)",
		"java.lang.NullPointerException: null",
		"   Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1234",
		"1892935: session 001000000000098249: realm <turn.example.org> user <>: incoming packet BINDING processed, success",
		"268472: : ERROR: A peer IP 169.254.38.68 denied in the range",
		"2021-02-30T10:00:00Z is no date",
		"2021-04-15T25:00:00Z is no time",
		"version 2021-04 build 12:00",
		"[15/Foo/2021:21:15:25 +0200]",
		`{"time":12345}`,
		"12345678901: not an epoch",
		"Chrome/89.0.4389.114 Safari/537.36",
		strings.Repeat("x", tsWindow) + " 2021-04-15T21:15:25Z beyond the window",
		"2021-04-17T00:00:01Z more than a day after the file's last write",
		"2099-01-01T00:00:00Z far in the future",
	} {
		if got, ok := lineTime([]byte(line), c); ok {
			t.Errorf("%q: found %v", line, got)
		}
	}
}

// The syslog year is the latest that does not put the line after the file's mtime.
func TestSyslogYear(t *testing.T) {
	line := []byte("Dec 31 23:59:59 host cron[1]: job")
	for _, tc := range []struct {
		ref  time.Time
		year int
	}{
		{time.Date(2022, 1, 1, 0, 0, 5, 0, time.UTC), 2021},
		{time.Date(2021, 12, 31, 23, 59, 59, 0, time.UTC), 2021},
		{time.Date(2021, 12, 31, 23, 30, 0, 0, time.UTC), 2021}, // within the slack
		{time.Date(2021, 12, 31, 12, 0, 0, 0, time.UTC), 2020},
		{time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC), 2020},
	} {
		got, ok := lineTime(line, &tsContext{loc: time.UTC, ref: tc.ref})
		if !ok || got.Year() != tc.year {
			t.Errorf("ref %v: got %v, want year %d", tc.ref, got, tc.year)
		}
	}
	// 29 Feb goes back to the last leap year.
	got, ok := lineTime([]byte("Feb 29 12:00:00 host x"), &tsContext{loc: time.UTC, ref: time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)})
	if !ok || got.Year() != 2020 {
		t.Errorf("Feb 29: got %v %v", got, ok)
	}
}

func TestAgerContinuation(t *testing.T) {
	mtime := time.Date(2021, 4, 20, 0, 0, 0, 0, time.UTC)
	start := time.Date(2021, 4, 15, 0, 0, 0, 0, time.UTC)
	a := newAger(tsContext{loc: time.UTC, ref: mtime}, start)
	lines := []string{
		"\tat leading.continuation(X.java:1)",
		"2021-04-16T10:00:00Z ERROR boom",
		"\tat foo.Bar(Bar.java:12)",
		"Caused by: java.io.IOException",
		"2021-04-17T10:00:00Z INFO ok",
	}
	want := []string{"2021-04-15", "2021-04-16", "2021-04-16", "2021-04-16", "2021-04-17"}
	for i, l := range lines {
		got, _, _ := a.lineTime([]byte(l), true)
		if got.Format("2006-01-02") != want[i] {
			t.Errorf("line %d: %v, want %s", i, got, want[i])
		}
	}
}

func BenchmarkLineTime(b *testing.B) {
	c := &tsContext{loc: time.UTC, ref: time.Now()}
	line := []byte(`192.0.2.10 - - [15/Apr/2021:21:15:25 +0200] "GET /bigbluebutton/api/join?meetingID=x HTTP/1.1" 302 0 "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/89.0.4389.114 Safari/537.36"`)
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		lineTime(line, c)
	}
}

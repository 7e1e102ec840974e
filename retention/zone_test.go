package retention

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// Lines without an offset (FreeSWITCH, nginx's error log, bbb-web in local
// time) are read in the host's zone, or the source's time_zone. At testNow
// with 72h retention the cutoff is 2021-04-15T12:00:00Z: a FreeSWITCH line
// stamped 13:30 is fresh in UTC but expired when written in Berlin (11:30Z).
func TestRunZoneOfLocalTimes(t *testing.T) {
	line := "2021-04-15 13:30:00.000001 [INFO] mod_sofia.c:1069 Channel is hungup\n"
	fresh := "2021-04-17 08:00:00.000001 [INFO] mod_sofia.c:1069 next\n"
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		host     *time.Location
		timeZone string
		want     string
	}{
		{"host UTC", time.UTC, "", line + fresh},
		{"host Berlin", berlin, "", fresh},
		{"source time_zone beats the host's", time.UTC, "Europe/Berlin", fresh},
		{"source UTC on a Berlin host", berlin, "UTC", line + fresh},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "freeswitch.log")
			writeFile(t, path, []byte(line+fresh), testNow.Add(-time.Hour))
			src := Source{Name: "freeswitch", Paths: []string{filepath.Join(dir, "*.log")}, TimeZone: tc.timeZone}
			if err := src.validate(); err != nil {
				t.Fatal(err)
			}
			r := newRunner(t, testConfig(src))
			r.Location = tc.host
			if _, err := r.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, path); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// Local times in the hour that daylight saving repeats (autumn) or skips
// (spring) are read without a panic, within an hour of the truth.
func TestLineTimeDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ line, utc string }{
		{"2021-10-31 02:30:00.000001 [INFO] repeated hour", "2021-10-31T00:30:00Z"}, // or 01:30Z
		{"2021-03-28 02:30:00.000001 [INFO] skipped hour", "2021-03-28T01:00:00Z"},  // does not exist
		{"Oct 31 02:30:00 bbb kernel: repeated hour", "2021-10-31T00:30:00Z"},       // syslog
		{"2021/03/28 02:30:00 [error] 1#1: skipped hour", "2021-03-28T01:00:00Z"},   // nginx error
		{"31 Oct 2021 02:30:00.000 * redis", ""},                                    // no pid: not redis
		{"1:M 31 Oct 2021 02:30:00.000 * redis repeated hour", "2021-10-31T00:30:00Z"},
	} {
		c := &tsContext{loc: berlin, ref: time.Date(2021, 11, 1, 0, 0, 0, 0, time.UTC)}
		got, ok := lineTime([]byte(tc.line), c)
		if tc.utc == "" {
			if ok {
				t.Errorf("%q: found %v", tc.line, got)
			}
			continue
		}
		want := mustTime(tc.utc)
		if d := got.Sub(want); !ok || d < -time.Hour-time.Second || d > time.Hour+time.Second {
			t.Errorf("%q: got %v %v, want %v ± 1h", tc.line, got, ok, want)
		}
	}
}

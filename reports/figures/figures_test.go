package figures

import (
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
)

// memSource is a Source in memory.
type memSource map[string][]history.Sample

func (m memSource) Nodes() ([]string, error) {
	var n []string
	for k := range m {
		n = append(n, k)
	}
	sort.Strings(n)
	return n, nil
}

func (m memSource) Range(node string, from, to time.Time, fn func(history.Sample) error) error {
	s := slices.Clone(m[node])
	sort.Slice(s, func(i, j int) bool { return s[i].Time.Before(s[j].Time) })
	for _, x := range s {
		if !x.Time.Before(from) && x.Time.Before(to) {
			if err := fn(x); err != nil {
				return err
			}
		}
	}
	return nil
}

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ep(ts string, n uint32) history.Sample { return history.Sample{Time: at(ts), Endpoints: n} }

func TestClusterPeakWhenNoNodePeaks(t *testing.T) {
	// Node a peaks at 10:00 (50), node b at 10:02 (50); together they peak at 10:01 with 40+40.
	src := memSource{
		"a": {ep("2021-06-01T10:00:00Z", 50), ep("2021-06-01T10:01:00Z", 40), ep("2021-06-01T10:02:00Z", 10)},
		"b": {ep("2021-06-01T10:00:20Z", 10), ep("2021-06-01T10:01:59Z", 40), ep("2021-06-01T10:02:30Z", 50)},
	}
	y, err := Compute(src, 2021, berlin(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if y.Peak.Endpoints != 80 || !y.Peak.Time.Equal(at("2021-06-01T10:01:00Z")) {
		t.Errorf("peak %d at %s, want 80 at 12:01 local", y.Peak.Endpoints, y.Peak.Time)
	}
	if y.Peak.Time.Location().String() != "Europe/Berlin" || y.Peak.Time.Hour() != 12 {
		t.Errorf("peak time %s not in local time", y.Peak.Time)
	}
	if y.Nodes != 2 {
		t.Errorf("nodes %d, want 2", y.Nodes)
	}
	if got := y.Months[5].Peak.Endpoints; got != 80 {
		t.Errorf("June peak %d, want 80", got)
	}
	if y.Months[4].HasData || y.Months[6].HasData {
		t.Error("May or July has data")
	}
}

func TestLaterSampleInSlotReplaces(t *testing.T) {
	src := memSource{"a": {ep("2021-06-01T10:00:10Z", 90), ep("2021-06-01T10:00:50Z", 7)}}
	y, err := Compute(src, 2021, berlin(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if y.Peak.Endpoints != 7 {
		t.Errorf("peak %d, want 7 (the slot's last sample)", y.Peak.Endpoints)
	}
}

func TestStalenessAndGaps(t *testing.T) {
	// a reports every 2 minutes (each sample stands for the minute after it too); b stops at 10:00
	// and its 30 stands for five slots, 10:00 to 10:04, then b is a gap, not a zero.
	src := memSource{
		"a": {ep("2021-06-01T10:00:00Z", 1), ep("2021-06-01T10:02:00Z", 1), ep("2021-06-01T10:04:00Z", 1),
			ep("2021-06-01T10:06:00Z", 100)},
		"b": {ep("2021-06-01T10:00:00Z", 30)},
	}
	y, err := Compute(src, 2021, berlin(t), Options{Step: time.Minute, Stale: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	// At 10:06 b has been silent for six minutes: 100, not 130.
	if y.Peak.Endpoints != 100 || !y.Peak.Time.Equal(at("2021-06-01T10:06:00Z")) {
		t.Errorf("peak %d at %s, want 100 at 10:06Z", y.Peak.Endpoints, y.Peak.Time)
	}
	y, err = Compute(memSource{"a": src["a"][:3], "b": src["b"]}, 2021, berlin(t), Options{Stale: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if y.Peak.Endpoints != 31 {
		t.Errorf("peak %d, want 31 (a's 1 and b's 30 on the same slot)", y.Peak.Endpoints)
	}
}

func TestDSTDays(t *testing.T) {
	loc := berlin(t)
	one := Options{Step: time.Minute, Stale: time.Minute}
	src := memSource{"a": {
		ep("2021-03-27T23:00:00Z", 5),  // 28 March 00:00 CET: first minute of the 23-hour day
		ep("2021-03-28T21:59:00Z", 6),  // 28 March 23:59 CEST: its last minute
		ep("2021-03-28T22:00:00Z", 7),  // 29 March 00:00 CEST
		ep("2021-10-30T22:00:00Z", 8),  // 31 October 00:00 CEST: first minute of the 25-hour day
		ep("2021-10-31T00:30:00Z", 9),  // 31 October 02:30 CEST, the first 02:30
		ep("2021-10-31T01:30:00Z", 10), // 31 October 02:30 CET, the second 02:30
		ep("2021-10-31T22:59:00Z", 11), // 31 October 23:59 CET
		ep("2021-10-31T23:30:00Z", 12), // 1 November 00:30 CET, still 31 October in UTC
	}}
	y, err := Compute(src, 2021, loc, one)
	if err != nil {
		t.Fatal(err)
	}
	if len(y.Days) != 365 {
		t.Fatalf("%d days", len(y.Days))
	}
	day := func(m time.Month, d int) Day { return y.Days[time.Date(2021, m, d, 0, 0, 0, 0, loc).YearDay()-1] }
	for _, c := range []struct {
		m    time.Month
		d    int
		peak int64
	}{{time.March, 28, 6}, {time.March, 29, 7}, {time.October, 31, 11}, {time.November, 1, 12}} {
		got := day(c.m, c.d)
		if !got.HasData || got.Peak.Endpoints != c.peak {
			t.Errorf("%s %d: peak %d (data %v), want %d", c.m, c.d, got.Peak.Endpoints, got.HasData, c.peak)
		}
	}
	if y.Peak.Endpoints != 12 || y.Peak.Time.Day() != 1 || y.Peak.Time.Month() != time.November {
		t.Errorf("year peak %d on %s, want 12 on 1 November", y.Peak.Endpoints, y.Peak.Time)
	}
	if y.Months[9].Peak.Endpoints != 11 || y.Months[10].Peak.Endpoints != 12 {
		t.Errorf("October %d, November %d", y.Months[9].Peak.Endpoints, y.Months[10].Peak.Endpoints)
	}
	if n := len(y.MissingDays()); n != 365-4 {
		t.Errorf("%d missing days, want 361", n)
	}
}

func TestTrafficPerMonthInLocalTime(t *testing.T) {
	tr := func(ts string, tx, rx uint64) history.Sample {
		return history.Sample{Time: at(ts), Endpoints: 1, TransmitBytes: tx, ReceiveBytes: rx}
	}
	src := memSource{
		"a": {
			tr("2020-12-31T22:30:00Z", 1e15, 1e15), // 31 December 23:30 local: the year before
			tr("2020-12-31T23:30:00Z", 3e12, 1e12), // 1 January 00:30 local
			tr("2021-01-31T23:30:00Z", 5e12, 0),    // 1 February 00:30 local
		},
		"b": {tr("2021-01-15T12:00:00Z", 2e12, 1e12), tr("2021-12-31T22:59:59Z", 1, 2)},
	}
	y, err := Compute(src, 2021, berlin(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if y.Months[0].TransmitBytes != 5e12 || y.Months[0].ReceiveBytes != 2e12 {
		t.Errorf("January %d/%d", y.Months[0].TransmitBytes, y.Months[0].ReceiveBytes)
	}
	if y.Months[1].TransmitBytes != 5e12 || y.Months[11].TransmitBytes != 1 || y.Months[11].ReceiveBytes != 2 {
		t.Errorf("February %d, December %d/%d", y.Months[1].TransmitBytes, y.Months[11].TransmitBytes, y.Months[11].ReceiveBytes)
	}
	if y.TransmitBytes != 10e12+1 || y.ReceiveBytes != 2e12+2 {
		t.Errorf("year %d/%d", y.TransmitBytes, y.ReceiveBytes)
	}
	if tb := TB(y.TransmitBytes); tb < 10 || tb > 10.000001 {
		t.Errorf("TB %v", tb)
	}
	if pct, ok := OutgoingShare(3, 1); !ok || pct != 75 {
		t.Errorf("share %v %v", pct, ok)
	}
	if _, ok := OutgoingShare(0, 0); ok {
		t.Error("share of nothing")
	}
}

func TestEmptyYear(t *testing.T) {
	y, err := Compute(memSource{"a": {ep("2021-06-01T10:00:00Z", 3)}}, 2020, berlin(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if y.HasData || y.Nodes != 0 || len(y.Days) != 366 || len(y.MissingDays()) != 366 {
		t.Errorf("empty leap year: data %v nodes %d days %d", y.HasData, y.Nodes, len(y.Days))
	}
}

func TestSampleBeforeYearStandsForFirstMinutes(t *testing.T) {
	// 31 December 23:58 local: stands for 23:58 to 00:02, so the new year starts with data.
	src := memSource{"a": {ep("2020-12-31T22:58:00Z", 9)}}
	y, err := Compute(src, 2021, berlin(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !y.Days[0].HasData || y.Days[0].Peak.Endpoints != 9 || y.Nodes != 0 {
		t.Errorf("1 January: %+v, nodes %d", y.Days[0], y.Nodes)
	}
	if y.Days[0].Peak.Time.Hour() != 0 || y.Days[0].Peak.Time.Minute() != 0 {
		t.Errorf("peak at %s, want 00:00", y.Days[0].Peak.Time)
	}
}

func TestManyNodesInParallel(t *testing.T) {
	src := memSource{}
	for i := range 9 {
		name := string(rune('a' + i))
		src[name] = []history.Sample{ep("2021-06-01T10:00:00Z", uint32(i+1)), {Time: at("2021-07-01T10:00:00Z"), Endpoints: 1, TransmitBytes: uint64(i)}}
	}
	y, err := Compute(src, 2021, berlin(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if y.Peak.Endpoints != 45 || y.Nodes != 9 || y.Months[6].TransmitBytes != 36 {
		t.Errorf("peak %d, nodes %d, July %d", y.Peak.Endpoints, y.Nodes, y.Months[6].TransmitBytes)
	}
}

// A sample where the BBB API did not answer is a gap, never zero participants: the day it spans has
// no data and cannot be the quietest.
func TestAPIFailureIsAGap(t *testing.T) {
	loc := berlin(t)
	failed := func(ts string) history.Sample { return history.Sample{Time: at(ts), TransmitBytes: 5} }
	src := memSource{"bbb1": {
		ep("2021-03-01T10:00:00Z", 40),
		failed("2021-03-02T10:00:00Z"), failed("2021-03-02T11:00:00Z"),
		{Time: at("2021-03-03T10:00:00Z"), HasMeetings: true},
	}}
	y, err := Compute(src, 2021, loc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) Day { return y.Days[time.Date(2021, 3, d, 0, 0, 0, 0, loc).YearDay()-1] }
	if !day(1).HasData || day(1).Peak.Endpoints != 40 {
		t.Errorf("1 March: %+v, want 40", day(1))
	}
	if day(2).HasData {
		t.Errorf("2 March (API failed all day) has data: %+v", day(2))
	}
	if !day(3).HasData || day(3).Peak.Endpoints != 0 {
		t.Errorf("3 March (a measured zero): %+v", day(3))
	}
	if y.Months[2].TransmitBytes != 10 {
		t.Errorf("March transmit %d, want the failed samples' 10 bytes", y.Months[2].TransmitBytes)
	}
}

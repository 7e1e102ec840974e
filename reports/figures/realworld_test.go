package figures

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
)

// TestClockSkewAndIntervals adds up nodes whose clocks and intervals differ as they do in a real
// cluster: twenty nodes sampling every minute, half at :03 and half at :57 seconds with a few
// seconds of jitter (so a sample now and then slips into the next minute), one node every 15
// seconds and one every 5 minutes (jittered too). Every node carries 7 endpoints all day, so the
// cluster has 22 × 7 = 154 at every instant: a peak above 154 would count a node twice, one below
// would have lost a node.
func TestClockSkewAndIntervals(t *testing.T) {
	loc := berlin(t)
	src := memSource{}
	day := time.Date(2021, 6, 1, 0, 0, 0, 0, loc)
	jitter := func(i, n int) time.Duration { return time.Duration((i*7919+n*31)%9-4) * time.Second }
	for n := range 20 {
		sec := 3 * time.Second
		if n%2 == 1 {
			sec = 57 * time.Second
		}
		var s []history.Sample
		for i := -10; i < 24*60+10; i++ {
			s = append(s, history.Sample{Time: day.Add(time.Duration(i)*time.Minute + sec + jitter(i, n)), Endpoints: 7})
		}
		src[string(rune('a'+n))+"-1m"] = s
	}
	var fast, slow []history.Sample
	for i := -40; i < 24*60*4+40; i++ {
		fast = append(fast, history.Sample{Time: day.Add(time.Duration(i) * 15 * time.Second), Endpoints: 7})
	}
	for i := -2; i < 24*12+2; i++ {
		slow = append(slow, history.Sample{Time: day.Add(time.Duration(i)*5*time.Minute + 30*time.Second + jitter(i, 99)), Endpoints: 7})
	}
	src["fast-15s"], src["slow-5m"] = fast, slow
	y, err := Compute(src, 2021, loc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := y.Days[day.YearDay()-1]
	if !d.HasData || d.Peak.Endpoints != 154 || y.Peak.Endpoints != 154 || y.Nodes != 22 {
		t.Errorf("peak %d (year %d, nodes %d), want 154 of 22 nodes", d.Peak.Endpoints, y.Peak.Endpoints, y.Nodes)
	}
	if got := len(y.MissingDays()); got != 362 { // 31 May and 2 June have a few minutes
		t.Errorf("%d days without data, want 362", got)
	}
}

// TestNodesJoinAndLeave: a node added in July counts from July, a node removed at the end of March
// stops counting after the staleness window; the year's node count names all three.
func TestNodesJoinAndLeave(t *testing.T) {
	loc := berlin(t)
	hourly := func(from, to time.Time, v uint32) []history.Sample {
		var s []history.Sample
		for t := from; t.Before(to); t = t.Add(time.Minute) {
			if t.Minute()%30 == 0 || t.Hour() == 10 { // half-hourly, and every minute around 10:00
				s = append(s, history.Sample{Time: t, Endpoints: v, TransmitBytes: 1})
			}
		}
		return s
	}
	date := func(m time.Month, d int) time.Time { return time.Date(2021, m, d, 0, 0, 0, 0, loc) }
	src := memSource{
		"always": hourly(date(1, 1), date(12, 31).AddDate(0, 0, 1), 5),
		"joins":  hourly(date(7, 1), date(12, 31).AddDate(0, 0, 1), 10),
		"leaves": hourly(date(1, 1), date(4, 1), 20),
	}
	y, err := Compute(src, 2021, loc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := [12]int64{25, 25, 25, 5, 5, 5, 15, 15, 15, 15, 15, 15}
	for m, w := range want {
		if got := y.Months[m].Peak.Endpoints; got != w {
			t.Errorf("%s: peak %d, want %d", time.Month(m+1), got, w)
		}
	}
	if y.Nodes != 3 || len(y.MissingDays()) != 0 {
		t.Errorf("nodes %d, missing days %d", y.Nodes, len(y.MissingDays()))
	}
	// 1 April just after midnight: the leaving node's last sample (31 March 23:30) is stale by then.
	if d := y.Days[date(4, 1).YearDay()-1]; d.Peak.Endpoints != 5 {
		t.Errorf("1 April: peak %d, want 5", d.Peak.Endpoints)
	}
}

// TestLeapYear: 2024 has 366 days; 29 February is a day of its own, in February, and 31 December
// ends the year.
func TestLeapYear(t *testing.T) {
	loc := berlin(t)
	src := memSource{"a": {
		ep("2024-02-29T09:00:00Z", 29), // 10:00 local on 29 February
		ep("2024-03-01T09:00:00Z", 1),
		ep("2024-12-31T22:50:00Z", 31), // 23:50 local on 31 December
		ep("2024-12-31T23:10:00Z", 99), // 00:10 local on 1 January 2025: not 2024
	}}
	y, err := Compute(src, 2024, loc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(y.Days) != 366 {
		t.Fatalf("%d days, want 366", len(y.Days))
	}
	feb29 := y.Days[59]
	if feb29.Date.Month() != time.February || feb29.Date.Day() != 29 || feb29.Peak.Endpoints != 29 {
		t.Errorf("day 60: %+v", feb29)
	}
	if y.Months[1].Peak.Endpoints != 29 || y.Months[2].Peak.Endpoints != 1 || y.Peak.Endpoints != 31 {
		t.Errorf("February %d, March %d, year %d", y.Months[1].Peak.Endpoints, y.Months[2].Peak.Endpoints, y.Peak.Endpoints)
	}
	if last := y.Days[365]; last.Date.Day() != 31 || last.Peak.Endpoints != 31 {
		t.Errorf("31 December: %+v", last)
	}
}

// TestDuplicateImport imports the same samples twice into a real history file, as a repeated
// `report import` does: the figures, traffic above all, do not double.
func TestDuplicateImport(t *testing.T) {
	loc := berlin(t)
	h, err := history.Open(filepath.Join(t.TempDir(), "h.db"), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var batch []history.Sample
	for i := range 120 {
		batch = append(batch, history.Sample{Time: at("2021-05-03T08:00:00Z").Add(time.Duration(i) * time.Minute),
			Endpoints: uint32(i), TransmitBytes: 1e9, ReceiveBytes: 1e8})
	}
	for range 2 {
		if err := h.Append("bbb1.example.org", batch...); err != nil {
			t.Fatal(err)
		}
	}
	y, err := Compute(h, 2021, loc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if y.TransmitBytes != 120e9 || y.ReceiveBytes != 12e9 || y.Peak.Endpoints != 119 {
		t.Errorf("tx %d rx %d peak %d, want 120e9, 12e9, 119", y.TransmitBytes, y.ReceiveBytes, y.Peak.Endpoints)
	}
}

// TestPartialDays: a day on which the exporter ran only in the morning has data, but less than
// half the usual coverage, and is listed (so is the day after the data ends, with its few stale
// minutes); a day with an hour's outage is not; nor is any day of a
// history sampled only at certain hours, which is judged against itself.
func TestPartialDays(t *testing.T) {
	loc := berlin(t)
	var s []history.Sample
	for tm := time.Date(2021, 3, 1, 0, 0, 0, 0, loc); tm.Before(time.Date(2021, 3, 11, 0, 0, 0, 0, loc)); tm = tm.Add(time.Minute) {
		switch {
		case tm.Day() == 4 && tm.Hour() >= 9: // down from 09:00
		case tm.Day() == 6 && tm.Hour() == 14: // an hour's outage
		default:
			s = append(s, history.Sample{Time: tm, Endpoints: 3})
		}
	}
	y, err := Compute(memSource{"a": s}, 2021, loc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 11 March has only the minutes the last sample of 10 March stands for.
	p := y.PartialDays()
	if len(p) != 2 || p[0].Day() != 4 || p[1].Day() != 11 || p[0].Month() != time.March {
		t.Errorf("partial days %v, want 4 and 11 March", p)
	}
	if c := y.Days[time.Date(2021, 3, 4, 0, 0, 0, 0, loc).YearDay()-1].Coverage; c < 0.37 || c > 0.38 {
		t.Errorf("4 March coverage %v, want 9 h 5 min of 24 h", c)
	}
	// Twice a day, every day: every day alike, none partial.
	var sparse []history.Sample
	for d := time.Date(2021, 1, 1, 0, 0, 0, 0, loc); d.Year() == 2021; d = d.AddDate(0, 0, 1) {
		sparse = append(sparse, history.Sample{Time: d.Add(10 * time.Hour), Endpoints: 1}, history.Sample{Time: d.Add(15 * time.Hour), Endpoints: 2})
	}
	y, err = Compute(memSource{"a": sparse}, 2021, loc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p := y.PartialDays(); len(p) != 0 {
		t.Errorf("sparse history: partial days %v", p)
	}
	if p := (&Year{}).PartialDays(); p != nil {
		t.Errorf("empty year: %v", p)
	}
}

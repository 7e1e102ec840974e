package demo

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
	"github.com/bbbkit/bbbkit/reports/figures"
)

type historySample = history.Sample

var (
	once   sync.Once
	shared *Memory
	errAt  error
)

// filled is the demo history of 2025, simulated once for all tests.
func filled(t *testing.T) *Memory {
	t.Helper()
	once.Do(func() {
		shared = NewMemory()
		loc, _ := time.LoadLocation("Europe/Berlin")
		errAt = Fill(shared, 2025, loc)
	})
	if errAt != nil {
		t.Fatal(errAt)
	}
	return shared
}

func TestDemoYear(t *testing.T) {
	f, err := Facts()
	if err != nil {
		t.Fatal(err)
	}
	m := filled(t)
	y, err := figures.Compute(m, f.Year, f.Location, figures.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, d := range y.MissingDays() {
		missing = append(missing, d.Format(time.DateOnly))
	}
	if !reflect.DeepEqual(missing, Missing) {
		t.Errorf("missing days %v, want %v", missing, Missing)
	}
	if y.Nodes != len(Nodes) {
		t.Errorf("nodes %d", y.Nodes)
	}
	// The winter semester carries the peak; the summer break is quiet.
	if m := y.Peak.Time.Month(); m != time.November && m != time.December {
		t.Errorf("peak in %s", m)
	}
	if y.Months[7].Peak.Endpoints*2 > y.Peak.Endpoints {
		t.Errorf("August peak %d not well below the year's %d", y.Months[7].Peak.Endpoints, y.Peak.Endpoints)
	}
	// Both days of the clock change have data.
	for _, d := range []time.Time{time.Date(2025, 3, 30, 0, 0, 0, 0, f.Location), time.Date(2025, 10, 26, 0, 0, 0, 0, f.Location)} {
		if !y.Days[d.YearDay()-1].HasData {
			t.Errorf("no data on %s", d.Format(time.DateOnly))
		}
	}
	prev, err := figures.Compute(m, f.Year-1, f.Location, figures.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !prev.HasData || prev.Peak.Endpoints >= y.Peak.Endpoints {
		t.Errorf("previous year: data %v, peak %d", prev.HasData, prev.Peak.Endpoints)
	}
}

func TestDemoCounterReset(t *testing.T) {
	m := filled(t)
	var before, after uint64
	m.Range(ResetNode, ResetAt.Add(-Interval), ResetAt.Add(Interval), func(s historySample) error {
		if s.Time.Before(ResetAt) {
			before = s.TransmitBytes
		} else {
			after = s.TransmitBytes
		}
		return nil
	})
	// After the restart the delta is the new counter's value, not a wrap-around of the old one.
	if after == 0 || after > 1e8 || before == 0 {
		t.Errorf("around the reset: %d then %d", before, after)
	}
}

func TestDemoDeterministic(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	from, to := time.Date(2024, 1, 1, 0, 0, 0, 0, loc), time.Date(2024, 2, 1, 0, 0, 0, 0, loc)
	a := simulate(2, from, to, 2025, loc, nil)
	if b := simulate(2, from, to, 2025, loc, nil); !reflect.DeepEqual(a, b) {
		t.Error("two simulations differ")
	}
	if got := filled(t).nodes[Nodes[2].Name][:len(a)]; !reflect.DeepEqual(a, got) {
		t.Error("the filled history differs from a fresh simulation")
	}
}

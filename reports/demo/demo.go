// Package demo simulates two years of a service of several BigBlueButton servers — semesters, a
// winter peak, weekdays, a few days without data, a counter reset — so that a whole report can be
// built with no setup.
package demo

import (
	_ "embed"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
	"github.com/bbbkit/bbbkit/reports/facts"
	"github.com/bbbkit/bbbkit/reports/importer"
)

//go:embed facts.yml
var factsYAML []byte

// Facts returns the demo's facts file, parsed.
func Facts() (*facts.Facts, error) { return facts.Parse("demo/facts.yml", factsYAML) }

// Nodes are the simulated servers with their share of the load.
var Nodes = []struct {
	Name   string
	Weight float64
}{
	{"bbb1.example.org", 1.0}, {"bbb2.example.org", 1.0}, {"bbb3.example.org", 0.9},
	{"bbb4.example.org", 0.9}, {"bbb5.example.org", 0.7}, {"bbb6.example.org", 0.6},
}

// Interval is the time between two simulated samples of a node.
const Interval = 5 * time.Minute

// Missing are the days (in the report's year) on which no node has data.
var Missing = []string{"2025-02-11", "2025-02-12", "2025-08-19"}

// ResetNode restarts on ResetAt: its traffic counters begin again at zero.
const ResetNode = "bbb3.example.org"

// ResetAt is when ResetNode restarts.
var ResetAt = time.Date(2025, time.June, 3, 4, 10, 0, 0, time.UTC)

// Appender takes samples; *history.Store is one.
type Appender interface {
	Append(node string, samples ...history.Sample) error
}

// Fill writes the simulated years year-1 and year into h, deterministically.
func Fill(h Appender, year int, loc *time.Location) error {
	missing := map[[2]int]bool{}
	for _, d := range Missing {
		day, err := time.ParseInLocation(time.DateOnly, d, loc)
		if err != nil {
			return fmt.Errorf("demo missing day %q: %w", d, err)
		}
		missing[[2]int{day.Year(), day.YearDay()}] = true
	}
	from := time.Date(year-1, time.January, 1, 0, 0, 0, 0, loc)
	to := time.Date(year+1, time.January, 1, 0, 0, 0, 0, loc)
	for i, n := range Nodes {
		if err := h.Append(n.Name, simulate(i, from, to, year, loc, missing)...); err != nil {
			return fmt.Errorf("demo node %s: %w", n.Name, err)
		}
	}
	return nil
}

// simulate is node i's samples from from to to.
func simulate(i int, from, to time.Time, year int, loc *time.Location, missing map[[2]int]bool) []history.Sample {
	n := Nodes[i]
	rng := rand.New(rand.NewPCG(uint64(year), uint64(i)+1))
	var tx, rx, lastTx, lastRx float64
	batch := make([]history.Sample, 0, int(to.Sub(from)/Interval)+1)
	for t := from; t.Before(to); t = t.Add(Interval) {
		local := t.In(loc)
		ep := participants(local, year) * n.Weight * (0.85 + 0.3*rng.Float64())
		tx += ep * 300 * 19e3 * (0.9 + 0.2*rng.Float64()) // about 150 kbit/s out per participant
		rx += ep * 300 * 4e3 * (0.9 + 0.2*rng.Float64())  // and 30 kbit/s in
		tx += 2e6 * rng.Float64()                         // the host's own chatter
		rx += 1e6 * rng.Float64()
		if n.Name == ResetNode && !t.Before(ResetAt) && t.Add(-Interval).Before(ResetAt) {
			tx, rx = 5e6, 1e6 // restarted: the counters start again
		}
		if missing[[2]int{local.Year(), local.YearDay()}] {
			continue
		}
		batch = append(batch, history.Sample{
			Time:          t.UTC(),
			Endpoints:     uint32(math.Round(ep)),
			HasMeetings:   true,
			TransmitBytes: uint64(importer.CounterDelta(lastTx, tx)),
			ReceiveBytes:  uint64(importer.CounterDelta(lastRx, rx)),
		})
		lastTx, lastRx = tx, rx
	}
	return batch
}

// participants is a node's expected load at a local instant: a working-day curve, quieter weekends,
// semesters with a winter peak, holidays, and a year-on-year growth.
func participants(t time.Time, year int) float64 {
	h := float64(t.Hour()) + float64(t.Minute())/60
	day := math.Exp(-sq(h-10.5)/4) + 0.8*math.Exp(-sq(h-15)/5) + 0.15*math.Exp(-sq(h-20)/3)
	switch t.Weekday() {
	case time.Saturday:
		day *= 0.15
	case time.Sunday:
		day *= 0.1
	case time.Friday:
		day *= 0.8
	}
	growth := 1.0
	if t.Year() < year {
		growth = 0.8
	}
	return 200 * day * season(t) * growth
}

// season follows a German university year: winter semester busiest towards December, summer
// semester a little quieter, breaks and Christmas quiet.
func season(t time.Time) float64 {
	m, d := t.Month(), t.Day()
	switch {
	case m == time.December && d >= 22, m == time.January && d <= 6:
		return 0.15
	case m == time.January, m == time.February && d <= 14:
		return 0.9
	case m == time.February, m == time.March, m == time.April && d < 14:
		return 0.35
	case m < time.July || m == time.July && d <= 18:
		return 0.75
	case m < time.October || m == time.October && d < 13:
		return 0.3
	case m == time.October:
		return 0.85
	case m == time.November:
		return 0.95 + 0.1*float64(d)/30
	default:
		return 1.05
	}
}

func sq(x float64) float64 { return x * x }

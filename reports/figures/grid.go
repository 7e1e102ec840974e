package figures

import (
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
)

// grid is the year cut into slots of one step, starting at local midnight of 1 January. Cluster
// values are sums over nodes per slot; a slot no node stands for has no data.
type grid struct {
	loc        *time.Location
	start, end time.Time
	step       int64 // seconds
	staleSlots int64 // how many slots one sample stands for
	sum        []int64
	present    []bool
	// short is, per slot, how many endpoints the nodes missing there could have added: each node
	// in service (between its first and last sample with known endpoints) that has no value
	// standing in the slot counts its own highest known endpoints. Zero where every node in
	// service stands.
	short []int64
	// monthEdges are the unix seconds of each month's start, 13 entries.
	monthEdges [13]int64
	tx, rx     [12]uint64
}

func newGrid(year int, loc *time.Location, opts Options) *grid {
	g := &grid{
		loc:   loc,
		start: time.Date(year, time.January, 1, 0, 0, 0, 0, loc),
		end:   time.Date(year+1, time.January, 1, 0, 0, 0, 0, loc),
		step:  int64(opts.Step / time.Second),
	}
	if g.step < 1 {
		g.step = 1
	}
	g.staleSlots = ceilDiv(int64(opts.Stale/time.Second), g.step)
	n := ceilDiv(g.end.Unix()-g.start.Unix(), g.step)
	g.sum = make([]int64, n)
	g.present = make([]bool, n)
	g.short = make([]int64, n)
	for m := 0; m <= 12; m++ {
		g.monthEdges[m] = time.Date(year, time.January+time.Month(m), 1, 0, 0, 0, 0, loc).Unix()
	}
	return g
}

// slot is the index of the slot holding unix second t (negative before the year).
func (g *grid) slot(t int64) int64 { return floorDiv(t-g.start.Unix(), g.step) }

// edge is the first slot starting at or after the local instant t.
func (g *grid) edge(t time.Time) int64 { return ceilDiv(t.Unix()-g.start.Unix(), g.step) }

// nodeAcc feeds one node's samples, in time order, into the grid.
type nodeAcc struct {
	g            *grid
	has          bool
	lastK, lastV int64
	month        int
	inYear       bool
	// runs are the slot ranges [from, to] in which a value of this node stands, in order.
	runs [][2]int64
	// known tells whether the node had a sample with known endpoints in the read window; firstKK
	// and lastKK are the slots of the first and last of those, maxV their highest endpoints.
	known           bool
	firstKK, lastKK int64
	maxV            int64
}

func (g *grid) node() *nodeAcc { return &nodeAcc{g: g} }

func (a *nodeAcc) add(s history.Sample) {
	g := a.g
	t := s.Time.Unix()
	if t >= g.monthEdges[0] && t < g.monthEdges[12] {
		a.inYear = true
		for t >= g.monthEdges[a.month+1] {
			a.month++
		}
		g.tx[a.month] += s.TransmitBytes
		g.rx[a.month] += s.ReceiveBytes
	}
	k, v := g.slot(t), int64(s.Endpoints)
	if !s.HasMeetings && s.Endpoints == 0 {
		// The BBB API did not answer (or no BBB runs here, as on a TURN server): the endpoints are
		// unknown, a gap and never zero. A sample written without the flag but with a count (older
		// imports) still counts. The bytes above still count; the last known value stops standing here.
		if a.has && k > a.lastK {
			a.fill(a.lastK+1, min(k-1, a.lastK+g.staleSlots-1))
			a.has = false
		}
		return
	}
	if !a.known {
		a.known, a.firstKK = true, k
	}
	a.lastKK, a.maxV = k, max(a.maxV, v)
	if a.has && k == a.lastK {
		// A later sample in the same slot replaces the earlier one.
		if a.put(k) {
			g.sum[k] += v - a.lastV
		}
		a.lastV = v
		return
	}
	if a.has {
		a.fill(a.lastK+1, min(k-1, a.lastK+g.staleSlots-1))
	}
	if a.put(k) {
		g.sum[k] += v
		g.present[k] = true
		a.stand(k, k)
	}
	a.has, a.lastK, a.lastV = true, k, v
}

// fill lets the last sample stand for slots from..to while it is not stale.
func (a *nodeAcc) fill(from, to int64) {
	g := a.g
	from, to = max(from, 0), min(to, int64(len(g.sum))-1)
	for k := from; k <= to; k++ {
		g.sum[k] += a.lastV
		g.present[k] = true
	}
	if from <= to {
		a.stand(from, to)
	}
}

// stand records that the node's value stands in slots from..to (called in time order).
func (a *nodeAcc) stand(from, to int64) {
	if n := len(a.runs); n > 0 && a.runs[n-1][1] >= from-1 {
		a.runs[n-1][1] = max(a.runs[n-1][1], to)
		return
	}
	a.runs = append(a.runs, [2]int64{from, to})
}

// missing adds the node's highest known endpoints to every slot of its time in service in which
// no value of it stands. Its time in service runs from its first to its last sample with known
// endpoints; knownBefore and knownAfter say that it also had such samples before and after the
// read window, so that it was in service from the year's start or to its end. A node added or
// retired during the year is thus no gap before or after, one whose BBB API failed (or whose
// exporter was down) for a while in between is.
func (a *nodeAcc) missing(knownBefore, knownAfter bool) {
	g := a.g
	if !a.known || a.maxV == 0 {
		return
	}
	lo, hi := a.firstKK, a.lastKK
	if knownBefore {
		lo = 0
	}
	if knownAfter {
		hi = int64(len(g.short)) - 1
	}
	lo, hi = max(lo, 0), min(hi, int64(len(g.short))-1)
	next := lo
	for _, r := range append(a.runs, [2]int64{hi + 1, hi + 1}) {
		for k := next; k < min(r[0], hi+1); k++ {
			g.short[k] += a.maxV
		}
		next = max(next, r[1]+1)
	}
}

func (a *nodeAcc) put(k int64) bool { return k >= 0 && k < int64(len(a.g.sum)) }

func (a *nodeAcc) finish() {
	if a.has {
		a.fill(a.lastK+1, a.lastK+a.g.staleSlots-1)
	}
}

// merge adds another grid of the same year into g.
func (g *grid) merge(o *grid) {
	for k := range g.sum {
		g.sum[k] += o.sum[k]
		g.present[k] = g.present[k] || o.present[k]
		g.short[k] += o.short[k]
	}
	for m := range g.tx {
		g.tx[m] += o.tx[m]
		g.rx[m] += o.rx[m]
	}
}

// summarise turns the slots into days, months and the year.
func (g *grid) summarise(y *Year) {
	for d := g.start; d.Before(g.end); d = d.AddDate(0, 0, 1) {
		day := Day{Date: d}
		lo, hi := g.edge(d), min(g.edge(d.AddDate(0, 0, 1)), int64(len(g.sum)))
		present := 0
		for k := lo; k < hi; k++ {
			if !g.present[k] {
				continue
			}
			present++
			if !day.HasData || g.sum[k] > day.Peak.Endpoints {
				day.Peak = Peak{Endpoints: g.sum[k], Time: g.start.Add(time.Duration(k*g.step) * time.Second)}
			}
			day.HasData = true
			day.Upper = max(day.Upper, g.sum[k]+g.short[k])
		}
		if hi > lo {
			day.Coverage = float64(present) / float64(hi-lo)
		}
		y.Days = append(y.Days, day)
	}
	for m := range y.Months {
		y.Months[m] = Month{
			Start:         time.Date(g.start.Year(), time.January+time.Month(m), 1, 0, 0, 0, 0, g.loc),
			TransmitBytes: g.tx[m], ReceiveBytes: g.rx[m],
		}
		y.TransmitBytes += g.tx[m]
		y.ReceiveBytes += g.rx[m]
	}
	for _, d := range y.Days {
		if !d.HasData {
			continue
		}
		m := &y.Months[d.Date.Month()-1]
		if !m.HasData || d.Peak.Endpoints > m.Peak.Endpoints {
			m.Peak = d.Peak
		}
		m.HasData = true
		m.Upper = max(m.Upper, d.Upper)
		if !y.HasData || d.Peak.Endpoints > y.Peak.Endpoints {
			y.Peak = d.Peak
		}
		y.HasData = true
		y.Upper = max(y.Upper, d.Upper)
	}
	// Traffic alone (a node that sent bytes but whose endpoints were all beyond the grid) still counts.
	if y.TransmitBytes+y.ReceiveBytes > 0 {
		y.HasData = true
	}
	for i := range y.Days {
		y.Days[i].Peak.Time = y.Days[i].Peak.Time.In(g.loc)
	}
	for i := range y.Months {
		y.Months[i].Peak.Time = y.Months[i].Peak.Time.In(g.loc)
		if y.Months[i].TransmitBytes+y.Months[i].ReceiveBytes > 0 {
			y.Months[i].HasData = true
		}
	}
	y.Peak.Time = y.Peak.Time.In(g.loc)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

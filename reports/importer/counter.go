// Package importer fills the history store from outside: a CSV file of per-node samples, or range
// queries against anything that speaks Prometheus' HTTP query API.
package importer

// CounterDelta is what a monotonic counter grew by from prev to cur. A smaller cur means the counter
// was reset (the exporter or the host restarted) and counts again from zero, so the growth is cur
// itself; the bytes between the last reading before the reset and the reset are lost, as in
// Prometheus' increase().
func CounterDelta(prev, cur float64) float64 {
	if cur < prev {
		return cur
	}
	return cur - prev
}

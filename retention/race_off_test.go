//go:build !race

package retention

// raceEnabled says the tests run under the race detector, which costs
// memory and time: limits and rounds adapt.
const raceEnabled = false

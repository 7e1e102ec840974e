// Package cputime reads the CPU time this process has used, for benchmarks on a shared machine:
// there the wall clock per operation overstates the work, the process's user and system time does
// not (it includes the garbage collector's share, and that of any stand-in server in the process).
package cputime

import (
	"testing"
	"time"
)

// Report adds the CPU time per operation since since (a value of Self) to b as cpu-ns/op.
func Report(b *testing.B, since time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(Self()-since)/float64(b.N), "cpu-ns/op")
	}
}

//go:build !linux

package main

import (
	"github.com/prometheus/client_golang/prometheus"
	promcollectors "github.com/prometheus/client_golang/prometheus/collectors"
)

// newProcessCollector is client_golang's process collector where there is no /proc.
func newProcessCollector(string) prometheus.Collector {
	return promcollectors.NewProcessCollector(promcollectors.ProcessCollectorOpts{})
}

// Command exporter serves anonymous aggregates of a BigBlueButton server (meetings, concurrent
// endpoints), its media stack's systemd units and its network traffic to Prometheus, and keeps
// a history of them for the yearly report. No metric, log line or history record points at a
// person. See docs/metrics.md and docs/deployment.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "exporter:", err)
		os.Exit(1)
	}
}

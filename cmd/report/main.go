// Command bbbkit-report writes the yearly transparency report of a BigBlueButton service from the history
// of anonymous aggregates, in German and English, as a Hugo page bundle with charts.
//
// Exit codes: 0 success, 1 the command failed (bad facts, CSV or history, no data for --year), 2
// wrong usage.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/bbbkit/bbbkit/internal/buildinfo"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, buildinfo.Report+":", err)
		var u usageError
		if errors.As(err, &u) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

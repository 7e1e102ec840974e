package main

import (
	"context"
	"log"
	"log/slog"
	"regexp"
	"strings"
)

// clientAddress matches an IPv4 address or a bracketed IPv6 address, with an optional port:
// how net/http writes a client's address into its error log ("TLS handshake error from …",
// "panic serving …").
var clientAddress = regexp.MustCompile(`\[[0-9A-Fa-f:.%]*[0-9A-Za-z]*\](?::[0-9]+)?|\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?::[0-9]+)?\b`)

// serverErrorLog is the log net/http's server reports connection errors to: each line goes
// to logger at warn level with client addresses replaced by "[client]", since the client of
// a mistyped URL or a port scan may be a person.
func serverErrorLog(logger *slog.Logger) *log.Logger {
	return log.New(addressRedactor{logger}, "", 0)
}

type addressRedactor struct{ logger *slog.Logger }

func (w addressRedactor) Write(p []byte) (int, error) {
	msg := clientAddress.ReplaceAllString(strings.TrimRight(string(p), "\n"), "[client]")
	w.logger.Log(context.Background(), slog.LevelWarn, msg)
	return len(p), nil
}

// Package retention enforces the log retention and scrubbing policy of a host:
// it decides each line's age from its own timestamp, deletes what is expired,
// rewrites what is left with addresses scrubbed, and audits the result for the
// data protection officer.
package retention

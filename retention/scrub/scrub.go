// Package scrub finds IPv4 and IPv6 addresses in log lines and masks them to a
// network prefix or redacts them, leaving every other byte of the line alone.
//
// The scanner is a hand-written byte loop: it jumps from one '.' or ':' to
// the next, looks at the token around it, validates candidate addresses
// strictly and copies untouched spans verbatim. It allocates nothing per line
// once the destination buffer has grown.
//
// An address is recognised in any notation logs use (with a port, bracketed,
// with a zone, IPv4-mapped, NAT64, 6to4, upper case, zero-padded, inside
// URLs, URL escapes, SIP URIs, SDP, JSON and escaped JSON) when it stands as
// a token of its own. Left alone are times, MAC addresses, version numbers
// after a product or package name (Chrome/89.0.4389.114, bbb-web-2.3.0.1),
// dotted numbers of six or more parts, "::" in C++ and Ruby names (an IPv6
// address must hold a decimal digit), fingerprints, hex IDs and UUIDs.
// docs/scrubbing.md describes the rules and the reasons for them.
package scrub

import (
	"errors"
	"fmt"
)

// Mode says what happens to an address that is found.
type Mode int

const (
	// Mask keeps the configured number of leading bits and zeroes the rest,
	// keeping the address's notation (brackets, port, zone, case, padding).
	Mask Mode = iota
	// Redact replaces an IPv4 address with RedactedIPv4 and an IPv6 address
	// with RedactedIPv6.
	Redact
)

// String returns "mask" or "redact".
func (m Mode) String() string {
	switch m {
	case Mask:
		return "mask"
	case Redact:
		return "redact"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode turns "mask" or "redact" into a Mode.
func ParseMode(s string) (Mode, error) {
	switch s {
	case "mask", "":
		return Mask, nil
	case "redact":
		return Redact, nil
	}
	return 0, fmt.Errorf("unknown scrub mode %q (want mask or redact)", s)
}

// The tokens that Redact writes in place of an address. They are addresses
// themselves so that log parsers expecting one keep working, and they carry
// no host bits, so scrubbing them again changes nothing.
const (
	RedactedIPv4 = "0.0.0.0"
	RedactedIPv6 = "::"
)

// Default prefixes kept when masking.
const (
	DefaultIPv4Prefix = 24
	DefaultIPv6Prefix = 48
)

// Options configure a Scrubber. The zero value masks to /24 and /48.
type Options struct {
	// Mode is Mask (the default) or Redact.
	Mode Mode
	// IPv4Prefix and IPv6Prefix are the bits kept when masking; 0 means the
	// defaults 24 and 48. Use Redact to remove addresses entirely.
	IPv4Prefix, IPv6Prefix int
	// Phones masks dial-in callers' phone numbers (FreeSWITCH lines).
	Phones bool
	// Emails masks the local part of e-mail addresses.
	Emails bool
	// KeepHostNames leaves reverse-DNS host names that spell an address
	// (s104-238-125-129.example.net, ip-10-0-0-1.ec2.internal) alone; by
	// default their address is masked like any other (see hostname.go).
	KeepHostNames bool
}

// Scrubber scrubs lines. It holds no mutable state, so one Scrubber may be
// used by any number of goroutines at once.
type Scrubber struct {
	mode   Mode
	p4, p6 int
	phones bool
	emails bool
	names  bool // mask host names that spell an address
	noSkip bool // tests: scan byte by byte, without jumping to '.' and ':'
}

// New validates opts and returns a Scrubber.
func New(opts Options) (*Scrubber, error) {
	s := &Scrubber{mode: opts.Mode, p4: opts.IPv4Prefix, p6: opts.IPv6Prefix,
		phones: opts.Phones, emails: opts.Emails, names: !opts.KeepHostNames}
	if s.mode != Mask && s.mode != Redact {
		return nil, fmt.Errorf("scrub: unknown mode %d", int(opts.Mode))
	}
	if s.p4 < 0 || s.p4 > 32 {
		return nil, fmt.Errorf("scrub: ipv4 prefix %d out of range 0..32", s.p4)
	}
	if s.p6 < 0 || s.p6 > 128 {
		return nil, fmt.Errorf("scrub: ipv6 prefix %d out of range 0..128", s.p6)
	}
	if s.p4 == 0 {
		s.p4 = DefaultIPv4Prefix
	}
	if s.p6 == 0 {
		s.p6 = DefaultIPv6Prefix
	}
	return s, nil
}

// ErrNilScrubber is returned by Stream on a nil Scrubber.
var ErrNilScrubber = errors.New("scrub: nil Scrubber")

// Options returns the effective options (with defaults filled in).
func (s *Scrubber) Options() Options {
	return Options{Mode: s.mode, IPv4Prefix: s.p4, IPv6Prefix: s.p6, Phones: s.phones, Emails: s.emails,
		KeepHostNames: !s.names}
}

// AppendLine appends the scrubbed line to dst and returns the extended
// buffer. n is the number of addresses (and phone numbers and e-mail
// addresses, if enabled) that scrubbing changed: an address that already
// carries no more than the kept prefix (e.g. 192.0.2.0 under /24) is left
// as it is and not counted, so scrubbing twice changes nothing and counts 0.
// The line may end in "\n" or not; every byte other than the scrubbed
// spans is copied unchanged.
func (s *Scrubber) AppendLine(dst, line []byte) (out []byte, n int) {
	return s.scan(dst, line, true)
}

// Count returns how many addresses (and phones/e-mails, if enabled) in line
// scrubbing would change, without building any output. It never returns the
// addresses themselves.
func (s *Scrubber) Count(line []byte) int {
	_, n := s.scan(nil, line, false)
	return n
}

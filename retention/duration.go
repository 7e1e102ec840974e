package retention

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Duration is a length of time in the config: Go's notation (72h, 90m)
// plus days (3d) and weeks (1w).
type Duration time.Duration

// UnmarshalYAML decodes a Duration and names the line of a malformed value.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: duration must be a string like 72h or 3d", n.Line)
	}
	v, err := ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML renders the duration in Go's notation.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// String renders the duration in Go's notation.
func (d Duration) String() string { return time.Duration(d).String() }

// ParseDuration parses Go's duration notation extended by d (24h) and w (168h),
// e.g. "72h", "3d", "1d12h".
func ParseDuration(s string) (time.Duration, error) {
	orig := s
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("invalid duration %q", orig)
	}
	neg := false
	if s[0] == '-' {
		neg, s = true, s[1:]
	}
	var total time.Duration
	for s != "" {
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		j := i
		for j < len(s) && !(s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
			j++
		}
		num, unit := s[:i], s[i:j]
		if num == "" || unit == "" {
			return 0, fmt.Errorf("invalid duration %q (use e.g. 72h or 3d)", orig)
		}
		var part time.Duration
		switch unit {
		case "d", "w":
			f, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, fmt.Errorf("invalid duration %q (use e.g. 72h or 3d)", orig)
			}
			day := 24 * time.Hour
			if unit == "w" {
				day *= 7
			}
			part = time.Duration(f * float64(day))
		default:
			p, err := time.ParseDuration(num + unit)
			if err != nil {
				return 0, fmt.Errorf("invalid duration %q (use e.g. 72h or 3d)", orig)
			}
			part = p
		}
		total += part
		s = s[j:]
	}
	if neg {
		total = -total
	}
	return total, nil
}

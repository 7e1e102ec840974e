package dashboards

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// promqlKeywords are words of PromQL that look like identifiers but name no series. Inf and NaN are
// numbers; by, without, on, ignoring, group_left and group_right may be followed by a label list.
var promqlKeywords = map[string]bool{
	"and": true, "or": true, "unless": true, "bool": true, "offset": true, "atan2": true,
	"by": true, "without": true, "on": true, "ignoring": true, "group_left": true, "group_right": true,
	"inf": true, "nan": true,
}

// labelListKeywords are followed by a parenthesised list of label names, which are no metrics.
var labelListKeywords = map[string]bool{
	"by": true, "without": true, "on": true, "ignoring": true, "group_left": true, "group_right": true,
}

// metricNames returns the metric names a PromQL expression selects, sorted and without duplicates.
// It is a small tokenizer, not a parser: it skips strings, comments, label matchers in {},
// ranges and durations in [], numbers, Grafana variables ($x, ${x}), function and aggregation names
// (an identifier followed by "(") and label lists after by/without/on/ignoring/group_left/group_right.
// It fails on an unterminated string or an unbalanced bracket.
func metricNames(expr string) ([]string, error) {
	var names []string
	i := 0
	for i < len(expr) {
		c := expr[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '#':
			for i < len(expr) && expr[i] != '\n' {
				i++
			}
		case c == '"' || c == '\'' || c == '`':
			end, err := skipString(expr, i)
			if err != nil {
				return nil, err
			}
			i = end
		case c == '{' || c == '[':
			end, err := skipGroup(expr, i)
			if err != nil {
				return nil, err
			}
			i = end
		case c == '}' || c == ']':
			return nil, fmt.Errorf("unbalanced %q at offset %d", c, i)
		case c == '$':
			i = skipVariable(expr, i)
		case isDigit(c) || c == '.' && i+1 < len(expr) && isDigit(expr[i+1]):
			i = skipNumber(expr, i)
		case isIdentStart(c):
			start := i
			for i < len(expr) && isIdentPart(expr[i]) {
				i++
			}
			word := expr[start:i]
			next := skipSpace(expr, i)
			lower := strings.ToLower(word)
			switch {
			case labelListKeywords[lower] && next < len(expr) && expr[next] == '(':
				end, err := skipGroup(expr, next)
				if err != nil {
					return nil, err
				}
				i = end
			case promqlKeywords[lower]:
			case next < len(expr) && expr[next] == '(' || isAggregationModifier(expr[next:]):
				// a function or an aggregation ("sum by (x) (...)"); its arguments are read as they come
			default:
				names = append(names, word)
			}
		default:
			i++
		}
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// skipString returns the offset after the string literal that starts at i.
func skipString(s string, i int) (int, error) {
	quote := s[i]
	for j := i + 1; j < len(s); j++ {
		switch {
		case s[j] == '\\' && quote != '`':
			j++
		case s[j] == quote:
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("unterminated string at offset %d", i)
}

// skipGroup returns the offset after the bracket that closes the one at i ({, [ or (), skipping
// strings and nested brackets.
func skipGroup(s string, i int) (int, error) {
	var stack []byte
	for j := i; j < len(s); j++ {
		switch c := s[j]; c {
		case '"', '\'', '`':
			end, err := skipString(s, j)
			if err != nil {
				return 0, err
			}
			j = end - 1
		case '{':
			stack = append(stack, '}')
		case '[':
			stack = append(stack, ']')
		case '(':
			stack = append(stack, ')')
		case '}', ']', ')':
			if len(stack) == 0 || stack[len(stack)-1] != c {
				return 0, fmt.Errorf("unbalanced %q at offset %d", c, j)
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return j + 1, nil
			}
		}
	}
	return 0, fmt.Errorf("unclosed %q at offset %d", s[i], i)
}

// skipVariable returns the offset after a Grafana variable at i: $name or ${name...}.
func skipVariable(s string, i int) int {
	i++
	if i < len(s) && s[i] == '{' {
		if end := strings.IndexByte(s[i:], '}'); end >= 0 {
			return i + end + 1
		}
		return len(s)
	}
	for i < len(s) && isIdentPart(s[i]) {
		i++
	}
	return i
}

// skipNumber returns the offset after a number or duration at i (5, 0.8, 1e9, 0x1f, 1h30m, 1e-3).
func skipNumber(s string, i int) int {
	for i < len(s) {
		c := s[i]
		switch {
		case isIdentPart(c) || c == '.':
			i++
		case (c == '+' || c == '-') && (s[i-1] == 'e' || s[i-1] == 'E') && !strings.HasPrefix(strings.ToLower(s[:i]), "0x"):
			i++
		default:
			return i
		}
	}
	return i
}

// isAggregationModifier tells whether s starts with the word by or without (any case), which after
// an identifier makes it an aggregation operator.
func isAggregationModifier(s string) bool {
	for _, kw := range []string{"by", "without"} {
		if len(s) >= len(kw) && strings.EqualFold(s[:len(kw)], kw) && (len(s) == len(kw) || !isIdentPart(s[len(kw)])) {
			return true
		}
	}
	return false
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isIdentStart(c byte) bool {
	return c == '_' || c == ':' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) }

func TestMetricNames(t *testing.T) {
	cases := []struct {
		expr string
		want []string
	}{
		{`up`, []string{"up"}},
		{`up{job="bbb"} == 0`, []string{"up"}},
		{`absent(up{job="bbb"})`, []string{"up"}},
		{`bbb_unit_tasks / (bbb_unit_tasks_limit > 0) > 0.8`, []string{"bbb_unit_tasks", "bbb_unit_tasks_limit"}},
		{`sum by (instance) (rate(x_total{unit="freeswitch"}[5m])) / on (instance) group_left max by (instance) (y)`, []string{"x_total", "y"}},
		{`sum(rate(a[5m])) by (le, instance)`, []string{"a"}},
		{`SUM BY (le) (a) OR b`, []string{"a", "b"}},
		{`histogram_quantile(0.9, sum by (le) (rate(h_bucket{i=~"$instance"}[$__rate_interval])))`, []string{"h_bucket"}},
		{`label_replace(a * 8, "direction", "transmit", "", "") or label_replace(b, "d", "by (x)", "", "")`, []string{"a", "b"}},
		{`a unless on (instance, collector) label_replace(b == 0, "collector", "bbb", "", "")`, []string{"a", "b"}},
		{`a offset 1h30m + b @ start() - c[5m:1m] + d offset -5m`, []string{"a", "b", "c", "d"}},
		{`count(a == 1) or vector(0) + Inf - NaN + 1e9 + 1e-3 + 0x1F + .5`, []string{"a"}},
		{`-8 * a + b bool > c and ignoring (x) d unless e`, []string{"a", "b", "c", "d", "e"}},
		{`a{l="}", m='{', n=` + "`]`" + `} # comment b`, []string{"a"}},
		{`rec:rule:sum5m + ${instance} + $__interval`, []string{"rec:rule:sum5m"}},
		{`a * on (x) group_right (y, z) b`, []string{"a", "b"}},
		{`{__name__="hidden"}`, nil},
		{`atan2(a, b) + a`, []string{"a", "b"}},
	}
	for _, c := range cases {
		got, err := metricNames(c.expr)
		if err != nil {
			t.Errorf("metricNames(%q): %v", c.expr, err)
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("metricNames(%q) = %q, want %q", c.expr, got, c.want)
		}
	}
}

func TestMetricNamesErrors(t *testing.T) {
	for _, expr := range []string{`a{l="x}`, `a{l="x"`, `rate(a[5m)`, `a}`, `sum by (le (a)`, "a{l=`x}"} {
		if got, err := metricNames(expr); err == nil {
			t.Errorf("metricNames(%q) = %q, want an error", expr, got)
		}
	}
}

// FuzzMetricNames checks that the tokenizer never panics and only returns identifiers.
func FuzzMetricNames(f *testing.F) {
	f.Add(`sum by (instance) (rate(bbb_unit_cpu_seconds_total{unit="freeswitch"}[5m]))`)
	f.Fuzz(func(t *testing.T, expr string) {
		names, err := metricNames(expr)
		if err != nil {
			return
		}
		for _, n := range names {
			if n == "" || !isIdentStart(n[0]) || strings.IndexFunc(n, func(r rune) bool { return r > 127 || !isIdentPart(byte(r)) }) >= 0 {
				t.Fatalf("metricNames(%q) returned %q", expr, n)
			}
		}
	})
}

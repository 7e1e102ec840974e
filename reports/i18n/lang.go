// Package i18n holds the report's German and English text side by side and formats numbers, dates,
// money and traffic the way each language writes them.
package i18n

import (
	"fmt"
	"regexp"
	"strings"
)

// Lang is a report language.
type Lang string

// The report's languages.
const (
	DE Lang = "de"
	EN Lang = "en"
)

// Langs lists every language the report is written in, in output order.
var Langs = []Lang{DE, EN}

// ParseLangs reads a comma-separated list such as "de,en".
func ParseLangs(s string) ([]Lang, error) {
	var out []Lang
	for _, p := range strings.Split(s, ",") {
		l := Lang(strings.TrimSpace(p))
		switch l {
		case DE, EN:
		default:
			return nil, fmt.Errorf("language %q: want de or en", p)
		}
		for _, seen := range out {
			if seen == l {
				return nil, fmt.Errorf("language %q given twice", p)
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// Msg is one message in both languages. Placeholders are written {name}.
type Msg struct {
	DE, EN string
}

// In returns the message's text in lang.
func (m Msg) In(lang Lang) string {
	if lang == DE {
		return m.DE
	}
	return m.EN
}

var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// Placeholders lists the names of s's placeholders, in order of appearance.
func Placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// T returns message key in lang with its placeholders filled from args, given as name, value pairs
// of already formatted text. A key or placeholder that is missing yields a visible marker, which the
// tests catch, rather than a silent blank.
func T(lang Lang, key string, args ...string) string {
	m, ok := Messages[key]
	if !ok {
		return "[missing message " + key + "]"
	}
	vals := make(map[string]string, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		vals[args[i]] = args[i+1]
	}
	text := m.In(lang)
	var b strings.Builder
	last := 0
	for _, loc := range placeholder.FindAllStringSubmatchIndex(text, -1) {
		b.WriteString(text[last:loc[0]])
		last = loc[1]
		v, ok := vals[text[loc[2]:loc[3]]]
		if !ok {
			v = "[missing " + text[loc[0]:loc[1]] + "]"
		}
		b.WriteString(v)
		// A value that ends a sentence with its own full stop ("19.8.") takes the sentence's.
		if strings.HasSuffix(v, ".") && strings.HasPrefix(text[last:], ".") {
			last++
		}
	}
	b.WriteString(text[last:])
	return b.String()
}

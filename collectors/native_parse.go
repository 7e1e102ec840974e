package collectors

// A reader of the Prometheus text format (version 0.0.4) for the native collector: it keeps only
// the samples of allow-listed families and, of their labels, only the vocabulary's, so that the
// rest of an endpoint (other families, the components' go_*, process_* and nodejs_* metrics,
// per-worker and per-user series) is passed over a line at a time without being taken apart.
// Every line is still checked for the format's syntax; a malformed one fails the source.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// nativeType is a family's TYPE; samples of histograms and summaries are never kept.
type nativeType uint8

const (
	nativeUntyped nativeType = iota
	nativeCounter
	nativeGauge
	nativeOther // histogram, summary
)

// nativeLabel is a label of the vocabulary with one of its values.
type nativeLabel struct{ name, value string }

// nativeSample is one sample of an allow-listed family: its vocabulary labels and its value.
type nativeSample struct {
	labels []nativeLabel
	value  float64
}

// nativeFamily is what one endpoint reported of an allow-listed family.
type nativeFamily struct {
	typ     nativeType
	samples []nativeSample
}

// errNativeSyntax marks input that is not the text format; it names the line, never its text.
var errNativeSyntax = errors.New("not the Prometheus text format")

// maxNativeLine bounds one line of an endpoint's answer.
const maxNativeLine = 64 << 10

// nativeReaders keeps the line readers (64 KiB each) from one scrape to the next. A pooled buffer
// keeps the tail of the last answer until the next one overwrites it, as a freed buffer would until
// the heap reuses it; nothing reads it.
var nativeReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, maxNativeLine) }}

// parseNativeText reads an exposition in the text format and returns the allow-listed families,
// by name, with the samples of counters, gauges and untyped families.
func parseNativeText(r io.Reader) (map[string]*nativeFamily, error) {
	br := nativeReaders.Get().(*bufio.Reader)
	br.Reset(r)
	defer func() { br.Reset(nil); nativeReaders.Put(br) }()
	fams := map[string]*nativeFamily{}
	types := map[string]nativeType{} // TYPE lines of allow-listed families
	for n := 1; ; n++ {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, fmt.Errorf("line %d: longer than %d bytes: %w", n, maxNativeLine, errNativeSyntax)
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("read: %w", err)
		}
		if len(line) > 0 {
			if perr := parseNativeLine(bytes.TrimRight(line, "\n"), fams, types); perr != nil {
				return nil, fmt.Errorf("line %d: %w", n, perr)
			}
		}
		if err != nil {
			return fams, nil
		}
	}
}

// parseNativeLine takes one line: a comment, a blank line or a sample.
func parseNativeLine(line []byte, fams map[string]*nativeFamily, types map[string]nativeType) error {
	line = skipBlanks(line)
	if len(line) == 0 {
		return nil
	}
	if line[0] == '#' {
		f := bytes.Fields(line[1:])
		if len(f) < 3 || string(f[0]) != "TYPE" || !nativeFamilies[string(f[1])] {
			return nil // HELP, other comments, other families
		}
		// The type is the rest of the line, in any case; a backslash in it stands for nothing.
		typ := bytes.ToUpper(bytes.ReplaceAll(bytes.Join(f[2:], []byte(" ")), []byte(`\`), nil))
		t := nativeUntyped
		switch string(typ) {
		case "COUNTER":
			t = nativeCounter
		case "GAUGE":
			t = nativeGauge
		case "HISTOGRAM", "SUMMARY", "GAUGE_HISTOGRAM", "GAUGEHISTOGRAM":
			t = nativeOther
		case "UNTYPED":
		default:
			return fmt.Errorf("unknown type: %w", errNativeSyntax)
		}
		types[string(f[1])] = t
		return nil
	}
	var name, rest []byte
	if line[0] == '{' { // the name quoted inside the braces, as UTF-8 names are written
		var ok bool
		if name, rest, ok = quotedName(skipBlanks(line[1:])); !ok {
			return fmt.Errorf("no metric name: %w", errNativeSyntax)
		}
		rest = skipBlanks(rest)
		switch {
		case len(rest) > 0 && rest[0] == ',':
			rest = append([]byte{'{'}, rest[1:]...)
		case len(rest) > 0 && rest[0] == '}':
			rest = rest[1:]
		default:
			return fmt.Errorf("want , or } after the name: %w", errNativeSyntax)
		}
	} else {
		k := 0
		for k < len(line) && metricNameByte(line[k], k == 0) {
			k++
		}
		if k == 0 {
			return fmt.Errorf("no metric name: %w", errNativeSyntax)
		}
		name, rest = line[:k], line[k:]
	}
	keep := nativeFamilies[string(name)] && types[string(name)] != nativeOther
	var labels []nativeLabel
	if r := skipBlanks(rest); len(r) > 0 && r[0] == '{' {
		rest = r
		var err error
		if labels, rest, err = parseNativeLabels(rest[1:], keep); err != nil {
			return err
		}
	}
	f := bytes.Fields(rest)
	if len(f) < 1 || len(f) > 2 {
		return fmt.Errorf("want a value after the name and labels: %w", errNativeSyntax)
	}
	v, err := strconv.ParseFloat(string(f[0]), 64)
	if err != nil {
		return fmt.Errorf("value: %w", errNativeSyntax)
	}
	if len(f) == 2 {
		if _, err := strconv.ParseInt(string(f[1]), 10, 64); err != nil {
			return fmt.Errorf("timestamp: %w", errNativeSyntax)
		}
	}
	if !keep {
		return nil
	}
	fam := fams[string(name)]
	if fam == nil {
		fam = &nativeFamily{typ: types[string(name)]}
		fams[string(name)] = fam
	}
	fam.samples = append(fam.samples, nativeSample{labels: labels, value: v})
	return nil
}

func metricNameByte(c byte, first bool) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || !first && c >= '0' && c <= '9'
}

// parseNativeLabels reads name="value",... up to the closing '}' and returns what follows it.
// With keep, the labels of the vocabulary with one of its values are returned.
func parseNativeLabels(b []byte, keep bool) ([]nativeLabel, []byte, error) {
	var out []nativeLabel
	for {
		b = skipBlanks(b)
		if len(b) > 0 && b[0] == '}' {
			return out, b[1:], nil
		}
		var name []byte
		if len(b) > 0 && b[0] == '"' { // a quoted (UTF-8) label name
			var ok bool
			if name, b, ok = quotedName(b); !ok {
				return nil, nil, fmt.Errorf("label name: %w", errNativeSyntax)
			}
		} else {
			k := 0
			for k < len(b) && metricNameByte(b[k], k == 0) && b[k] != ':' {
				k++
			}
			if k == 0 {
				return nil, nil, fmt.Errorf("label name: %w", errNativeSyntax)
			}
			name, b = b[:k], b[k:]
		}
		b = skipBlanks(b)
		if len(b) < 2 || b[0] != '=' {
			return nil, nil, fmt.Errorf("label %s: want =\"value\": %w", labelForError(name), errNativeSyntax)
		}
		b = skipBlanks(b[1:])
		if len(b) == 0 || b[0] != '"' {
			return nil, nil, fmt.Errorf("label %s: want a quoted value: %w", labelForError(name), errNativeSyntax)
		}
		end, escaped := quotedValueEnd(b[1:])
		if end < 0 {
			return nil, nil, fmt.Errorf("label %s: unterminated value: %w", labelForError(name), errNativeSyntax)
		}
		value := b[1 : 1+end]
		b = b[end+2:]
		if keep {
			if l, ok := nativeVocabulary(name, value, escaped); ok {
				out = append(out, l)
			}
		}
		b = skipBlanks(b)
		if len(b) > 0 && b[0] == ',' {
			b = b[1:]
		} else if len(b) == 0 || b[0] != '}' {
			return nil, nil, fmt.Errorf("label %s: want , or }: %w", labelForError(name), errNativeSyntax)
		}
	}
}

// nativeCanon maps each label name of the vocabulary to itself and to its values, each to
// itself: the parser looks a label up with the bytes it read and keeps the vocabulary's own
// strings, allocating nothing for a label that passes or not.
var nativeCanon = func() map[string]canonLabel {
	m := make(map[string]canonLabel, len(nativeLabels))
	for name, values := range nativeLabels {
		c := canonLabel{name: name, values: make(map[string]string, len(values))}
		for v := range values {
			c.values[v] = v
		}
		m[name] = c
	}
	return m
}()

type canonLabel struct {
	name   string
	values map[string]string
}

// nativeVocabulary returns the label name=value (value escaped as in the text format when escaped)
// when it is in the vocabulary.
func nativeVocabulary(name, value []byte, escaped bool) (nativeLabel, bool) {
	c, ok := nativeCanon[string(name)]
	if !ok {
		return nativeLabel{}, false
	}
	var v string
	if escaped {
		v, ok = c.values[unescapeLabel(value)]
	} else {
		v, ok = c.values[string(value)]
	}
	return nativeLabel{name: c.name, value: v}, ok
}

// skipBlanks drops the spaces and tabs at the start of b.
func skipBlanks(b []byte) []byte {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return b[i:]
}

// labelForError names a label in an error: a name of the vocabulary, else none (a label name is
// the component's, but could be anything in a broken answer).
func labelForError(name []byte) string {
	if _, ok := nativeLabels[string(name)]; ok {
		return string(name)
	}
	return "(not in the vocabulary)"
}

// quotedName reads the quoted name at the start of b, unescaped, and returns what follows its
// closing '"'; ok is false when b does not start with a quoted string.
func quotedName(b []byte) (name, rest []byte, ok bool) {
	if len(b) == 0 || b[0] != '"' {
		return nil, nil, false
	}
	end, escaped := quotedValueEnd(b[1:])
	if end < 0 {
		return nil, nil, false
	}
	name = b[1 : 1+end]
	if escaped {
		name = []byte(unescapeLabel(name))
	}
	return name, b[end+2:], true
}

// quotedValueEnd returns the index of the closing '"' of a label value (b starts after the
// opening one), or -1, and whether the value holds escapes.
func quotedValueEnd(b []byte) (int, bool) {
	escaped := false
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\\':
			escaped = true
			i++
		case '"':
			return i, escaped
		}
	}
	return -1, escaped
}

// unescapeLabel decodes \\, \" and \n in a label value.
func unescapeLabel(v []byte) string {
	out := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			i++
			switch v[i] {
			case 'n':
				out = append(out, '\n')
			default:
				out = append(out, v[i])
			}
			continue
		}
		out = append(out, v[i])
	}
	return string(out)
}

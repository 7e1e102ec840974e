package bbbapi

// Values: the text of the elements the parser reads, decoded as XML says and turned into
// counts, flags and hashes.

import (
	"bytes"
	"unicode/utf8"
)

// valueError is what is wrong with a value, in our words (never repeating it).
type valueError string

func (e valueError) Error() string { return string(e) }

// parseBool reads an XML Schema boolean: true or false (BBB writes them in lower case; any
// case is taken), 1 or 0. An empty element is an absent flag: false.
func parseBool(v []byte) (bool, error) {
	switch {
	case len(v) == 0, string(v) == "false":
		return false, nil
	case string(v) == "true":
		return true, nil
	case bytes.EqualFold(v, []byte("true")), string(v) == "1":
		return true, nil
	case bytes.EqualFold(v, []byte("false")), string(v) == "0":
		return false, nil
	}
	return false, valueError("is neither true nor false")
}

// parseCount reads a non-negative decimal count of at most 9 digits (999,999,999 is far
// beyond any BBB server). An empty element is an absent count: 0.
func parseCount(v []byte) (int, error) {
	switch {
	case len(v) == 0:
		return 0, nil
	case v[0] == '-':
		return 0, valueError("is negative, not a count")
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, valueError("is not a count")
		}
		n = n*10 + int(c-'0')
		if n > 999_999_999 {
			return 0, valueError("is not a count (more than 9 digits)")
		}
	}
	return n, nil
}

// hashID reduces an ID to 64 bits (FNV-1a) so that breakout rooms can be matched with their
// parent meeting without keeping any ID. Zero means absent.
func hashID(v []byte) uint64 {
	if len(v) == 0 {
		return 0
	}
	h := uint64(14695981039346656037)
	for _, c := range v {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h | 1
}

// decodeReferences appends v to dst with XML's predefined entities (&amp; &lt; &gt; &quot;
// &apos;) and character references (&#38; &#x26;) decoded. A reference it does not know is
// kept as it stands: such a value is then not one the parser recognises (no count, no
// flag), or hashes differently, which is the most it can do wrong.
func decodeReferences(dst, v []byte) []byte {
	for {
		i := bytes.IndexByte(v, '&')
		if i < 0 {
			return append(dst, v...)
		}
		dst = append(dst, v[:i]...)
		v = v[i:]
		end := bytes.IndexByte(v, ';')
		if end < 0 || end > 12 {
			dst = append(dst, '&')
			v = v[1:]
			continue
		}
		ref := v[1:end]
		r := rune(-1)
		switch string(ref) {
		case "amp":
			r = '&'
		case "lt":
			r = '<'
		case "gt":
			r = '>'
		case "quot":
			r = '"'
		case "apos":
			r = '\''
		default:
			r = charRef(ref)
		}
		if r < 0 {
			dst = append(dst, '&')
			v = v[1:]
			continue
		}
		dst = utf8.AppendRune(dst, r)
		v = v[end+1:]
	}
}

// charRef decodes the inside of a character reference (#38 or #x26), or gives -1.
func charRef(ref []byte) rune {
	if len(ref) < 2 || ref[0] != '#' {
		return -1
	}
	digits, base := ref[1:], int64(10)
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return -1
	}
	var n int64
	for _, c := range digits {
		var d int64
		switch {
		case c >= '0' && c <= '9':
			d = int64(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = int64(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = int64(c-'A') + 10
		default:
			return -1
		}
		n = n*base + d
		if n > utf8.MaxRune {
			return -1
		}
	}
	if !isXMLChar(rune(n)) {
		return -1
	}
	return rune(n)
}

// isXMLChar reports whether r may appear in an XML document (the Char production).
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// normalizeNewlines turns CR LF and lone CR into LF in place, as an XML processor does
// before parsing (a character reference &#13; survives, as it is decoded afterwards).
func normalizeNewlines(v []byte) []byte {
	out := v[:0]
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '\r' {
			c = '\n'
			if i+1 < len(v) && v[i+1] == '\n' {
				i++
			}
		}
		out = append(out, c)
	}
	return out
}

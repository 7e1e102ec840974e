package bbbapi

// Byte searches for the tokenizer's fast paths, a word (eight bytes) at a time: the runs
// they search (indentation, names, short values) are too short for a call of
// bytes.IndexByte to pay off.

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// spaces8 is eight spaces read as one little-endian word.
const spaces8 = 0x2020202020202020

// skipSpace returns how many bytes at the start of b are at most ' ': indentation, mostly
// a newline and spaces, taken eight at a time.
func skipSpace(b []byte) int {
	i := 0
	if len(b) > 0 && b[0] == '\n' {
		i++
	}
	for i+8 <= len(b) {
		if x := binary.LittleEndian.Uint64(b[i:]) ^ spaces8; x != 0 {
			i += bits.TrailingZeros64(x) >> 3
			break
		}
		i += 8
	}
	for i < len(b) && b[i] <= ' ' {
		i++
	}
	return i
}

// nameStop marks the bytes that end a tag's name: white space, '/' and '>'.
var nameStop = func() (t [256]bool) {
	for c := range ' ' + 1 {
		t[c] = true
	}
	t['/'], t['>'] = true, true
	return t
}()

// Word-at-a-time byte search: lo and hi are 0x01 and 0x80 in every byte of a word. For
// a word x, ((x^c*lo)-lo) &^ (x^c*lo) & hi has the high bit set in the lowest byte equal
// to c (bytes above it may be marked too, never one below), and (x-n*lo) &^ x & hi does
// the same for the lowest byte below n (n <= 0x80). The lowest marked byte is the first
// match.
const (
	lo = 0x0101010101010101
	hi = 0x8080808080808080
)

// eqMask marks the bytes of x equal to c (exact up to the first).
func eqMask(x uint64, c byte) uint64 {
	y := x ^ uint64(c)*lo
	return (y - lo) &^ y & hi
}

// nameLen returns the length of the name at the start of b (up to a space, '/' or '>').
func nameLen(b []byte) int {
	k := 0
	for k+8 <= len(b) {
		x := binary.LittleEndian.Uint64(b[k:])
		if m := eqMask(x, '>') | eqMask(x, '/') | (x-(' '+1)*lo)&^x&hi; m != 0 {
			return k + bits.TrailingZeros64(m)>>3
		}
		k += 8
	}
	for k < len(b) && !nameStop[b[k]] {
		k++
	}
	return k
}

// indexLT is bytes.IndexByte(b, '<'), cheaper for the short values most elements have:
// the first word is searched inline.
func indexLT(b []byte) int {
	if len(b) >= 8 {
		if m := eqMask(binary.LittleEndian.Uint64(b), '<'); m != 0 {
			return bits.TrailingZeros64(m) >> 3
		}
	}
	return indexLTFrom(b)
}

// indexLTFrom is the rest of indexLT: b's first word, if it has one, has no '<'.
func indexLTFrom(b []byte) int {
	k := 0
	if len(b) >= 8 {
		k = 8
	}
	for ; k+8 <= len(b) && k < 32; k += 8 {
		if m := eqMask(binary.LittleEndian.Uint64(b[k:]), '<'); m != 0 {
			return k + bits.TrailingZeros64(m)>>3
		}
	}
	if k+8 <= len(b) {
		if j := bytes.IndexByte(b[k:], '<'); j >= 0 {
			return k + j
		}
		return -1
	}
	for ; k < len(b); k++ {
		if b[k] == '<' {
			return k
		}
	}
	return -1
}

// sameName reports whether a and b are the same bytes, comparing a word at a time (the
// last word overlapping the one before it).
func sameName(a, b []byte) bool {
	n := len(a)
	if n != len(b) {
		return false
	}
	if n < 8 {
		return string(a) == string(b)
	}
	le := binary.LittleEndian
	for i := 0; i+8 < n; i += 8 {
		if le.Uint64(a[i:]) != le.Uint64(b[i:]) {
			return false
		}
	}
	return le.Uint64(a[n-8:]) == le.Uint64(b[n-8:])
}

// plain reports whether v has neither '&' nor '\r', a word at a time.
func plain(v []byte) bool {
	if len(v) > 64 {
		return bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, '\r') < 0
	}
	for ; len(v) >= 8; v = v[8:] {
		x := binary.LittleEndian.Uint64(v)
		if eqMask(x, '&')|eqMask(x, '\r') != 0 {
			return false
		}
	}
	for _, c := range v {
		if c == '&' || c == '\r' {
			return false
		}
	}
	return true
}

package scrub

import "bytes"

// Phone numbers and e-mail addresses: optional scrubbers, off by default.
//
// A phone number is a run of 6 to 15 digits that is either written
// internationally (+4930123456), the user part of a SIP URI or FreeSWITCH
// channel (sofia/external/030123456@...), enclosed in angle brackets as in
// FreeSWITCH's "Processing 030123456 <030123456>->72013", or the value of a
// field whose name ends in "number", "name", "user" or is "ani"
// (caller_id_number: 030123456, variable_sip_from_user=030123456,
// Caller-ANI: ...), or the quoted display name of a SIP address
// ("030123456" <sip:...>). Masking keeps the '+' and the first three digits and
// writes 'x' for the rest; Redact writes 'x' for every digit.
//
// An e-mail address is local@domain.tld with a top-level domain of letters.
// Masking replaces the local part with "x"; Redact replaces the whole
// address with RedactedEmail.

// RedactedEmail replaces an e-mail address in Redact mode.
const RedactedEmail = "[email]"

const (
	phoneMin, phoneMax = 6, 15
	phoneKeep          = 3
)

func digitRun(line []byte, i int) int {
	j := i
	for j < len(line) && isDigit(line[j]) {
		j++
	}
	return j - i
}

// phoneEnds reports whether a number ending at end is not glued to more of
// a token (letters, or a decimal fraction).
func phoneEnds(line []byte, end int) bool {
	if end == len(line) {
		return true
	}
	c := line[end]
	if isWord(c) {
		return false
	}
	return c != '.' || end+1 == len(line) || !isDigit(line[end+1])
}

// tryPhone looks for a phone number at i: a '+', a '<' or the first digit of
// a token.
func (s *Scrubber) tryPhone(line []byte, i int, m *match) bool {
	switch line[i] {
	case '+':
		d := digitRun(line, i+1)
		if d >= phoneMin && d <= phoneMax && phoneEnds(line, i+1+d) {
			*m = match{start: i, end: i + 1 + d, kind: kPhone}
			return true
		}
	case '<':
		d := digitRun(line, i+1)
		if d >= phoneMin && d <= phoneMax && i+1+d < len(line) && line[i+1+d] == '>' {
			*m = match{start: i + 1, end: i + 1 + d, kind: kPhone}
			return true
		}
	default:
		d := digitRun(line, i)
		if d < phoneMin || d > phoneMax {
			return false
		}
		end := i + d
		atUser := end < len(line) && line[end] == '@' &&
			!(s.emails && i > 0 && isLocalPart(line[i-1])) // else the e-mail scrubber owns it
		if atUser || phoneEnds(line, end) && phoneKey(line, i) || displayName(line, i, end) {
			*m = match{start: i, end: end, kind: kPhone}
			return true
		}
	}
	return false
}

// displayName reports whether the digits at line[i:end] are the quoted
// display name of a SIP address: "0301234567" <sip:...>.
func displayName(line []byte, i, end int) bool {
	return i > 0 && line[i-1] == '"' && end+2 < len(line) && line[end] == '"' &&
		line[end+1] == ' ' && line[end+2] == '<'
}

// phoneKey reports whether the value starting at i follows a field name
// ending in "number", "name", "user" or "ani", or the word "Processing".
func phoneKey(line []byte, i int) bool {
	j := i
	for k := 0; k < 4 && j > 0; k++ {
		switch line[j-1] {
		case ' ', ':', '=', '"', '\'', '\\':
			j--
			continue
		}
		break
	}
	if j == i {
		return false
	}
	key := j
	for key > 0 && isLetter(line[key-1]) {
		key--
	}
	word := line[key:j]
	if hasSuffixFold(word, "number") || hasSuffixFold(word, "name") ||
		hasSuffixFold(word, "user") || hasSuffixFold(word, "processing") {
		return true
	}
	return len(word) == 3 && hasSuffixFold(word, "ani")
}

func hasSuffixFold(b []byte, suffix string) bool {
	if len(b) < len(suffix) {
		return false
	}
	b = b[len(b)-len(suffix):]
	for k := 0; k < len(b); k++ {
		if b[k]|0x20 != suffix[k] {
			return false
		}
	}
	return true
}

func (s *Scrubber) replacePhone(dst, line []byte, m *match) []byte {
	kept := 0
	for _, c := range line[m.start:m.end] {
		if !isDigit(c) {
			dst = append(dst, c)
			continue
		}
		if s.mode == Mask && kept < phoneKeep {
			dst = append(dst, c)
			kept++
			continue
		}
		dst = append(dst, 'x')
	}
	return dst
}

func isLabel(c byte) bool { return isWord(c) && c != '_' || c == '-' }

func isLocalPart(c byte) bool {
	return isWord(c) || c == '.' || c == '%' || c == '+' || c == '-'
}

// tryEmail looks for an e-mail address around the '@' at at, whose local
// part starts no earlier than min; glued says that a local part starting
// right at min is left alone (see glues).
func (s *Scrubber) tryEmail(line []byte, at, min int, glued bool, m *match) bool {
	start := at
	for start > min && isLocalPart(line[start-1]) {
		start--
	}
	if glued && start == min && min > 0 && isLocalPart(line[min-1]) {
		// Glued to the match before it, leading dots and all (see glues).
		return false
	}
	for start < at && line[start] == '.' {
		start++
	}
	if start == at || s.phones && phoneShaped(line[start:at]) {
		return false
	}
	if tryIPv4(line, at+1, at+1, m) {
		return false // user@1.2.3.4.nip.io: the address scrubber owns it
	}
	end, labels, lastLetters := at+1, 0, false
	for {
		j := end
		letters := true
		for j < len(line) && isLabel(line[j]) {
			if !isLetter(line[j]) {
				letters = false
			}
			j++
		}
		if j == end {
			break
		}
		labels++
		lastLetters = letters && j-end >= 2
		end = j
		if end+1 < len(line) && line[end] == '.' && isLabel(line[end+1]) {
			end++
			continue
		}
		break
	}
	if labels < 2 || !lastLetters {
		return false
	}
	*m = match{start: start, end: end, kind: kEmail, at: at}
	return true
}

// phoneShaped reports whether an e-mail's local part is a phone number,
// masked or not (sofia/external/030xxxxxxx@sip.example): the phone
// scrubber owns it. A masked local part "x" is no phone number.
func phoneShaped(b []byte) bool {
	if bytes.IndexByte(b, 'x') >= 0 {
		// A masked phone number followed by a sentence's dot
		// ("+493xxxxxxx.@…"): the dot was never part of it.
		b = bytes.TrimRight(b, ".")
	}
	for _, c := range b {
		if !isDigit(c) && c != '+' && c != 'x' {
			return false
		}
	}
	return len(b) >= phoneMin
}

func (s *Scrubber) replaceEmail(dst, line []byte, m *match) []byte {
	if s.mode == Redact {
		return append(dst, RedactedEmail...)
	}
	dst = append(dst, 'x')
	return append(dst, line[m.at:m.end]...)
}

package bbbapi

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

// maxDepth bounds element nesting; a BBB answer is seven levels deep.
const maxDepth = 256

// maxLeafText bounds the text kept of one element the parser reads (counts, flags, IDs).
const maxLeafText = 4096

// SyntaxError is malformed or unexpected XML. Its message names the byte offset and the
// element (from the parser's own vocabulary) but never repeats any of the input.
type SyntaxError struct {
	Offset int64
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("XML at byte %d: %s", e.Offset, e.Msg) }

// APIError is an answer with returncode FAILED.
type APIError struct {
	// MessageKey is BBB's messageKey when it is one this package knows (checksumError,
	// notFound, …), else "unrecognised"; BBB's free-text message is never kept.
	MessageKey string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("BBB answered FAILED (messageKey %s)", e.MessageKey)
}

// knownMessageKeys is the closed vocabulary of messageKeys repeated in errors.
var knownMessageKeys = []string{
	"checksumError", "noMeetings", "notFound", "invalidMeetingIdentifier",
	"missingParamMeetingID", "unsupportedRequest", "sentRequestTooLarge",
	"maxConcurrent", "apiNotEnabled", "serverError",
}

type frame struct {
	nameAt int32 // where the element's name starts in parser.names, when named
	kind   kind  // a known element's name is kindNames[kind] unless named
	named  bool  // the name is kept in parser.names: unknown, or known under a prefix
}

const (
	rcNone = iota
	rcSuccess
	rcFailed
	rcOther
)

// parser reduces a getMeetings answer to per-meeting counts while it streams.
type parser struct {
	tok        *tokenizer
	names      []byte // names of the open elements, end to end
	stack      []frame
	wantText   bool   // text matters: outside the root, or in an element whose text is read
	leafText   []byte // the text of the open leaf, escaped as in XML (CDATA's '&' escaped)
	decoded    []byte // scratch for leafText with its references decoded
	rootSeen   bool
	rootClosed bool
	returnCode int
	messageKey string
	cur        meetingRec
	att        attendee
	meetings   []meetingRec
}

// Parse reads a getMeetings (or any BBB API) answer from r and returns its aggregate.
// A FAILED answer is an *APIError, malformed XML a *SyntaxError; read errors from r are
// returned wrapped. Nothing read from r outlives the call except the counts.
func Parse(r io.Reader) (Summary, error) {
	p := getParser()
	p.tok.src = r
	defer p.release()
	if p.tok.startsWith("\xef\xbb\xbf") { // a UTF-8 byte order mark
		p.tok.r += 3
	}
	if err := p.tok.run(p); err != nil {
		return Summary{}, err
	}
	return p.result()
}

// spareParser keeps one parser and its buffers, wiped, from one scrape to the next, and
// parsers more for scrapes that overlap. A sync.Pool alone is emptied by every second garbage
// collection, which came every few scrapes: its 512 KiB window was allocated (and faulted in)
// anew every ten scrapes or so.
var (
	spareParser atomic.Pointer[parser]
	parsers     = sync.Pool{New: func() any { return newParser(nil) }}
)

// getParser takes the spare parser, else one from the pool.
func getParser() *parser {
	if p := spareParser.Swap(nil); p != nil {
		return p
	}
	return parsers.Get().(*parser)
}

// putParser keeps a wiped parser as the spare, else in the pool.
func putParser(p *parser) {
	if !spareParser.CompareAndSwap(nil, p) {
		parsers.Put(p)
	}
}

func newParser(r io.Reader) *parser {
	return &parser{tok: newTokenizer(r), stack: make([]frame, 0, 16), names: make([]byte, 0, 256),
		leafText: make([]byte, 0, 64), decoded: make([]byte, 0, 64), wantText: true}
}

// release wipes p and returns it to the pool; buffers grown unusually large are dropped.
func (p *parser) release() {
	p.forget()
	t := p.tok
	if len(t.buf) > readChunk {
		t.buf = make([]byte, readChunk)
	}
	*t = tokenizer{buf: t.buf}
	*p = parser{tok: t, names: p.names[:0], stack: p.stack[:0], leafText: p.leafText[:0],
		decoded: p.decoded[:0], meetings: p.meetings[:0], wantText: true}
	if cap(p.names) > 64<<10 || cap(p.stack) > maxDepth || cap(p.leafText) > 2*maxLeafText ||
		cap(p.decoded) > 2*maxLeafText || cap(p.meetings) > 1<<16 {
		return
	}
	putParser(p)
}

// result is the outcome of a document that ended well-formed.
func (p *parser) result() (Summary, error) {
	switch p.returnCode {
	case rcSuccess:
	case rcFailed:
		return Summary{}, &APIError{MessageKey: p.messageKey}
	case rcNone:
		return Summary{}, &SyntaxError{Offset: p.tok.offset(), Msg: "the answer has no <returncode>"}
	default:
		return Summary{}, &SyntaxError{Offset: p.tok.offset(), Msg: "<returncode> is neither SUCCESS nor FAILED"}
	}
	return summarize(p.meetings), nil
}

// forget overwrites the scratch buffers that held element names and text.
func (p *parser) forget() {
	clear(p.names[:cap(p.names)])
	clear(p.leafText[:cap(p.leafText)])
	clear(p.decoded[:cap(p.decoded)])
	clear(p.tok.buf[:p.tok.used])
	clear(p.meetings[:cap(p.meetings)]) // hashes of IDs
	p.meetings = p.meetings[:0]
}

func (p *parser) fail(msg string) error {
	if n := len(p.stack); n > 0 {
		msg += " (inside " + p.stack[n-1].kind.where() + ")"
	}
	return &SyntaxError{Offset: p.tok.offset(), Msg: msg}
}

// openLen is the length of the innermost open element's name (0 at the top level).
func (p *parser) openLen() int {
	n := len(p.stack)
	switch {
	case n == 0:
		return 0
	case p.stack[n-1].named:
		return len(p.names) - int(p.stack[n-1].nameAt)
	}
	return len(kindNames[p.stack[n-1].kind])
}

// isOpen reports whether name is that of the innermost open element.
func (p *parser) isOpen(name []byte) bool {
	n := len(p.stack)
	switch {
	case n == 0:
		return false
	case p.stack[n-1].named:
		return bytes.Equal(p.names[p.stack[n-1].nameAt:], name)
	}
	return string(name) == kindNames[p.stack[n-1].kind]
}

func (p *parser) top() kind {
	if len(p.stack) == 0 {
		return kUnknown
	}
	return p.stack[len(p.stack)-1].kind
}

func (p *parser) start(name []byte, self bool) error {
	if len(name) == 0 || !nameStart(name[0]) {
		return p.fail("a malformed start tag")
	}
	// Elements are known by their local name: a namespace prefix (which BBB never
	// writes, but a proxy rewriting the answer might) does not hide one.
	local := name
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		local = name[i+1:]
	}
	var k kind
	if len(p.stack) == 0 {
		switch {
		case p.rootClosed:
			return p.fail("a second root element")
		case string(local) != "response":
			return p.fail("the root element is not <response>")
		}
		p.rootSeen = true
		k = kResponse
	} else {
		k = child(p.top(), local)
	}
	if len(p.stack) >= maxDepth {
		return p.fail("elements nested deeper than 256 levels")
	}
	switch {
	case k == kMeeting:
		p.cur = meetingRec{}
	case k == kAttendee:
		p.att = attendee{}
	case k.leaf():
		p.leafText = p.leafText[:0]
	}
	if self {
		if k == kResponse {
			p.rootClosed = true
		}
		return p.finish(k)
	}
	named := k == kUnknown || len(name) != len(local)
	p.stack = append(p.stack, frame{nameAt: int32(len(p.names)), kind: k, named: named})
	if named {
		p.names = append(p.names, name...)
	}
	p.wantText = k.leaf()
	return nil
}

func (p *parser) end(name []byte) error {
	if len(p.stack) == 0 {
		return p.fail("an end tag without a start tag")
	}
	if !p.isOpen(name) {
		return p.fail("an end tag that does not match the open element")
	}
	return p.pop()
}

// pop closes the innermost open element.
func (p *parser) pop() error {
	n := len(p.stack)
	f := p.stack[n-1]
	p.stack = p.stack[:n-1]
	p.names = p.names[:f.nameAt]
	p.wantText = n == 1 || p.stack[n-2].kind.leaf()
	if n == 1 {
		p.rootClosed = true
	}
	return p.finish(f.kind)
}

func (p *parser) text(b []byte) error {
	if len(p.stack) == 0 {
		if len(bytes.TrimLeft(b, " \t\r\n")) > 0 {
			if p.rootClosed {
				return p.fail("text after the root element")
			}
			return p.fail("text outside the root element (not an XML answer)")
		}
		return nil
	}
	if p.top().leaf() {
		if room := maxLeafText - len(p.leafText); room > 0 {
			p.leafText = append(p.leafText, b[:min(len(b), room)]...)
		}
	}
	return nil
}

// cdataText takes the content of a CDATA section: text whose '&' stands for itself, so
// it is escaped before joining the leaf's text, which finish decodes as a whole.
func (p *parser) cdataText(b []byte) error {
	if len(p.stack) == 0 || !p.top().leaf() || bytes.IndexByte(b, '&') < 0 {
		return p.text(b)
	}
	for len(b) > 0 && len(p.leafText) < maxLeafText {
		if b[0] == '&' {
			p.leafText = append(p.leafText, "&amp;"...)
		} else {
			p.leafText = append(p.leafText, b[0])
		}
		b = b[1:]
	}
	return nil
}

func (p *parser) eof() error {
	switch {
	case !p.rootSeen:
		return p.fail("no XML element found")
	case len(p.stack) > 0:
		return p.fail(fmt.Sprintf("the input ends with %d elements open (truncated)", len(p.stack)))
	}
	return nil
}

// finish acts on an element that just closed.
func (p *parser) finish(k kind) error {
	if !k.leaf() {
		switch k {
		case kMeeting:
			p.meetings = append(p.meetings, p.cur)
		case kAttendee:
			p.cur.add(p.att)
		}
		return nil
	}
	return p.value(k, p.leafText)
}

// value acts on the text v (escaped as in XML, cut at maxLeafText) of a leaf of kind k that
// just closed. It may rewrite v in place.
func (p *parser) value(k kind, v []byte) error {
	// Flags as BBB writes them first: such a value needs no decoding or trimming.
	if string(v) == "true" || string(v) == "false" {
		b := len(v) == 4
		switch k {
		case kListenOnly:
			p.att.listenOnly = b
			return nil
		case kVoice:
			p.att.voice = b
			return nil
		case kVideo:
			p.att.video = b
			return nil
		case kIsBreakout:
			p.cur.breakout = b
			return nil
		}
	}
	cr, amp := false, false
	if !plain(v) {
		cr, amp = bytes.IndexByte(v, '\r') >= 0, bytes.IndexByte(v, '&') >= 0
	}
	if cr {
		v = normalizeNewlines(v)
	}
	if amp {
		p.decoded = decodeReferences(p.decoded[:0], v)
		v = p.decoded
	}
	if len(v) > 0 && (v[0] <= ' ' || v[len(v)-1] <= ' ') {
		v = bytes.Trim(v, " \t\r\n")
	}
	var err error
	switch k {
	case kReturnCode:
		switch string(v) {
		case "SUCCESS":
			p.returnCode = rcSuccess
		case "FAILED":
			p.returnCode = rcFailed
		default:
			p.returnCode = rcOther
		}
	case kMessageKey:
		p.messageKey = "unrecognised"
		for _, key := range knownMessageKeys {
			if string(v) == key {
				p.messageKey = key
			}
		}
	case kMeetingID:
		p.cur.id = hashID(v)
	case kInternalID:
		p.cur.internalID = hashID(v)
	case kParentID:
		p.cur.parentID = hashID(v)
	case kIsBreakout:
		p.cur.breakout, err = parseBool(v)
	case kParticipantCount:
		p.cur.reported.participants, err = parseCount(v)
		p.cur.noteReported(reportedParticipants, v, err)
	case kListenerCount:
		p.cur.reported.listeners, err = parseCount(v)
		p.cur.noteReported(reportedListeners, v, err)
	case kVoiceCount:
		p.cur.reported.voice, err = parseCount(v)
		p.cur.noteReported(reportedVoice, v, err)
	case kVideoCount:
		p.cur.reported.video, err = parseCount(v)
		p.cur.noteReported(reportedVideo, v, err)
	case kUserID:
		p.att.voiceID = bytes.HasPrefix(v, []byte("v_"))
	case kRole:
		p.att.dialInRole = len(v) == len("DIAL-IN-USER") && bytes.EqualFold(v, []byte("DIAL-IN-USER"))
	case kListenOnly:
		p.att.listenOnly, err = parseBool(v)
	case kVoice:
		p.att.voice, err = parseBool(v)
	case kVideo:
		p.att.video, err = parseBool(v)
	case kClientType:
		p.att.client = classifyClient(v)
	}
	if err != nil {
		return &SyntaxError{Offset: p.tok.offset(), Msg: "<" + kindNames[k] + "> " + err.Error()}
	}
	return nil
}

func nameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

package bbbapi

// The parser's vocabulary: the elements it reads, and how it recognises them.

import "bytes"

type kind uint8

const (
	kUnknown kind = iota
	kResponse
	kReturnCode
	kMessageKey
	kMeetings
	kMeeting
	kMeetingID
	kInternalID
	kParentID
	kIsBreakout
	kParticipantCount
	kListenerCount
	kVoiceCount
	kVideoCount
	kAttendees
	kAttendee
	kUserID
	kRole
	kListenOnly
	kVoice
	kVideo
	kClientType
)

var kindNames = [...]string{
	kUnknown: "", kResponse: "response", kReturnCode: "returncode", kMessageKey: "messageKey",
	kMeetings: "meetings", kMeeting: "meeting", kMeetingID: "meetingID",
	kInternalID: "internalMeetingID", kParentID: "parentMeetingID", kIsBreakout: "isBreakout",
	kParticipantCount: "participantCount", kListenerCount: "listenerCount",
	kVoiceCount: "voiceParticipantCount", kVideoCount: "videoCount", kAttendees: "attendees",
	kAttendee: "attendee", kUserID: "userID", kRole: "role", kListenOnly: "isListeningOnly",
	kVoice: "hasJoinedVoice", kVideo: "hasVideo", kClientType: "clientType",
}

// where describes an element for an error without naming anything from the input.
func (k kind) where() string {
	if k == kUnknown {
		return "an element this parser skips"
	}
	return "<" + kindNames[k] + ">"
}

// leaf reports whether the parser reads the text of elements of kind k.
func (k kind) leaf() bool {
	switch k {
	case kUnknown, kResponse, kMeetings, kMeeting, kAttendees, kAttendee:
		return false
	}
	return true
}

// child classifies an element by its parent and name; everything else is skipped. It
// switches on the name's length first, so that each name is compared with one constant.
func child(parent kind, name []byte) kind {
	switch parent {
	case kAttendee:
		switch len(name) {
		case 4:
			if string(name) == "role" {
				return kRole
			}
		case 6:
			if string(name) == "userID" {
				return kUserID
			}
		case 8:
			if string(name) == "hasVideo" {
				return kVideo
			}
		case 10:
			if string(name) == "clientType" {
				return kClientType
			}
		case 14:
			if string(name) == "hasJoinedVoice" {
				return kVoice
			}
		case 15:
			if string(name) == "isListeningOnly" {
				return kListenOnly
			}
		}
	case kAttendees:
		if string(name) == "attendee" {
			return kAttendee
		}
	case kMeeting:
		switch len(name) {
		case 9:
			switch string(name) {
			case "meetingID":
				return kMeetingID
			case "attendees":
				return kAttendees
			}
		case 10:
			switch string(name) {
			case "isBreakout":
				return kIsBreakout
			case "videoCount":
				return kVideoCount
			}
		case 13:
			if string(name) == "listenerCount" {
				return kListenerCount
			}
		case 15:
			if string(name) == "parentMeetingID" {
				return kParentID
			}
		case 16:
			if string(name) == "participantCount" {
				return kParticipantCount
			}
		case 17:
			if string(name) == "internalMeetingID" {
				return kInternalID
			}
		case 21:
			if string(name) == "voiceParticipantCount" {
				return kVoiceCount
			}
		}
	case kMeetings:
		if string(name) == "meeting" {
			return kMeeting
		}
	case kResponse:
		switch string(name) {
		case "returncode":
			return kReturnCode
		case "messageKey":
			return kMessageKey
		case "meetings":
			return kMeetings
		}
	}
	return kUnknown
}

// knownLeaf recognises, at the start of b (just after a '<'), the name of a leaf the parser
// reads as a child of the open element, followed by '>', without scanning for the name's
// end: by the parent and the name's first byte, then one comparison with a constant. It
// returns the kind and the name's length, or a length of 0. It also knows the containers
// <meeting> and <attendee>, and two leaves it skips (kUnknown with a length).
func (p *parser) knownLeaf(b []byte) (kind, int) {
	n := len(p.stack)
	if n == 0 || len(b) < 24 { // the longest "voiceParticipantCount>" fits; else the slow way
		return kUnknown, 0
	}
	switch p.stack[n-1].kind {
	case kAttendee:
		switch b[0] {
		case 'r':
			if string(b[:5]) == "role>" {
				return kRole, 4
			}
		case 'u':
			if string(b[:7]) == "userID>" {
				return kUserID, 6
			}
		case 'h':
			if string(b[:9]) == "hasVideo>" {
				return kVideo, 8
			}
			if string(b[:15]) == "hasJoinedVoice>" {
				return kVoice, 14
			}
		case 'c':
			if string(b[:11]) == "clientType>" {
				return kClientType, 10
			}
		case 'i':
			if string(b[:16]) == "isListeningOnly>" {
				return kListenOnly, 15
			}
			if string(b[:12]) == "isPresenter>" {
				return kUnknown, 11
			}
		case 'f':
			if string(b[:9]) == "fullName>" {
				return kUnknown, 8
			}
		}
	case kAttendees:
		if string(b[:9]) == "attendee>" {
			return kAttendee, 8
		}
	case kMeetings:
		if string(b[:8]) == "meeting>" {
			return kMeeting, 7
		}
	case kMeeting:
		switch b[0] {
		case 'm':
			if string(b[:10]) == "meetingID>" {
				return kMeetingID, 9
			}
		case 'i':
			if string(b[:11]) == "isBreakout>" {
				return kIsBreakout, 10
			}
			if string(b[:18]) == "internalMeetingID>" {
				return kInternalID, 17
			}
		case 'p':
			if string(b[:17]) == "participantCount>" {
				return kParticipantCount, 16
			}
			if string(b[:16]) == "parentMeetingID>" {
				return kParentID, 15
			}
		case 'l':
			if string(b[:14]) == "listenerCount>" {
				return kListenerCount, 13
			}
		case 'v':
			if string(b[:11]) == "videoCount>" {
				return kVideoCount, 10
			}
			if string(b[:22]) == "voiceParticipantCount>" {
				return kVoiceCount, 21
			}
		}
	}
	return kUnknown, 0
}

// leafKind classifies name as a child of the open element for the tokenizer's fast path
// for <name>text</name>. It reports false when start would refuse the tag, or when the
// element is not a leaf the parser reads or skips, so that the tag takes the slow path.
func (p *parser) leafKind(name []byte) (kind, bool) {
	n := len(p.stack)
	if n == 0 || n >= maxDepth || len(name) == 0 || !nameStart(name[0]) {
		return kUnknown, false
	}
	k := child(p.stack[n-1].kind, name)
	switch {
	case k.leaf():
		return k, true
	case k != kUnknown:
		return k, false
	}
	// A prefixed name may hide a known local name: leave those to start.
	return kUnknown, bytes.IndexByte(name, ':') < 0
}

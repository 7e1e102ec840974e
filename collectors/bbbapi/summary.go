package bbbapi

import "bytes"

// SizeClasses are the meeting-size classes of bbb_meetings_by_size, disjoint and in order:
// class i holds the meetings with more participants than SizeClasses[i-1].Max and at most
// SizeClasses[i].Max (the last class has no upper bound). From an empty room and a lone
// moderator to a lecture, BBB's practical ceiling being a few hundred.
var SizeClasses = [...]struct {
	Label string
	Max   int // -1: no upper bound
}{
	{"0", 0}, {"1", 1}, {"2-5", 5}, {"6-10", 10}, {"11-25", 25},
	{"26-50", 50}, {"51-100", 100}, {"101-200", 200}, {"201+", -1},
}

// Summary is everything the exporter keeps of one getMeetings answer: counts only.
// docs/bbb-counting.md explains each of them.
type Summary struct {
	// Meetings are the meetings listed that are not breakout rooms.
	Meetings int
	// BreakoutRooms are the breakout rooms listed.
	BreakoutRooms int
	// Endpoints are the concurrent participants, each counted once although someone in a
	// breakout room is listed in the parent meeting too.
	Endpoints int
	// Listeners, VoiceParticipants and VideoParticipants count the endpoints listening only,
	// with a microphone joined (listening only wins when BBB flags both), and sharing a
	// camera. They are summed over a meeting and its breakout rooms (BBB stops someone's
	// media in the parent when they join a room) but never exceed the family's endpoints:
	// Listeners+VoiceParticipants <= Endpoints and VideoParticipants <= Endpoints.
	Listeners, VoiceParticipants, VideoParticipants int
	// HTML5Clients and DialInClients split Endpoints by client; OtherClients (e.g. FLASH on
	// old servers, or a type BBB adds later) are in Endpoints but in neither of the two.
	HTML5Clients, DialInClients, OtherClients int
	// BySize[i] is how many meetings (each counted together with its breakout rooms) have
	// a participant count in SizeClasses[i]; the classes are disjoint, not cumulative.
	BySize [len(SizeClasses)]int
}

type client uint8

const (
	clientOther client = iota
	clientHTML5
	clientDialIn
)

// classifyClient maps BBB's clientType to our closed vocabulary. Dial-in callers are
// "DIAL-IN" (BBB 2.3 and later) or "VOICE-USER" (older bbb-web).
func classifyClient(v []byte) client {
	switch {
	case string(v) == "HTML5", bytes.EqualFold(v, []byte("HTML5")):
		return clientHTML5
	case bytes.EqualFold(v, []byte("DIAL-IN")), bytes.EqualFold(v, []byte("VOICE-USER")),
		bytes.EqualFold(v, []byte("DIAL-IN-USER")):
		return clientDialIn
	}
	return clientOther
}

// attendee is what the parser notes of one <attendee> while inside it.
type attendee struct {
	voiceID, dialInRole      bool
	listenOnly, voice, video bool
	client                   client
}

// counts are one meeting's (or one family's) numbers.
type counts struct {
	participants, listeners, voice, video int
	html5, dialIn, other                  int
}

// plus adds o to c, field by field.
func (c *counts) plus(o counts) {
	c.participants += o.participants
	c.listeners += o.listeners
	c.voice += o.voice
	c.video += o.video
	c.html5 += o.html5
	c.dialIn += o.dialIn
	c.other += o.other
}

// meetingRec is one <meeting>, its IDs reduced to hashes for matching breakout rooms.
type meetingRec struct {
	id, internalID, parentID uint64
	breakout                 bool
	attendees                bool // at least one <attendee> was listed
	listed                   counts
	reported                 counts // participantCount, listenerCount, voiceParticipantCount, videoCount
	reportedSet              uint8  // which of the reported counters had a value
}

// The reported counters, as bits of meetingRec.reportedSet.
const (
	reportedParticipants uint8 = 1 << iota
	reportedListeners
	reportedVoice
	reportedVideo
)

// noteReported records that counter bit had a value (an empty element is no report).
func (m *meetingRec) noteReported(bit uint8, v []byte, err error) {
	if err == nil && len(v) > 0 {
		m.reportedSet |= bit
	} else {
		m.reportedSet &^= bit
	}
}

func (m *meetingRec) add(a attendee) {
	m.attendees = true
	c := &m.listed
	c.participants++
	switch {
	case a.client == clientDialIn, a.dialInRole, a.client == clientOther && a.voiceID:
		c.dialIn++
	case a.client == clientHTML5:
		c.html5++
	default:
		c.other++
	}
	switch {
	case a.listenOnly:
		c.listeners++
	case a.voice:
		c.voice++
	}
	if a.video {
		c.video++
	}
}

// effective are the counts of a meeting: from its attendee list, or, when the list is empty
// although BBB reports participants (a proxy that strips attendees), from the reported
// counters; clients are then unknown and counted as other, and the media counters are cut
// to what the participants allow (videoCount counts camera streams, not people).
func (m *meetingRec) effective() counts {
	if m.attendees && m.reportedSet != 0 {
		return capAtReported(m.listed, m.reported, m.reportedSet)
	}
	if m.attendees || m.reported.participants == 0 {
		return m.listed
	}
	r := m.reported
	r.other = r.participants
	r.listeners = min(r.listeners, r.participants)
	r.voice = min(r.voice, r.participants-r.listeners)
	r.video = min(r.video, r.participants)
	return r
}

// capAtReported cuts a meeting's attendee-list counts to what BBB itself reports: BBB 2.6 and later
// keep users who left in the attendee list for about a minute while participantCount, listenerCount,
// voiceParticipantCount and videoCount already exclude them. Who left is not known, so the clients
// shrink to the capped participants taking HTML5 clients first, then other clients, then dial-in
// callers (a caller who hangs up leaves the voice conference at once). Only counters BBB sent with a
// value cap; docs/bbb-counting.md.
func capAtReported(l, r counts, set uint8) counts {
	if set&reportedParticipants != 0 && l.participants > r.participants {
		cut := l.participants - r.participants
		l.participants = r.participants
		for _, n := range []*int{&l.html5, &l.other, &l.dialIn} {
			d := min(*n, cut)
			*n -= d
			cut -= d
		}
	}
	if set&reportedListeners != 0 {
		l.listeners = min(l.listeners, r.listeners)
	}
	if set&reportedVoice != 0 {
		l.voice = min(l.voice, r.voice)
	}
	if set&reportedVideo != 0 {
		l.video = min(l.video, r.video) // videoCount counts camera streams, at least one per person
	}
	return l
}

// summarize folds the meetings into a Summary. A breakout room's participants are also in
// its parent meeting (their first tab stays joined there), so a parent and its rooms count
// as many endpoints, of the same client types, as the larger of the parent's list and the
// rooms' lists together; media flags are summed, as BBB stops a user's microphone and
// camera in the parent when they join a room, and then cut to the family's endpoints, so
// that no one is counted twice there either (docs/bbb-counting.md).
func summarize(ms []meetingRec) Summary {
	var s Summary
	rooms := 0
	for i := range ms {
		if ms[i].breakout {
			rooms++
		}
	}
	var parents map[uint64]int // only needed, and only built, when there are breakout rooms
	if rooms > 0 {
		parents = make(map[uint64]int, 2*(len(ms)-rooms))
	}
	for i := range ms {
		if rooms > 0 && !ms[i].breakout {
			for _, id := range []uint64{ms[i].internalID, ms[i].id} {
				if id != 0 {
					parents[id] = i
				}
			}
		}
	}
	var sums []counts // per parent: the sum over its breakout rooms, when there are rooms
	if rooms > 0 {
		sums = make([]counts, len(ms))
	}
	var orphans []counts
	for i := range ms {
		m := &ms[i]
		if !m.breakout {
			s.Meetings++
			continue
		}
		s.BreakoutRooms++
		c := m.effective()
		if p, ok := parents[m.parentID]; ok && m.parentID != 0 {
			sums[p].plus(c)
			continue
		}
		orphans = append(orphans, c)
	}
	family := func(own, rs counts) {
		ep := own
		if rs.participants > own.participants {
			ep = rs
		}
		n := ep.participants
		listeners := min(own.listeners+rs.listeners, n)
		s.Listeners += listeners
		s.VoiceParticipants += min(own.voice+rs.voice, n-listeners)
		s.VideoParticipants += min(own.video+rs.video, n)
		s.Endpoints += n
		s.HTML5Clients += ep.html5
		s.DialInClients += ep.dialIn
		s.OtherClients += ep.other
		s.observe(n)
	}
	for i := range ms {
		if !ms[i].breakout {
			var rs counts
			if sums != nil {
				rs = sums[i]
			}
			family(ms[i].effective(), rs)
		}
	}
	for _, c := range orphans {
		family(c, counts{})
	}
	return s
}

func (s *Summary) observe(n int) {
	s.BySize[SizeClass(n)]++
}

// SizeClass is the index in SizeClasses of the class holding a meeting of n participants.
func SizeClass(n int) int {
	for i, c := range SizeClasses {
		if n <= c.Max {
			return i
		}
	}
	return len(SizeClasses) - 1
}

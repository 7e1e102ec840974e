package bbbapi

import (
	"bytes"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
)

// TestShapeMutations changes an answer one byte at a time, at every position, and checks
// that the shaped paths change nothing: read whole (where the shapes take most meetings and
// attendees) and three bytes at a time (where the window is too short for them), each
// result must count alike and fail with the same error, and match encoding/xml where it
// accepts the document. The changes fall in values, end tags, the indentation the shapes
// learned, and names.
func TestShapeMutations(t *testing.T) {
	body := bbbtest.MeetingsXML(bbbtest.Generate(2, 6)) // three attendees in each meeting
	failed := 0
	for i := range body {
		for _, c := range []byte{'<', '/', ' ', 'x', '\n'} {
			if body[i] == c {
				continue
			}
			in := bytes.Clone(body)
			in[i] = c
			whole, werr := Parse(bytes.NewReader(in))
			small, serr := Parse(&chunkReader{b: in, n: 3})
			if whole != small || errText(werr) != errText(serr) {
				t.Fatalf("byte %d set to %q: read whole %+v, %v\nthree bytes at a time %+v, %v",
					i, c, whole, werr, small, serr)
			}
			if werr != nil {
				failed++
			}
			if want, wantErr, checked := referenceParse(in); checked && ((werr != nil) != (wantErr != nil) || whole != want) {
				t.Fatalf("byte %d set to %q: Parse = %+v, %v\nencoding/xml-driven = %+v, %v", i, c, whole, werr, want, wantErr)
			}
		}
	}
	if failed < len(body) {
		t.Fatalf("only %d of the changed answers failed: the changes miss the markup", failed)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestShapeVariants checks answers whose meetings and attendees do not all share one layout:
// every other one with a leaf more, fewer, or in another order, long values, other
// indentation. Each must count as encoding/xml does, whole and in small reads.
func TestShapeVariants(t *testing.T) {
	base := bbbtest.MeetingsXML(bbbtest.Generate(40, 400))
	long := strings.Repeat("Lecture hall 3, winter term ", 6)
	for _, v := range []struct {
		old, new string
		every    int
	}{
		{"<meetingName>Seminar 1", "<meetingName>" + long, 2},
		{"<maxUsers>0</maxUsers>\n", "", 3},
		{"<recording>false</recording>", "<recording>false</recording><extra>1</extra>", 2},
		{"<dialNumber>", "<dialNumber >", 5},
		{"      <participantCount>", "    <participantCount>", 2},
		{"<fullName>Person 1", "<fullName>" + long, 3},
		{"          <hasVideo>", "    <hasVideo>", 2},
		{"<isPresenter>false</isPresenter>\n", "", 2},
		{"<role>VIEWER</role>", "<role>VIEWER</role><customdata/>", 3},
		{"</clientType>\n        </attendee>", "</clientType></attendee>", 2},
		{"<userID>", "<userID><![CDATA[", 0},
	} {
		var body []byte
		if v.every == 0 { // CDATA needs its closing too: only the first attendee
			body = bytes.Replace(base, []byte("<userID>w_000000000000</userID>"),
				[]byte("<userID><![CDATA[w_000000000000]]></userID>"), 1)
		} else {
			body = replaceEvery(base, v.old, v.new, v.every)
		}
		want, wantErr, checked := referenceParse(body)
		if !checked || wantErr != nil {
			t.Fatalf("%q: encoding/xml-driven parse: %v (checked %v)", v.new, wantErr, checked)
		}
		for _, n := range []int{5, 4093, len(body)} {
			got, err := Parse(&chunkReader{b: body, n: n})
			if err != nil || got != want {
				t.Errorf("%q every %d, chunks of %d: Parse = %+v, %v\nwant %+v", v.new, v.every, n, got, err, want)
			}
		}
	}
}

// TestShapeValueErrors checks that a value refused inside a shaped meeting or attendee is
// reported at the same place as on the tag-by-tag paths.
func TestShapeValueErrors(t *testing.T) {
	base := bbbtest.MeetingsXML(bbbtest.Generate(20, 200))
	for _, v := range []struct{ old, new, msg string }{
		{"<participantCount>", "<participantCount>x", "participantCount"},
		{"<hasVideo>true<", "<hasVideo>yes<", "hasVideo"},
		{"<isListeningOnly>false<", "<isListeningOnly>no<", "isListeningOnly"},
	} {
		i := bytes.LastIndex(base, []byte(v.old)) // deep in the answer, where shapes are learned
		bad := append(bytes.Clone(base[:i]), v.new...)
		bad = append(bad, base[i+len(v.old):]...)
		var msgs []string
		for _, n := range []int{1, 3, len(bad)} {
			_, err := Parse(&chunkReader{b: bad, n: n})
			if err == nil || !strings.Contains(err.Error(), v.msg) {
				t.Fatalf("%s, chunks of %d: Parse error %v", v.new, n, err)
			}
			msgs = append(msgs, err.Error())
		}
		if msgs[0] != msgs[1] || msgs[1] != msgs[2] {
			t.Errorf("%s: the error depends on the reads: %q", v.new, msgs)
		}
	}
}

// TestShapeLearned checks that the shapes are learned and used on bbb-web's layout, so
// that the benchmark measures them: after a parse of a large answer, indented or not, and
// read whole or in reads of a socket's size (whose ends cut meetings), both are complete.
func TestShapeLearned(t *testing.T) {
	indented := bbbtest.MeetingsXML(bbbtest.Generate(10, 100))
	compact := compactXML(indented)
	for name, body := range map[string][]byte{
		"indented":    indented,
		"compact":     compact,
		"crlf":        bytes.ReplaceAll(indented, []byte("\n"), []byte("\r\n")),
		"one line":    bytes.ReplaceAll(compact, []byte("\n"), nil),
		"4 KiB reads": indented,
	} {
		var r io.Reader = bytes.NewReader(body)
		if strings.HasSuffix(name, "reads") {
			r = &chunkReader{b: body, n: 4093}
		}
		p := newParser(r)
		if err := p.tok.run(p); err != nil {
			t.Fatal(err)
		}
		if !p.tok.attShape.ok || p.tok.attShape.n != 8 {
			t.Errorf("%s: attendee shape %v with %d leaves, want 8", name, p.tok.attShape.ok, p.tok.attShape.n)
		}
		if !p.tok.meetShape.ok || p.tok.meetShape.n != 22 {
			t.Errorf("%s: meeting shape %v with %d leaves, want 22", name, p.tok.meetShape.ok, p.tok.meetShape.n)
		}
		p.release()
		if p.tok.attShape.ok || p.tok.meetShape.ok || p.tok.attShape.glue[0].n != 0 {
			t.Errorf("%s: release kept a shape", name)
		}
	}
}

// TestShapeLearnedWithoutAttendees checks that the meeting shape is learned from meetings that
// list no one (<attendees></attendees> right after the first leaves).
func TestShapeLearnedWithoutAttendees(t *testing.T) {
	body := bbbtest.MeetingsXML(bbbtest.Generate(20, 0))
	p := newParser(bytes.NewReader(body))
	if err := p.tok.run(p); err != nil {
		t.Fatal(err)
	}
	if !p.tok.meetShape.ok || p.tok.meetShape.n != 22 {
		t.Errorf("meeting shape %v with %d leaves, want 22", p.tok.meetShape.ok, p.tok.meetShape.n)
	}
	p.release()
}

// parseAlike parses body read whole and three bytes at a time (a window too short for the
// shapes) and fails unless both count alike and fail with the same error, and agree with
// the encoding/xml-driven reference where it is checked.
func parseAlike(t *testing.T, name string, body []byte) {
	t.Helper()
	whole, werr := Parse(bytes.NewReader(body))
	small, serr := Parse(&chunkReader{b: body, n: 3})
	if whole != small || errText(werr) != errText(serr) {
		t.Errorf("%s: read whole %+v, %v\nthree bytes at a time %+v, %v", name, whole, werr, small, serr)
	}
	if want, wantErr, checked := referenceParse(body); checked && ((werr != nil) != (wantErr != nil) || whole != want) {
		t.Errorf("%s: Parse = %+v, %v\nencoding/xml-driven = %+v, %v", name, whole, werr, want, wantErr)
	}
}

// TestShapeMarkupWithoutSpaces checks comments, processing instructions, CDATA sections and
// a declaration written without spaces (<!--x-->, <?x?>) before a start tag, where the hot
// loop once took them for the start tag of an element that holds others and refused them.
func TestShapeMarkupWithoutSpaces(t *testing.T) {
	for name, body := range map[string]string{
		"comment in response": "<response><returncode>SUCCESS</returncode><!--c--><meetings></meetings></response>",
		"pi in response":      "<response><returncode>SUCCESS</returncode><?pi?><meetings></meetings></response>",
		"cdata in meetings":   "<response><returncode>SUCCESS</returncode><meetings><![CDATA[x]]><meeting></meeting></meetings></response>",
		"doctype in response": "<response><returncode>SUCCESS</returncode><!DOCTYPE><meetings></meetings></response>",
	} {
		parseAlike(t, name, []byte(body))
	}
	base := bbbtest.MeetingsXML(bbbtest.Generate(3, 12))
	for _, v := range []struct{ old, new string }{
		{"<meetingID>", "<!---->\n      <meetingID>"},
		{"<participantCount>", "<?x?><participantCount>"},
		{"<attendees>", "<![CDATA[]]><attendees>"},
		{"<metadata>", "<metadata><!--m--><bbb-x>1</bbb-x>"},
		{"<attendee>", "<!--a--><attendee>"},
		{"<role>", "<?r?><role>"},
	} {
		for _, k := range []int{1, 2} {
			parseAlike(t, v.new, replaceEvery(base, v.old, v.new, k))
		}
	}
}

// TestShapeCRInValue checks a value with a CR LF inside in a meeting that the shape takes at
// first and then leaves: parser.value rewrites such a value in place, and the tag-by-tag
// path that takes the meeting afresh must still see it as written (here a parent's internal
// ID, which its breakout room names).
func TestShapeCRInValue(t *testing.T) {
	ms := bbbtest.Generate(3, 9)
	ms[1].InternalID = "parent-internal-1"
	ms[2].Breakout, ms[2].ParentID = true, "parent-internal-1"
	body := bbbtest.MeetingsXML(ms)
	body = bytes.ReplaceAll(body, []byte("parent-internal-1"), []byte("parent\r\ninternal-1"))
	// The second meeting (the parent) has a leaf more than the first, after one past its IDs.
	after := "internal-1</internalMeetingID>\n      <createTime>1531241258036</createTime>"
	body = bytes.Replace(body, []byte(after), []byte(after+"\n      <x>1</x>"), 1)
	parseAlike(t, "CR LF in a parent's ID", body)
	// The same in an attendee's clientType, and with a lone CR.
	att := bytes.Replace(bbbtest.MeetingsXML(bbbtest.Generate(1, 4)), []byte("<clientType>HTML5</clientType>\n        </attendee>\n        <attendee>\n          <userID>w_000000000002"),
		[]byte("<clientType>DIAL-IN\r\n</clientType><x/>\n        </attendee>\n        <attendee>\n          <userID>w_000000000002"), 1)
	parseAlike(t, "CR LF in a clientType", att)
	parseAlike(t, "a lone CR", bytes.ReplaceAll(body, []byte("\r\n"), []byte("\r")))
}

// TestShapeRandomEdits makes a few random edits at tag boundaries of an answer with breakout
// rooms (markup inserted, bytes changed, runs cut) and checks that it parses alike read
// whole, in three-byte reads and in reads that end at odd places within meetings and
// attendees, and as encoding/xml reads it where that accepts it.
func TestShapeRandomEdits(t *testing.T) {
	ms := bbbtest.Generate(8, 40)
	for i := range ms {
		ms[i].Metadata = nil
		if i%3 == 2 {
			ms[i].Breakout, ms[i].ParentID = true, ms[i-1].InternalID
		}
	}
	indented := bbbtest.MeetingsXML(ms)
	compact := compactXML(indented)
	inserts := []string{"<!--c-->", "<?p?>", "<![CDATA[]]>", "<!-- c -->", "<x/>", "<y>1</y>", "\r\n", "\r",
		" ", "&amp;", "&#118;", "x", "<z><w>1</w></z>", "<b:role>DIAL-IN-USER</b:role>", "<attendee>",
		"</attendee>", "<meeting>", "<attendees></attendees>", "<attendees/>", "<isBreakout>true</isBreakout>",
		"<meetingID>meeting-000001</meetingID>", "<userID>v_1</userID>", "<clientType>DIAL-IN</clientType>"}
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for it := range 600 {
		in := bytes.Clone(indented)
		if it%2 == 1 {
			in = bytes.Clone(compact)
		}
		for range 1 + rng.IntN(4) {
			var at []int // just before a '<' or after a '>'
			for i, c := range in {
				if c == '<' {
					at = append(at, i)
				} else if c == '>' {
					at = append(at, i+1)
				}
			}
			p := at[rng.IntN(len(at))]
			switch rng.IntN(6) {
			case 0:
				if p+3 < len(in) {
					in[p+rng.IntN(3)] = "</> \r&x\n"[rng.IntN(8)]
				}
			case 1:
				in = append(in[:p:p], in[min(p+1+rng.IntN(30), len(in)):]...)
			default:
				in = append(in[:p:p], append([]byte(inserts[rng.IntN(len(inserts))]), in[p:]...)...)
			}
		}
		whole, werr := Parse(bytes.NewReader(in))
		for _, n := range []int{3, 61, 4093} {
			if got, err := Parse(&chunkReader{b: in, n: n}); got != whole || errText(err) != errText(werr) {
				t.Fatalf("edit %d: read whole %+v, %v\nin reads of %d %+v, %v\n%q", it, whole, werr, n, got, err, in)
			}
		}
		if want, wantErr, ok := referenceParse(in); ok {
			checked++
			if (werr != nil) != (wantErr != nil) || whole != want {
				t.Fatalf("edit %d: Parse = %+v, %v\nencoding/xml-driven = %+v, %v\n%q", it, whole, werr, want, wantErr, in)
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d edited answers were checked against encoding/xml", checked)
	}
}

package bbbapi

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
)

// chunkReader hands out its input n bytes at a time, so that every construct of a large
// answer sooner or later straddles the end of the tokenizer's window.
type chunkReader struct {
	b []byte
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	k := copy(p[:min(len(p), c.n)], c.b)
	c.b = c.b[k:]
	return k, nil
}

// compactXML is an indented answer without its indentation, as bbb-web's <#compress> writes it.
func compactXML(indented []byte) []byte {
	lines := bytes.Split(indented, []byte("\n"))
	for i := range lines {
		lines[i] = bytes.TrimLeft(lines[i], " ")
	}
	return bytes.Join(lines, []byte("\n"))
}

// TestParseWindowBoundaries checks the tokenizer's fast paths against encoding/xml on a
// large answer (indented, compact, and with CRLF line ends and entities), read in chunks
// of many sizes.
func TestParseWindowBoundaries(t *testing.T) {
	ms := bbbtest.Generate(60, 1500)
	for i := range ms {
		if i%7 == 3 { // a breakout room of the meeting before it
			ms[i].Breakout, ms[i].ParentID = true, ms[i-1].ID
		}
	}
	indented := bbbtest.MeetingsXML(ms)
	compact := compactXML(indented)
	crlf := bytes.ReplaceAll(indented, []byte("\n"), []byte("\r\n"))
	crlf = bytes.ReplaceAll(crlf, []byte("<clientType>HTML5<"), []byte("<clientType>&#72;TML5<"))
	for name, body := range map[string][]byte{"indented": indented, "compact": compact, "crlf": crlf} {
		want, wantErr, checked := referenceParse(body)
		if !checked || wantErr != nil {
			t.Fatalf("%s: encoding/xml-driven parse: %v (checked %v)", name, wantErr, checked)
		}
		if want.Endpoints < 1000 || want.BreakoutRooms == 0 {
			t.Fatalf("%s: unexpected reference summary %+v", name, want)
		}
		for _, n := range []int{1, 7, 100, 4093, 65537, readChunk - 1, readChunk + 13, len(body)} {
			got, err := Parse(&chunkReader{b: body, n: n})
			if err != nil || got != want {
				t.Errorf("%s in chunks of %d: Parse = %+v, %v\nwant %+v", name, n, got, err, want)
			}
		}
	}
	// A value error deep in the answer is reported at the same place however it is read.
	bad := bytes.Replace(compact, []byte("<hasVideo>true<"), []byte("<hasVideo>yes!<"), 1)
	var msgs []string
	for _, n := range []int{3, 4096, len(bad)} {
		_, err := Parse(&chunkReader{b: bad, n: n})
		if err == nil || !strings.Contains(err.Error(), "<hasVideo> is neither true nor false") {
			t.Fatalf("chunks of %d: Parse error %v, want a bad <hasVideo>", n, err)
		}
		msgs = append(msgs, err.Error())
	}
	if msgs[0] != msgs[1] || msgs[1] != msgs[2] {
		t.Errorf("the error depends on the reads: %q", msgs)
	}
}

// TestReleaseWipes checks that a parser going back to the pool keeps nothing of the answer
// it read: its window, names and text buffers are zeroed, its meetings gone.
func TestReleaseWipes(t *testing.T) {
	const canary = "CANARYpool42"
	body := strings.ReplaceAll(string(bbbtest.MeetingsXML(bbbtest.Generate(3, 20))), "Person", canary)
	body = strings.Replace(body, "<metadata>", "<metadata><"+canary+" a='"+canary+"'>"+canary+"</"+canary+">", 1)
	p := newParser(strings.NewReader(body))
	if err := p.tok.run(p); err != nil {
		t.Fatal(err)
	}
	if _, err := p.result(); err != nil {
		t.Fatal(err)
	}
	buf, names, text := p.tok.buf, p.names[:cap(p.names)], p.leafText[:cap(p.leafText)]
	meetings := p.meetings[:cap(p.meetings)]
	p.release()
	for name, b := range map[string][]byte{"window": buf, "names": names, "text": text} {
		if bytes.Contains(b, []byte(canary)) || len(bytes.Trim(b, "\x00")) > 0 {
			t.Errorf("the %s buffer was not wiped", name)
		}
	}
	for _, m := range meetings {
		if m != (meetingRec{}) {
			t.Fatalf("a meeting record survived: %+v", m)
		}
	}
	if p.tok.src != nil || len(p.meetings) != 0 || len(p.stack) != 0 {
		t.Errorf("the released parser still refers to its input")
	}
}

// replaceEvery replaces every k-th occurrence of old in b (the first one included).
func replaceEvery(b []byte, old, new string, k int) []byte {
	var out []byte
	for n := 0; ; n++ {
		i := bytes.Index(b, []byte(old))
		if i < 0 {
			return append(out, b...)
		}
		out = append(out, b[:i]...)
		if n%k == 0 {
			out = append(out, new...)
		} else {
			out = append(out, old...)
		}
		b = b[i+len(old):]
	}
}

// TestParseAttendeeVariants checks the attendee path (scan_attendee.go) against encoding/xml on
// attendees written otherwise than bbb-web writes them: values it must leave to parser.value
// (references, spaces, other spellings, CDATA), leaves and containers it does not know,
// comments, prefixed names, long values, and a mismatched end tag. Each variant is tried on
// HTML5 clients and on clients of another type, for which a userID's v_ decides dial-in.
func TestParseAttendeeVariants(t *testing.T) {
	html5 := bbbtest.MeetingsXML(bbbtest.Generate(4, 240))
	other := bytes.ReplaceAll(html5, []byte("<clientType>HTML5<"), []byte("<clientType>FLASH<"))
	variants := []struct{ old, new string }{
		{"<userID>w_", "<userID>&#118;_"},
		{"<userID>w_", "<userID> v_"},
		{"<userID>w_", "<userID>v&#95;"},
		{"<userID>w_", "<userID>v_"},
		{"<role>VIEWER</role>", "<role>&#68;IAL-IN-USER</role>"},
		{"<role>VIEWER</role>", "<role>dial-in-user</role>"},
		{"<role>VIEWER</role>", "<role>\r\nDIAL-IN-USER </role>"},
		{"<hasVideo>false</hasVideo>", "<hasVideo>1</hasVideo>"},
		{"<hasJoinedVoice>false</hasJoinedVoice>", "<hasJoinedVoice> TRUE </hasJoinedVoice>"},
		{"<isListeningOnly>false</isListeningOnly>", "<isListeningOnly>tr&#117;e</isListeningOnly>"},
		{"<isListeningOnly>true</isListeningOnly>", "<isListeningOnly></isListeningOnly>"},
		{"<clientType>HTML5</clientType>", "<clientType> DIAL-IN </clientType>"},
		{"<clientType>HTML5</clientType>", "<clientType>html5</clientType>"},
		{"<clientType>HTML5</clientType>", "<clientType>FLASH</clientType>"},
		{"<clientType>HTML5</clientType>", "<clientType><![CDATA[DIAL-IN]]></clientType>"},
		{"<clientType>HTML5</clientType>", "<clientType>&#x44;IAL-IN</clientType>"},
		{"</fullName>", "</fullName><customdata/>"},
		{"</fullName>", "</fullName><customdata><x>1</x><role>DIAL-IN-USER</role></customdata>"},
		{"</fullName>", "</fullName><!-- a comment --><?pi x?>"},
		{"</fullName>", "</fullName><bbb:role>DIAL-IN-USER</bbb:role>"},
		{"</fullName>", "</fullName><avatarURL>" + strings.Repeat("https://example.org/a/", 8) + "</avatarURL>"},
		{"</fullName>", "</fullName><locked>false</locked><away>true</away>"},
		{"</fullName>", "</fullName><abcdefghijklmnopqrs>x</abcdefghijklmnopqrs><aVeryLongUnknownElementName>y</aVeryLongUnknownElementName>"},
		{"<role>", "<role a=\"1\">"},
		{"<attendee>", "<attendee >"},
		{"</attendee>", "</attendee >"},
	}
	for _, v := range variants {
		for _, k := range []int{1, 3, -1} {
			base := html5
			if k < 0 {
				base, k = other, 2
			}
			body := replaceEvery(base, v.old, v.new, k)
			want, wantErr, checked := referenceParse(body)
			if !checked || wantErr != nil {
				t.Fatalf("%q every %d: encoding/xml-driven parse: %v (checked %v)", v.new, k, wantErr, checked)
			}
			for _, n := range []int{1, 4093, len(body)} {
				got, err := Parse(&chunkReader{b: body, n: n})
				if err != nil || got != want {
					t.Errorf("%q every %d, chunks of %d: Parse = %+v, %v\nwant %+v", v.new, k, n, got, err, want)
				}
			}
		}
	}
	for _, v := range []struct{ old, new string }{
		{"<role>VIEWER</role>", "<role>VIEWER</rol>"},
		{"<role>VIEWER</role>", "<role>VIEWER</rolx>"},
		{"<role>VIEWER</role>", "<role>VIEWER</ROLE>"},
		{"</userID>", "</userId>"},
		{"</fullName>", "</fullname>"},
		{"</isListeningOnly>", "</isListeningOnlx>"},
		{"</isListeningOnly>", "</xsListeningOnly>"},
		{"</hasJoinedVoice>", "</hasJoinedVoicE>"},
		{"</clientType>", "</clientTypo>"},
		{"</fullName>", "</fullName><abcdefghijklmnopqrs>x</abcdefghiXklmnopqrs>"},
		{"</fullName>", "</fullName><aVeryLongUnknownElementName>y</aVeryLongUnknownElementNamf>"},
	} {
		bad := replaceEvery(html5, v.old, v.new, 7)
		for _, n := range []int{1, len(bad)} {
			if _, err := Parse(&chunkReader{b: bad, n: n}); err == nil ||
				!strings.Contains(err.Error(), "an end tag that does not match the open element") {
				t.Errorf("%s in chunks of %d: Parse error %v", v.new, n, err)
			}
		}
	}
}

package bbbapi

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// referenceParse reads in with encoding/xml (strict) and drives the parser's counting with
// its tokens instead of our tokenizer's. checked is false when encoding/xml refuses the
// document, or it has what the comparison leaves out (a document type declaration, which
// we refuse by design; long values, which the parser cuts at maxLeafText).
func referenceParse(in []byte) (s Summary, err error, checked bool) {
	in = bytes.TrimPrefix(in, []byte("\xef\xbb\xbf"))
	d := xml.NewDecoder(bytes.NewReader(in))
	d.Strict = true
	p := newParser(bytes.NewReader(nil))
	var fail error
	step := func(e error) {
		if fail == nil {
			fail = e
		}
	}
	for {
		tok, xerr := d.Token()
		if xerr == io.EOF {
			break
		}
		if xerr != nil {
			return Summary{}, nil, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			step(p.start([]byte(t.Name.Local), false))
		case xml.EndElement:
			step(p.end([]byte(t.Name.Local)))
		case xml.CharData:
			if len(t) > 300 {
				return Summary{}, nil, false
			}
			// The parser keeps text escaped and decodes it when the element ends.
			step(p.text(bytes.ReplaceAll(t, []byte("&"), []byte("&amp;"))))
		case xml.Directive:
			return Summary{}, nil, false
		}
	}
	if fail != nil {
		return Summary{}, fail, true
	}
	if err := p.eof(); err != nil {
		return Summary{}, err, true
	}
	s, err = p.result()
	return s, err, true
}

func seedFiles(f *testing.F) {
	for _, dir := range []string{"../testdata/bbb", "../testdata/bbb/reference", "../testdata/bbb/robust"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
}

// FuzzParseDifferential checks our tokenizer against encoding/xml: whatever document
// encoding/xml accepts, Parse must count exactly as the same counting fed by encoding/xml's
// tokens does, and fail or succeed alike (Parse is more lenient: it may accept what
// encoding/xml refuses, e.g. unquoted attributes).
func FuzzParseDifferential(f *testing.F) {
	seedFiles(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		want, wantErr, checked := referenceParse(in)
		if !checked {
			return
		}
		got, err := Parse(bytes.NewReader(in))
		if (err != nil) != (wantErr != nil) || got != want {
			t.Fatalf("Parse = %+v, %v\nencoding/xml-driven = %+v, %v", got, err, want, wantErr)
		}
		var ae, wae *APIError
		if errors.As(wantErr, &wae) && (!errors.As(err, &ae) || *ae != *wae) {
			t.Fatalf("Parse error %v, encoding/xml-driven %v", err, wantErr)
		}
	})
}

// Package bbbtest is a stand-in for a BigBlueButton server's API, for tests: it checks
// checksums the way bbb-web does (hex SHA-1/256/384/512 of call name, query string without
// the checksum, and shared secret; the algorithm told by the hex length; optionally only
// some algorithms accepted), answers getMeetings from Go values or a raw body, and
// simulates faults (slow, connection reset, down, garbage, truncated XML, FAILED, no meetings).
//
//	srv := bbbtest.New(t, "secret", bbbtest.WithAlgorithms("sha256"))
//	srv.SetMeetings(bbbtest.Generate(3, 20)...) // or SetBody(rawXML)
//	// point the exporter at srv.URL(), http://127.0.0.1:PORT/bigbluebutton/api
//	srv.SetFault(bbbtest.FaultSlow)             // or FaultReset, FaultGarbage, FaultTruncated, …
//	srv.Down()                                  // connection refused from now on
//	n := srv.Calls()                            // getMeetings requests seen
//
// Hold and Release keep answers back, to test calls in flight; MeetingsXML renders meetings
// the way bbb-web's template does, Dialer makes a dial-in caller.
package bbbtest

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fault is a misbehaviour the stand-in simulates for getMeetings calls.
type Fault int

const (
	// FaultNone answers normally.
	FaultNone Fault = iota
	// FaultSlow waits (10 s unless WithSlowDelay says otherwise, or until the client gives up)
	// before answering.
	FaultSlow
	// FaultReset closes the connection without answering.
	FaultReset
	// FaultGarbage answers 200 with a body that is not XML.
	FaultGarbage
	// FaultTruncated answers the meetings XML cut off in the middle.
	FaultTruncated
	// FaultFailed answers FAILED checksumError, whatever the checksum.
	FaultFailed
	// FaultNoMeetings answers SUCCESS with messageKey noMeetings.
	FaultNoMeetings
	// FaultHTTPError answers status 500 with an HTML page.
	FaultHTTPError
	// FaultStall sends the first half of the answer, then waits like FaultSlow.
	FaultStall
)

// Option configures a Server.
type Option func(*Server)

// WithAlgorithms restricts the checksum algorithms accepted (sha1, sha256, sha384,
// sha512), as supportedChecksumAlgorithms in bbb-web.properties does; default all four.
func WithAlgorithms(algos ...string) Option {
	return func(s *Server) { s.algos = algos }
}

// WithMeetings sets the meetings getMeetings lists.
func WithMeetings(ms ...Meeting) Option {
	return func(s *Server) { s.body = MeetingsXML(ms) }
}

// WithSlowDelay sets how long FaultSlow waits.
func WithSlowDelay(d time.Duration) Option {
	return func(s *Server) { s.slow = d }
}

// Server is a running stand-in, closed when the test ends.
type Server struct {
	srv     *httptest.Server
	secret  string
	algos   []string
	slow    time.Duration
	closing chan struct{}
	once    sync.Once

	mu    sync.Mutex
	body  []byte
	fault Fault
	calls int
	held  chan struct{} // while non-nil, getMeetings answers wait for Release
}

// New starts a stand-in on loopback with the shared secret; it serves no meetings until
// told otherwise.
func New(t testing.TB, secret string, opts ...Option) *Server {
	t.Helper()
	s := &Server{secret: secret, algos: []string{"sha1", "sha256", "sha384", "sha512"},
		slow: 10 * time.Second, closing: make(chan struct{}), body: []byte(NoMeetingsXML)}
	for _, o := range opts {
		o(s)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// URL is the API base, http://127.0.0.1:PORT/bigbluebutton/api.
func (s *Server) URL() string { return s.srv.URL + "/bigbluebutton/api" }

// SetMeetings makes getMeetings list ms (none: the noMeetings answer).
func (s *Server) SetMeetings(ms ...Meeting) { s.SetBody(string(MeetingsXML(ms))) }

// SetBody makes getMeetings answer body verbatim (after the checksum check).
func (s *Server) SetBody(body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.body = []byte(body)
}

// SetFault makes the following getMeetings calls misbehave as f.
func (s *Server) SetFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

// Calls is how many getMeetings requests arrived, whatever their checksum.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// Hold makes getMeetings calls wait, once their checksum is checked, until Release: for
// tests of calls in flight.
func (s *Server) Hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held == nil {
		s.held = make(chan struct{})
	}
}

// Release lets the calls held since Hold answer.
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held != nil {
		close(s.held)
		s.held = nil
	}
}

// Down closes the stand-in for good: connections to URL are then refused.
func (s *Server) Down() { s.Close() }

// Close stops the server; New registers it with t.Cleanup.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closing)
		s.srv.Close()
	})
}

var algorithms = map[int]struct {
	name string
	new  func() hash.Hash
}{
	40: {"sha1", sha1.New}, 64: {"sha256", sha256.New},
	96: {"sha384", sha512.New384}, 128: {"sha512", sha512.New},
}

// checksumOK checks a call the way bbb-web does.
func (s *Server) checksumOK(call, rawQuery string) bool {
	var sum string
	for _, kv := range strings.Split(rawQuery, "&") {
		if v, ok := strings.CutPrefix(kv, "checksum="); ok {
			sum = v
		}
	}
	if sum == "" {
		return false
	}
	q := rawQuery
	for _, cut := range []string{"&checksum=" + sum, "checksum=" + sum + "&", "checksum=" + sum} {
		q = strings.Replace(q, cut, "", 1)
	}
	algo, ok := algorithms[len(sum)]
	if !ok {
		return false
	}
	allowed := false
	for _, a := range s.algos {
		allowed = allowed || a == algo.name
	}
	if !allowed {
		return false
	}
	h := algo.new()
	io.WriteString(h, call+q+s.secret)
	return hex.EncodeToString(h.Sum(nil)) == sum
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	const prefix = "/bigbluebutton/api"
	rest, ok := strings.CutPrefix(r.URL.Path, prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/xml;charset=utf-8")
	call := strings.Trim(rest, "/")
	if call == "" {
		io.WriteString(w, "<response>\n<returncode>SUCCESS</returncode>\n<version>2.0</version>\n</response>\n")
		return
	}
	s.mu.Lock()
	if call == "getMeetings" {
		s.calls++
	}
	fault, body, held := s.fault, s.body, s.held
	s.mu.Unlock()
	if !s.checksumOK(call, r.URL.RawQuery) {
		io.WriteString(w, ChecksumErrorXML)
		return
	}
	if call != "getMeetings" {
		io.WriteString(w, "<response>\n<returncode>FAILED</returncode>\n<messageKey>unsupportedRequest</messageKey>\n"+
			"<message>This stand-in answers getMeetings only.</message>\n</response>\n")
		return
	}
	if held != nil {
		select {
		case <-held:
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		}
	}
	wait := func() bool {
		select {
		case <-time.After(s.slow):
			return true
		case <-r.Context().Done():
		case <-s.closing:
		}
		return false
	}
	switch fault {
	case FaultSlow:
		if !wait() {
			return
		}
	case FaultStall:
		w.Write(body[:len(body)/2])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		if !wait() {
			return
		}
		body = body[len(body)/2:]
	case FaultReset:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	case FaultGarbage:
		io.WriteString(w, "Internal error: the meeting service is restarting \x00\xff{not xml}")
		return
	case FaultTruncated:
		body = body[:len(body)/2]
	case FaultFailed:
		io.WriteString(w, ChecksumErrorXML)
		return
	case FaultNoMeetings:
		body = []byte(NoMeetingsXML)
	case FaultHTTPError:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, "<html><body><h1>500 Internal Server Error</h1></body></html>")
		return
	}
	w.Write(body)
}

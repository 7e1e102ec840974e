// Package bbbapi talks to a BigBlueButton server's API: it signs a getMeetings call with the
// shared secret, shares one call in flight among parallel callers, and reduces the answer
// to aggregate counts (a Summary) while it streams, keeping no name, ID or password.
package bbbapi

import (
	"compress/gzip"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// DefaultTimeout bounds one getMeetings call when Config.Timeout is zero; well under
// Prometheus' default scrape timeout of 10 s.
const DefaultTimeout = 5 * time.Second

// DefaultMaxBody is the most of an answer read (a getMeetings answer with 10,000 attendees
// is about 4 MiB).
const DefaultMaxBody = 64 << 20

// Checksums lists the checksum algorithms BBB accepts, by the name used in flags.
var Checksums = map[string]func() hash.Hash{
	"sha1":   sha1.New,
	"sha256": sha256.New,
	"sha384": sha512.New384,
	"sha512": sha512.New,
}

// Checksum returns the hex checksum BBB expects for a call: the hash of the call name, the
// query string (without the checksum parameter) and the shared secret.
func Checksum(algorithm, callName, query, secret string) (string, error) {
	newHash, ok := Checksums[algorithm]
	if !ok {
		return "", fmt.Errorf("unknown checksum algorithm %q (want sha1, sha256, sha384 or sha512)", algorithm)
	}
	h := newHash()
	io.WriteString(h, callName)
	io.WriteString(h, query)
	io.WriteString(h, secret)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Config configures a Client.
type Config struct {
	// APIURL is the API's base, e.g. https://bbb.example.org/bigbluebutton/api (a trailing
	// slash is accepted).
	APIURL string
	// Secret is the shared secret (bbb-conf --secret); it only ever enters the checksum.
	// Surrounding white space (a secret file's trailing newline) is ignored.
	Secret string
	// Checksum is sha1, sha256, sha384 or sha512; empty means sha256.
	Checksum string
	// Timeout bounds one call, body included; zero means DefaultTimeout.
	Timeout time.Duration
	// MaxBody is the most of an answer read; zero means DefaultMaxBody.
	MaxBody int64
	// HTTPClient sends the calls; nil means a client of its own that follows no redirects
	// and does not ask for compression.
	HTTPClient *http.Client
}

// Result is one getMeetings call's outcome.
type Result struct {
	Summary
	// Duration is how long the call took, answer parsed.
	Duration time.Duration
}

// Client calls getMeetings. It is safe for concurrent use.
type Client struct {
	callURL  string // carries the checksum, a replayable credential: never in an error or log
	redacted string // scheme://host/path of the API, for messages
	secrets  []string
	timeout  time.Duration
	maxBody  int64
	http     *http.Client

	mu     sync.Mutex
	flight *flight
}

type flight struct {
	waiters int // callers sharing the call, guarded by Client.mu
	done    chan struct{}
	res     Result
	err     error
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(cfg.APIURL))
	if err != nil {
		return nil, errors.New("the BBB API URL does not parse as a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, errors.New("the BBB API URL must start with http:// or https:// and name a host")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("the BBB API URL must not have a query or fragment")
	}
	secret := strings.TrimSpace(cfg.Secret)
	if secret == "" {
		return nil, errors.New("the BBB shared secret is empty")
	}
	algo := cfg.Checksum
	if algo == "" {
		algo = "sha256"
	}
	sum, err := Checksum(algo, "getMeetings", "", secret)
	if err != nil {
		return nil, err
	}
	u.User = nil
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	base := u.String()
	c := &Client{
		callURL:  base + "/getMeetings?checksum=" + sum,
		redacted: base,
		secrets:  []string{sum, secret},
		timeout:  cfg.Timeout,
		maxBody:  cfg.MaxBody,
		http:     cfg.HTTPClient,
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBody
	}
	if c.http == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		// The exporter runs next to BBB: inflating a compressed answer (4 MiB for 10,000
		// attendees) would cost more CPU than parsing it, to save bytes that only cross the
		// loopback or a LAN. A server that compresses unasked is still read.
		tr.DisableCompression = true
		c.http = &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
	}
	return c, nil
}

// String names the API without its credentials.
func (c *Client) String() string { return "BBB API " + c.redacted }

// GoString is String, so that %#v shows no credentials either.
func (c *Client) GoString() string { return c.String() }

// GetMeetings calls getMeetings and summarizes the answer. Parallel callers share the call
// in flight; it runs under the client's timeout, whoever started it, and each caller
// returns early when its own ctx ends.
func (c *Client) GetMeetings(ctx context.Context) (Result, error) {
	c.mu.Lock()
	f := c.flight
	if f == nil {
		f = &flight{done: make(chan struct{})}
		c.flight = f
		go c.run(context.WithoutCancel(ctx), f)
	}
	f.waiters++
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.res, f.err
	case <-ctx.Done():
		return Result{}, fmt.Errorf("getMeetings on %s: gave up waiting: %w", c.redacted, ctx.Err())
	}
}

// InFlight is how many callers share the getMeetings call in flight (0 when none is).
func (c *Client) InFlight() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.flight == nil {
		return 0
	}
	return c.flight.waiters
}

func (c *Client) run(ctx context.Context, f *flight) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	begin := time.Now()
	sum, err := c.call(ctx)
	f.res = Result{Summary: sum, Duration: time.Since(begin)}
	if err != nil {
		f.err = &CallError{msg: c.scrub(fmt.Sprintf("getMeetings on %s: %v", c.redacted, err)), err: err}
	}
	c.mu.Lock()
	c.flight = nil
	c.mu.Unlock()
	close(f.done)
}

// call does one request. Its errors never hold the request URL.
func (c *Client) call(ctx context.Context) (Summary, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.callURL, nil)
	if err != nil {
		return Summary{}, errors.New("cannot build the request")
	}
	req.Header.Set("Accept", "application/xml, text/xml")
	resp, err := c.http.Do(req)
	if err != nil {
		return Summary{}, c.transportError(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.CopyN(io.Discard, resp.Body, 64<<10)
		return Summary{}, statusError(resp.StatusCode)
	}
	var body io.Reader = resp.Body
	if !resp.Uncompressed && strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		// Compressed although the transport did not ask for it (a custom HTTPClient).
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return Summary{}, fmt.Errorf("reading the answer: %w", c.transportError(ctx, err))
		}
		body = zr
	}
	sum, err := Parse(&limitedReader{r: body, left: c.maxBody})
	switch {
	case err == nil:
		return sum, nil
	case errors.Is(err, errTooLarge):
		return Summary{}, fmt.Errorf("the answer is larger than %s", sizeString(c.maxBody))
	}
	var se *SyntaxError
	var ae *APIError
	switch {
	case errors.As(err, &se) && isHTML(resp.Header.Get("Content-Type")):
		return Summary{}, fmt.Errorf("the answer is an HTML page, not BBB's XML (a proxy's error page?): %w", err)
	case se != nil || errors.As(err, &ae):
		return Summary{}, err
	}
	return Summary{}, fmt.Errorf("reading the answer: %w", c.transportError(ctx, err))
}

// isHTML reports whether a Content-Type header names an HTML page.
func isHTML(contentType string) bool {
	media, _, _ := strings.Cut(contentType, ";")
	media = strings.ToLower(strings.TrimSpace(media))
	return media == "text/html" || media == "application/xhtml+xml"
}

// statusError describes an HTTP status other than 200 in our words: the status line's
// text and the headers (a redirect's Location carries the checksum) are not repeated.
func statusError(code int) error {
	var hint string
	switch {
	case code >= 300 && code < 400:
		hint = "a redirect, not followed: check the scheme, host and path of the API URL"
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		hint = "unauthorized: a proxy in front of BBB asks for credentials or refuses this host"
	case code == http.StatusNotFound:
		hint = "not found: check the path of the API URL"
	case code >= 500:
		hint = "a server error: BBB or a proxy in front of it is down or failing"
	}
	if hint == "" {
		return fmt.Errorf("HTTP status %d", code)
	}
	return fmt.Errorf("HTTP status %d (%s)", code, hint)
}

// transportError strips the URL that net/http puts into its errors and names timeouts.
func (c *Client) transportError(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %s: %w", c.timeout, context.DeadlineExceeded)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if kind, ok := tlsKind(err); ok {
		return kind
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("the connection closed before the answer was complete: %w", err)
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return err // dial, read and TLS errors: addresses and system messages, nothing answered
	}
	return redactQuoted(err)
}

// quoted matches a Go-quoted string (%q), which is how net/http and net/textproto repeat a
// malformed status line, header or transfer encoding in their errors.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// redactQuoted drops what an error quotes from the server's answer, cause included: the
// message keeps what went wrong (malformed HTTP response, malformed MIME header line, …).
func redactQuoted(err error) error {
	msg := err.Error()
	if !strings.ContainsAny(msg, "\"`") {
		return err
	}
	msg = quoted.ReplaceAllString(msg, "(not repeated)")
	if i := strings.IndexAny(msg, "\"`"); i >= 0 { // an unmatched quote: cut the rest
		msg = msg[:i] + "(not repeated)"
	}
	return errors.New(msg)
}

// scrub removes the secret and the checksum from a message, should a lower layer ever
// have repeated the URL.
func (c *Client) scrub(msg string) string {
	for _, s := range c.secrets {
		msg = strings.ReplaceAll(msg, s, "[redacted]")
	}
	return msg
}

// CallError is a failed getMeetings call. Its message names the API's scheme, host and path
// and what went wrong, never the checksum, the secret or anything BBB answered.
type CallError struct {
	msg string
	err error
}

func (e *CallError) Error() string { return e.msg }

// Unwrap gives the cause, for errors.Is and errors.As (e.g. *APIError, *SyntaxError,
// context.DeadlineExceeded).
func (e *CallError) Unwrap() error { return e.err }

var errTooLarge = errors.New("answer too large")

func sizeString(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

type limitedReader struct {
	r    io.Reader
	left int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	if int64(n) > l.left {
		return 0, errTooLarge
	}
	l.left -= int64(n)
	return n, err
}

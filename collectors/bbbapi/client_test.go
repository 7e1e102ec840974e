package bbbapi_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/bbbapi"
	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
)

const secret = "Zq3secretCANARYvalue0123456789abcdef"

func twoMeetings() []bbbtest.Meeting {
	return []bbbtest.Meeting{
		{ID: "m1", InternalID: "m1-int", Attendees: []bbbtest.Attendee{
			{UserID: "w_1", ClientType: "HTML5", Voice: true}, bbbtest.Dialer(1, "+4930123")}},
		{ID: "m2", InternalID: "m2-int"},
	}
}

func TestNewValidates(t *testing.T) {
	tests := []struct {
		cfg  bbbapi.Config
		want string
	}{
		{bbbapi.Config{APIURL: "ftp://bbb.example.org/bigbluebutton/api", Secret: "s"}, "must start with http:// or https://"},
		{bbbapi.Config{APIURL: "bbb.example.org/bigbluebutton/api", Secret: "s"}, "must start with http:// or https://"},
		{bbbapi.Config{APIURL: "https:///bigbluebutton/api", Secret: "s"}, "name a host"},
		{bbbapi.Config{APIURL: "https://bbb.example.org/api?x=1", Secret: "s"}, "query"},
		{bbbapi.Config{APIURL: "https://bbb.example.org/api", Secret: " \n"}, "secret is empty"},
		{bbbapi.Config{APIURL: "https://bbb.example.org/api", Secret: "s", Checksum: "md5"}, `unknown checksum algorithm "md5"`},
	}
	for _, tt := range tests {
		_, err := bbbapi.New(tt.cfg)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%+v) = %v, want %q", tt.cfg, err, tt.want)
		}
	}
	c, err := bbbapi.New(bbbapi.Config{APIURL: "https://user:pw@bbb.example.org/bigbluebutton/api/", Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{c.String(), c.GoString()} {
		if s != "BBB API https://bbb.example.org/bigbluebutton/api" {
			t.Errorf("String = %q", s)
		}
	}
}

func TestChecksumAlgorithms(t *testing.T) {
	for _, algo := range []string{"sha1", "sha256", "sha384", "sha512"} {
		t.Run(algo, func(t *testing.T) {
			srv := bbbtest.New(t, secret, bbbtest.WithMeetings(twoMeetings()...))
			for _, u := range []string{srv.URL(), srv.URL() + "/"} {
				// A secret file's trailing newline does not count.
				c, err := bbbapi.New(bbbapi.Config{APIURL: u, Secret: secret + "\n", Checksum: algo})
				if err != nil {
					t.Fatal(err)
				}
				r, err := c.GetMeetings(context.Background())
				if err != nil {
					t.Fatalf("GetMeetings: %v", err)
				}
				if r.Meetings != 2 || r.Endpoints != 2 || r.DialInClients != 1 || r.HTML5Clients != 1 {
					t.Errorf("GetMeetings = %+v", r.Summary)
				}
			}
			if srv.Calls() != 2 {
				t.Errorf("stand-in saw %d calls, want 2", srv.Calls())
			}
		})
	}
}

func TestChecksumRejected(t *testing.T) {
	tests := []struct {
		name, algo, secret string
		opts               []bbbtest.Option
	}{
		{"wrong secret", "sha256", "not-the-secret", nil},
		{"sha1 on a sha256-only server", "sha1", secret, []bbbtest.Option{bbbtest.WithAlgorithms("sha256")}},
		{"sha512 on a sha1/sha256 server", "sha512", secret, []bbbtest.Option{bbbtest.WithAlgorithms("sha1", "sha256")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := bbbtest.New(t, secret, tt.opts...)
			c, err := bbbapi.New(bbbapi.Config{APIURL: srv.URL(), Secret: tt.secret, Checksum: tt.algo})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.GetMeetings(context.Background())
			var ae *bbbapi.APIError
			if !errors.As(err, &ae) || ae.MessageKey != "checksumError" {
				t.Fatalf("GetMeetings = %v, want checksumError", err)
			}
			assertClean(t, err.Error(), tt.secret)
		})
	}
}

// assertClean fails when msg holds the secret or any getMeetings checksum made from it.
func assertClean(t *testing.T, msg, secret string) {
	t.Helper()
	for _, algo := range []string{"sha1", "sha256", "sha384", "sha512"} {
		sum, _ := bbbapi.Checksum(algo, "getMeetings", "", secret)
		if strings.Contains(msg, sum) {
			t.Errorf("%q holds the %s checksum", msg, algo)
		}
	}
	if strings.Contains(msg, secret) || strings.Contains(msg, "checksum=") {
		t.Errorf("%q holds the secret or a checksum parameter", msg)
	}
}

// TestFaults: each fault answers within the timeout (a short one, against a stand-in that
// would sleep 10 s), with an error that says what went wrong and holds no credential.
func TestFaults(t *testing.T) {
	tests := []struct {
		fault bbbtest.Fault
		want  string // in the error; "" means success
	}{
		{bbbtest.FaultSlow, "no answer within 200ms"},
		{bbbtest.FaultStall, "reading the answer: no answer within 200ms"},
		{bbbtest.FaultReset, "EOF"},
		{bbbtest.FaultGarbage, "text outside the root element"},
		{bbbtest.FaultTruncated, "truncated"},
		{bbbtest.FaultFailed, "FAILED (messageKey checksumError)"},
		{bbbtest.FaultHTTPError, "HTTP status 500"},
		{bbbtest.FaultNoMeetings, ""},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			srv := bbbtest.New(t, secret, bbbtest.WithMeetings(twoMeetings()...))
			srv.SetFault(tt.fault)
			// Only the faults that wait need the short timeout; the others get a long one, so
			// that a loaded machine cannot turn their error into a timeout.
			timeout := 5 * time.Second
			if tt.fault == bbbtest.FaultSlow || tt.fault == bbbtest.FaultStall {
				timeout = 200 * time.Millisecond
			}
			c, err := bbbapi.New(bbbapi.Config{APIURL: srv.URL(), Secret: secret, Timeout: timeout})
			if err != nil {
				t.Fatal(err)
			}
			r, err := callWithGuard(t, c)
			if tt.want == "" {
				if err != nil || r.Meetings != 0 {
					t.Fatalf("GetMeetings = %+v, %v; want no meetings", r, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("GetMeetings error = %v, want %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "getMeetings on "+strings.TrimSuffix(srv.URL(), "/")) {
				t.Errorf("error %q does not say which API failed", err)
			}
			assertClean(t, err.Error(), secret)
		})
	}
	t.Run("down", func(t *testing.T) {
		srv := bbbtest.New(t, secret)
		srv.Down()
		c, _ := bbbapi.New(bbbapi.Config{APIURL: srv.URL(), Secret: secret, Timeout: 200 * time.Millisecond})
		_, err := callWithGuard(t, c)
		if err == nil || !strings.Contains(err.Error(), "connection refused") {
			t.Fatalf("GetMeetings = %v, want connection refused", err)
		}
		assertClean(t, err.Error(), secret)
	})
	t.Run("too large", func(t *testing.T) {
		srv := bbbtest.New(t, secret, bbbtest.WithMeetings(bbbtest.Generate(10, 200)...))
		c, _ := bbbapi.New(bbbapi.Config{APIURL: srv.URL(), Secret: secret, MaxBody: 4096})
		_, err := callWithGuard(t, c)
		if err == nil || !strings.Contains(err.Error(), "larger than 4096 bytes") {
			t.Fatalf("GetMeetings = %v, want the size cap", err)
		}
	})
}

// callWithGuard calls GetMeetings, failing the test should it hang (5 s is a guard against
// hangs, not a speed expectation).
func callWithGuard(t *testing.T, c *bbbapi.Client) (bbbapi.Result, error) {
	t.Helper()
	type out struct {
		r   bbbapi.Result
		err error
	}
	ch := make(chan out, 1)
	go func() {
		r, err := c.GetMeetings(context.Background())
		ch <- out{r, err}
	}()
	select {
	case o := <-ch:
		return o.r, o.err
	case <-time.After(5 * time.Second):
		t.Fatal("GetMeetings did not return")
		return bbbapi.Result{}, nil
	}
}

// TestSharedCall: parallel callers share the one call in flight.
func TestSharedCall(t *testing.T) {
	srv := bbbtest.New(t, secret, bbbtest.WithMeetings(twoMeetings()...))
	c, err := bbbapi.New(bbbapi.Config{APIURL: srv.URL(), Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	srv.Hold()
	const n = 8
	var wg sync.WaitGroup
	results := make([]bbbapi.Result, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { results[i], errs[i] = c.GetMeetings(context.Background()) })
	}
	for c.InFlight() < n {
		time.Sleep(time.Millisecond)
	}
	srv.Release()
	wg.Wait()
	for i := range n {
		if errs[i] != nil || results[i].Endpoints != 2 {
			t.Errorf("caller %d: %+v, %v", i, results[i], errs[i])
		}
	}
	if srv.Calls() != 1 {
		t.Errorf("stand-in saw %d calls, want 1", srv.Calls())
	}
	// The next call is a new one.
	if _, err := c.GetMeetings(context.Background()); err != nil || srv.Calls() != 2 {
		t.Errorf("next call: %v, %d calls", err, srv.Calls())
	}
}

// TestCallerGivesUp: a caller whose context ends returns at once; the call goes on for others.
func TestCallerGivesUp(t *testing.T) {
	srv := bbbtest.New(t, secret, bbbtest.WithMeetings(twoMeetings()...))
	c, _ := bbbapi.New(bbbapi.Config{APIURL: srv.URL(), Secret: secret})
	srv.Hold()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.GetMeetings(ctx); done <- err }()
	for c.InFlight() < 1 {
		time.Sleep(time.Millisecond)
	}
	other := make(chan error, 1)
	go func() { _, err := c.GetMeetings(context.Background()); other <- err }()
	for c.InFlight() < 2 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller: %v", err)
	}
	srv.Release()
	if err := <-other; err != nil {
		t.Errorf("other caller: %v", err)
	}
}

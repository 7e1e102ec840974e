package promtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/model"
)

// TestStartBackfilled backfills one series and reads it back through the server's API.
func TestStartBackfilled(t *testing.T) {
	at := time.Date(2021, time.March, 28, 12, 0, 0, 0, time.UTC)
	s := Start(t, Options{OpenMetrics: []byte("# TYPE promtest_answer gauge\n" +
		fmt.Sprintf("promtest_answer{node=\"a\"} 42 %d\n# EOF\n", at.Unix()))})
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") || s.URL() != "http://"+s.Addr {
		t.Errorf("URL %q, Addr %q", s.URL(), s.Addr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, _, _, err := s.API().Query(ctx, "promtest_answer", at)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := res.(model.Vector); !ok || len(v) != 1 || v[0].Value != 42 || v[0].Metric["node"] != "a" {
		t.Errorf("promtest_answer at %s = %v", at, res)
	}
}

// TestStartRetriesTakenPort hands Start a port that is in use first: Prometheus exits, and Start
// tries again on another port.
func TestStartRetriesTakenPort(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	var handed []string
	freePort = func(t testing.TB) string {
		addr := FreePort(t)
		if len(handed) == 0 {
			addr = taken.Addr().String()
		}
		handed = append(handed, addr)
		return addr
	}
	t.Cleanup(func() { freePort = FreePort })
	s := Start(t, Options{Config: "global:\n  scrape_interval: 1m\n", Args: []string{"--web.enable-lifecycle"}})
	if len(handed) != 2 || s.Addr != handed[1] {
		t.Errorf("ports handed %v, server on %s", handed, s.Addr)
	}
	if _, err := s.API().Buildinfo(context.Background()); err != nil {
		t.Error(err)
	}
}

func TestWaitFor(t *testing.T) {
	calls := 0
	if err := WaitFor(time.Second, func(context.Context) (bool, error) { calls++; return calls == 3, nil }); err != nil || calls != 3 {
		t.Errorf("WaitFor = %v after %d calls, want nil after 3", err, calls)
	}
	cause := errors.New("still down")
	err := WaitFor(50*time.Millisecond, func(ctx context.Context) (bool, error) {
		if _, ok := ctx.Deadline(); !ok {
			t.Error("cond called without a deadline")
		}
		return false, cause
	})
	if !errors.Is(err, cause) || !strings.Contains(err.Error(), "not within 50ms") {
		t.Errorf("WaitFor = %v", err)
	}
	if err := WaitFor(0, func(context.Context) (bool, error) { return false, nil }); err == nil || err.Error() != "not within 0s" {
		t.Errorf("WaitFor = %v", err)
	}
}

func TestBuffer(t *testing.T) {
	var b Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 100 {
			b.Write([]byte("x"))
		}
	}()
	for range 100 {
		_ = b.String()
	}
	<-done
	if got := b.String(); got != strings.Repeat("x", 100) {
		t.Errorf("Buffer = %q", got)
	}
}

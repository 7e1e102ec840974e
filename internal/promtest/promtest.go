// Package promtest runs a real Prometheus server for tests, on loopback, optionally on data
// backfilled from an OpenMetrics text with promtool. Tests skip when the binaries are missing, and
// fail instead when the environment variable CI=true.
package promtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/api"
	promv1 "github.com/prometheus/client_golang/api/prometheus/v1"
)

const (
	// readyTimeout bounds the wait for a started server to answer /-/ready.
	readyTimeout = 30 * time.Second
	// stopTimeout bounds the wait for a server to stop after SIGTERM; then it is killed.
	stopTimeout = 10 * time.Second
	// attempts is how often Start tries again when another process took the chosen port first.
	attempts = 3
	// pollInterval is the pause between two calls of a WaitFor condition.
	pollInterval = 100 * time.Millisecond
	// callTimeout bounds one call of a WaitFor condition.
	callTimeout = 2 * time.Second
)

// emptyConfig is the configuration used when Options.Config is empty: no scrapes, no rules.
const emptyConfig = "global: {}\nscrape_configs: []\n"

// Need returns the path of the program name found on PATH. When it is missing the test is
// skipped, or failed when CI=true.
func Need(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not installed, and CI=true: %v", name, err)
		}
		t.Skipf("%s not installed: %v", name, err)
	}
	return path
}

// Options says what the server started by Start runs on.
type Options struct {
	// Config is the body of prometheus.yml; empty means no scrapes and no rules. Relative paths
	// in it (rule_files) are resolved against a temporary directory: give absolute ones.
	Config string
	// OpenMetrics, when not nil, is backfilled into the new TSDB with promtool before the start,
	// and the retention is raised so that old samples survive.
	OpenMetrics []byte
	// Args are more command-line flags for prometheus. The config, storage, listen address,
	// log level and (with OpenMetrics) retention flags are set by Start and must not be repeated.
	Args []string
}

// Server is a running Prometheus server, stopped when the test that started it ends.
type Server struct {
	// Addr is the server's 127.0.0.1:PORT.
	Addr string

	logs   *Buffer
	api    promv1.API
	cmd    *exec.Cmd
	exited chan struct{}
}

// URL returns the server's base URL, http://127.0.0.1:PORT.
func (s *Server) URL() string { return "http://" + s.Addr }

// API returns a client of the server's HTTP API.
func (s *Server) API() promv1.API { return s.api }

// Logs returns what the server has written to stdout and stderr so far.
func (s *Server) Logs() string { return s.logs.String() }

// Start starts Prometheus on a free 127.0.0.1 port with a fresh TSDB in t.TempDir(), and returns
// once it answers /-/ready (at most 30 s per attempt). When another process takes the port first,
// it tries again on another port, three times at most. The server is stopped (SIGTERM, then kill
// after 10 s) when the test ends, and its log is added to the test's output if the test failed.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	prometheus := Need(t, "prometheus")
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	args := []string{"--storage.tsdb.path=" + data, "--log.level=warn"}
	if opts.OpenMetrics != nil {
		if err := backfill(Need(t, "promtool"), dir, data, opts.OpenMetrics); err != nil {
			t.Fatal(err)
		}
		// Backfilled data must survive the default retention of 15 days.
		args = append(args, "--storage.tsdb.retention.time=100y")
	}
	config := opts.Config
	if config == "" {
		config = emptyConfig
	}
	configFile := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(configFile, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	args = append(append(args, "--config.file="+configFile), opts.Args...)
	for attempt := 1; ; attempt++ {
		s, err := launch(t, prometheus, args)
		if err == nil {
			return s
		}
		if !errors.Is(err, errPortTaken) || attempt == attempts {
			t.Fatal(err)
		}
	}
}

// errPortTaken says that another process took the port chosen for Prometheus first.
var errPortTaken = errors.New("port taken")

// backfill writes openMetrics to dir and turns it into TSDB blocks in data with promtool.
func backfill(promtool, dir, data string, openMetrics []byte) error {
	om := filepath.Join(dir, "backfill.om")
	if err := os.WriteFile(om, openMetrics, 0o600); err != nil {
		return err
	}
	out, err := exec.Command(promtool, "tsdb", "create-blocks-from", "openmetrics", om, data).CombinedOutput()
	if err != nil {
		return fmt.Errorf("promtool tsdb create-blocks-from openmetrics: %w\n%s", err, out)
	}
	return nil
}

// launch starts one Prometheus process on a free port and waits until it is ready. An error wraps
// errPortTaken when the port was taken by another process meanwhile.
func launch(t testing.TB, prometheus string, args []string) (*Server, error) {
	addr := freePort(t)
	s := &Server{Addr: addr, logs: &Buffer{}, exited: make(chan struct{})}
	s.cmd = exec.Command(prometheus, append(args, "--web.listen-address="+addr)...)
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", prometheus, err)
	}
	go func() { s.cmd.Wait(); close(s.exited) }()
	if err := s.waitReady(); err != nil {
		s.stop()
		if strings.Contains(s.Logs(), "address already in use") {
			err = fmt.Errorf("%w: %w", errPortTaken, err)
		}
		return nil, fmt.Errorf("%w; its log:\n%s", err, s.Logs())
	}
	client, err := api.NewClient(api.Config{Address: s.URL()})
	if err != nil {
		s.stop()
		return nil, err
	}
	s.api = promv1.NewAPI(client)
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("prometheus log:\n%s", s.Logs())
		}
	})
	return s, nil
}

// waitReady waits until the server answers /-/ready with 200 OK, or has exited.
func (s *Server) waitReady() error {
	err := WaitFor(readyTimeout, func(ctx context.Context) (bool, error) {
		select {
		case <-s.exited:
			return true, nil
		default:
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"/-/ready", nil)
		if err != nil {
			return false, err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return false, err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return false, fmt.Errorf("GET /-/ready: %s", resp.Status)
		}
		return true, nil
	})
	select {
	case <-s.exited:
		return fmt.Errorf("prometheus exited at start (%v)", s.cmd.ProcessState)
	default:
	}
	if err != nil {
		return fmt.Errorf("prometheus not ready: %w", err)
	}
	return nil
}

// stop sends SIGTERM and waits for the process to end, killing it after stopTimeout.
func (s *Server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(stopTimeout):
		s.cmd.Process.Kill()
		<-s.exited
	}
}

// freePort is FreePort; tests of this package replace it to provoke a port collision.
var freePort = FreePort

// FreePort asks the kernel for a free 127.0.0.1 port and releases it for a child process to take;
// it returns 127.0.0.1:PORT. Another process may take the port first: the child must notice.
func FreePort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// WaitFor calls cond every 100 ms, each time with a context that ends after 2 s, until it reports
// true, and returns nil then. Once timeout has passed it calls cond a last time and, failing that,
// returns an error carrying the last error cond gave.
func WaitFor(timeout time.Duration, cond func(ctx context.Context) (bool, error)) error {
	deadline := time.Now().Add(timeout)
	var lastErr error
	for {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		ok, err := cond(ctx)
		cancel()
		if ok {
			return nil
		}
		if err != nil {
			lastErr = err
		}
		if !time.Now().Before(deadline) {
			if lastErr == nil {
				return fmt.Errorf("not within %s", timeout)
			}
			return fmt.Errorf("not within %s; last error: %w", timeout, lastErr)
		}
		time.Sleep(pollInterval)
	}
}

// Buffer collects a child process's output while a test reads it; its zero value is ready to use
// and it is safe for concurrent use.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p to the buffer.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what has been written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

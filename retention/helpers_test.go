package retention

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/retention/scrub"
)

// testNow is the fixed clock of the tests; with 72h retention the cutoff is
// 2021-04-15T12:00:00Z.
var testNow = time.Date(2021, 4, 18, 12, 0, 0, 0, time.UTC)

func maskScrubber(t testing.TB) *scrub.Scrubber {
	t.Helper()
	s, err := scrub.New(scrub.Options{Mode: scrub.Mask, IPv4Prefix: 24, IPv6Prefix: 48})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func redactCounter(t testing.TB) *scrub.Scrubber {
	t.Helper()
	s, err := scrub.New(scrub.Options{Mode: scrub.Redact})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newRunner(t testing.TB, c *Config) *Runner {
	t.Helper()
	return &Runner{
		Config: c, Scrubber: maskScrubber(t), Counter: redactCounter(t),
		Now: testNow, Location: time.UTC, pollEvery: 10 * time.Millisecond,
	}
}

func testConfig(sources ...Source) *Config {
	return &Config{Retention: Duration(72 * time.Hour), IPv4Prefix: 24, IPv6Prefix: 48, Sources: sources}
}

func writeFile(t testing.TB, path string, data []byte, mtime time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

// gz compresses each part as its own gzip member.
func gz(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, p := range parts {
		zw := gzip.NewWriter(&buf)
		if _, err := zw.Write([]byte(p)); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func gunzip(t testing.TB, data []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

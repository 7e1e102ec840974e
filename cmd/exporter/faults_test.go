package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
)

// TestBBBFaultsStillAnswer checks, through the whole exporter, that every way BBB can fail still
// gives a prompt scrape with bbb_api_up 0 (1 for no meetings) and the host metrics.
func TestBBBFaultsStillAnswer(t *testing.T) {
	bbb := bbbtest.New(t, goldenSecret, bbbtest.WithSlowDelay(20*time.Second))
	bbb.SetMeetings(goldenMeetings()...)
	args := goldenArgs(t, bbb.URL(), "sys-cgroupv2")
	e := startExporter(t, append(args, "--bbb.timeout=300ms")...)
	cases := []struct {
		fault bbbtest.Fault
		name  string
		up    string
	}{
		{bbbtest.FaultNone, "healthy", "1"},
		{bbbtest.FaultSlow, "slow", "0"},
		{bbbtest.FaultReset, "connection reset", "0"},
		{bbbtest.FaultGarbage, "garbage", "0"},
		{bbbtest.FaultTruncated, "truncated XML", "0"},
		{bbbtest.FaultFailed, "FAILED checksumError", "0"},
		{bbbtest.FaultHTTPError, "HTTP 500", "0"},
		{bbbtest.FaultNoMeetings, "no meetings", "1"},
	}
	for _, c := range cases {
		bbb.SetFault(c.fault)
		begin := time.Now()
		metrics := e.get(t, "/metrics")
		took := time.Since(begin)
		if !strings.Contains(metrics, "\nbbb_api_up "+c.up+"\n") {
			t.Errorf("%s: want bbb_api_up %s in:\n%s", c.name, c.up, filterFamilies(metrics, "bbb_api"))
		}
		for _, want := range []string{`bbb_unit_tasks{unit="freeswitch"}`, `bbb_network_transmit_bytes_total{device="eth0"}`} {
			if !strings.Contains(metrics, want) {
				t.Errorf("%s: host metric %s missing", c.name, want)
			}
		}
		if took > 5*time.Second {
			t.Errorf("%s: scrape took %s with --bbb.timeout=300ms", c.name, took)
		}
	}
	bbb.Down()
	if metrics := e.get(t, "/metrics"); !strings.Contains(metrics, "\nbbb_api_up 0\n") {
		t.Errorf("BBB down: no bbb_api_up 0")
	}
}

// TestScrapeTimeoutHeaderBoundsCollectors checks that the scrape timeout Prometheus announces cuts
// a BBB call short even when --bbb.timeout is longer.
func TestScrapeTimeoutHeaderBoundsCollectors(t *testing.T) {
	bbb := bbbtest.New(t, goldenSecret, bbbtest.WithSlowDelay(20*time.Second))
	bbb.SetFault(bbbtest.FaultSlow)
	e := startExporter(t, append(goldenArgs(t, bbb.URL(), "sys-cgroupv2"), "--bbb.timeout=15s")...)
	begin := time.Now()
	metrics := e.get(t, "/metrics", "X-Prometheus-Scrape-Timeout-Seconds", "1")
	if took := time.Since(begin); took > 5*time.Second {
		t.Errorf("scrape with a 1s scrape timeout took %s", took)
	}
	if !strings.Contains(metrics, "\nbbb_api_up 0\n") {
		t.Errorf("no bbb_api_up 0 after the timeout:\n%s", filterFamilies(metrics, "bbb_"))
	}
}

// TestTLSViaWebConfig serves /metrics over TLS as --web.config.file says.
func TestTLSViaWebConfig(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM := selfSignedCert(t)
	certFile, keyFile := filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	os.WriteFile(certFile, certPEM, 0o600)
	os.WriteFile(keyFile, keyPEM, 0o600)
	webConfig := filepath.Join(dir, "web-config.yml")
	os.WriteFile(webConfig, []byte("tls_server_config:\n  cert_file: "+certFile+"\n  key_file: "+keyFile+"\n"), 0o600)

	e := startExporter(t, "--web.config.file="+webConfig, "--path.procfs="+filepath.Join(fixtures, "proc"),
		"--path.sysfs="+filepath.Join(fixtures, "sys-cgroupv2"))
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get("https://" + e.addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "bbb_unit_tasks") {
		t.Fatalf("over TLS: %s\n%s", resp.Status, body)
	}
	if resp, err := http.Get(e.url + "/metrics"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Errorf("plain HTTP still answered 200 with TLS configured")
		}
	}
	// net/http logs the failed handshake with the client's address and port: the log keeps
	// what went wrong but not who it was (the client may be a person's browser).
	handshake := func() string {
		for line := range strings.Lines(e.logs.String()) {
			if strings.Contains(line, "TLS handshake error") {
				return line
			}
		}
		return ""
	}
	if !waitFor(5*time.Second, func() bool { return handshake() != "" }) {
		t.Fatalf("no TLS handshake error logged:\n%s", e.logs)
	}
	if line := handshake(); strings.Contains(line, "127.0.0.1") || !strings.Contains(line, "from [client]") {
		t.Errorf("the log names the client's address: %s", line)
	}
}

// selfSignedCert makes a throw-away certificate for 127.0.0.1.
func selfSignedCert(t *testing.T) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "exporter test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
}

// TestParallelScrapesShareOneCall checks through the whole exporter that scrapes arriving while
// a getMeetings call is in flight share it: BBB sees one call.
func TestParallelScrapesShareOneCall(t *testing.T) {
	bbb := bbbtest.New(t, goldenSecret, bbbtest.WithSlowDelay(500*time.Millisecond))
	bbb.SetMeetings(goldenMeetings()...)
	bbb.SetFault(bbbtest.FaultSlow)
	e := startExporter(t, append(goldenArgs(t, bbb.URL(), "sys-cgroupv2")[:4], "--bbb.timeout=3s")...)
	const scrapes = 5
	results := make(chan string, scrapes)
	for range scrapes {
		go func() { results <- e.get(t, "/metrics") }()
	}
	for range scrapes {
		if m := <-results; !strings.Contains(m, "\nbbb_meetings_participants 11\n") {
			t.Errorf("a parallel scrape lacks the participants:\n%s", filterFamilies(m, "bbb_meetings"))
		}
	}
	if n := bbb.Calls(); n != 1 {
		t.Errorf("%d parallel scrapes made %d getMeetings calls, want 1", scrapes, n)
	}
}

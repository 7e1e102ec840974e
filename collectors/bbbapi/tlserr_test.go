package bbbapi_test

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bbbkit/bbbkit/collectors/bbbapi"
)

// TestTLSFailuresByKind: a TLS failure names its kind, never the certificate's host names
// (httptest's certificate is for example.com), its subject or its times.
func TestTLSFailuresByKind(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake errors the client causes
	srv.StartTLS()
	defer srv.Close()
	port := srv.Listener.Addr().String()[strings.LastIndex(srv.Listener.Addr().String(), ":"):]
	pool := srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	trusting := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	for _, tc := range []struct {
		name, url string
		client    *http.Client
		want      string
	}{
		{"hostname mismatch", "https://localhost" + port + "/bigbluebutton/api", trusting, "TLS: the server's certificate is not valid for the host of the API URL"},
		{"unknown authority", "https://127.0.0.1" + port + "/bigbluebutton/api", nil, "TLS: the server's certificate is signed by an authority this host does not trust"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := bbbapi.New(bbbapi.Config{APIURL: tc.url, Secret: "tls-secret", HTTPClient: tc.client})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.GetMeetings(context.Background())
			if err == nil || !strings.HasSuffix(err.Error(), tc.want) {
				t.Fatalf("error %v, want one ending %q", err, tc.want)
			}
			for _, leak := range []string{"example.com", "Acme", "x509"} {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("error names %q: %v", leak, err)
				}
			}
		})
	}
}

package bbbapi_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/bbbapi"
	"github.com/bbbkit/bbbkit/collectors/bbbapi/bbbtest"
)

// rawServer answers every connection on loopback with the bytes answer returns for the
// request, then closes it: for answers net/http's server would not send.
func rawServer(t *testing.T, answer func(req *http.Request) []byte) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				conn.SetDeadline(time.Now().Add(5 * time.Second))
				req, err := http.ReadRequest(bufio.NewReader(conn))
				if err != nil {
					return
				}
				conn.Write(answer(req))
			}()
		}
	}()
	return "http://" + l.Addr().String() + "/bigbluebutton/api"
}

func response(status, headers, body string) []byte {
	return fmt.Appendf(nil, "HTTP/1.1 %s\r\n%sContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		status, headers, len(body), body)
}

func gzipped(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// TestHTTPAnswers: what a proxy or a misconfigured server may answer instead of BBB. Each
// gives an error that says what happened in our words, repeating nothing the server sent
// (every answer carries a canary) and never the credential.
func TestHTTPAnswers(t *testing.T) {
	const canary = "CANARYhttp7"
	xml := bbbtest.MeetingsXML(twoMeetings())
	tests := []struct {
		name   string
		answer func(t *testing.T, req *http.Request) []byte
		want   string // in the error; "" means success with 2 endpoints
	}{
		{"plain", func(t *testing.T, req *http.Request) []byte {
			if req.Header.Get("Accept-Encoding") != "" {
				return response("400 Bad Request", "", "the exporter asked for compression")
			}
			return response("200 OK", "Content-Type: text/xml\r\n", string(xml))
		}, ""},
		{"gzip unasked", func(t *testing.T, req *http.Request) []byte {
			return response("200 OK", "Content-Type: text/xml\r\nContent-Encoding: gzip\r\n", string(gzipped(t, xml)))
		}, ""},
		{"gzip corrupt", func(t *testing.T, req *http.Request) []byte {
			return response("200 OK", "Content-Encoding: gzip\r\n", "\x1f\x8b"+canary)
		}, "reading the answer: gzip: invalid header"},
		{"nginx 502 page with status 200", func(t *testing.T, req *http.Request) []byte {
			return response("200 OK", "Content-Type: text/html\r\nServer: nginx\r\n", strings.Replace(nginx502, "nginx", canary, 1))
		}, "an HTML page, not BBB's XML"},
		{"html without content type", func(t *testing.T, req *http.Request) []byte {
			return response("200 OK", "", "<!DOCTYPE html><html><body>"+canary+"</body></html>")
		}, "a document type or other declaration"},
		{"redirect to https", func(t *testing.T, req *http.Request) []byte {
			return response("301 Moved Permanently", "Location: https://"+canary+".example.org"+req.URL.RequestURI()+"\r\n", nginx502)
		}, "HTTP status 301 (a redirect, not followed: check the scheme, host and path of the API URL)"},
		{"unauthorized", func(t *testing.T, req *http.Request) []byte {
			return response("401 Unauthorized", "WWW-Authenticate: Basic realm=\""+canary+"\"\r\n", canary)
		}, "HTTP status 401 (unauthorized"},
		{"not found", func(t *testing.T, req *http.Request) []byte {
			return response("404 "+canary, "", canary)
		}, "HTTP status 404 (not found: check the path of the API URL)"},
		{"bad gateway", func(t *testing.T, req *http.Request) []byte {
			return response("502 Bad Gateway", "Content-Type: text/html\r\n", nginx502)
		}, "HTTP status 502"},
		{"not HTTP", func(t *testing.T, req *http.Request) []byte {
			return []byte("SSH-2.0-" + canary + "\r\n")
		}, "malformed HTTP"},
		{"bad status code", func(t *testing.T, req *http.Request) []byte {
			return []byte("HTTP/1.1 2x0 " + canary + "\r\n\r\n")
		}, "malformed HTTP status code"},
		{"bad header line", func(t *testing.T, req *http.Request) []byte {
			return []byte("HTTP/1.1 200 OK\r\n" + canary + "\r\n\r\n")
		}, "malformed MIME header"},
		{"bad chunking", func(t *testing.T, req *http.Request) []byte {
			return []byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + canary + "\r\n")
		}, "invalid byte in chunk length"},
		{"bad transfer encoding", func(t *testing.T, req *http.Request) []byte {
			return []byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: " + canary + "\r\n\r\n")
		}, "unsupported transfer encoding"},
		{"short body", func(t *testing.T, req *http.Request) []byte {
			return []byte("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + string(xml[:100]))
		}, "closed before the answer was complete"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := rawServer(t, func(req *http.Request) []byte { return tt.answer(t, req) })
			c, err := bbbapi.New(bbbapi.Config{APIURL: url, Secret: secret})
			if err != nil {
				t.Fatal(err)
			}
			r, err := callWithGuard(t, c)
			if tt.want == "" {
				if err != nil || r.Endpoints != 2 {
					t.Fatalf("GetMeetings = %+v, %v; want 2 endpoints", r, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("GetMeetings error = %v, want %q", err, tt.want)
			}
			for e := error(err); e != nil; e = unwrap(e) {
				if strings.Contains(e.Error(), canary) || strings.Contains(fmt.Sprintf("%+v", e), canary) {
					t.Errorf("error %q (or its cause %T) repeats what the server sent", err, e)
				}
				assertClean(t, e.Error(), secret)
			}
		})
	}
}

func unwrap(err error) error {
	if u, ok := err.(interface{ Unwrap() error }); ok {
		return u.Unwrap()
	}
	return nil
}

// TestUnaskedGzip: a server that compresses although the client did not ask (a custom
// HTTPClient without the transport's own decompression) is still read.
func TestUnaskedGzip(t *testing.T) {
	xml := bbbtest.MeetingsXML(twoMeetings())
	url := rawServer(t, func(req *http.Request) []byte {
		return response("200 OK", "Content-Type: text/xml\r\nContent-Encoding: gzip\r\n", string(gzipped(t, xml)))
	})
	hc := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	c, err := bbbapi.New(bbbapi.Config{APIURL: url, Secret: secret, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := callWithGuard(t, c); err != nil || r.Endpoints != 2 {
		t.Fatalf("GetMeetings = %+v, %v; want 2 endpoints", r, err)
	}
}

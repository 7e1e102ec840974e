package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestServerErrorLogRedactsClients(t *testing.T) {
	var buf bytes.Buffer
	l := serverErrorLog(slog.New(slog.NewTextHandler(&buf, nil)))
	for in, want := range map[string]string{
		"http: TLS handshake error from 192.0.2.17:50312: EOF":                 "http: TLS handshake error from [client]: EOF",
		"http: TLS handshake error from [2001:db8::17]:50312: EOF":             "http: TLS handshake error from [client]: EOF",
		"http: panic serving [fe80::1%eth0]:443: boom":                         "http: panic serving [client]: boom",
		"http: panic serving 10.0.0.1: boom at 12:34:56 in goroutine 7 +0x1a5": "http: panic serving [client]: boom at 12:34:56 in goroutine 7 +0x1a5",
	} {
		buf.Reset()
		l.Print(in)
		if !strings.Contains(buf.String(), "level=WARN") || !strings.Contains(buf.String(), want) {
			t.Errorf("%q logged as %q, want %q", in, buf.String(), want)
		}
	}
}

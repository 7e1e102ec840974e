package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestDispatch(t *testing.T) {
	cases := []struct {
		args []string
		code int
		out  string
	}{
		{nil, 2, ""},
		{[]string{"frobnicate"}, 2, ""},
		{[]string{"help"}, 0, "Exit status:"},
		{[]string{"--help"}, 0, "audit   0 compliant, 1 violations found, 2 could not check"},
		{[]string{"version"}, 0, "janitor"},
		{[]string{"scrub", "--bogus"}, 2, ""},
		{[]string{"scrub", "-h"}, 0, ""},
		{[]string{"run"}, 2, ""},
		{[]string{"run", "--config", "x.yml", "--format", "xml"}, 2, ""},
		{[]string{"run", "--config", "x.yml", "extra"}, 2, ""},
		{[]string{"run", "-h"}, 0, ""},
		{[]string{"audit", "--nope"}, 2, ""},
		{[]string{"audit", "--config", "testdata/does-not-exist.yml"}, 2, ""},
	}
	for _, tc := range cases {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tc.args, strings.NewReader(""), &stdout, &stderr)
		if got := exitCode(err); got != tc.code {
			t.Errorf("%q: exit %d, want %d (err %v)", tc.args, got, tc.code, err)
		}
		if !strings.Contains(stdout.String(), tc.out) {
			t.Errorf("%q: stdout %q lacks %q", tc.args, stdout.String(), tc.out)
		}
	}
}

func TestScrubThroughDispatch(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"scrub"}, strings.NewReader("a 192.0.2.55 b\nc"), &stdout, &stderr)
	if err != nil || stdout.String() != "a 192.0.2.0 b\nc" {
		t.Errorf("scrub: %v %q", err, stdout.String())
	}
}

// TestVerbHelp: each verb's -h lists its flags with their defaults, without the panic a zero
// promslog.Level used to cause in package flag's usage text.
func TestVerbHelp(t *testing.T) {
	for _, verb := range []string{"run", "audit", "scrub"} {
		var stdout, stderr bytes.Buffer
		run(context.Background(), []string{verb, "-h"}, strings.NewReader(""), &stdout, &stderr)
		help := stdout.String() + stderr.String()
		if strings.Contains(help, "panic") || !strings.Contains(help, "-") {
			t.Errorf("janitor %s -h:\n%s", verb, help)
		}
		if verb != "scrub" && !strings.Contains(help, "--log.level=info") {
			t.Errorf("janitor %s -h does not show the log level's default:\n%s", verb, help)
		}
	}
}

// TestVersionAndManPage: --version names the binary and its version; --help-man is a man page with
// a header man(7) reads, on stdout.
func TestVersionAndManPage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"--version"}, nil, &stdout, &stderr); exitCode(err) != 0 {
		t.Fatalf("--version: %v", err)
	}
	if got := stdout.String() + stderr.String(); !strings.HasPrefix(got, "bbbkit-janitor version ") || !strings.Contains(got, "(commit ") {
		t.Errorf("--version printed %q", got)
	}
	stdout.Reset()
	if err := run(context.Background(), []string{"--help-man"}, nil, &stdout, &stderr); exitCode(err) != 0 {
		t.Fatalf("--help-man: %v", err)
	}
	page := stdout.String()
	if !strings.HasPrefix(page, `.TH "bbbkit-janitor" 1 `) || !strings.Contains(page, "audit") {
		t.Errorf("--help-man:\n%.300s", page)
	}
}

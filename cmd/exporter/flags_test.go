package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors"
)

func TestHelpAndVersion(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, &out, &errOut); err != nil {
		t.Fatalf("--help: %v", err)
	}
	for _, want := range []string{"--web.listen-address=:9871", "--[no-]collector.netdev", "--bbb.secret-file", "--history.path"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"--version"}, &out, &errOut); err != nil {
		t.Fatalf("--version: %v", err)
	}
	if !strings.HasPrefix(out.String(), "bbbkit-exporter version ") || strings.Contains(out.String(), "version  ") {
		t.Errorf("--version printed %q", out.String())
	}
}

// TestHelpMan: kingpin's hidden --help-man renders a man page: a .TH header naming the binary, and no
// line that starts with a quote or with a dot roff does not know.
func TestHelpMan(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"--help-man"}, &out, &errOut); err != nil {
		t.Fatalf("--help-man: %v", err)
	}
	page := out.String()
	if !strings.HasPrefix(page, `.TH "bbbkit-exporter" 1 `) {
		t.Fatalf("--help-man starts %q", page[:min(len(page), 80)])
	}
	header, _, _ := strings.Cut(page, "\n")
	if strings.Count(header, `"`)%2 != 0 {
		t.Errorf("unbalanced quotes in header %q", header)
	}
	for n, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, "'") || strings.HasPrefix(line, `"`) {
			t.Errorf("line %d starts with a quote: %q", n+1, line)
		}
	}
}

// TestNoFlagTakesTheSecret lists every flag and checks that the only one about secrets or
// credentials names a file.
func TestNoFlagTakesTheSecret(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	flags := regexp.MustCompile(`(?m)^\s+(?:-\w, )?--(?:\[no-\])?([a-z0-9.\-]+)`).FindAllStringSubmatch(out.String(), -1)
	if len(flags) < 20 {
		t.Fatalf("found only %d flags in:\n%s", len(flags), out.String())
	}
	sensitive := regexp.MustCompile(`secret|password|passwd|token|key|salt|credential`)
	for _, f := range flags {
		if sensitive.MatchString(f[1]) && f[1] != "bbb.secret-file" {
			t.Errorf("flag --%s looks like it takes a secret", f[1])
		}
	}
	_, err := parseArgs(t, "--bbb.api-url=https://bbb.example.org/bigbluebutton/api", "--bbb.secret=s3cr3t")
	if err == nil || !strings.Contains(err.Error(), "unknown long flag '--bbb.secret'") {
		t.Fatalf("--bbb.secret: %v", err)
	}
}

func parseArgs(t *testing.T, args ...string) (*config, error) {
	t.Helper()
	var out bytes.Buffer
	cfg, done, err := parseFlags(args, &out, &out)
	if done {
		t.Fatalf("parseFlags(%q) printed help: %s", args, out.String())
	}
	return cfg, err
}

func TestDefaults(t *testing.T) {
	cfg, err := parseArgs(t)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*cfg.web.WebListenAddresses, []string{":9871"}) || cfg.telemetryPath != "/metrics" {
		t.Errorf("web defaults: %v %q", *cfg.web.WebListenAddresses, cfg.telemetryPath)
	}
	if want := collectors.DefaultUnits; !reflect.DeepEqual(cfg.opts.Units, want) {
		t.Errorf("units = %q", cfg.opts.Units)
	}
	if cfg.opts.BBB.Checksum != "sha256" || cfg.opts.BBB.Timeout.Seconds() != 5 || cfg.opts.BBB.APIURL != "" {
		t.Errorf("bbb defaults: %+v", cfg.opts.BBB)
	}
	if cfg.opts.ProcPath != "/proc" || cfg.opts.SysPath != "/sys" || cfg.opts.UplinkCapacity != 0 {
		t.Errorf("paths: %+v", cfg.opts)
	}
	if cfg.historyPath != "" || cfg.historyInterval.Minutes() != 1 {
		t.Errorf("history: %q %s", cfg.historyPath, cfg.historyInterval)
	}
	for _, name := range []string{"netdev", "media"} {
		if !slices.Contains(cfg.enabled, name) {
			t.Errorf("collector %s not enabled by default: %v", name, cfg.enabled)
		}
	}
	cfg, err = parseArgs(t, "--no-collector.netdev", "--history.path=/tmp/x.db")
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(cfg.enabled, "netdev") {
		t.Errorf("--no-collector.netdev left it enabled")
	}
	if host, _ := os.Hostname(); cfg.historyNode != host {
		t.Errorf("history node %q, want hostname %q", cfg.historyNode, host)
	}
}

func TestUnits(t *testing.T) {
	cfg, err := parseArgs(t, "--collector.units=a.service, b", "--collector.units=c@1.service,a.service", "--collector.units=,")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.service", "b", "c@1.service"}; !reflect.DeepEqual(cfg.opts.Units, want) {
		t.Errorf("units = %q, want %q", cfg.opts.Units, want)
	}
	if cfg.maxProcs != 1 && os.Getenv("GOMAXPROCS") == "" {
		t.Errorf("GOMAXPROCS %d by default, want 1", cfg.maxProcs)
	}
	if cfg.opts.UnitsTarget != "" || cfg.opts.RootPath != "/" {
		t.Errorf("target %q under %q by default, want none under /", cfg.opts.UnitsTarget, cfg.opts.RootPath)
	}
	cfg, err = parseArgs(t, "--collector.units.target=bigbluebutton.target", "--path.rootfs=/host")
	if err != nil || cfg.opts.UnitsTarget != "bigbluebutton.target" || cfg.opts.RootPath != "/host" {
		t.Errorf("target flags: %+v, %v", cfg.opts, err)
	}
}

func TestParseBitRate(t *testing.T) {
	for in, want := range map[string]float64{
		"0": 0, "1e9": 1e9, "1000000000": 1e9, "1Gbit": 1e9, "1gbit/s": 1e9, "500Mbit": 5e8,
		"2.5G": 2.5e9, "100 Mbps": 1e8, "10k": 1e4, "1Tbit": 1e12,
	} {
		got, err := parseBitRate(in)
		if err != nil || got != want {
			t.Errorf("parseBitRate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "fast", "-1", "1Xbit", "1e999", "1GB", "NaN"} {
		if _, err := parseBitRate(in); err == nil {
			t.Errorf("parseBitRate(%q) accepted", in)
		}
	}
}

func TestBadFlags(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret")
	os.WriteFile(secret, []byte("s3cr3t-canary\n"), 0o600)
	api := "--bbb.api-url=https://bbb.example.org/bigbluebutton/api"
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--collector.nosuch"}, "unknown long flag '--collector.nosuch'"},
		{[]string{"--no-collector.nosuch"}, "unknown long flag '--no-collector.nosuch'"},
		{[]string{"--bbb.checksum=md5"}, "enum value must be one of sha1,sha256,sha384,sha512, got 'md5'"},
		{[]string{"--bbb.timeout=soon"}, "time: invalid duration \"soon\""},
		{[]string{api, "--bbb.secret-file=" + secret, "--bbb.timeout=0s"}, "--bbb.timeout 0s: must be positive"},
		{[]string{"--bbb.api-url=ftp://bbb.example.org/"}, "--bbb.api-url: scheme must be http or https"},
		{[]string{"--bbb.api-url=https:///api"}, "--bbb.api-url: no host"},
		{[]string{"--bbb.api-url=https://admin:hunter2@bbb.example.org/api"}, "--bbb.api-url: must not contain user info"},
		{[]string{"--bbb.api-url=https://bbb.example.org/api?checksum=x"}, "--bbb.api-url: must not contain a query or fragment"},
		{[]string{api}, "--bbb.api-url needs --bbb.secret-file"},
		{[]string{"--bbb.secret-file=" + secret}, "--bbb.secret-file given without --bbb.api-url"},
		{[]string{"--collector.units=../../etc"}, `--collector.units: "../../etc" is not a systemd unit name`},
		{[]string{"--collector.units=a/b.service"}, `--collector.units: "a/b.service" is not a systemd unit name`},
		{[]string{"--collector.units.target=bigbluebutton"}, `--collector.units.target: "bigbluebutton" is not a systemd target name`},
		{[]string{"--runtime.gomaxprocs=0"}, `--runtime.gomaxprocs 0: want 1 or more`},
		{[]string{"--collector.units.target=../x.target"}, `--collector.units.target: "../x.target" is not a systemd target name`},
		{[]string{"--collector.netdev.device-exclude=(eth"}, "--collector.netdev.device-exclude: error parsing regexp: missing closing ): `(eth`"},
		{[]string{"--collector.netdev.uplink-capacity=fast"}, `--collector.netdev.uplink-capacity: "fast": want bits per second, e.g. 1e9 or 1Gbit`},
		{[]string{"--web.telemetry-path=metrics"}, `--web.telemetry-path "metrics": must start with / and not be / itself`},
		{[]string{"--history.path=" + filepath.Join(dir, "h.db"), "--history.interval=10ms"}, "--history.interval 10ms: must be at least 1s"},
		{[]string{"--log.level=loud"}, "unrecognized log level loud"},
		{[]string{"extra-argument"}, "unexpected extra-argument"},
	}
	for _, c := range cases {
		_, err := parseArgs(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to contain %q", c.args, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%q: error repeats the password: %v", c.args, err)
		}
	}
}

func TestReadSecret(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode)
		return p
	}
	for name, content := range map[string]string{"lf": "abc123\n", "crlf": "abc123\r\n", "bare": "abc123", "spaced": "  abc123 \n\n", "bom": "\uFEFFabc123\r\n"} {
		got, other, err := readSecret(write(name, content, 0o600))
		if err != nil || got != "abc123" || other {
			t.Errorf("%s: %q, %v, %v", name, got, other, err)
		}
	}
	if _, other, err := readSecret(write("world", "abc123\n", 0o644)); err != nil || !other {
		t.Errorf("world-readable file: other=%v err=%v", other, err)
	}
	missing := filepath.Join(dir, "missing")
	cases := map[string]string{
		missing:                     "read secret file: open " + missing + ": no such file or directory",
		write("empty", "\n", 0o600): "read secret file " + filepath.Join(dir, "empty") + ": empty",
		write("two", "canary-one\ncanary-two\n", 0o600):     "read secret file " + filepath.Join(dir, "two") + ": more than one line",
		write("space", "canary one\n", 0o600):               "read secret file " + filepath.Join(dir, "space") + ": contains white space or control characters",
		write("big", strings.Repeat("canary", 1000), 0o600): "read secret file " + filepath.Join(dir, "big") + ": larger than 4096 bytes, not a BBB secret",
		dir: "read secret file " + dir + ": not a regular file",
	}
	for path, want := range cases {
		_, _, err := readSecret(path)
		if err == nil || err.Error() != want {
			t.Errorf("readSecret(%s) = %v, want %q", path, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "canary") {
			t.Errorf("error shows the file's content: %v", err)
		}
	}
}

// TestStartupErrors checks that run refuses to start, naming the file, when a file it needs is
// wrong, before it listens.
func TestStartupErrors(t *testing.T) {
	dir := t.TempDir()
	api := "--bbb.api-url=https://bbb.example.org/bigbluebutton/api"
	missing := filepath.Join(dir, "missing")
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("not bbolt", 1000)), 0o600)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{api, "--bbb.secret-file=" + missing}, "read secret file: open " + missing + ": no such file or directory"},
		{[]string{"--history.path=" + filepath.Join(missing, "h.db")}, "open history " + filepath.Join(missing, "h.db") + ":"},
		{[]string{"--history.path=" + garbage}, "open history " + garbage + ": invalid database"},
	}
	for _, c := range cases {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"--web.listen-address=127.0.0.1:0"}, c.args...), &out, &out)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.args, err, c.want)
		}
	}

	// A port already taken, with the history sampler already running: run must stop it and return.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	done := make(chan error, 1)
	go func() {
		var out bytes.Buffer
		done <- run(context.Background(), []string{"--web.listen-address=" + l.Addr().String(),
			"--history.path=" + filepath.Join(dir, "h.db"), "--history.interval=1s"}, &out, &out)
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "address already in use") {
			t.Errorf("port taken: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return when its port was taken")
	}
}

package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/retention"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var fixedNow = time.Date(2021, 4, 18, 12, 0, 0, 0, time.UTC)

// withClock fixes the janitor's clock for a test.
func withClock(t *testing.T) {
	clock = func() time.Time { return fixedNow }
	t.Cleanup(func() { clock = time.Now })
}

// hostTree writes a small host's logs and a config for them.
func hostTree(t *testing.T) (root, config string) {
	root = t.TempDir()
	put := func(rel, content string) {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o640); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, fixedNow.Add(-time.Hour), fixedNow.Add(-time.Hour))
	}
	put("nginx/access.log", "192.0.2.10 - - [14/Apr/2021:10:00:00 +0000] \"GET /CANARY HTTP/1.1\" 200 1\n"+
		"2001:db8:1:2::5 - - [17/Apr/2021:10:00:00 +0000] \"GET /b/x HTTP/1.1\" 200 1\n")
	put("nginx/access.log.1", "192.0.2.0 - - [17/Apr/2021:10:00:00 +0000] \"GET /b/x HTTP/1.1\" 200 1\n")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("2021-04-10T00:00:00Z CANARY 192.0.2.7\n"))
	zw.Close()
	put("nginx/access.log.2.gz", string(buf.Bytes()[:buf.Len()-12]))
	put("bbb/bbb-web.log", "2021-04-10T10:00:00.000Z INFO CANARY 192.0.2.8\n")
	put("bbb/bbb-web.log.1", "2021-04-18T10:00:00.000Z INFO fresh\n")     // keeps the source non-empty after a run
	os.Symlink("/dev/stdout", filepath.Join(root, "nginx", "stdout.log")) // as in a container: skipped, nothing to check
	os.MkdirAll(filepath.Join(root, "proc"), 0o755)                       // no processes: output independent of the user
	put("journald.conf", "[Journal]\nMaxRetentionSec=2d\nMaxFileSec=1d\n")
	config = filepath.Join(root, "janitor.yml")
	put("janitor.yml", "retention: 72h\nsources:\n"+
		"  - name: nginx\n    paths: ["+root+"/nginx/*]\n"+
		"  - name: bbb-web\n    paths: ["+root+"/bbb/*.log*]\n"+
		"journald:\n  conf: "+root+"/journald.conf\n  journalctl: /bin/true\n")
	return root, config
}

func runJanitor(t *testing.T, args ...string) (string, int) {
	if len(args) > 0 && args[0] == "audit" && !slices.Contains(args, "--host-root") {
		// The host's own /etc is not the test's: an empty root has no BBB.
		args = append(args, "--host-root", t.TempDir())
	}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	for _, canary := range []string{"CANARY", "192.0.2.", "2001:db8"} {
		if strings.Contains(stdout.String()+stderr.String(), canary) {
			t.Errorf("%q: output contains %q", args, canary)
		}
	}
	return stdout.String(), exitCode(err)
}

// golden compares got (with root replaced by $ROOT) with testdata/name.
func golden(t *testing.T, name, root, got string) {
	t.Helper()
	got = strings.ReplaceAll(got, root, "$ROOT")
	p := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it):\n%s", name, got)
	}
}

func TestRunCommand(t *testing.T) {
	withClock(t)
	root, config := hostTree(t)

	out, code := runJanitor(t, "run", "--config", config, "--procfs", root+"/proc", "--dry-run")
	if code != 1 || !strings.Contains(out, "dry run") {
		t.Errorf("dry run: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(root, "bbb/bbb-web.log")); err != nil {
		t.Error("dry run deleted a file")
	}

	out, code = runJanitor(t, "run", "--config", config, "--procfs", root+"/proc", "--dry-run", "--format", "json")
	golden(t, "run.json.golden", root, out)
	if code != 1 {
		t.Errorf("dry run, json: exit %d", code)
	}

	out, code = runJanitor(t, "run", "--config", config, "--procfs", root+"/proc")
	if code != 1 {
		t.Errorf("run: exit %d, want 1 (corrupt gzip)", code)
	}
	golden(t, "run.golden", root, out)

	out, code = runJanitor(t, "run", "--config", config, "--procfs", root+"/proc", "--format", "json")
	var rep retention.RunReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if code != 1 || rep.Totals.Failed != 1 || rep.Totals.Deleted != 0 {
		t.Errorf("second run: exit %d totals %+v", code, rep.Totals)
	}

	os.Remove(filepath.Join(root, "nginx/access.log.2.gz"))
	if _, code = runJanitor(t, "run", "--config", config, "--procfs", root+"/proc"); code != 0 {
		t.Errorf("clean run: exit %d", code)
	}
}

func TestRunCommandBadConfig(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.yml")
	os.WriteFile(p, []byte("sources:\n  - name: x\n    paths: [/var/log/x.log]\n    retenion: 1h\n"), 0o644)
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"run", "--config", p}, nil, &stdout, &stderr)
	if exitCode(err) != 2 || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), `line 4: unknown key "retenion"`) {
		t.Errorf("exit %d err %v", exitCode(err), err)
	}
}

// A source with phones: true masks dial-in callers' numbers too; others do not.
func TestRunPhonesPerSource(t *testing.T) {
	line := "2021-04-17 21:15:25.123456 [NOTICE] switch_channel.c:1118 New Channel sofia/external/+4930123456789@203.0.113.10 [x]\n"
	after, audit := runTwoSources(t, line, [2]string{"fs", "other"}, [2]string{"    phones: true\n", ""})
	fs, other := after[0], after[1]
	if strings.Contains(fs, "4930123456789") || !strings.Contains(fs, "@203.0.113.0 ") {
		t.Errorf("fs: %q", fs)
	}
	if !strings.Contains(other, "+4930123456789@203.0.113.0 ") {
		t.Errorf("other: %q", other)
	}
	if _, code := runJanitor(t, audit...); code != 0 {
		t.Errorf("audit after run: exit %d", code)
	}
}

// Host names that spell a client's address are masked unless the source
// says keep_host_names: true; the audit then finds nothing either way (a
// kept name is the operator's choice, not an unmasked address).
func TestRunHostNamesPerSource(t *testing.T) {
	line := "2021-04-17T21:15:25.123456+02:00 bbb postfix/smtpd[977]: connect from s104-238-125-129.example.net[104.238.125.129]\n"
	after, audit := runTwoSources(t, line, [2]string{"mail", "kept"}, [2]string{"", "    keep_host_names: true\n"})
	mail, kept := after[0], after[1]
	if strings.Contains(mail, "125-129") || !strings.Contains(mail, "from s104-238-125-0.example.net[104.238.125.0]") {
		t.Errorf("mail: %q", mail)
	}
	if !strings.Contains(kept, "from s104-238-125-129.example.net[104.238.125.0]") {
		t.Errorf("kept: %q", kept)
	}
	if out, code := runJanitor(t, audit...); code != 0 {
		t.Errorf("audit after run: exit %d\n%s", code, out)
	}
}

// runTwoSources writes line to <dir>/a.log for each of the two sources
// named dirs, the i-th with the YAML options opts[i], runs "janitor run",
// and returns the two files as the run left them and the arguments of an
// audit of the same config.
func runTwoSources(t *testing.T, line string, dirs, opts [2]string) (after [2]string, audit []string) {
	t.Helper()
	withClock(t)
	root := t.TempDir()
	cfg := "sources:\n"
	for i, d := range dirs {
		os.MkdirAll(filepath.Join(root, d), 0o755)
		os.WriteFile(filepath.Join(root, d, "a.log"), []byte(line), 0o644)
		cfg += "  - name: " + d + "\n    paths: [" + root + "/" + d + "/*.log]\n" + opts[i]
	}
	os.MkdirAll(filepath.Join(root, "proc"), 0o755)
	config := filepath.Join(root, "janitor.yml")
	os.WriteFile(config, []byte(cfg), 0o644)
	if _, code := runJanitor(t, "run", "--config", config, "--procfs", root+"/proc"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for i, d := range dirs {
		b, _ := os.ReadFile(filepath.Join(root, d, "a.log"))
		after[i] = string(b)
	}
	return after, []string{"audit", "--config", config, "--procfs", root + "/proc"}
}

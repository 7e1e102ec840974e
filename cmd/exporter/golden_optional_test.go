package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nativeStandIns serves the stand-ins of BBB's own metrics endpoints in
// collectors/testdata/native (their README cites the components' sources) and returns the
// --collector.native.source flags for them.
func nativeStandIns(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "collectors", "testdata", "native", "*.prom"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no native stand-ins: %v", err)
	}
	mux := http.NewServeMux()
	var names []string
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".prom")
		names = append(names, name)
		mux.HandleFunc("/"+name, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/plain; version=0.0.4")
			w.Write(body)
		})
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	var args []string
	for _, name := range names {
		args = append(args, "--collector.native.source="+name+"="+srv.URL+"/"+name)
	}
	return args
}

// recordingsTree is a BBB data directory with two published recordings (one in two formats), one
// unpublished and one still processing.
func recordingsTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"published/presentation/rec-a", "published/video/rec-a", "published/presentation/rec-b",
		"unpublished/presentation/rec-c", "recording/status/recorded"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"rec-a", "rec-d"} {
		if err := os.WriteFile(filepath.Join(root, "recording", "status", "recorded", id+".done"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestGoldenOptional is the golden run with the collectors that are off by default switched on
// (native, on stand-ins of every endpoint; recordings, on a fixture tree): their families, and so
// the dashboard's panels for them, are checked against this file.
func TestGoldenOptional(t *testing.T) {
	args := append([]string{
		"--path.procfs=" + filepath.Join(fixtures, "proc"),
		"--path.sysfs=" + filepath.Join(fixtures, "sys-cgroupv2"),
		"--collector.native", "--collector.recordings", "--collector.recordings.path=" + recordingsTree(t),
	}, nativeStandIns(t)...) // no BBB API: the bbb collector's families are in the other golden files
	e := startExporter(t, args...)
	metrics := e.get(t, "/metrics")
	got := filterFamilies(metrics, "bbb_native_") + filterFamilies(metrics, "bbb_recordings")
	for _, canary := range []string{"canary", "w_", "rec-"} {
		if strings.Contains(got, canary) {
			t.Errorf("%q in the optional collectors' output:\n%s", canary, got)
		}
	}
	compareGolden(t, filepath.Join("testdata", "metrics-optional.golden"), got)
	t.Run("promtool", func(t *testing.T) { checkMetricsWithPromtool(t, metrics) })
}

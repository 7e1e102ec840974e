package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
)

// liveHistory writes a small history and a facts file, as TestImportCSVThenBuild does, and returns
// their paths.
func liveHistory(t *testing.T) (db, facts string) {
	t.Helper()
	dir := t.TempDir()
	db, facts = filepath.Join(dir, "history.db"), filepath.Join(dir, "facts.yml")
	h, err := history.Open(db, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var batch []history.Sample
	for d := 0; d < 60; d++ {
		batch = append(batch, history.Sample{Time: time.Date(2025, 3, 1+d, 9, 0, 0, 0, time.UTC), Endpoints: uint32(10 + d), TransmitBytes: 1e9})
	}
	if err := h.Append("bbb1.example.org", batch...); err != nil {
		t.Fatal(err)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(facts, []byte("year: 2025\nservice: Call\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return db, facts
}

// TestBuildWhileExporterAppends builds the report from the very file an exporter appends to: the
// exporter's sampler (history.FileAppender) opens the file only for each append, so neither side
// fails, and no sample is lost.
func TestBuildWhileExporterAppends(t *testing.T) {
	db, facts := liveHistory(t)
	app := history.FileAppender{Path: db, Timeout: 10 * time.Second}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var appendErr error
	appended := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		at := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := app.Append("bbb2.example.org", history.Sample{Time: at, Endpoints: 3}); err != nil {
				appendErr = err
				return
			}
			appended++
			at = at.Add(time.Minute)
			time.Sleep(2 * time.Millisecond)
		}
	}()
	for i := range 3 {
		out, err := runT(t, "build", "--history", db, "--facts", facts, "--year", "2025", "--lang", "en",
			"--out", filepath.Join(t.TempDir(), "b"), "--date", "2026-01-10", "--wait", "10s")
		if err != nil {
			close(stop)
			wg.Wait()
			t.Fatalf("build %d while appending: %v\n%s", i, err, out)
		}
	}
	close(stop)
	wg.Wait()
	if appendErr != nil {
		t.Fatalf("append while building: %v", appendErr)
	}
	h, err := history.Open(db, history.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	n := 0
	err = h.Range("bbb2.example.org", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		func(history.Sample) error { n++; return nil })
	if err != nil || n != appended || n == 0 {
		t.Errorf("%d samples stored, %d appended (%v)", n, appended, err)
	}
}

// TestBuildWaitsForLock holds the file as a writer does: a build waits for it up to --wait, and
// says so when it waited in vain.
func TestBuildWaitsForLock(t *testing.T) {
	db, facts := liveHistory(t)
	build := func(wait string) error {
		_, err := runT(t, "build", "--history", db, "--facts", facts, "--year", "2025", "--lang", "en",
			"--out", filepath.Join(t.TempDir(), "b"), "--date", "2026-01-10", "--wait", wait)
		return err
	}
	w, err := history.Open(db, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = build("100ms")
	if err == nil || !strings.Contains(err.Error(), "still locked by another process after 100ms") || !strings.Contains(err.Error(), db) {
		t.Errorf("build while locked: %v", err)
	}
	release := time.AfterFunc(300*time.Millisecond, func() { w.Close() })
	defer release.Stop()
	if err := build("10s"); err != nil {
		t.Errorf("build after the writer let go: %v", err)
	}
	var u usageError
	if err := build("0s"); !errors.As(err, &u) {
		t.Errorf("--wait 0s: %v, want a usage error", err)
	}
}

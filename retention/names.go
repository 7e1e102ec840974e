package retention

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// The janitor's own files in log directories.
//
// Temporary files are named ".janitor-<16 hex digits>.tmp". A glob such as
// "/var/log/app/*" matches them too (Go's "*" matches a leading dot), so glob
// expansion skips every name of that shape, and a run starts by removing the
// ones a killed run left behind.
//
// A live file rotated through a source's reopen command is renamed to
// "<name>.janitor-<UTC time>", e.g. "access.log.janitor-20210415T211525Z".
// That name must match one of the source's globs (e.g. "/var/log/nginx/*.log*"),
// so later runs keep it under the policy; otherwise the file is not rotated.
const (
	tempPrefix   = ".janitor-"
	tempSuffix   = ".tmp"
	rotateMarker = ".janitor-"
	rotateLayout = "20060102T150405Z"
)

// isOurTemp reports whether a base name is one of the janitor's temp files.
func isOurTemp(base string) bool {
	return strings.HasPrefix(base, tempPrefix) && strings.HasSuffix(base, tempSuffix)
}

// isRotated reports whether a base name is a live file the janitor rotated.
func isRotated(base string) bool {
	return !isOurTemp(base) && strings.Contains(base, rotateMarker)
}

// rotatedName is the name a live file is renamed to before its writer reopens.
func rotatedName(path string, now time.Time) string {
	return path + rotateMarker + now.UTC().Format(rotateLayout)
}

// createTempAt creates a new temp file of ours in the directory dir, readable
// by its owner only; its Name is its path.
func createTempAt(dir *os.File) (*os.File, error) {
	for range 10 {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		f, err := openAt(dir, tempPrefix+hex.EncodeToString(b[:])+tempSuffix, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("create temp file in %s: %w", dir.Name(), err)
		}
		return f, nil
	}
	return nil, fmt.Errorf("create temp file in %s: too many collisions", dir.Name())
}

// strayTemps lists the temp files of ours in dir (left by a killed run).
func strayTemps(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if isOurTemp(e.Name()) && e.Type().IsRegular() {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

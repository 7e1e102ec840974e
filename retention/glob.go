package retention

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// reasonNotRegular is why a FIFO, socket or device a glob matches is skipped.
const reasonNotRegular = "not a regular file"

// candidate is a regular file a source's globs name.
type candidate struct {
	path string
	info os.FileInfo
}

// skipped is a name a glob matched that the janitor will not touch, or a
// directory it could not read (unreadable is then true).
type skipped struct {
	path, reason string
	unreadable   bool
}

// unreadableDirs finds the directories of the patterns that exist but
// cannot be listed: their files can be neither checked nor cleaned.
func unreadableDirs(patterns []string) []skipped {
	var out []skipped
	for _, d := range patternDirs(patterns) {
		if _, err := os.ReadDir(d); err != nil {
			out = append(out, skipped{path: d, reason: fmt.Sprintf("cannot read directory: %v", err), unreadable: true})
		}
	}
	return out
}

// expand returns the regular files the patterns name, in order, each once.
// Symlinks (to files or through directories) and our temp files are
// skipped; a pattern's directory that is a symlink to a directory is
// resolved first (resolvePatterns).
func expand(patterns []string) ([]candidate, []skipped, error) {
	patterns = resolvePatterns(patterns)
	var out []candidate
	var skips []skipped
	seen := map[string]bool{}
	realDir := map[string]bool{} // a directory's verdict, resolved once
	for _, pat := range patterns {
		matches, err := filepath.Glob(pat)
		if err != nil {
			return nil, nil, fmt.Errorf("glob %q: %w", pat, err)
		}
		for _, m := range matches {
			if seen[m] {
				continue
			}
			seen[m] = true
			if isOurTemp(filepath.Base(m)) {
				continue
			}
			info, err := os.Lstat(m)
			if err != nil {
				continue // gone since the glob
			}
			switch {
			case info.Mode()&os.ModeSymlink != 0:
				skips = append(skips, skipped{path: m, reason: "symlink"})
				continue
			case info.IsDir():
				continue
			case !info.Mode().IsRegular():
				skips = append(skips, skipped{path: m, reason: reasonNotRegular})
				continue
			}
			dir := filepath.Dir(m)
			ok, known := realDir[dir]
			if !known {
				real, err := filepath.EvalSymlinks(dir)
				ok = err == nil && real == dir
				realDir[dir] = ok
			}
			if !ok {
				skips = append(skips, skipped{path: m, reason: "directory is reached through a symlink (name its real path in the config)"})
				continue
			}
			out = append(out, candidate{path: m, info: info})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, append(skips, unreadableDirs(patterns)...), nil
}

// patternDirs are the existing directories the patterns' files live in
// (where our stray temp files may be).
func patternDirs(patterns []string) []string {
	patterns = resolvePatterns(patterns)
	seen := map[string]bool{}
	var dirs []string
	for _, pat := range patterns {
		ms, _ := filepath.Glob(filepath.Dir(pat))
		for _, d := range ms {
			info, err := os.Lstat(d)
			if err != nil || !info.IsDir() || seen[d] {
				continue
			}
			if real, err := filepath.EvalSymlinks(d); err != nil || real != d {
				continue // reached through a symlink: not ours to clean
			}
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	return dirs
}

// matchesAny says whether path matches one of the patterns (their
// directories resolved as expand resolves them).
func matchesAny(patterns []string, path string) bool {
	for _, p := range patterns {
		if ok, _ := filepath.Match(resolvePattern(p), path); ok {
			return true
		}
		if ok, _ := filepath.Match(p, path); ok {
			return true
		}
	}
	return false
}

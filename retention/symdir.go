package retention

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// trustedLinkOwner is whose directory symlinks are followed: root's (a
// test sets its own uid).
var trustedLinkOwner = 0

// resolvePatterns replaces the directory of each pattern that is a symlink
// to a directory with its real path: BBB's own packages link
// /opt/freeswitch/log to /var/log/freeswitch, and the files are checked
// and cleaned through the real path (every change is then made through
// directories opened without following symlinks). Only a directory written
// out in the pattern (no glob characters) is resolved, and only when it
// leads to a directory, the symlink is root's and it lies in a directory
// that is root's and that no one else may write to: a link another user
// could have made or swapped in (to /etc, say) is not followed, and its
// files stay skipped. Symlinks among the matches, or below the resolved
// directory, are still skipped.
func resolvePatterns(patterns []string) []string {
	out := make([]string, len(patterns))
	for i, pat := range patterns {
		out[i] = resolvePattern(pat)
	}
	return out
}

func resolvePattern(pat string) string {
	dir := filepath.Dir(pat)
	if strings.ContainsAny(dir, `*?[\`) {
		return pat
	}
	if !trustedLink(dir) {
		return pat
	}
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return pat
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil || real == dir {
		return pat
	}
	return filepath.Join(real, filepath.Base(pat))
}

// trustedLink says whether dir is a symlink owned by trustedLinkOwner in a
// directory of that owner that neither group nor others may write to.
func trustedLink(dir string) bool {
	owned := func(info os.FileInfo) bool {
		st, ok := info.Sys().(*syscall.Stat_t)
		return ok && int(st.Uid) == trustedLinkOwner
	}
	li, err := os.Lstat(dir)
	if err != nil || li.Mode()&os.ModeSymlink == 0 || !owned(li) {
		return false
	}
	pi, err := os.Lstat(filepath.Dir(dir))
	return err == nil && pi.IsDir() && owned(pi) && pi.Mode().Perm()&0o022 == 0
}

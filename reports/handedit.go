package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// ErrHandEdited is returned by Build when a page in the bundle was changed after bbbkit wrote it: the
// team's words belong in the facts (or, with Options.Overwrite, are replaced knowingly), never lost
// without a word.
var ErrHandEdited = errors.New("edited by hand")

// hashPending stands in the front matter's bbbkitGenerated field while the file's hash is taken.
const hashPending = "pending"

var sealField = regexp.MustCompile(`(?m)^bbbkitGenerated: ([0-9a-f]{64}|` + hashPending + `)$`)

// sealed puts the SHA-256 of md (written with hashPending in its field) into the field.
func sealed(md []byte) []byte {
	sum := sha256.Sum256(md)
	return bytes.Replace(md, []byte("bbbkitGenerated: "+hashPending+"\n"), []byte("bbbkitGenerated: "+hex.EncodeToString(sum[:])+"\n"), 1)
}

// untouched reports whether md is byte for byte what bbbkit wrote.
func untouched(md []byte) bool {
	m := sealField.FindSubmatchIndex(md)
	if m == nil {
		return false
	}
	want := string(md[m[2]:m[3]])
	orig := append(append(append([]byte{}, md[:m[2]]...), hashPending...), md[m[3]:]...)
	sum := sha256.Sum256(orig)
	return hex.EncodeToString(sum[:]) == want
}

// checkHandEdits refuses to replace a page of dir that is not as bbbkit wrote it.
func checkHandEdits(dir string, pages []Page) error {
	for _, p := range pages {
		path := filepath.Join(dir, "index."+string(p.Lang)+".md")
		md, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		if !untouched(md) {
			return fmt.Errorf("%s: %w since bbbkit wrote it; keep your text in the facts file, or rebuild with --overwrite to replace it", path, ErrHandEdited)
		}
	}
	return nil
}

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxSecretSize bounds the secret file; BBB's secrets are tens of characters, so anything larger
// is the wrong file.
const maxSecretSize = 4096

// readSecret reads the BBB shared secret from path: one line, a leading UTF-8 byte order mark and
// surrounding white space (the trailing newline editors add) trimmed. Errors name the file but never show its content.
// otherReadable is true when the file's mode lets every local user read it, which the caller
// warns about.
func readSecret(path string) (secret string, otherReadable bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", false, fmt.Errorf("read secret file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", false, fmt.Errorf("read secret file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return "", false, fmt.Errorf("read secret file %s: not a regular file", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxSecretSize+1))
	if err != nil {
		return "", false, fmt.Errorf("read secret file: %w", err)
	}
	if len(b) > maxSecretSize {
		return "", false, fmt.Errorf("read secret file %s: larger than %d bytes, not a BBB secret", path, maxSecretSize)
	}
	// Windows editors start UTF-8 files with a byte order mark; it is not part of the secret.
	secret = strings.TrimSpace(strings.TrimPrefix(string(b), "\uFEFF"))
	switch {
	case secret == "":
		return "", false, fmt.Errorf("read secret file %s: empty", path)
	case strings.ContainsAny(secret, "\r\n"):
		return "", false, fmt.Errorf("read secret file %s: more than one line", path)
	case strings.ContainsFunc(secret, func(r rune) bool { return r < 0x21 || r == 0x7f }):
		return "", false, errors.New("read secret file " + path + ": contains white space or control characters")
	}
	return secret, fi.Mode().Perm()&0o004 != 0, nil
}

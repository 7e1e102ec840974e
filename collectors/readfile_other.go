//go:build !unix

package collectors

import "os"

// readSmallFile reads a small procfs or cgroup file.
func readSmallFile(path string) ([]byte, error) { return os.ReadFile(path) }

// readSmallFileInto is readSmallFile; buf is not used.
func readSmallFileInto(path string, _ []byte) ([]byte, error) { return os.ReadFile(path) }

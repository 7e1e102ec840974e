//go:build !unix

package collectors

import "os"

// readSmallFile reads a small procfs or cgroup file.
func readSmallFile(path string) ([]byte, error) { return os.ReadFile(path) }

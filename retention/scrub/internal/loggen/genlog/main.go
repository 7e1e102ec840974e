// Command genlog writes the scrubber benchmark's deterministic nginx
// access log to stdout: genlog -n 1000000, or genlog -bytes 1073741824.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/bbbkit/bbbkit/retention/scrub/internal/loggen"
)

func main() {
	n := flag.Int("n", 1000000, "number of lines")
	size := flag.Int64("bytes", 0, "write lines until at least this many bytes (overrides -n)")
	flag.Parse()
	if err := loggen.WriteNginx(os.Stdout, *n, *size); err != nil {
		fmt.Fprintln(os.Stderr, "genlog:", err)
		os.Exit(1)
	}
}

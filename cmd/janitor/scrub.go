package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/alecthomas/kingpin/v2"

	"github.com/bbbkit/bbbkit/retention/scrub"
)

// scrubFlags are the parsed arguments of "janitor scrub".
type scrubFlags struct {
	input, output string
	mode          string
	opts          scrub.Options
}

// scrubCmd is "janitor scrub".
type scrubCmd struct{ f scrubFlags }

func (c *scrubCmd) declare(app *kingpin.Application) *kingpin.CmdClause {
	f := &c.f
	cmd := app.Command("scrub", "Copy log lines from the input to the output with every IPv4 and IPv6 address masked "+
		"to its network prefix (or redacted): one line out for every line in, byte for byte except the addresses. "+
		"A FIFO given as --input is read across writers (a web server reopening it does not end the filter) until "+
		"janitor is stopped with SIGTERM or SIGINT; a file given as --output is appended to. "+
		"Exit status: 0 done, 1 failed, 2 usage error.")
	cmd.Flag("mode", "mask (keep the network prefix) or redact (replace with "+scrub.RedactedIPv4+" and "+scrub.RedactedIPv6+").").
		Default("mask").StringVar(&f.mode)
	cmd.Flag("input", "Read from this file or FIFO instead of stdin.").StringVar(&f.input)
	cmd.Flag("output", "Append to this file (or write to this FIFO) instead of stdout.").StringVar(&f.output)
	cmd.Flag("ipv4-prefix", "Bits of an IPv4 address kept when masking (1..24).").
		Default(strconv.Itoa(scrub.DefaultIPv4Prefix)).IntVar(&f.opts.IPv4Prefix)
	cmd.Flag("ipv6-prefix", "Bits of an IPv6 address kept when masking (1..48).").
		Default(strconv.Itoa(scrub.DefaultIPv6Prefix)).IntVar(&f.opts.IPv6Prefix)
	cmd.Flag("phones", "Also mask phone numbers of dial-in callers.").BoolVar(&f.opts.Phones)
	cmd.Flag("emails", "Also mask e-mail addresses.").BoolVar(&f.opts.Emails)
	cmd.Flag("keep-host-names", "Leave reverse-DNS host names that spell an address (s104-238-125-129.example.net) "+
		"as written instead of masking the address in them.").BoolVar(&f.opts.KeepHostNames)
	return cmd
}

func (c *scrubCmd) exec(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer) error {
	f := c.f
	if err := f.check(); err != nil {
		return usageError(err)
	}
	return runScrub(ctx, f, stdin, stdout, stderr)
}

// check validates the arguments of "janitor scrub" and sets the mode.
func (f *scrubFlags) check() error {
	m, err := scrub.ParseMode(f.mode)
	if err != nil {
		return fmt.Errorf("scrub: --mode: %w", err)
	}
	f.opts.Mode = m
	// A prefix of 0 given on the command line means "keep nothing", not
	// "default": the scrub package reads 0 as the default.
	if f.opts.IPv4Prefix == 0 || f.opts.IPv6Prefix == 0 {
		return errors.New("scrub: a prefix of 0 keeps nothing: use --mode redact")
	}
	// A longer prefix would keep (nearly) the whole address: the same caps as the config's.
	if f.opts.IPv4Prefix > scrub.DefaultIPv4Prefix {
		return fmt.Errorf("scrub: --ipv4-prefix %d keeps more than a /%d network: at most %d", f.opts.IPv4Prefix, scrub.DefaultIPv4Prefix, scrub.DefaultIPv4Prefix)
	}
	if f.opts.IPv6Prefix > scrub.DefaultIPv6Prefix {
		return fmt.Errorf("scrub: --ipv6-prefix %d keeps more than a /%d network: at most %d", f.opts.IPv6Prefix, scrub.DefaultIPv6Prefix, scrub.DefaultIPv6Prefix)
	}
	return nil
}

// runScrub is "janitor scrub": a line filter from --input (or stdin) to
// --output (or stdout). It returns nil at the end of the input or when ctx
// is cancelled; options the scrubber refuses are usage errors (exit 2).
func runScrub(ctx context.Context, f scrubFlags, stdin io.Reader, stdout, stderr io.Writer) error {
	s, err := scrub.New(f.opts)
	if err != nil {
		return usageError(err)
	}
	in, out := stdin, stdout
	if f.input != "" {
		file, err := openScrubInput(f.input)
		if err != nil {
			return err
		}
		defer file.Close()
		in = file
	}
	if f.output != "" {
		ro, err := openReopener(f.output)
		if err != nil {
			return err
		}
		defer ro.Close()
		hup, stop := make(chan os.Signal, 1), make(chan struct{})
		signal.Notify(hup, syscall.SIGHUP)
		defer func() {
			signal.Stop(hup)
			close(stop)
		}()
		go func() {
			for {
				select {
				case <-hup:
					if err := ro.Reopen(); err != nil {
						fmt.Fprintf(stderr, "janitor scrub: %v\n", err)
					}
				case <-stop:
					return
				}
			}
		}()
		out = ro
	}
	type result struct {
		st  scrub.Stats
		err error
	}
	done := make(chan result, 1)
	go func() {
		st, err := s.Stream(out, in)
		done <- result{st, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		// Stream flushes before it blocks on a read, so nothing read is
		// lost. Where the input supports it, wake the read and wait.
		file, ok := in.(*os.File)
		if !ok || file.SetReadDeadline(time.Now()) != nil {
			return nil
		}
		r = <-done
		if ctx.Err() != nil && errors.Is(r.err, os.ErrDeadlineExceeded) {
			r.err = nil
		}
	}
	if r.err != nil {
		return fmt.Errorf("scrub %s: %w", nameOr(f.input, "stdin"), r.err)
	}
	if c, ok := out.(*reopener); ok {
		if err := c.Close(); err != nil {
			return err
		}
	}
	return nil
}

// reopener is an output file that can be reopened by name, so that
// logrotate can move it away and signal janitor (SIGHUP) to start a new one.
type reopener struct {
	mu   sync.Mutex
	path string
	f    *os.File
}

func openReopener(path string) (*reopener, error) {
	r := &reopener{path: path}
	if err := r.Reopen(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *reopener) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.f.Write(p)
}

// Reopen opens the path again (appending, creating it if needed) and
// closes the file written so far.
func (r *reopener) Reopen() error {
	f, err := os.OpenFile(r.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
	if err != nil {
		return fmt.Errorf("scrub: open output: %w", err)
	}
	r.mu.Lock()
	old := r.f
	r.f = f
	r.mu.Unlock()
	if old != nil {
		if err := old.Close(); err != nil {
			return fmt.Errorf("scrub: close output: %w", err)
		}
	}
	return nil
}

// Close closes the current file; closing twice is harmless.
func (r *reopener) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	if err != nil {
		return fmt.Errorf("scrub: close output: %w", err)
	}
	return nil
}

// openScrubInput opens the input file. A FIFO is opened for reading and
// writing, so it never reports end of file when its writer closes it (a
// web server reopening its logs) and reads can be woken at shutdown.
func openScrubInput(path string) (*os.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("scrub: open input: %w", err)
	}
	flags := os.O_RDONLY
	if info.Mode()&os.ModeNamedPipe != 0 {
		flags = os.O_RDWR
	}
	file, err := os.OpenFile(path, flags, 0)
	if err != nil {
		return nil, fmt.Errorf("scrub: open input: %w", err)
	}
	return file, nil
}

func nameOr(name, def string) string {
	if name == "" {
		return def
	}
	return name
}

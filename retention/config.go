package retention

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/bbbkit/bbbkit/retention/scrub"
)

// Defaults of the policy: three days, and the bits of an address kept when masking.
const (
	DefaultRetention  = 72 * time.Hour
	DefaultIPv4Prefix = scrub.DefaultIPv4Prefix
	DefaultIPv6Prefix = scrub.DefaultIPv6Prefix
	// DefaultReopenWait is how long a run waits for a writer to let go of a
	// file after its reopen command.
	DefaultReopenWait = 10 * time.Second
	// DefaultJournaldConf is journald's main configuration file.
	DefaultJournaldConf = "/etc/systemd/journald.conf"
	// DefaultJournalctl is the command that vacuums the journal.
	DefaultJournalctl = "journalctl"
)

// Config is the janitor's policy for one host.
type Config struct {
	// Retention is how long a log line may be kept (default 72h).
	Retention Duration `yaml:"retention"`
	// IPv4Prefix and IPv6Prefix are the bits of an address kept when masking.
	IPv4Prefix int `yaml:"ipv4_prefix"`
	IPv6Prefix int `yaml:"ipv6_prefix"`
	// Sources are the logs the policy applies to.
	Sources []Source `yaml:"sources"`
	// Journald, when present, brings the systemd journal under the policy.
	Journald *Journald `yaml:"journald"`
}

// Source is one program's logs.
type Source struct {
	// Name names the source in reports; unique within a config.
	Name string `yaml:"name"`
	// Paths are absolute glob patterns (filepath.Match syntax).
	Paths []string `yaml:"paths"`
	// Retention overrides the config's retention for this source.
	Retention *Duration `yaml:"retention"`
	// Reopen is a shell command that makes the writer reopen its log file
	// (e.g. "systemctl kill -s USR1 nginx"). Without it, files held open for
	// writing are left alone and reported.
	Reopen string `yaml:"reopen"`
	// ReopenWait bounds the wait for the writer to let go after Reopen (default 10s).
	ReopenWait *Duration `yaml:"reopen_wait"`
	// Phones also masks phone numbers of dial-in callers (FreeSWITCH).
	Phones bool `yaml:"phones"`
	// Emails also masks e-mail addresses.
	Emails bool `yaml:"emails"`
	// KeepHostNames leaves reverse-DNS host names that spell a client's
	// address (s104-238-125-129.example.net) as written; by default the
	// address in them is masked like any other.
	KeepHostNames bool `yaml:"keep_host_names"`
	// TimeZone is the IANA zone (e.g. "Europe/Berlin", "UTC") of the
	// source's timestamps that carry no offset; default the host's local
	// zone (TZ, /etc/localtime).
	TimeZone string `yaml:"time_zone"`
	// Binary says the files are not text (wtmp, btmp: utmp records): they
	// are never read or rewritten, only deleted as a whole once their mtime
	// is older than the retention.
	Binary bool `yaml:"binary"`

	location *time.Location
}

// Journald is the policy for the systemd journal.
type Journald struct {
	// Vacuum makes run call `journalctl --vacuum-time=<retention>`.
	Vacuum bool `yaml:"vacuum"`
	// Retention overrides the config's retention for the journal.
	Retention *Duration `yaml:"retention"`
	// Conf is journald's main configuration file; drop-ins are read from Conf + ".d".
	Conf string `yaml:"conf"`
	// Journalctl is the journalctl command (a path or a name looked up in PATH).
	Journalctl string `yaml:"journalctl"`
}

// SourceRetention is the retention that applies to s.
func (c *Config) SourceRetention(s *Source) time.Duration {
	if s.Retention != nil {
		return time.Duration(*s.Retention)
	}
	return time.Duration(c.Retention)
}

// JournalRetention is the retention that applies to the journal.
func (c *Config) JournalRetention() time.Duration {
	if c.Journald != nil && c.Journald.Retention != nil {
		return time.Duration(*c.Journald.Retention)
	}
	return time.Duration(c.Retention)
}

// Wait is how long to wait for writers to let go after Reopen.
func (s *Source) Wait() time.Duration {
	if s.ReopenWait != nil {
		return time.Duration(*s.ReopenWait)
	}
	return DefaultReopenWait
}

// LoadConfig reads and validates the config file at path.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	c, err := ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

var unknownField = regexp.MustCompile(`^line (\d+): field (.+) not found in type \S+$`)

// ParseConfig decodes a config strictly (unknown keys are errors naming their
// line): defaults first, then the document, then validation.
func ParseConfig(data []byte) (*Config, error) {
	c := &Config{
		Retention:  Duration(DefaultRetention),
		IPv4Prefix: DefaultIPv4Prefix,
		IPv6Prefix: DefaultIPv6Prefix,
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty config: no sources")
		}
		return nil, tidyYAMLError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("more than one YAML document")
	}
	if c.Journald != nil {
		if c.Journald.Conf == "" {
			c.Journald.Conf = DefaultJournaldConf
		}
		if c.Journald.Journalctl == "" {
			c.Journald.Journalctl = DefaultJournalctl
		}
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// tidyYAMLError turns yaml.v3's type errors into one line per mistake.
func tidyYAMLError(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	msgs := make([]string, 0, len(te.Errors))
	for _, m := range te.Errors {
		if g := unknownField.FindStringSubmatch(m); g != nil {
			m = fmt.Sprintf("line %s: unknown key %q", g[1], g[2])
		}
		msgs = append(msgs, m)
	}
	return errors.New(strings.Join(msgs, "; "))
}

func (c *Config) validate() error {
	if c.Retention <= 0 {
		return fmt.Errorf("retention must be positive, got %s", c.Retention)
	}
	if c.IPv4Prefix < 1 || c.IPv4Prefix > DefaultIPv4Prefix {
		return fmt.Errorf("ipv4_prefix must be between 1 and %d, got %d", DefaultIPv4Prefix, c.IPv4Prefix)
	}
	if c.IPv6Prefix < 1 || c.IPv6Prefix > DefaultIPv6Prefix {
		return fmt.Errorf("ipv6_prefix must be between 1 and %d, got %d", DefaultIPv6Prefix, c.IPv6Prefix)
	}
	if len(c.Sources) == 0 {
		return errors.New("no sources")
	}
	seen := map[string]bool{}
	for i := range c.Sources {
		s := &c.Sources[i]
		if strings.TrimSpace(s.Name) == "" {
			return fmt.Errorf("sources[%d]: name is missing", i)
		}
		if seen[s.Name] {
			return fmt.Errorf("sources[%d]: name %q is used twice", i, s.Name)
		}
		seen[s.Name] = true
		if err := s.validate(); err != nil {
			return fmt.Errorf("source %q: %w", s.Name, err)
		}
	}
	if j := c.Journald; j != nil {
		if j.Retention != nil && *j.Retention <= 0 {
			return fmt.Errorf("journald: retention must be positive, got %s", *j.Retention)
		}
		if !filepath.IsAbs(j.Conf) {
			return fmt.Errorf("journald: conf must be an absolute path, got %q", j.Conf)
		}
	}
	return nil
}

func (s *Source) validate() error {
	if len(s.Paths) == 0 {
		return errors.New("paths is empty")
	}
	for i, p := range s.Paths {
		s.Paths[i] = filepath.Clean(p)
		if !filepath.IsAbs(p) {
			return fmt.Errorf("path %q is not absolute", p)
		}
		if _, err := filepath.Match(p, ""); err != nil {
			return fmt.Errorf("path %q is not a valid glob: %w", p, err)
		}
		if isOurTemp(filepath.Base(p)) {
			return fmt.Errorf("path %q names the janitor's own temporary files", p)
		}
	}
	if s.Retention != nil && *s.Retention <= 0 {
		return fmt.Errorf("retention must be positive, got %s", *s.Retention)
	}
	if s.TimeZone != "" {
		loc, err := time.LoadLocation(s.TimeZone)
		if err != nil || s.TimeZone == "Local" {
			return fmt.Errorf("time_zone %q is no IANA time zone (e.g. Europe/Berlin, UTC)", s.TimeZone)
		}
		s.location = loc
	}
	if s.Binary {
		// A binary file is never read or rewritten: options about its
		// lines would promise what the janitor does not do.
		for _, o := range []struct {
			key string
			set bool
		}{{"phones", s.Phones}, {"emails", s.Emails}, {"keep_host_names", s.KeepHostNames},
			{"time_zone", s.TimeZone != ""}, {"reopen", s.Reopen != ""}, {"reopen_wait", s.ReopenWait != nil}} {
			if o.set {
				return fmt.Errorf("%s with binary: true: a binary file is never read or rewritten, only deleted whole by its mtime", o.key)
			}
		}
	}
	if s.Reopen != "" && strings.TrimSpace(s.Reopen) == "" {
		return errors.New("reopen is blank")
	}
	if s.ReopenWait != nil {
		if s.Reopen == "" {
			return errors.New("reopen_wait without reopen")
		}
		if *s.ReopenWait <= 0 {
			return fmt.Errorf("reopen_wait must be positive, got %s", *s.ReopenWait)
		}
	}
	return nil
}

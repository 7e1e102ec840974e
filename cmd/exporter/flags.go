package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/common/promslog"
	promslogflag "github.com/prometheus/common/promslog/flag"
	"github.com/prometheus/exporter-toolkit/web"
	"github.com/prometheus/exporter-toolkit/web/kingpinflag"

	"github.com/bbbkit/bbbkit/collectors"
	"github.com/bbbkit/bbbkit/internal/buildinfo"
)

// programName names the exporter in its build-info metric (bbbkit_exporter_build_info): the binary's
// name, buildinfo.Exporter, with "_" for "-" as metric names need.
var programName = strings.ReplaceAll(buildinfo.Exporter, "-", "_")

// defaultListenAddress is the exporter's default port, documented in docs/deployment.md.
const defaultListenAddress = ":9871"

// defaultUnits are the media stack's systemd units watched unless --collector.units says otherwise.
var defaultUnits = strings.Join(collectors.DefaultUnits, ",")

// config is everything the flags decide, checked.
type config struct {
	web           *web.FlagConfig
	telemetryPath string
	log           promslog.Config

	enabled []string
	opts    collectors.Options
	// secretFile is where the BBB secret is read from (opts.BBB.Secret is filled by run).
	secretFile string

	historyPath     string
	historyInterval time.Duration
	historyNode     string

	// maxProcs is GOMAXPROCS for the exporter's process.
	maxProcs int
}

// parseFlags parses args into a config. done is true when --help or --version was answered on
// stdout and nothing more is to be done.
func parseFlags(args []string, stdout, stderr io.Writer) (cfg *config, done bool, err error) {
	app := kingpin.New(buildinfo.Exporter, "Serves anonymous aggregates of a BigBlueButton server and its media stack to Prometheus.")
	app.UsageWriter(stdout)
	app.ErrorWriter(stderr)
	app.Terminate(func(int) { done = true })
	app.Version(buildinfo.Print(buildinfo.Exporter))
	app.HelpFlag.Short('h')

	cfg = &config{}
	cfg.web = kingpinflag.AddFlags(app, defaultListenAddress)
	app.Flag("web.telemetry-path", "Path under which to expose metrics.").Default("/metrics").StringVar(&cfg.telemetryPath)
	promslogflag.AddFlags(app, &cfg.log)

	enabled := map[string]*bool{}
	for _, name := range collectors.Names() {
		def := collectors.DefaultEnabled(name)
		enabled[name] = app.Flag("collector."+name,
			fmt.Sprintf("Enable the %s collector (default: %s).", name, onOff(def))).
			Default(strconv.FormatBool(def)).Bool()
	}
	units := app.Flag("collector.units",
		"Systemd units of the media stack to watch; comma-separated and/or repeated.").
		Default(defaultUnits).Strings()
	app.Flag("collector.units.target",
		"A systemd target whose units are watched besides --collector.units, e.g. bigbluebutton.target: the units it wants and those with PartOf= it, read from the unit directories under --path.rootfs; empty: none.").
		StringVar(&cfg.opts.UnitsTarget)
	native := app.Flag("collector.native.source",
		"An endpoint of BBB's own metrics for the native collector, NAME=URL on this host (e.g. sfu-mcs=http://127.0.0.1:3014/metrics); repeatable.").
		Strings()
	app.Flag("collector.recordings.path", "BBB's data directory, where the recordings collector counts recordings.").
		Default("/var/bigbluebutton").StringVar(&cfg.opts.RecordingsPath)
	app.Flag("collector.recordings.interval", "How long the recordings collector keeps a count before counting again.").
		Default("5m").DurationVar(&cfg.opts.RecordingsInterval)
	app.Flag("collector.netdev.device-exclude",
		"Regular expression of network devices left out of the traffic totals.").
		Default(collectors.DefaultNetdevExclude).StringVar(&cfg.opts.NetdevExclude)
	uplink := app.Flag("collector.netdev.uplink-capacity",
		"Capacity of the uplink in bits per second (e.g. 1e9, 1Gbit, 500Mbit); 0 leaves the capacity metric out.").
		Default("0").String()
	app.Flag("path.procfs", "procfs mount point.").Default("/proc").StringVar(&cfg.opts.ProcPath)
	app.Flag("path.sysfs", "sysfs mount point.").Default("/sys").StringVar(&cfg.opts.SysPath)
	app.Flag("path.rootfs", "The host's root file system, where --collector.units.target reads the systemd unit directories.").
		Default("/").StringVar(&cfg.opts.RootPath)

	app.Flag("bbb.api-url", "BBB API endpoint, e.g. https://bbb.example.org/bigbluebutton/api; empty: no BBB on this host.").
		StringVar(&cfg.opts.BBB.APIURL)
	app.Flag("bbb.secret-file", "File holding the BBB shared secret (the secret itself is never a flag).").
		StringVar(&cfg.secretFile)
	app.Flag("bbb.checksum", "Checksum algorithm BBB expects.").
		Default("sha256").EnumVar(&cfg.opts.BBB.Checksum, "sha1", "sha256", "sha384", "sha512")
	app.Flag("bbb.timeout", "Timeout of one BBB API call.").Default("5s").DurationVar(&cfg.opts.BBB.Timeout)

	app.Flag("runtime.gomaxprocs",
		"The number of CPUs the exporter's Go code runs on at once (GOMAXPROCS). A scrape's work is mostly reading one getMeetings answer, which one CPU does; more only add idle threads spinning for work.").
		Envar("GOMAXPROCS").Default("1").IntVar(&cfg.maxProcs)
	app.Flag("history.path", "bbolt file for the report's history; empty: no history.").StringVar(&cfg.historyPath)
	app.Flag("history.interval", "Time between history samples.").Default("1m").DurationVar(&cfg.historyInterval)
	app.Flag("history.node", "This host's name in the history (default: the hostname).").StringVar(&cfg.historyNode)

	if slices.Contains(args, "--help-man") {
		if err := buildinfo.ManPage(app, stdout); err != nil {
			return nil, false, err
		}
		return nil, true, nil
	}
	if _, err := app.Parse(args); err != nil {
		return nil, false, err
	}
	if done {
		return nil, true, nil
	}
	for _, name := range collectors.Names() {
		if *enabled[name] {
			cfg.enabled = append(cfg.enabled, name)
		}
	}
	if cfg.opts.Units, err = parseUnits(*units); err != nil {
		return nil, false, err
	}
	if t := cfg.opts.UnitsTarget; t != "" && (!strings.HasSuffix(t, ".target") || !targetName.MatchString(t)) {
		return nil, false, fmt.Errorf("--collector.units.target: %q is not a systemd target name", t)
	}
	for _, src := range *native {
		name, u, ok := strings.Cut(src, "=")
		if !ok {
			return nil, false, fmt.Errorf("--collector.native.source %q: want NAME=URL", src)
		}
		cfg.opts.NativeSources = append(cfg.opts.NativeSources, collectors.NativeSource{Name: name, URL: u})
	}
	if cfg.opts.UplinkCapacity, err = parseBitRate(*uplink); err != nil {
		return nil, false, fmt.Errorf("--collector.netdev.uplink-capacity: %w", err)
	}
	if err := cfg.check(); err != nil {
		return nil, false, err
	}
	return cfg, false, nil
}

func onOff(b bool) string {
	if b {
		return "enabled"
	}
	return "disabled"
}

// check validates the flags that kingpin cannot.
func (cfg *config) check() error {
	if !strings.HasPrefix(cfg.telemetryPath, "/") || cfg.telemetryPath == "/" {
		return fmt.Errorf("--web.telemetry-path %q: must start with / and not be / itself", cfg.telemetryPath)
	}
	if _, err := regexp.Compile(cfg.opts.NetdevExclude); err != nil {
		return fmt.Errorf("--collector.netdev.device-exclude: %w", err)
	}
	if cfg.maxProcs < 1 {
		return fmt.Errorf("--runtime.gomaxprocs %d: want 1 or more", cfg.maxProcs)
	}
	if err := checkAPIURL(cfg.opts.BBB.APIURL); err != nil {
		return err
	}
	switch {
	case cfg.opts.BBB.APIURL != "" && cfg.secretFile == "":
		return errors.New("--bbb.api-url needs --bbb.secret-file")
	case cfg.opts.BBB.APIURL == "" && cfg.secretFile != "":
		return errors.New("--bbb.secret-file given without --bbb.api-url")
	}
	if cfg.opts.BBB.Timeout <= 0 {
		return fmt.Errorf("--bbb.timeout %s: must be positive", cfg.opts.BBB.Timeout)
	}
	if cfg.historyPath != "" {
		if cfg.historyInterval < time.Second {
			return fmt.Errorf("--history.interval %s: must be at least 1s", cfg.historyInterval)
		}
		if cfg.historyNode == "" {
			host, err := os.Hostname()
			if err != nil || host == "" {
				return fmt.Errorf("--history.node not given and no hostname: %v", err)
			}
			cfg.historyNode = host
		}
	}
	return nil
}

// checkAPIURL accepts an empty URL (no BBB) or an absolute http(s) URL without user info, query or
// fragment. The error never repeats the URL, which might hold credentials.
func checkAPIURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("--bbb.api-url: not a URL")
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return errors.New("--bbb.api-url: scheme must be http or https")
	case u.Host == "":
		return errors.New("--bbb.api-url: no host")
	case u.User != nil:
		return errors.New("--bbb.api-url: must not contain user info")
	case u.RawQuery != "" || u.Fragment != "":
		return errors.New("--bbb.api-url: must not contain a query or fragment")
	}
	return nil
}

// targetName is a target's name: a plain unit name (a path part of the unit directories).
var targetName = regexp.MustCompile(`^[A-Za-z0-9:_.@-]{1,255}$`)

var unitName = regexp.MustCompile(`^[A-Za-z0-9*?[][A-Za-z0-9:_.@*?[\]\\-]{0,254}$`)

// parseUnits splits comma-separated, possibly repeated unit lists, dropping blanks and repeats.
// Unit names become label values and cgroup path parts, so only systemd's characters are allowed.
func parseUnits(values []string) ([]string, error) {
	var units []string
	seen := map[string]bool{}
	for _, v := range values {
		for _, u := range strings.Split(v, ",") {
			u = strings.TrimSpace(u)
			if u == "" || seen[u] {
				continue
			}
			if !unitName.MatchString(u) {
				return nil, fmt.Errorf("--collector.units: %q is not a systemd unit name", u)
			}
			seen[u] = true
			units = append(units, u)
		}
	}
	return units, nil
}

var bitRate = regexp.MustCompile(`^([0-9.eE+]+)\s*([kmgt]?)(?:bit|bps)?(?:/s)?$`)

// parseBitRate reads a rate in bits per second: a plain number, or one with a decimal SI prefix
// such as 100Mbit or 1Gbit/s.
func parseBitRate(s string) (float64, error) {
	m := bitRate.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if m == nil {
		return 0, fmt.Errorf("%q: want bits per second, e.g. 1e9 or 1Gbit", s)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || v < 0 {
		return 0, fmt.Errorf("%q: want a non-negative number of bits per second", s)
	}
	mult := map[string]float64{"": 1, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12}[m[2]]
	return v * mult, nil
}

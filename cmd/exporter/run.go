package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	promcollectors "github.com/prometheus/client_golang/prometheus/collectors"
	versioncollector "github.com/prometheus/client_golang/prometheus/collectors/version"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/promslog"
	"github.com/prometheus/common/version"
	"github.com/prometheus/exporter-toolkit/web"

	"github.com/bbbkit/bbbkit/collectors"
	"github.com/bbbkit/bbbkit/collectors/history"
	"github.com/bbbkit/bbbkit/internal/buildinfo"
)

// run is the exporter: it parses args, serves /metrics until ctx is done, and returns why it
// stopped (nil after a clean shutdown, --help or --version).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return serve(ctx, args, stdout, stderr, nil)
}

// serve is run with a hook that learns the addresses listened on (tests listen on port 0).
func serve(ctx context.Context, args []string, stdout, stderr io.Writer, listening func([]net.Addr)) error {
	cfg, done, err := parseFlags(args, stdout, stderr)
	if err != nil || done {
		return err
	}
	if listening == nil { // tests serve in their own process and keep its setting
		runtime.GOMAXPROCS(cfg.maxProcs)
	}
	cfg.log.Writer = stderr
	logger := promslog.New(&cfg.log)
	buildinfo.Init() // before the version collector reads the version
	logger.Info("starting "+buildinfo.Exporter, "version", version.Info())
	// Not version.BuildContext(): it names the user and host that built the binary.
	logger.Info("build context", "go", runtime.Version(), "platform", runtime.GOOS+"/"+runtime.GOARCH)

	opts := cfg.opts
	opts.Logger = logger
	if cfg.secretFile != "" {
		secret, otherReadable, err := readSecret(cfg.secretFile)
		if err != nil {
			return err
		}
		if otherReadable {
			logger.Warn("secret file is readable by every local user; restrict it (chmod o-r)", "file", cfg.secretFile)
		}
		opts.BBB.Secret = secret
	}
	exporter, err := collectors.New(cfg.enabled, opts)
	if err != nil {
		return err
	}
	logger.Info("enabled collectors", "collectors", strings.Join(cfg.enabled, ","))

	regs := newScrapeRegistries(exporter)
	regs.MustRegister(
		promcollectors.NewGoCollector(),
		newProcessCollector("/proc"),
		versioncollector.NewCollector(programName),
	)

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }() // on every return, the sampler stops first
	if cfg.historyPath != "" {
		sampler, err := startHistory(cfg, opts, exporter, logger)
		if err != nil {
			return err
		}
		regs.MustRegister(sampler)
		wg.Go(func() { sampler.Run(ctx) })
	}

	mux := http.NewServeMux()
	mux.Handle(cfg.telemetryPath, promhttp.InstrumentMetricHandler(regs, newMetricsHandler(regs, logger)))
	landing, err := web.NewLandingPage(web.LandingConfig{
		Name:        "BBB exporter",
		Description: "Anonymous aggregates of a BigBlueButton server and its media stack",
		Version:     version.Info(),
		Links:       []web.LandingLinks{{Address: cfg.telemetryPath, Text: "Metrics"}},
	})
	if err != nil {
		return fmt.Errorf("landing page: %w", err)
	}
	mux.Handle("/", landing)

	server := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: serverErrorLog(logger)}
	errc := make(chan error, 1)
	go func() { errc <- listenAndServe(server, cfg.web, logger, listening) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	if err := server.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// startHistory checks (or creates) the history file and builds its sampler on the enabled
// collectors' sources. The sampler opens the file only while appending, so the report can read it
// while the exporter runs.
func startHistory(cfg *config, opts collectors.Options, exporter *collectors.Exporter, logger *slog.Logger) (*history.Sampler, error) {
	store, err := history.Open(cfg.historyPath, history.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, err
	}
	if err := store.Close(); err != nil {
		return nil, fmt.Errorf("close history %s: %w", cfg.historyPath, err)
	}
	scfg := history.SamplerConfig{
		Store:    history.FileAppender{Path: cfg.historyPath, Timeout: min(cfg.historyInterval/2, 30*time.Second)},
		Node:     cfg.historyNode,
		Interval: cfg.historyInterval,
		Logger:   logger,
	}
	if c, ok := exporter.Collector("bbb"); ok && opts.BBB.APIURL != "" {
		if src, ok := c.(collectors.ConcurrencySource); ok {
			scfg.Concurrency = src
		}
	}
	if c, ok := exporter.Collector("netdev"); ok {
		if src, ok := c.(collectors.TrafficSource); ok {
			scfg.Traffic = src
		}
	}
	if scfg.Traffic == nil {
		logger.Warn("history without traffic: the netdev collector is disabled")
	}
	sampler, err := history.NewSampler(scfg)
	if err != nil {
		return nil, err
	}
	logger.Info("history enabled", "path", cfg.historyPath, "interval", cfg.historyInterval, "node", cfg.historyNode)
	return sampler, nil
}

// listenAndServe listens on the flags' TCP addresses itself, so that listening learns the real
// ports, and leaves systemd sockets and vsock to the toolkit.
func listenAndServe(server *http.Server, flags *web.FlagConfig, logger *slog.Logger, listening func([]net.Addr)) error {
	if *flags.WebSystemdSocket || listening == nil {
		return web.ListenAndServe(server, flags, logger)
	}
	var listeners []net.Listener
	var addrs []net.Addr
	for _, address := range *flags.WebListenAddresses {
		if strings.HasPrefix(address, "vsock://") {
			return errors.New("vsock listeners are not supported with a listening hook")
		}
		l, err := net.Listen("tcp", address)
		if err != nil {
			return err
		}
		defer l.Close()
		listeners = append(listeners, l)
		addrs = append(addrs, l.Addr())
	}
	if len(listeners) == 0 {
		return web.ErrNoListeners
	}
	listening(addrs)
	return web.ServeMultiple(listeners, server, flags, logger)
}

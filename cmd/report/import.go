package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"time"

	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	promconfig "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"

	"github.com/bbbkit/bbbkit/collectors/history"
	"github.com/bbbkit/bbbkit/reports/importer"
)

// importCmd is `report import`.
type importCmd struct {
	history, csv, prometheus, from, to, nodeLabel string
	promConfig                                    string
	merge                                         []string
	step, timeout, wait                           time.Duration
}

func (c *importCmd) declare(app *kingpin.Application) *kingpin.CmdClause {
	cmd := app.Command("import", "Fill the history from a CSV file, a Prometheus-compatible server, or other history files.")
	cmd.Flag("history", "The history file (bbolt) to fill; created when missing.").Required().StringVar(&c.history)
	cmd.Flag("wait", "How long to wait for the history's lock (and each --merge file's) while another process writes to it or builds from it.").Default("30s").DurationVar(&c.wait)
	cmd.Flag("csv", "A CSV file with the columns time,node,endpoints,transmit_bytes,receive_bytes.").StringVar(&c.csv)
	cmd.Flag("prometheus", "Base URL of a server that speaks Prometheus' query API (Prometheus, Thanos, Mimir, VictoriaMetrics).").StringVar(&c.prometheus)
	cmd.Flag("prometheus.config", "With --prometheus: a YAML file of Prometheus' HTTP client settings (basic_auth with password_file, authorization with credentials_file, tls_config, http_headers such as a Mimir tenant); secrets come from files it names, never from flags.").PlaceHolder("FILE").StringVar(&c.promConfig)
	cmd.Flag("merge", "Another history file (an exporter's --history.path) whose nodes to copy in; repeat for several.").PlaceHolder("FILE").StringsVar(&c.merge)
	cmd.Flag("from", "With --prometheus: first day (YYYY-MM-DD, UTC) or instant (RFC 3339).").StringVar(&c.from)
	cmd.Flag("to", "With --prometheus: end, exclusive (YYYY-MM-DD, UTC, or RFC 3339).").StringVar(&c.to)
	cmd.Flag("step", "With --prometheus: time between samples.").Default("1m").DurationVar(&c.step)
	cmd.Flag("node-label", "With --prometheus: the label that names a node (instance drops its :port).").Default("instance").StringVar(&c.nodeLabel)
	cmd.Flag("timeout", "With --prometheus: limit for each range query.").Default("2m").DurationVar(&c.timeout)
	return cmd
}

// promOptions checks the flags of a Prometheus import.
func (c *importCmd) promOptions() (importer.PromOptions, error) {
	if u, err := url.Parse(c.prometheus); err == nil && u.User != nil {
		return importer.PromOptions{}, usagef("--prometheus: the URL holds credentials; put them in a file named by --prometheus.config (basic_auth: password_file) so they never show in the process list")
	}
	if c.from == "" || c.to == "" {
		return importer.PromOptions{}, usagef("--prometheus needs --from and --to")
	}
	from, err := parseWhen(c.from)
	if err != nil {
		return importer.PromOptions{}, usagef("--from: %w", err)
	}
	to, err := parseWhen(c.to)
	if err != nil {
		return importer.PromOptions{}, usagef("--to: %w", err)
	}
	if !from.Before(to) {
		return importer.PromOptions{}, usagef("--from %s is not before --to %s", c.from, c.to)
	}
	if c.step < time.Second || c.step%time.Second != 0 {
		return importer.PromOptions{}, usagef("--step: want whole seconds, at least 1s, got %s", c.step)
	}
	return importer.PromOptions{From: from, To: to, Step: c.step, NodeLabel: c.nodeLabel}, nil
}

func parseWhen(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want YYYY-MM-DD or an RFC 3339 time, got %q", s)
	}
	return t, nil
}

func (c *importCmd) run(ctx context.Context, stdout io.Writer, logger *slog.Logger) (err error) {
	sources := 0
	for _, given := range []bool{c.csv != "", c.prometheus != "", len(c.merge) > 0} {
		if given {
			sources++
		}
	}
	if sources != 1 {
		return usagef("import: give exactly one of --csv and --prometheus, or one or more --merge")
	}
	if c.wait <= 0 {
		return usagef("--wait: want a positive duration, got %s", c.wait)
	}
	var popts importer.PromOptions
	if c.prometheus != "" {
		var err error
		if popts, err = c.promOptions(); err != nil {
			return err
		}
	}
	_, statErr := os.Stat(c.history)
	created := os.IsNotExist(statErr)
	h, err := history.Open(c.history, history.Options{Timeout: c.wait})
	if err != nil {
		return err
	}
	defer func() {
		h.Close()
		// A failed import into a file it created leaves no empty history behind.
		if err != nil && created {
			os.Remove(c.history)
		}
	}()
	if len(c.merge) > 0 {
		return c.mergeFiles(ctx, h, stdout, logger)
	}
	start := time.Now()
	var st importer.Stats
	if c.csv != "" {
		st, err = importCSV(ctx, h, c.csv)
	} else {
		popts.Progress = func(done, total int) { logger.Info("imported a chunk", "chunk", done, "of", total) }
		st, err = importProm(ctx, h, c.prometheus, c.promConfig, popts, c.timeout)
	}
	if err != nil {
		return err
	}
	logger.Debug("import done", "rows", st.Rows, "samples", st.Samples, "duration", time.Since(start))
	if st.Samples == 0 {
		return fmt.Errorf("import into %s: %w", c.history, importer.ErrNoData)
	}
	fmt.Fprintf(stdout, "imported %d samples of %d nodes, %s to %s, into %s\n", st.Samples, st.Nodes,
		st.First.Format(time.RFC3339), st.Last.Format(time.RFC3339), c.history)
	return nil
}

// mergeFiles merges each --merge file into h in the order given, with one summary line per file.
// An error stops at that file: the files before it stay merged, and merging them again changes
// nothing.
func (c *importCmd) mergeFiles(ctx context.Context, h *history.Store, stdout io.Writer, logger *slog.Logger) error {
	var total int64
	for _, src := range c.merge {
		start := time.Now()
		st, err := importer.MergeFile(ctx, h, c.history, src, c.wait, 0)
		if err != nil {
			return err
		}
		logger.Debug("merge done", "samples", st.Samples, "duration", time.Since(start))
		total += st.Samples
		if st.Samples == 0 {
			fmt.Fprintf(stdout, "merged 0 samples from %s (it holds none) into %s\n", src, c.history)
			continue
		}
		fmt.Fprintf(stdout, "merged %d samples of %d nodes, %s to %s, from %s into %s\n", st.Samples, st.Nodes,
			st.First.Format(time.RFC3339), st.Last.Format(time.RFC3339), src, c.history)
	}
	if total == 0 {
		return fmt.Errorf("merge into %s: %w", c.history, importer.ErrNoData)
	}
	return nil
}

func importCSV(ctx context.Context, h *history.Store, path string) (importer.Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return importer.Stats{}, fmt.Errorf("read csv: %w", err)
	}
	defer f.Close()
	return importer.ImportCSV(ctx, h, f, path, 0)
}

func importProm(ctx context.Context, h *history.Store, address, configFile string, opts importer.PromOptions, timeout time.Duration) (importer.Stats, error) {
	cfg := api.Config{Address: address}
	if configFile != "" {
		httpConfig, _, err := promconfig.LoadHTTPConfigFile(configFile)
		if err != nil {
			return importer.Stats{}, usagef("--prometheus.config: %w", err)
		}
		rt, err := promconfig.NewRoundTripperFromConfig(*httpConfig, "report")
		if err != nil {
			return importer.Stats{}, usagef("--prometheus.config %s: %w", configFile, err)
		}
		cfg.RoundTripper = rt
	}
	client, err := api.NewClient(cfg)
	if err != nil {
		return importer.Stats{}, usagef("--prometheus %q: %w", address, err)
	}
	return importer.ImportPrometheus(ctx, h, timeoutAPI{v1.NewAPI(client), timeout}, opts)
}

// timeoutAPI bounds every range query.
type timeoutAPI struct {
	v1.API
	timeout time.Duration
}

func (t timeoutAPI) QueryRange(ctx context.Context, q string, r v1.Range, opts ...v1.Option) (model.Value, v1.Warnings, v1.Infos, error) {
	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	return t.API.QueryRange(ctx, q, r, opts...)
}

package collectors

// The recordings collector counts BBB's recordings from disk, never through getRecordings (which
// makes bbb-web read every recording's metadata and log each call): published and unpublished
// recordings are the directories /var/bigbluebutton/{published,unpublished}/<format>/<record ID>, a
// recording still processing has recording/status/recorded/<record ID>.done and is in neither. The
// counts are cached for Options.RecordingsInterval and each count is bounded in time; no record ID
// leaves the collector.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func init() {
	Register("recordings", false, newRecordingsCollector)
}

// recordingsBudget bounds one count of the directories.
const recordingsBudget = 2 * time.Second

var recordingsDesc = prometheus.NewDesc(prometheus.BuildFQName(Namespace, "", "recordings"),
	"Recordings on this server's disk by state: published, unpublished or processing (recorded, in neither).",
	[]string{"state"}, nil)

type recordingsCollector struct {
	root     string
	interval time.Duration
	now      func() time.Time

	mu     sync.Mutex
	at     time.Time
	counts map[string]int
}

func newRecordingsCollector(opts Options) (Collector, error) {
	iv := opts.RecordingsInterval
	if iv <= 0 {
		iv = 5 * time.Minute
	}
	return &recordingsCollector{root: hostPathOr(opts.RecordingsPath, "/var/bigbluebutton"), interval: iv, now: time.Now}, nil
}

// Update implements Collector; it counts again when the cached counts are older than the interval.
func (c *recordingsCollector) Update(ctx context.Context, ch chan<- prometheus.Metric) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil || c.now().Sub(c.at) >= c.interval {
		ctx, cancel := context.WithTimeout(ctx, recordingsBudget)
		counts, err := countRecordings(ctx, c.root)
		cancel()
		if err != nil {
			return err
		}
		c.counts, c.at = counts, c.now()
	}
	for _, state := range []string{"published", "unpublished", "processing"} {
		ch <- prometheus.MustNewConstMetric(recordingsDesc, prometheus.GaugeValue, float64(c.counts[state]), state)
	}
	return nil
}

// countRecordings counts the record IDs of each state; a missing tree is "no data".
func countRecordings(ctx context.Context, root string) (map[string]int, error) {
	if _, err := os.Stat(root); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", root, ErrNoData)
	}
	done := map[string]bool{}
	counts := map[string]int{}
	for _, state := range []string{"published", "unpublished"} {
		ids, err := recordIDs(ctx, filepath.Join(root, state))
		if err != nil {
			return nil, err
		}
		for id := range ids {
			done[id] = true
		}
		counts[state] = len(ids)
	}
	recorded, err := os.ReadDir(filepath.Join(root, "recording", "status", "recorded"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read recording status: %w", err)
	}
	for _, e := range recorded {
		if id, ok := strings.CutSuffix(e.Name(), ".done"); ok && !done[id] {
			counts["processing"]++
		}
	}
	return counts, nil
}

// recordIDs are the record IDs under dir/<format>/, each once whatever its formats.
func recordIDs(ctx context.Context, dir string) (map[string]bool, error) {
	formats, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %w", err)
	}
	ids := map[string]bool{}
	for _, f := range formats {
		if !f.IsDir() {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("count recordings in %s: %w", dir, err)
		}
		entries, err := os.ReadDir(filepath.Join(dir, f.Name()))
		if err != nil {
			return nil, fmt.Errorf("read %w", err)
		}
		for _, e := range entries {
			if e.IsDir() {
				ids[e.Name()] = true
			}
		}
	}
	return ids, nil
}

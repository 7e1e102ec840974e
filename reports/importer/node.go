package importer

import (
	"fmt"
	"regexp"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
)

// Appender takes samples; *history.Store is one.
type Appender interface {
	Append(node string, samples ...history.Sample) error
}

// Stats says what an import did.
type Stats struct {
	// Rows counts the input rows (CSV) or steps with a value (Prometheus) read.
	Rows int64
	// Samples counts the samples written.
	Samples int64
	// Nodes counts the distinct nodes.
	Nodes int
	// First and Last are the earliest and latest sample times written.
	First, Last time.Time
}

func (s *Stats) saw(t time.Time) {
	if s.First.IsZero() || t.Before(s.First) {
		s.First = t
	}
	if t.After(s.Last) {
		s.Last = t
	}
}

// nodeName is the closed vocabulary of node names: a host name or address with an optional port,
// nothing that could carry free text.
var nodeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:\[\]-]{0,252}$`)

func checkNode(n string) error {
	if !nodeName.MatchString(n) {
		return fmt.Errorf("node %q: want a host name (letters, digits, '.', '-', ':', at most 253)", n)
	}
	return nil
}

// batcher collects samples per node and appends them in batches, one transaction per node batch.
type batcher struct {
	dst   Appender
	size  int
	nodes map[string][]history.Sample
	stats *Stats
}

func newBatcher(dst Appender, size int, stats *Stats) *batcher {
	if size <= 0 {
		size = DefaultBatch
	}
	return &batcher{dst: dst, size: size, nodes: map[string][]history.Sample{}, stats: stats}
}

// DefaultBatch is how many samples of one node are written in one transaction.
const DefaultBatch = 16_384

func (b *batcher) add(node string, s history.Sample) error {
	buf, seen := b.nodes[node]
	if !seen {
		b.stats.Nodes++
		buf = make([]history.Sample, 0, b.size)
	}
	buf = append(buf, s)
	b.stats.saw(s.Time)
	if len(buf) >= b.size {
		if err := b.dst.Append(node, buf...); err != nil {
			return fmt.Errorf("write history: %w", err)
		}
		b.stats.Samples += int64(len(buf))
		buf = buf[:0]
	}
	b.nodes[node] = buf
	return nil
}

func (b *batcher) flush() error {
	for node, buf := range b.nodes {
		if len(buf) == 0 {
			continue
		}
		if err := b.dst.Append(node, buf...); err != nil {
			return fmt.Errorf("write history: %w", err)
		}
		b.stats.Samples += int64(len(buf))
		b.nodes[node] = buf[:0]
	}
	return nil
}

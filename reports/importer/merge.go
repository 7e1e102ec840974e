package importer

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
)

// Source is a history read back; *history.Store is one.
type Source interface {
	Nodes() ([]string, error)
	Range(node string, from, to time.Time, fn func(history.Sample) error) error
	Last(node string) (history.Sample, bool, error)
}

// MergeTarget is a history that takes samples and reads them back; *history.Store is one.
type MergeTarget interface {
	Appender
	Source
}

// MergeBatch is how many samples of one node Merge reads and writes at a time, so its memory stays
// flat however long the history.
const MergeBatch = 10_000

// ErrSelfMerge marks a merge of a history file into itself.
var ErrSelfMerge = errors.New("cannot merge a history file into itself")

// Everything Range can reach: keys are the Unix second as an unsigned number.
var (
	rangeStart = time.Unix(0, 0)
	rangeEnd   = time.Unix(math.MaxInt64, 0)
)

var errStop = errors.New("stop")

// MergeFile merges the history file at srcPath into dst, which is open from dstPath. srcPath is
// opened read-only, waiting at most wait for another process's lock. A srcPath that is dstPath
// (the same path, a link to it, or the same inode) is refused with ErrSelfMerge before it is
// opened. Errors name srcPath.
func MergeFile(ctx context.Context, dst MergeTarget, dstPath, srcPath string, wait time.Duration, batch int) (Stats, error) {
	same, err := sameFile(dstPath, srcPath)
	if err != nil {
		return Stats{}, fmt.Errorf("merge %s: %w", srcPath, err)
	}
	if same {
		return Stats{}, fmt.Errorf("merge %s into %s: %w", srcPath, dstPath, ErrSelfMerge)
	}
	fi, err := os.Stat(srcPath)
	if err != nil {
		return Stats{}, fmt.Errorf("merge %s: %w", srcPath, err)
	}
	if fi.Size() == 0 {
		// A read-only open would not initialise it, and fail with a puzzling write error.
		return Stats{}, fmt.Errorf("merge %s: empty file, not a history store", srcPath)
	}
	src, err := history.Open(srcPath, history.Options{ReadOnly: true, Timeout: wait})
	if err != nil {
		return Stats{}, fmt.Errorf("merge: %w", err)
	}
	defer src.Close()
	st, err := Merge(ctx, dst, src, batch)
	if err != nil {
		return st, fmt.Errorf("merge %s: %w", srcPath, err)
	}
	return st, nil
}

// sameFile tells whether a and b name one file: the same cleaned absolute path, or the same inode
// (a hard or symbolic link). A missing a or b is not the same file.
func sameFile(a, b string) (bool, error) {
	absA, err := filepath.Abs(a)
	if err != nil {
		return false, err
	}
	absB, err := filepath.Abs(b)
	if err != nil {
		return false, err
	}
	if absA == absB {
		return true, nil
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA != nil || errB != nil {
		return false, nil
	}
	return os.SameFile(fa, fb), nil
}

// Merge copies every node's samples from src into dst, MergeBatch (or batch) samples at a time. A
// sample at a second dst already holds for the node replaces it, as Append does, so merging the same
// source twice changes nothing. Every node is checked before any sample is written: where the
// source and dst hold the same node over a common span (from the later first sample to the earlier
// last), both must hold samples at exactly the same seconds within it, or the merge is refused with
// ErrOverlap, since samples at other seconds would stay side by side and their traffic be counted
// twice. Spans that do not meet are interleaved. Stats.Rows and Stats.Samples count the samples
// copied.
func Merge(ctx context.Context, dst MergeTarget, src Source, batch int) (Stats, error) {
	var stats Stats
	if batch <= 0 {
		batch = MergeBatch
	}
	nodes, err := src.Nodes()
	if err != nil {
		return stats, fmt.Errorf("list nodes: %w", err)
	}
	for _, node := range nodes {
		if err := checkNode(node); err != nil {
			return stats, err
		}
		if err := ctx.Err(); err != nil {
			return stats, err
		}
		if err := checkMergeOverlap(dst, src, node, batch); err != nil {
			return stats, err
		}
	}
	buf := make([]history.Sample, 0, batch)
	for _, node := range nodes {
		counted := false
		flush := func() error {
			if len(buf) == 0 {
				return nil
			}
			if err := dst.Append(node, buf...); err != nil {
				return fmt.Errorf("write history: %w", err)
			}
			if !counted {
				stats.Nodes++
				counted = true
			}
			stats.Samples += int64(len(buf))
			buf = buf[:0]
			return nil
		}
		// Range holds a read transaction of src for its whole walk; dst is another file, so
		// writing batches from inside it is safe.
		err := src.Range(node, rangeStart, rangeEnd, func(s history.Sample) error {
			stats.Rows++
			stats.saw(s.Time)
			buf = append(buf, s)
			if len(buf) < batch {
				return nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			return flush()
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			return stats, fmt.Errorf("node %q: %w", node, err)
		}
	}
	return stats, nil
}

// span returns a node's first and last sample times; ok is false when it has none.
func span(s Source, node string) (first, last time.Time, ok bool, err error) {
	err = s.Range(node, rangeStart, rangeEnd, func(smp history.Sample) error {
		first, ok = smp.Time, true
		return errStop
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	if err != nil || !ok {
		return first, last, false, err
	}
	l, _, err := s.Last(node)
	return first, l.Time, err == nil, err
}

// checkMergeOverlap refuses node when src and dst both hold it over a common span at different
// seconds. It compares the two in chunks of batch seconds of src, so memory stays flat.
func checkMergeOverlap(dst, src Source, node string, batch int) error {
	sFirst, sLast, ok, err := span(src, node)
	if err != nil || !ok {
		return wrapNode(node, "read source", err)
	}
	dFirst, dLast, ok, err := span(dst, node)
	if err != nil || !ok {
		return wrapNode(node, "read history", err)
	}
	lo, hi := maxTime(sFirst, dFirst), minTime(sLast, dLast)
	if lo.After(hi) {
		return nil // the spans do not meet: interleave.
	}
	end := hi.Add(time.Second) // Range's end is exclusive.
	times := make([]int64, 0, batch)
	for from := lo; from.Before(end); {
		times = times[:0]
		err := src.Range(node, from, end, func(s history.Sample) error {
			times = append(times, s.Time.Unix())
			if len(times) == batch {
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			return wrapNode(node, "read source", err)
		}
		to := end
		if errors.Is(err, errStop) {
			to = time.Unix(times[len(times)-1]+1, 0)
		}
		if err := compareTimes(dst, node, from, to, times); err != nil {
			return err
		}
		from = to
	}
	return nil
}

// compareTimes checks that dst holds node's samples in [from, to) at exactly the seconds in want.
func compareTimes(dst Source, node string, from, to time.Time, want []int64) error {
	i := 0
	var only string
	var onlySrc bool
	err := dst.Range(node, from, to, func(s history.Sample) error {
		t := s.Time.Unix()
		if i < len(want) && want[i] < t {
			only, onlySrc = time.Unix(want[i], 0).UTC().Format(time.RFC3339), true
			return errStop
		}
		if i >= len(want) || want[i] > t {
			only = s.Time.UTC().Format(time.RFC3339)
			return errStop
		}
		i++
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return wrapNode(node, "read history", err)
	}
	if only == "" && i < len(want) {
		only, onlySrc = time.Unix(want[i], 0).UTC().Format(time.RFC3339), true
	}
	if only == "" {
		return nil
	}
	holder, other := "the history", "the merged file"
	if onlySrc {
		holder, other = other, holder
	}
	return fmt.Errorf("node %q: %s has a sample at %s, %s has none there though it covers that time: %w; merge into a new history file",
		node, holder, only, other, ErrOverlap)
}

func wrapNode(node, what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("node %q: %s: %w", node, what, err)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

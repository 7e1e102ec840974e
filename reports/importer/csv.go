package importer

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
)

// CSVColumns are the columns a CSV file must have, in any order: the sample's RFC 3339 time, the
// node, its concurrent endpoints at that time, and the bytes it sent and received since its previous
// row.
var CSVColumns = []string{"time", "node", "endpoints", "transmit_bytes", "receive_bytes"}

const (
	colTime = iota
	colNode
	colEndpoints
	colTransmit
	colReceive
)

// ImportCSV streams the CSV from r into dst. name is the file's name for error messages, which read
// "name:line:column: column: what is wrong". Rows are written in batches; when an error stops the
// import, earlier batches stay written, and running the import again after a fix replaces them
// rather than doubling them.
func ImportCSV(ctx context.Context, dst Appender, r io.Reader, name string, batch int) (Stats, error) {
	var stats Stats
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return stats, fmt.Errorf("%s: empty file, want the header %s", name, strings.Join(CSVColumns, ","))
	}
	if err != nil {
		return stats, csvError(name, err)
	}
	idx, err := columns(header)
	if err != nil {
		return stats, fmt.Errorf("%s:1: %w", name, err)
	}
	b := newBatcher(dst, batch, &stats)
	checked := map[string]bool{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return stats, csvError(name, err)
		}
		stats.Rows++
		if stats.Rows%65536 == 0 && ctx.Err() != nil {
			return stats, ctx.Err()
		}
		if len(rec) != len(CSVColumns) {
			line, _ := cr.FieldPos(0)
			return stats, fmt.Errorf("%s:%d: %d fields, want %d (%s)", name, line, len(rec), len(CSVColumns), strings.Join(CSVColumns, ","))
		}
		node, s, col, err := parseRow(rec, idx, b.nodes)
		if err != nil {
			line, column := cr.FieldPos(idx[col])
			return stats, fmt.Errorf("%s:%d:%d: %s: %w", name, line, column, CSVColumns[col], err)
		}
		if !checked[node] {
			checked[node] = true
			if err := csvOverlap(dst, node, s.Time); err != nil {
				line, _ := cr.FieldPos(0)
				return stats, fmt.Errorf("%s:%d: node %s: %w", name, line, node, err)
			}
		}
		if err := b.add(node, s); err != nil {
			return stats, err
		}
	}
	if err := b.flush(); err != nil {
		return stats, err
	}
	if stats.Rows == 0 {
		return stats, fmt.Errorf("%s: no rows after the header", name)
	}
	return stats, nil
}

// columns maps each of CSVColumns to its index in header.
func columns(header []string) ([]int, error) {
	idx := make([]int, len(CSVColumns))
	for i := range idx {
		idx[i] = -1
	}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		found := false
		for c, want := range CSVColumns {
			if h == want {
				if idx[c] >= 0 {
					return nil, fmt.Errorf("column %q given twice", h)
				}
				idx[c], found = i, true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown column %q; want the header %s", h, strings.Join(CSVColumns, ","))
		}
	}
	for c, i := range idx {
		if i < 0 {
			return nil, fmt.Errorf("column %q missing; want the header %s", CSVColumns[c], strings.Join(CSVColumns, ","))
		}
	}
	return idx, nil
}

var errNoNode = errors.New("empty")

// parseRow reads one row; known says whether a node name was checked before.
func parseRow(rec []string, idx []int, known map[string][]history.Sample) (node string, s history.Sample, col int, err error) {
	t, err := parseTime(rec[idx[colTime]])
	if err != nil {
		return "", s, colTime, fmt.Errorf("want an RFC 3339 time such as 2025-01-31T14:05:00Z, got %q", rec[idx[colTime]])
	}
	node = rec[idx[colNode]]
	if node == "" {
		return "", s, colNode, errNoNode
	}
	if _, ok := known[node]; !ok {
		if err := checkNode(node); err != nil {
			return "", s, colNode, err
		}
	}
	// An empty endpoints field says the node's figures are unknown at that time (its BBB API did not
	// answer): a gap in the figures, never 0; its bytes still count.
	answered := strings.TrimSpace(rec[idx[colEndpoints]]) != ""
	var ep uint64
	if answered {
		ep, err = parseCount(rec[idx[colEndpoints]], math.MaxUint32)
		if err != nil {
			return "", s, colEndpoints, fmt.Errorf("want a whole number of 0 or more, or nothing when unknown, got %q", rec[idx[colEndpoints]])
		}
	}
	tx, err := parseCount(rec[idx[colTransmit]], math.MaxUint64)
	if err != nil {
		return "", s, colTransmit, fmt.Errorf("want a whole number of bytes, got %q", rec[idx[colTransmit]])
	}
	rx, err := parseCount(rec[idx[colReceive]], math.MaxUint64)
	if err != nil {
		return "", s, colReceive, fmt.Errorf("want a whole number of bytes, got %q", rec[idx[colReceive]])
	}
	return node, history.Sample{Time: t.UTC().Truncate(time.Second), Endpoints: uint32(ep), HasMeetings: answered, TransmitBytes: tx, ReceiveBytes: rx}, 0, nil
}

// parseTime reads an RFC 3339 time; like RFC 3339 itself (section 5.6) it also takes a space for
// the "T" and lower-case "t" and "z", as spreadsheets and databases write them.
func parseTime(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if len(v) > 10 && (v[10] == ' ' || v[10] == 't') {
		v = v[:10] + "T" + v[11:]
	}
	if strings.HasSuffix(v, "z") {
		v = v[:len(v)-1] + "Z"
	}
	return time.Parse(time.RFC3339, v)
}

// parseCount reads a whole number of at most limit. Besides plain digits it takes the float forms
// that exports from Prometheus or a spreadsheet write for whole numbers ("12.0", "1.5e+09"), but
// never a fraction, a negative number, or one that float64 cannot hold exactly.
func parseCount(v string, limit uint64) (uint64, error) {
	v = strings.TrimSpace(v)
	if n, err := strconv.ParseUint(v, 10, 64); err == nil {
		if n > limit {
			return 0, fmt.Errorf("%d is too large", n)
		}
		return n, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f != math.Trunc(f) || f > float64(limit) || f >= 1<<53 {
		return 0, fmt.Errorf("not a whole number: %q", v)
	}
	return uint64(f), nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d:%d: %w", name, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("read %s: %w", name, err)
}

// csvOverlap refuses a CSV whose first row of a node falls into a span the history already holds for
// that node at other seconds of the minute: a second export of the same span, whose samples would
// stand beside the first import's and count every byte twice. The same export again lands on the
// same seconds and replaces them. A destination that cannot be read back is not checked.
func csvOverlap(dst Appender, node string, first time.Time) error {
	r, ok := dst.(sampleRanger)
	if !ok {
		return nil
	}
	var clash *history.Sample
	err := r.Range(node, first, first.Add(5*time.Minute), func(h history.Sample) error {
		if clash == nil && h.Time.Unix()%60 != first.Unix()%60 {
			clash = &h
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read the history back: %w", err)
	}
	if clash != nil {
		return fmt.Errorf("%w (a sample at %s, this file starts at %s): import each span once, or merge the files into one export first",
			ErrOverlap, clash.Time.Format(time.RFC3339), first.Format(time.RFC3339))
	}
	return nil
}

package importer

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"

	"github.com/bbbkit/bbbkit/collectors/history"
)

// fakeQuerier answers the endpoints query with 5 for one node at every step, the traffic counters
// with 1,000 bytes more at every step, and everything else with nothing.
type fakeQuerier struct{}

func (fakeQuerier) QueryRange(_ context.Context, q string, r v1.Range, _ ...v1.Option) (model.Value, v1.Warnings, v1.Infos, error) {
	var vals []model.SamplePair
	for t, i := r.Start, 0; !t.After(r.End); t, i = t.Add(r.Step), i+1 {
		v := 5.0
		if strings.Contains(q, "bytes") {
			v = float64(1000 * i)
		}
		vals = append(vals, model.SamplePair{Timestamp: model.TimeFromUnix(t.Unix()), Value: model.SampleValue(v)})
	}
	if strings.Contains(q, "bbb_meetings)") {
		return model.Matrix{}, nil, nil, nil
	}
	m := model.Metric{"instance": "bbb1.example.org:9871"}
	return model.Matrix{{Metric: m, Values: vals}}, nil, nil, nil
}

// TestImportOverlap imports a day twice: again with the same step (the samples are replaced, the
// traffic stays the same), then with another step (refused, naming the node and the sample, since
// both kinds of sample would stay and the traffic would count twice).
func TestImportOverlap(t *testing.T) {
	h, err := history.Open(filepath.Join(t.TempDir(), "h.db"), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	from := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	opts := PromOptions{From: from, To: from.Add(24 * time.Hour), Step: time.Minute}
	traffic := func() (n int, tx uint64) {
		err := h.Range("bbb1.example.org", from, from.Add(48*time.Hour), func(s history.Sample) error {
			n++
			tx += s.TransmitBytes
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return n, tx
	}
	for i := range 2 {
		if _, err := ImportPrometheus(context.Background(), h, fakeQuerier{}, opts); err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
		if n, tx := traffic(); n != 1440 || tx != 1439*1000 {
			t.Errorf("after import %d: %d samples, %d bytes, want 1440 and 1,439,000", i, n, tx)
		}
	}
	opts.Step = 30 * time.Second
	opts.From = from.Add(15 * time.Second)
	_, err = ImportPrometheus(context.Background(), h, fakeQuerier{}, opts)
	if !errors.Is(err, ErrOverlap) || !strings.Contains(err.Error(), `node "bbb1.example.org": a sample at 2025-03-01T00:01:00Z is not on this import's grid (from 2025-03-01T00:00:15Z every 30s)`) {
		t.Errorf("import with another grid: %v", err)
	}
	if n, tx := traffic(); n != 1440 || tx != 1439*1000 {
		t.Errorf("after the refused import: %d samples, %d bytes", n, tx)
	}
	// Another span with the other grid is fine.
	opts.From = from.Add(24 * time.Hour)
	opts.To = opts.From.Add(time.Hour)
	if _, err := ImportPrometheus(context.Background(), h, fakeQuerier{}, opts); err != nil {
		t.Errorf("import of the next day: %v", err)
	}
}

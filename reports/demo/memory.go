package demo

import (
	"errors"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/bbbkit/bbbkit/collectors/history"
)

// Memory is a history held in memory: an Appender and a figures.Source. The demo uses it so that it
// needs no file and runs in a moment.
type Memory struct {
	nodes map[string][]history.Sample
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory { return &Memory{nodes: map[string][]history.Sample{}} }

// Append adds samples of node; like the store, a sample at the same second replaces the older one.
func (m *Memory) Append(node string, samples ...history.Sample) error {
	if node == "" {
		return errors.New("empty node name")
	}
	old := m.nodes[node]
	byTime := func(a, b history.Sample) int { return a.Time.Compare(b.Time) }
	if len(old) == 0 && slices.IsSortedFunc(samples, byTime) {
		m.nodes[node] = slices.Clone(samples)
		return nil
	}
	s := append(old, samples...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].Time.Unix() < s[j].Time.Unix() })
	out := s[:0]
	for i, x := range s {
		if i+1 < len(s) && s[i+1].Time.Unix() == x.Time.Unix() {
			continue
		}
		out = append(out, x)
	}
	m.nodes[node] = out
	return nil
}

// Nodes lists the nodes, sorted.
func (m *Memory) Nodes() ([]string, error) {
	return slices.Sorted(maps.Keys(m.nodes)), nil
}

// Range calls fn for each sample of node with from <= Time < to, in time order.
func (m *Memory) Range(node string, from, to time.Time, fn func(history.Sample) error) error {
	s := m.nodes[node]
	i := sort.Search(len(s), func(i int) bool { return s[i].Time.Unix() >= from.Unix() })
	for ; i < len(s) && s[i].Time.Unix() < to.Unix(); i++ {
		if err := fn(s[i]); err != nil {
			return err
		}
	}
	return nil
}

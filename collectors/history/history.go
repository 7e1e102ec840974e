// Package history keeps the exporter's anonymous aggregates over time in a bbolt file: per node, one
// sample per interval with concurrent endpoints, meetings and the bytes sent and received since the
// sample before. The exporter's Sampler appends to it (holding the file only while appending);
// the report reads it and its importer fills it. A year of one node at one-minute samples takes
// about 34 MB (BenchmarkAppendYear).
package history

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// FormatVersion is written into every store; a store of another version is refused.
const FormatVersion = 1

var (
	metaBucket  = []byte("meta")
	nodesBucket = []byte("nodes")
	versionKey  = []byte("format_version")
)

// Sample is one node's aggregates at one instant. It holds counts only: nothing in it points at a
// person or a meeting.
type Sample struct {
	// Time is when the sample was taken; stored at second resolution, in UTC.
	Time time.Time
	// Endpoints is the node's concurrent endpoints (participants) at Time.
	Endpoints uint32
	// Meetings is the node's running meetings at Time.
	Meetings uint32
	// HasMeetings tells whether the BBB figures were known at Time. When false (no BBB configured
	// on the node, or its API did not answer) Endpoints and Meetings are stored as zero and mean
	// "unknown", not "idle".
	HasMeetings bool
	// TransmitBytes and ReceiveBytes are the bytes the node sent and received since its previous
	// sample (counter resets already handled by whoever measured them).
	TransmitBytes, ReceiveBytes uint64
}

// Store is an open history file. One process at a time may hold it open for writing; read-only
// opens share it.
type Store struct {
	db *bolt.DB
}

// Options tunes Open.
type Options struct {
	// ReadOnly opens the file for reading only (the report's build).
	ReadOnly bool
	// Timeout bounds the wait for another process's lock; zero means one second.
	Timeout time.Duration
}

// Open opens or creates the store at path.
func Open(path string, opts Options) (*Store, error) {
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = time.Second
	}
	db, err := bolt.Open(path, 0o640, &bolt.Options{Timeout: timeout, ReadOnly: opts.ReadOnly})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open history %s: still locked by another process after %s: %w", path, timeout, err)
	}
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	s := &Store{db: db}
	if opts.ReadOnly {
		err = db.View(s.checkVersion)
	} else {
		err = db.Update(s.init)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) init(tx *bolt.Tx) error {
	meta, err := tx.CreateBucketIfNotExists(metaBucket)
	if err != nil {
		return err
	}
	if _, err := tx.CreateBucketIfNotExists(nodesBucket); err != nil {
		return err
	}
	if meta.Get(versionKey) == nil {
		return meta.Put(versionKey, []byte{FormatVersion})
	}
	return s.checkVersion(tx)
}

func (s *Store) checkVersion(tx *bolt.Tx) error {
	meta := tx.Bucket(metaBucket)
	if meta == nil || tx.Bucket(nodesBucket) == nil {
		return errors.New("not a history store (no meta or nodes bucket)")
	}
	v := meta.Get(versionKey)
	if len(v) != 1 || v[0] != FormatVersion {
		return fmt.Errorf("history format version %v, want %d", v, FormatVersion)
	}
	return nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// Append stores samples of node, replacing any sample at the same second. Samples in ascending time
// order are stored fastest.
func (s *Store) Append(node string, samples ...Sample) error {
	if node == "" {
		return errors.New("history: empty node name")
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(nodesBucket).CreateBucketIfNotExists([]byte(node))
		if err != nil {
			return fmt.Errorf("node %q: %w", node, err)
		}
		b.FillPercent = 0.95
		// bbolt keeps a reference to each value until the commit, so values must not share a
		// reused buffer: they are encoded one after the other into an arena that only grows.
		var key [8]byte
		arena := make([]byte, 0, len(samples)*12)
		for _, smp := range samples {
			binary.BigEndian.PutUint64(key[:], uint64(smp.Time.Unix()))
			start := len(arena)
			arena = encode(arena, smp)
			val := arena[start:len(arena):len(arena)]
			if err := b.Put(key[:], val); err != nil {
				return fmt.Errorf("node %q at %s: %w", node, smp.Time.UTC().Format(time.RFC3339), err)
			}
		}
		return nil
	})
}

// Nodes lists the nodes the store holds, sorted.
func (s *Store) Nodes() ([]string, error) {
	var nodes []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(nodesBucket).ForEachBucket(func(k []byte) error {
			nodes = append(nodes, string(k))
			return nil
		})
	})
	return nodes, err
}

// Range calls fn for each sample of node with from <= Time < to, in time order. It stops at the
// first error fn returns and returns it.
func (s *Store) Range(node string, from, to time.Time, fn func(Sample) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(nodesBucket).Bucket([]byte(node))
		if b == nil {
			return nil
		}
		var lo, hi [8]byte
		binary.BigEndian.PutUint64(lo[:], uint64(from.Unix()))
		binary.BigEndian.PutUint64(hi[:], uint64(to.Unix()))
		c := b.Cursor()
		for k, v := c.Seek(lo[:]); k != nil && bytes.Compare(k, hi[:]) < 0; k, v = c.Next() {
			smp, err := decode(k, v)
			if err != nil {
				return fmt.Errorf("node %q: %w", node, err)
			}
			if err := fn(smp); err != nil {
				return err
			}
		}
		return nil
	})
}

// Last returns node's newest sample; ok is false when the node has none.
func (s *Store) Last(node string) (smp Sample, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(nodesBucket).Bucket([]byte(node))
		if b == nil {
			return nil
		}
		k, v := b.Cursor().Last()
		if k == nil {
			return nil
		}
		smp, err = decode(k, v)
		ok = err == nil
		return err
	})
	return smp, ok, err
}

// A value is: one flags byte, then uvarints endpoints, meetings, transmit and receive bytes.
const flagHasMeetings = 1 << 0

func encode(dst []byte, smp Sample) []byte {
	var flags byte
	if smp.HasMeetings {
		flags |= flagHasMeetings
	}
	dst = append(dst, flags)
	dst = binary.AppendUvarint(dst, uint64(smp.Endpoints))
	dst = binary.AppendUvarint(dst, uint64(smp.Meetings))
	dst = binary.AppendUvarint(dst, smp.TransmitBytes)
	dst = binary.AppendUvarint(dst, smp.ReceiveBytes)
	return dst
}

func decode(k, v []byte) (Sample, error) {
	if len(k) != 8 {
		return Sample{}, fmt.Errorf("corrupt key of %d bytes", len(k))
	}
	smp := Sample{Time: time.Unix(int64(binary.BigEndian.Uint64(k)), 0).UTC()}
	if len(v) < 1 {
		return smp, fmt.Errorf("empty value at %s", smp.Time.Format(time.RFC3339))
	}
	smp.HasMeetings = v[0]&flagHasMeetings != 0
	rest := v[1:]
	var fields [4]uint64
	for i := range fields {
		x, n := binary.Uvarint(rest)
		if n <= 0 {
			return smp, fmt.Errorf("corrupt value at %s (field %d)", smp.Time.Format(time.RFC3339), i)
		}
		fields[i], rest = x, rest[n:]
	}
	smp.Endpoints, smp.Meetings = uint32(fields[0]), uint32(fields[1])
	smp.TransmitBytes, smp.ReceiveBytes = fields[2], fields[3]
	return smp, nil
}

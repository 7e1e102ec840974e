package scrub

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
)

// Stats counts what Stream did.
type Stats struct {
	// Lines is the number of lines read (a last line without "\n" counts).
	Lines int64
	// Addresses is the number of addresses (and phones and e-mails, if
	// enabled) that scrubbing changed.
	Addresses int64
}

const (
	// streamBuf is the size of each of Stream's read buffers.
	streamBuf = 128 << 10
	// maxWorkers bounds the goroutines Stream scrubs on.
	maxWorkers = 8
	// maxToken bounds the memory a line without any separator can take: a
	// run this long without one is scrubbed in pieces.
	maxToken = 1 << 20
)

// IsSeparator reports whether a long line may be cut after c without
// changing what the scanner finds: no address, phone number or e-mail
// address the scrubber knows spans it, and the scanner's look-backs stop at
// it. Whoever cuts lines into pieces before scrubbing them must cut only
// after such a byte. (One exception: a phone number recognised by its field
// name or its place before a SIP address, as in "caller_id_number:
// 0301234567", is missed if a line over 128 KiB is cut at the space between
// the two.)
func IsSeparator(c byte) bool {
	switch c {
	case ' ', '\t', ',', ';', '(', ')', '[', ']', '{', '}', '|', '>':
		return true
	}
	return false
}

// Stream copies r to w line by line, scrubbing each line: one line out for
// every line in, byte for byte except the scrubbed spans, with no newline
// added at the end. Lines may be of any length: a line longer than the
// buffer is scrubbed in pieces cut after separators (spaces, commas,
// brackets), which no address spans. Every read's complete lines are
// handed on at once and written as soon as they are scrubbed, so a reader
// of w never lags behind a slow writer of r (a FIFO fed by a web server) by
// more than an unfinished line. Stream returns at EOF, after everything it
// read is written; errors name the side (read or write) that failed.
//
// The pieces are scrubbed on up to GOMAXPROCS goroutines (at most 8) and
// written in the order read, by one goroutine. A fixed number of buffers
// circulates between reading, scrubbing and writing, so memory stays flat
// whatever the input's size: a few times streamBuf, and maxToken at most
// for each buffer while a line without separators is in it.
func (s *Scrubber) Stream(w io.Writer, r io.Reader) (Stats, error) {
	if s == nil {
		return Stats{}, ErrNilScrubber
	}
	workers := min(runtime.GOMAXPROCS(0), maxWorkers)
	p := newPipeline(s, w, workers)
	st, err := p.read(r)
	wst, werr := p.finish()
	st.Lines += wst.Lines
	st.Addresses = wst.Addresses
	if werr != nil {
		return st, werr
	}
	return st, err
}

// piece is one buffer on its way through the pipeline: in[:n] is scrubbed
// into out, and done says that out is ready.
type piece struct {
	in, out []byte
	n       int
	lines   int64
	addrs   int64
	done    chan struct{}
}

// pipeline scrubs pieces on workers and writes them in order.
type pipeline struct {
	s       *Scrubber
	free    chan *piece // buffers not in use
	work    chan *piece // to the workers
	order   chan *piece // to the writer, in reading order
	wg      sync.WaitGroup
	wdone   chan struct{}
	wst     Stats
	werr    error
	failed  chan struct{} // closed when a write failed
	scratch *piece        // the buffer being read into
}

func newPipeline(s *Scrubber, w io.Writer, workers int) *pipeline {
	n := 2*workers + 2
	p := &pipeline{s: s, free: make(chan *piece, n), work: make(chan *piece, n),
		order: make(chan *piece, n), wdone: make(chan struct{}), failed: make(chan struct{})}
	for range n {
		p.free <- &piece{done: make(chan struct{}, 1)}
	}
	for range workers {
		p.wg.Add(1)
		go p.scrub()
	}
	go p.write(w)
	return p
}

// scrub is a worker.
func (p *pipeline) scrub() {
	defer p.wg.Done()
	for c := range p.work {
		var n int
		c.out, n = p.s.AppendLine(c.out[:0], c.in[:c.n])
		c.addrs = int64(n)
		c.lines = int64(bytes.Count(c.in[:c.n], []byte{'\n'}))
		c.done <- struct{}{}
	}
}

// write writes the scrubbed pieces in order and returns their buffers. After
// a failed write it only returns buffers, so that the reader never blocks.
func (p *pipeline) write(w io.Writer) {
	defer close(p.wdone)
	for c := range p.order {
		<-c.done
		if p.werr == nil {
			p.wst.Lines += c.lines
			p.wst.Addresses += c.addrs
			if _, err := w.Write(c.out); err != nil {
				p.werr = fmt.Errorf("write: %w", err)
				close(p.failed)
			}
		}
		if cap(c.in) > streamBuf {
			c.in = nil // a long line grew it: give the memory back
		}
		if cap(c.out) > 2*streamBuf {
			c.out = nil
		}
		p.free <- c
	}
}

// get returns a free buffer of at least streamBuf bytes, or nil once a
// write has failed.
func (p *pipeline) get() *piece {
	select {
	case c := <-p.free:
		if c.in == nil {
			c.in = make([]byte, streamBuf)
		}
		c.in = c.in[:cap(c.in)]
		return c
	case <-p.failed:
		return nil
	}
}

// send hands c.in[:n] on to be scrubbed and written, and returns a fresh
// buffer holding c.in[n:end], the start of the next piece (nil once a write
// has failed).
func (p *pipeline) send(c *piece, n, end int) *piece {
	next := p.get()
	if next == nil {
		return nil
	}
	if len(next.in) < end-n {
		next.in = make([]byte, len(c.in))
	}
	copy(next.in, c.in[n:end])
	c.n = n
	p.order <- c
	p.work <- c
	return next
}

// finish waits until everything sent is written and returns what the
// writer counted and its error.
func (p *pipeline) finish() (Stats, error) {
	close(p.work)
	close(p.order)
	p.wg.Wait()
	<-p.wdone
	if p.scratch != nil {
		p.free <- p.scratch
	}
	return p.wst, p.werr
}

// read reads r into pieces and sends them on: each read's complete lines at
// once, a line that fills the buffer cut after its last separator. It
// counts only a last line without a newline; the workers count the rest.
func (p *pipeline) read(r io.Reader) (Stats, error) {
	var st Stats
	buf := p.get()
	if buf == nil {
		return st, nil
	}
	end := 0         // buf.in[:end] is read and not yet sent
	partial := false // pieces of the current line were sent already
	for {
		if end == len(buf.in) {
			// A full buffer without a newline: send the line up to its
			// last separator, or grow the buffer up to maxToken.
			cut := end - 1
			for cut >= 0 && !IsSeparator(buf.in[cut]) {
				cut--
			}
			switch {
			case cut < 0 && len(buf.in) < maxToken:
				buf.in = append(buf.in, make([]byte, len(buf.in))...)
				buf.in = buf.in[:cap(buf.in)]
				continue
			case cut < 0:
				cut = end - 1
			}
			if buf = p.send(buf, cut+1, end); buf == nil {
				return st, nil
			}
			end -= cut + 1
			partial = true
			continue
		}
		nr, rerr := r.Read(buf.in[end:])
		end += nr
		if k := bytes.LastIndexByte(buf.in[:end], '\n'); k >= 0 {
			if buf = p.send(buf, k+1, end); buf == nil {
				return st, nil
			}
			end -= k + 1
			partial = false
		}
		if rerr == nil {
			continue
		}
		if end > 0 || partial {
			st.Lines++
			if buf = p.send(buf, end, end); buf == nil {
				return st, nil
			}
		}
		p.scratch = buf
		if errors.Is(rerr, io.EOF) {
			return st, nil
		}
		return st, fmt.Errorf("read: %w", rerr)
	}
}

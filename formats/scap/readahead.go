package scap

import (
	"github.com/scrylabs/scry/formats/event"
)

// Read-ahead batching: a batch ends at batchEvents events or when its data would pass
// batchBytes; batchesInFlight batches circulate between the two goroutines.
const (
	batchEvents     = 2048
	batchBytes      = 256 << 10
	batchesInFlight = 4
)

// ReadAhead reads a capture's events on a goroutine of its own, a batch at a time, so
// that decompression, block framing and validation run on another core than the
// caller's work on the events. Its Next and Section mean what the Reader's do.
//
// Each event's bytes are copied into a batch buffer that the caller hands back when it
// moves on to the next batch, so an event stays valid until the following call of Next,
// as with a Reader. Once NewReadAhead has started, the Reader belongs to the read-ahead
// goroutine: use the Reader again (EventsRead, Blocks, Close) only after Next returned an
// error or after Close. OnSection callbacks run on the read-ahead goroutine.
//
// A ReadAhead is not safe for concurrent use.
type ReadAhead struct {
	r    *Reader
	full chan *batch // batches read, in stream order
	free chan *batch // batches the caller is done with
	stop chan struct{}
	done chan struct{}

	cur    *batch
	next   int // index in cur.events of the next event to return
	closed bool
}

// batch is a run of events of one section, copied out of the Reader's window.
type batch struct {
	data    []byte
	events  []batchEvent
	section *Section
	err     error // what ended the stream after these events; nil while more follow
}

// batchEvent is an event of a batch: its bytes are data[start:end]. It holds no
// pointer, so filling a batch costs no write barriers.
type batchEvent struct {
	start, end uint32
	num        uint64
	flags      uint32
	cpu        uint16
}

// NewReadAhead starts reading r ahead of the caller. Call Close when done, before
// closing r.
func NewReadAhead(r *Reader) *ReadAhead {
	a := &ReadAhead{
		r:    r,
		full: make(chan *batch, batchesInFlight),
		free: make(chan *batch, batchesInFlight),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	for range batchesInFlight {
		a.free <- &batch{data: make([]byte, 0, batchBytes), events: make([]batchEvent, 0, batchEvents)}
	}
	a.cur = &batch{section: r.Section()}
	go a.produce()
	return a
}

// Next returns the next event in ev, its bytes valid until the following call; io.EOF
// at the end of the capture and the Reader's *FormatError where it is damaged.
func (a *ReadAhead) Next(ev *event.Event) error {
	for {
		b := a.cur
		if a.next < len(b.events) {
			be := &b.events[a.next]
			a.next++
			ev.Raw = b.data[be.start:be.end:be.end]
			ev.Num, ev.Flags, ev.CPU = be.num, be.flags, be.cpu
			return nil
		}
		if b.err != nil {
			return b.err
		}
		if b.data != nil {
			a.free <- b
		}
		a.cur, a.next = <-a.full, 0
	}
}

// Section is the metadata of the section of the event Next returned last (the first
// section before any).
func (a *ReadAhead) Section() *Section { return a.cur.section }

// Close stops the read-ahead goroutine and waits for it to leave the Reader.
func (a *ReadAhead) Close() {
	if a.closed {
		return
	}
	a.closed = true
	close(a.stop)
	<-a.done
}

// produce runs on the read-ahead goroutine: it fills free batches from the Reader and
// sends them on full until the stream ends or Close stops it.
func (a *ReadAhead) produce() {
	defer close(a.done)
	b := a.take()
	if b == nil {
		return
	}
	b.section = a.r.Section()
	var ev event.Event
	for {
		err := a.r.Next(&ev)
		if err != nil {
			b.err = err
			a.send(b)
			return
		}
		s := a.r.Section()
		if s != b.section || len(b.events) == cap(b.events) || len(b.data)+len(ev.Raw) > cap(b.data) {
			if len(b.events) > 0 {
				if !a.send(b) {
					return
				}
				if b = a.take(); b == nil {
					return
				}
			}
			b.section = s
		}
		start := len(b.data)
		b.data = append(b.data, ev.Raw...) // grows only for an event larger than batchBytes
		b.events = append(b.events, batchEvent{start: uint32(start), end: uint32(len(b.data)), num: ev.Num, flags: ev.Flags, cpu: ev.CPU})
	}
}

// take returns an emptied free batch, nil when Close stopped the read-ahead.
func (a *ReadAhead) take() *batch {
	select {
	case b := <-a.free:
		b.data, b.events, b.err = b.data[:0], b.events[:0], nil
		return b
	case <-a.stop:
		return nil
	}
}

// send hands b to the caller; false when Close stopped the read-ahead.
func (a *ReadAhead) send(b *batch) bool {
	select {
	case a.full <- b:
		return true
	case <-a.stop:
		return false
	}
}

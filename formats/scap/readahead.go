package scap

import (
	"github.com/scrylabs/scry/formats/event"
)

// Read-ahead sizes: a batch holds at most batchEvents events; the decompressed stream is
// read into buffers of aheadBufferSize bytes (larger for a larger block), at most
// aheadBuffers of them at a time while the caller still uses them; batchesInFlight
// batches circulate between the two goroutines.
const (
	batchEvents     = 2048
	aheadBufferSize = 512 << 10
	aheadBuffers    = 6
	batchesInFlight = 8
)

// ReadAhead reads a capture's events on a goroutine of its own, a batch at a time, so
// that decompression, block framing and validation run on another core than the
// caller's work on the events. Its Next and Section mean what the Reader's do.
//
// Events are not copied: the Reader reads the stream into a rotation of buffers, and a
// buffer is read into again only after the caller has moved past every event in it, so
// an event stays valid until the following call of Next, as with a Reader. Once
// NewReadAhead has started, the Reader belongs to the read-ahead goroutine: use the
// Reader again (EventsRead, Blocks, Close) only after Next returned an error or after
// Close. OnSection callbacks run on the read-ahead goroutine.
//
// A ReadAhead is not safe for concurrent use.
type ReadAhead struct {
	r    *Reader
	full chan *batch // batches read, in stream order
	free chan *batch // batches the caller is done with
	stop chan struct{}
	done chan struct{}

	// The caller's side.
	cur    *batch
	next   int // index in cur.events of the next event to return
	closed bool

	// The read-ahead goroutine's side.
	fill    *batch   // the batch being filled
	idle    []*batch // emptied batches waiting to be filled
	spare   [][]byte // buffers no event refers to any more
	buffers int      // buffers in circulation, the Reader's current one included
}

// batch is a run of events of one section.
type batch struct {
	bufs    [][]byte // buffers the events point into
	copied  []byte   // bytes of events that are in no buffer (converted v1 events)
	events  []batchEvent
	retired [][]byte // buffers free for reuse once the caller is done with this batch
	section *Section
	err     error // what ended the stream after these events; nil while more follow
}

// inCopied is the batchEvent.buf of an event whose bytes are in batch.copied.
const inCopied = 0xFFFF

// batchEvent is an event of a batch: its bytes are bufs[buf][start:end]. It holds no
// pointer, so filling a batch costs no write barriers.
type batchEvent struct {
	start, end uint32
	buf        uint16
	cpu        uint16
	flags      uint32
	num        uint64
}

// NewReadAhead starts reading r ahead of the caller. Call Close when done, before
// closing r.
func NewReadAhead(r *Reader) *ReadAhead {
	a := &ReadAhead{
		r:       r,
		full:    make(chan *batch, batchesInFlight),
		free:    make(chan *batch, batchesInFlight),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
		buffers: 1,
	}
	for range batchesInFlight - 1 {
		a.free <- &batch{events: make([]batchEvent, 0, batchEvents)}
	}
	a.fill = &batch{events: make([]batchEvent, 0, batchEvents)}
	a.cur = &batch{section: r.Section()}
	r.in.swap = a.swap
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
			if be.buf == inCopied {
				ev.Raw = b.copied[be.start:be.end:be.end]
			} else {
				ev.Raw = b.bufs[be.buf][be.start:be.end:be.end]
			}
			ev.Num, ev.Flags, ev.CPU = be.num, be.flags, be.cpu
			return nil
		}
		if b.err != nil {
			return b.err
		}
		if b.events != nil {
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
	a.r.in.swap = nil
}

// produce runs on the read-ahead goroutine: it fills batches from the Reader and sends
// them on full until the stream ends or Close stops it.
func (a *ReadAhead) produce() {
	defer close(a.done)
	b := a.fill
	b.section = a.r.Section()
	var ev event.Event
	for {
		err := a.r.Next(&ev)
		b = a.fill // swap may have sent the batch being filled
		if err != nil {
			b.err = err
			a.send(b)
			return
		}
		s := a.r.Section()
		if s != b.section || len(b.events) == cap(b.events) {
			if len(b.events) > 0 || len(b.retired) > 0 {
				if !a.send(b) {
					return
				}
				if b = a.take(); b == nil {
					return
				}
				a.fill = b
			}
			b.section = s
		}
		be := batchEvent{num: ev.Num, flags: ev.Flags, cpu: ev.CPU}
		if off := a.r.rawOff; off >= 0 {
			buf := a.r.in.buf
			if n := len(b.bufs); n == 0 || &b.bufs[n-1][0] != &buf[0] {
				b.bufs = append(b.bufs, buf)
			}
			be.buf = uint16(len(b.bufs) - 1)
			be.start, be.end = uint32(off), uint32(off+len(ev.Raw))
		} else {
			be.buf = inCopied
			be.start = uint32(len(b.copied))
			b.copied = append(b.copied, ev.Raw...)
			be.end = uint32(len(b.copied))
		}
		b.events = append(b.events, be)
	}
}

// swap gives the Reader's input a buffer for the rest of the stream (at least need
// bytes) in place of old, which events of the batch being filled or of batches sent
// before may still point into: old is freed with the batch being filled, once the
// caller is done with it. nil when Close stopped the read-ahead.
func (a *ReadAhead) swap(old []byte, need int) []byte {
	a.fill.retired = append(a.fill.retired, old)
	for {
		for i, b := range a.spare {
			if len(b) >= need {
				a.spare = append(a.spare[:i], a.spare[i+1:]...)
				return b
			}
		}
		if a.buffers < aheadBuffers || need > aheadBufferSize {
			a.buffers++
			return make([]byte, max(need, aheadBufferSize))
		}
		// Every buffer is in use: hand the caller what was read so far, and wait for it
		// to give buffers back.
		if b := a.fill; len(b.events) > 0 || len(b.retired) > 0 {
			if !a.send(b) {
				return nil
			}
			if b = a.take(); b == nil {
				return nil
			}
			b.section = a.r.Section()
			a.fill = b
		} else if !a.harvest() {
			return nil
		}
	}
}

// take returns an emptied batch to fill; nil when Close stopped the read-ahead.
func (a *ReadAhead) take() *batch {
	if n := len(a.idle); n > 0 {
		b := a.idle[n-1]
		a.idle = a.idle[:n-1]
		return b
	}
	select {
	case b := <-a.free:
		a.reclaim(b)
		return b
	case <-a.stop:
		return nil
	}
}

// harvest waits for the caller to give a batch back, reclaims its buffers and keeps it
// for take; false when Close stopped the read-ahead.
func (a *ReadAhead) harvest() bool {
	select {
	case b := <-a.free:
		a.reclaim(b)
		a.idle = append(a.idle, b)
		return true
	case <-a.stop:
		return false
	}
}

// reclaim empties a batch the caller is done with and moves its retired buffers to
// spare.
func (a *ReadAhead) reclaim(b *batch) {
	for _, buf := range b.retired {
		if len(buf) == aheadBufferSize {
			a.spare = append(a.spare, buf)
		} else {
			a.buffers-- // an odd size (the Reader's first buffer, a large block's): let it go
		}
	}
	clear(b.bufs)
	clear(b.retired)
	b.bufs, b.retired, b.copied, b.events, b.err = b.bufs[:0], b.retired[:0], b.copied[:0], b.events[:0], nil
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

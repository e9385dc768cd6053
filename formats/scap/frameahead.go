package scap

import (
	"errors"
	"runtime/debug"

	"github.com/scrylabs/scry/formats/event"
)

// Frame-ahead sizes: a batch holds at most frameBatchEvents events, and frameBatches of
// them circulate between the two goroutines. Each hand-off between the goroutines costs
// about as much as framing a few hundred events, so batches are large; the first ones
// are smaller (firstBatchEvents, doubling), so that the caller starts early.
const (
	frameBatchEvents = 32768
	firstBatchEvents = 2048
	frameBatches     = 4
)

// errNotMapped refuses a FrameAhead over a capture that is not mapped.
var errNotMapped = errors.New("frame-ahead needs a mapped capture")

// FrameAhead frames the events of a mapped capture (Reader.Mapped) on a goroutine of its
// own, so that block framing and validation run on another core than the caller's work
// on the events. Unlike ReadAhead it moves no event bytes between the cores: the events
// are views into the file's mapping, framed by NextBatch into batches of one section
// each, and only the batches (the views) change hands. Events the Reader converts (v1
// blocks) are copied into their batch.
//
// Once NewFrameAhead has started, the Reader belongs to the frame-ahead goroutine: use
// it again (EventsRead, Blocks, Skipped) only after Next returned an error or after
// Close. A FrameAhead is not safe for concurrent use.
type FrameAhead struct {
	r    *Reader
	full chan *frameBatch
	free chan *frameBatch
	stop chan struct{}
	done chan struct{}

	// The frame-ahead goroutine's side.
	limit int // the most events the next batch takes

	// The caller's side.
	cur     *frameBatch
	section *Section
}

// frameBatch is a run of events of one section.
type frameBatch struct {
	evs     []event.Event
	n       int        // events framed into evs so far
	copied  []byte     // bytes of the converted events
	copies  []copySpan // which events are in copied
	section *Section
	err     error // what ended the capture after these events; nil while more follow
}

// copySpan places event i's bytes at copied[start:end].
type copySpan struct{ i, start, end int }

// NewFrameAhead starts framing r's events ahead of the caller. r must be mapped. Call
// Close when done, before closing r.
func NewFrameAhead(r *Reader) (*FrameAhead, error) {
	if !r.Mapped() {
		return nil, errNotMapped
	}
	a := &FrameAhead{
		r:       r,
		section: r.section,
		limit:   firstBatchEvents,
		full:    make(chan *frameBatch, frameBatches),
		free:    make(chan *frameBatch, frameBatches),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	for range frameBatches {
		a.free <- &frameBatch{evs: make([]event.Event, frameBatchEvents)}
	}
	go a.run()
	return a, nil
}

// Next returns the next batch of events, all of the section Section then returns. The
// events stay valid until the following call of Next. It returns the errors the
// Reader's Next returns (io.EOF at the end), after every event before them, and then
// keeps returning that error.
func (a *FrameAhead) Next() ([]event.Event, error) {
	if b := a.cur; b != nil {
		if b.err != nil {
			return nil, b.err
		}
		a.free <- b
		a.cur = nil
	}
	b, ok := <-a.full
	if !ok {
		return nil, errInputStopped
	}
	a.cur = b
	if b.section != nil {
		a.section = b.section
	}
	if len(b.evs) == 0 {
		return nil, b.err
	}
	return b.evs, nil
}

// Section is the metadata of the section of the events the last Next returned.
func (a *FrameAhead) Section() *Section { return a.section }

// Close stops the frame-ahead goroutine and waits for it, after which the Reader is the
// caller's again. A second Close does nothing.
func (a *FrameAhead) Close() {
	select {
	case <-a.stop:
	default:
		close(a.stop)
	}
	<-a.done
}

// run frames batches until the capture ends or Close.
func (a *FrameAhead) run() {
	defer close(a.done)
	defer close(a.full)
	debug.SetPanicOnFault(true) // a file that shrinks under the mapping ends the capture

	var b *frameBatch
	for {
		if b == nil {
			select {
			case b = <-a.free:
			case <-a.stop:
				return
			}
			b.reset()
		}
		b.evs = b.evs[:max(a.limit, b.n)] // a carried batch holds b.n already
		a.limit = min(2*a.limit, frameBatchEvents)
		next := a.fill(b)
		select {
		case a.full <- b:
		case <-a.stop:
			return
		}
		if b.err != nil {
			return
		}
		b = next
	}
}

// fill frames events into b until it is full, the section changes or the capture ends.
// When a section change leaves events for a new batch, it returns that batch.
func (a *FrameAhead) fill(b *frameBatch) (next *frameBatch) {
	r := a.r
	for b.n < len(b.evs) {
		n := b.n
		k, err := a.nextBatch(b.evs[n:])
		if err != nil {
			b.err = err
			break
		}
		copiedAt := -1
		if k == 1 && r.rawOff < 0 {
			// A converted event: its bytes are in the Reader's buffer for one event only.
			copiedAt = len(b.copied)
			b.copied = append(b.copied, b.evs[n].Raw...)
		}
		s := r.Section()
		if n == 0 && b.section == nil {
			b.section = s
		}
		if s != b.section {
			// These k events open a new section: they start the next batch (none
			// once Close has stopped the goroutine).
			select {
			case next = <-a.free:
				next.reset()
				next.section = s
				copy(next.evs, b.evs[n:n+k])
				next.n = k
				if copiedAt >= 0 {
					next.copied = append(next.copied, b.copied[copiedAt:]...)
					next.copies = append(next.copies, copySpan{i: 0, start: 0, end: len(next.copied)})
				}
			case <-a.stop:
			}
			if copiedAt >= 0 {
				b.copied = b.copied[:copiedAt]
			}
			break
		}
		if copiedAt >= 0 {
			b.copies = append(b.copies, copySpan{i: n, start: copiedAt, end: len(b.copied)})
		}
		b.n = n + k
	}
	b.evs = b.evs[:b.n]
	b.fixCopies()
	return next
}

// nextBatch is the Reader's NextBatch, with a fault of the mapping as its error.
func (a *FrameAhead) nextBatch(evs []event.Event) (n int, err error) {
	defer a.r.RecoverFault(&err)
	return a.r.NextBatch(evs)
}

// reset empties b for filling.
func (b *frameBatch) reset() {
	b.evs, b.n = b.evs[:cap(b.evs)], 0
	b.copied, b.copies = b.copied[:0], b.copies[:0]
	b.section, b.err = nil, nil
}

// fixCopies points the converted events at their copies, once copied no longer grows.
func (b *frameBatch) fixCopies() {
	for _, c := range b.copies {
		b.evs[c.i].Raw = b.copied[c.start:c.end:c.end]
	}
}

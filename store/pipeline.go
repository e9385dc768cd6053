package store

import (
	"sync/atomic"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
)

// A conversion on several cores runs in two stages: the caller's goroutine reads events
// and tracks the state (filling the enriched columns), a second goroutine encodes the
// rows. Rows travel in batches that own copies of their bytes; batches are recycled.

const (
	batchEvents     = 1024
	batchesInFlight = 4
)

type sectionMark struct {
	firstNum uint64
	sec      *scap.Section
}

type rowBatch struct {
	evs   []event.Event
	ens   []parquet.Enriched
	enp   []bool // the row has enriched columns
	secs  []sectionMark
	arena []byte
}

func (b *rowBatch) reset() {
	b.evs, b.enp, b.secs, b.arena = b.evs[:0], b.enp[:0], b.secs[:0], b.arena[:0]
}

// add copies ev (and en, if not nil) into the batch.
func (b *rowBatch) add(ev *event.Event, en *parquet.Enriched) {
	off := len(b.arena)
	b.arena = append(b.arena, ev.Raw...)
	c := *ev
	c.Raw = b.arena[off:len(b.arena):len(b.arena)]
	b.evs = append(b.evs, c)
	i := len(b.enp)
	if len(b.ens) <= i {
		b.ens = append(b.ens, parquet.Enriched{})
	}
	b.enp = append(b.enp, en != nil)
	if en != nil {
		b.arena = en.CopyTo(&b.ens[i], b.arena)
	}
}

// rowPipeline feeds a parquet.Writer from another goroutine.
type rowPipeline struct {
	w    *parquet.Writer
	cur  *rowBatch
	full chan *rowBatch
	free chan *rowBatch
	done chan error
	err  atomic.Pointer[error] // the encoding stage's first error
}

func newRowPipeline(w *parquet.Writer) *rowPipeline {
	p := &rowPipeline{w: w, full: make(chan *rowBatch, batchesInFlight), free: make(chan *rowBatch, batchesInFlight+1),
		done: make(chan error, 1)}
	for range batchesInFlight + 1 {
		p.free <- &rowBatch{}
	}
	p.cur = <-p.free
	go p.run()
	return p
}

func (p *rowPipeline) run() {
	var err error
	for b := range p.full {
		if err == nil {
			if err = p.writeBatch(b); err != nil {
				p.err.Store(&err)
			}
		}
		b.reset()
		p.free <- b
	}
	p.done <- err
}

func (p *rowPipeline) writeBatch(b *rowBatch) error {
	for _, s := range b.secs {
		p.w.AddSection(s.firstNum, s.sec)
	}
	for i := range b.evs {
		var en *parquet.Enriched
		if b.enp[i] {
			en = &b.ens[i]
		}
		if err := p.w.Write(&b.evs[i], en); err != nil {
			return err
		}
	}
	return nil
}

// addSection records a section starting at the next event.
func (p *rowPipeline) addSection(firstNum uint64, s *scap.Section) {
	p.cur.secs = append(p.cur.secs, sectionMark{firstNum, s})
}

// write queues one row; it returns the encoding stage's error once it has stopped.
func (p *rowPipeline) write(ev *event.Event, en *parquet.Enriched) error {
	p.cur.add(ev, en)
	if len(p.cur.evs) < batchEvents {
		return nil
	}
	return p.flush()
}

func (p *rowPipeline) flush() error {
	if err := p.err.Load(); err != nil {
		return *err
	}
	p.full <- p.cur
	p.cur = <-p.free
	return nil
}

// close hands over the last rows and waits for the encoding stage: after it the writer
// belongs to the caller again.
func (p *rowPipeline) close() error {
	if len(p.cur.evs) > 0 || len(p.cur.secs) > 0 {
		p.full <- p.cur
	}
	close(p.full)
	return <-p.done
}

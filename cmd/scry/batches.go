package main

import (
	"runtime"
	"runtime/debug"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// eachBatch calls f with r's events a batch at a time, each batch of one section, until
// the capture ends or f fails. With ahead set, where the capture is mapped and a second
// core is there, the events are framed on that core (scap.FrameAhead). It returns f's
// error, or the error that ended the capture (io.EOF at its end).
func eachBatch(r *scap.Reader, ahead bool, f func(evs []event.Event, s *scap.Section) error) (err error) {
	if r.Mapped() {
		// Events are views into the capture's mapping: a file that shrinks under it
		// ends the run with an error, after the events before the cut.
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer r.RecoverFault(&err)
	}
	if ahead && r.Mapped() && runtime.GOMAXPROCS(0) > 1 {
		fa, err := scap.NewFrameAhead(r)
		if err != nil {
			return err
		}
		defer fa.Close()
		for {
			evs, err := fa.Next()
			if err != nil {
				return err
			}
			if err := f(evs, fa.Section()); err != nil {
				return err
			}
		}
	}
	batch := make([]event.Event, readBatch)
	for {
		n, err := r.NextBatch(batch)
		if err != nil {
			return err
		}
		if err := f(batch[:n], r.Section()); err != nil {
			return err
		}
	}
}

// startupCollector keeps the garbage collector off while a command builds a capture's
// state (allocation after allocation, with little garbage) and restores it once.
type startupCollector struct {
	percent int
	off     bool
}

// pause turns the collector off; resume, deferred, turns it back on.
func (c *startupCollector) pause() { c.percent, c.off = debug.SetGCPercent(-1), true }

// resume restores the collector's setting, once, whatever calls it first.
func (c *startupCollector) resume() {
	if c.off {
		c.off = false
		debug.SetGCPercent(c.percent)
	}
}

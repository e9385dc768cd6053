package recorder

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/capture/journal"
	"github.com/scrylabs/scry/formats/event"
)

// RecordStore drains src into the store at o.Root until src ends or o.StopAfter events
// were stored. Draining only appends each event to a spool on disk (synced at least
// every second); a builder goroutine reads the spool back and writes query-ready
// segments, each starting with the state snapshot the state engine tracked from
// o.Section through every earlier event, and checkpoints the state where each segment
// starts. When the builder falls behind, the backlog waits in the spool, on disk; when
// src ends, RecordStore returns once the builder has stored every spooled event. Before
// it builds the new recording, the builder recovers what an interrupted recording left
// behind. Only one recording may write a store at a time.
func RecordStore(src capture.Source, o StoreOptions) (StoreResult, error) {
	if o.Root == "" {
		return StoreResult{}, errors.New("record: no store directory")
	}
	if o.Section == nil {
		return StoreResult{}, errors.New("record: no initial state section")
	}
	o.withDefaults()
	unlock, err := lockStore(o.Root)
	if err != nil {
		return StoreResult{}, err
	}
	defer unlock()
	r := &storeRecording{o: o}
	stopRetention := r.startRetention()
	err = r.record(src)
	stopRetention()
	return r.res, err
}

// storeRecording is the state of one RecordStore call.
type storeRecording struct {
	o   StoreOptions
	mu  sync.Mutex // held while the builder writes an event and while retention runs
	res StoreResult
	// leaving is set when o.Leave is closed: the builder, recovering or not, stops.
	leaving atomic.Bool
}

// record spools src's events and builds segments from the spool on a goroutine of its
// own, after recovering earlier recordings' leftovers.
func (r *storeRecording) record(src capture.Source) error {
	dir, err := journalDir(r.o.Root)
	if err != nil {
		return err
	}
	left, err := leftovers(dir)
	if err != nil {
		return err
	}
	id := recordingID(r.o.Now())
	sp, err := journal.CreateSpool(dir, id, journal.SpoolOptions{SyncEvery: r.o.SyncEvery, OnSync: r.o.OnSync,
		FileBytes: r.o.SpoolFileBytes, MaxBacklog: max(r.o.SpoolMaxBytes, 0)})
	if err != nil {
		return fmt.Errorf("record: %w", err)
	}
	b, err := newBuilder(r, dir, id, sp)
	if err != nil {
		sp.Close()
		return err
	}
	// The builder yields to the draining goroutine on the same CPU only when each can
	// have a thread of its own: see lowerPriority.
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	built := make(chan error, 1)
	go func() { built <- b.run(left, src) }()
	derr := r.drain(src, sp)
	serr := sp.Close()
	berr := <-built
	switch {
	case errors.Is(berr, errLeft) && derr == nil && serr == nil:
		r.res.Left = r.res.Events
		for _, seg := range r.res.Segments {
			r.res.Left -= uint64(seg.Events)
		}
		return nil
	case berr != nil:
		return berr
	case derr != nil:
		return derr
	case serr != nil:
		return fmt.Errorf("record: spool: %w", serr)
	}
	b.finish()
	return nil
}

// drain appends src's events to the spool until src ends.
func (r *storeRecording) drain(src capture.Source, sp *journal.Spool) error {
	var ev event.Event
	for {
		err := src.Next(&ev)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		r.res.Seen++
		if r.o.Keep != nil && !r.o.Keep(&ev) {
			continue
		}
		if err := sp.Append(&ev); err != nil {
			src.Stop()
			return fmt.Errorf("record: spool: %w", err)
		}
		r.res.Events++
		if r.o.StopAfter > 0 && r.res.Events >= r.o.StopAfter {
			src.Stop()
			return nil
		}
	}
}

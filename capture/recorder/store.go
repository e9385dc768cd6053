package recorder

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/capture/journal"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/store"
)

// RecordStore drains src into the store at o.Root until src ends or o.StopAfter events
// were stored. It first recovers the journals an interrupted recording left behind, then
// writes query-ready segments: each starts with the state snapshot the state engine
// tracked from o.Section through every earlier event, and while a segment is open its
// events also go to a journal synced at least every second. Only one recording may write
// a store at a time.
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
	if r.res.Recovered, err = recoverJournals(&o); err != nil {
		return r.res, err
	}
	stopRetention := r.startRetention()
	err = r.record(src)
	stopRetention()
	return r.res, err
}

// record writes src's events through a store writer whose tracker journals each open
// segment.
func (r *storeRecording) record(src capture.Source) error {
	tracker, err := r.o.NewTracker()
	if err != nil {
		return fmt.Errorf("record: start the state tracker: %w", err)
	}
	wo := r.o.Segment
	wo.Tracker = &journaling{Tracker: tracker, rec: r}
	wo.OnSegment = r.committed
	if r.w, err = store.NewWriter(r.o.Root, wo); err != nil {
		return err
	}
	if err := r.w.BeginSection(r.o.Section); err != nil {
		return err
	}
	if err := r.drain(src); err != nil {
		r.abandon()
		return err
	}
	r.mu.Lock()
	err = r.w.Close() // commits the open segment; committed discards its journal
	r.mu.Unlock()
	if err != nil {
		r.abandon()
	}
	return err
}

// storeRecording is the state of one RecordStore call.
type storeRecording struct {
	o   StoreOptions
	w   *store.Writer
	mu  sync.Mutex      // held while an event is written and while retention runs
	j   *journal.Writer // journal of the open segment; nil between segments
	seq int             // journals started
	res StoreResult
}

// drain writes src's events until it ends.
func (r *storeRecording) drain(src capture.Source) error {
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
		r.mu.Lock()
		err = r.w.Write(&ev)
		if err == nil {
			err = r.j.Append(&ev) // Write opened a segment, so its journal exists
		}
		r.mu.Unlock()
		if err != nil {
			return err
		}
		r.res.Events++
		if r.o.StopAfter > 0 && r.res.Events >= r.o.StopAfter {
			src.Stop()
			return nil
		}
	}
}

// committed runs after the store writer commits a segment: the segment is durable, so
// its journal goes.
func (r *storeRecording) committed(info store.SegmentInfo) {
	if err := os.Chmod(info.Path, 0o600); err != nil {
		r.o.Warn(fmt.Errorf("restrict segment %s to its owner: %w", info.Path, err))
	}
	r.res.Segments = append(r.res.Segments, info)
	if r.j != nil {
		if err := r.j.Discard(); err != nil {
			r.o.Warn(err)
		}
		r.j = nil
	}
}

// startJournal starts the journal of a segment being opened with snap.
func (r *storeRecording) startJournal(snap journal.Snapshot) error {
	if r.j != nil { // the previous segment was not committed: keep its journal
		if err := r.j.Close(); err != nil {
			return err
		}
	}
	dir, err := journalDir(r.o.Root)
	if err != nil {
		return err
	}
	r.seq++
	name := journalName(dir, r.o.Now().UnixNano(), r.seq)
	r.j, err = journal.Create(name, snap, journal.Options{SyncEvery: r.o.SyncEvery, OnSync: r.o.OnSync})
	return err
}

// abandon ends a recording that failed: the open segment's journal is synced and kept,
// and the next start recovers it.
func (r *storeRecording) abandon() {
	if r.j != nil {
		if err := r.j.Close(); err != nil {
			r.o.Warn(err)
		}
		r.j = nil
	}
	r.w.Abort()
}

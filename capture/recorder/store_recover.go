package recorder

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/scrylabs/scry/capture/journal"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/state"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

// recoverLeftovers recovers, oldest first, what interrupted recordings left in the
// journal folder, and returns the segments it wrote. A leftover that is corrupt is
// renamed with a .corrupt suffix and reported through Warn.
func recoverLeftovers(r *storeRecording, left []leftover) ([]store.SegmentInfo, error) {
	var out []store.SegmentInfo
	for _, l := range left {
		var segs []store.SegmentInfo
		var err error
		if l.journal != "" {
			segs, err = recoverJournalFile(r, l.journal)
		} else {
			segs, err = recoverSpool(r, filepath.Join(r.o.Root, JournalDir), l.id)
		}
		out = append(out, segs...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// recoverJournalFile turns a version 1 journal into a segment: the journal's snapshot,
// then its events up to the last sync. A journal whose segment was committed just before
// the crash (the same time range is in the store) is only removed, and so is one that
// ended before its snapshot was synced.
func recoverJournalFile(r *storeRecording, path string) ([]store.SegmentInfo, error) {
	o := &r.o
	r.mu.Lock()
	info, err := recoverJournal(o, path)
	r.mu.Unlock()
	switch {
	case errors.Is(err, journal.ErrNoSnapshot):
		os.Remove(path)
		return nil, nil
	case errors.Is(err, journal.ErrCorrupt):
		o.Warn(fmt.Errorf("set aside corrupt journal: %w", err))
		os.Rename(path, path+".corrupt")
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("recover journal %s: %w", path, err)
	}
	var out []store.SegmentInfo
	if info != nil {
		out = append(out, *info)
	}
	if err := os.Remove(path); err != nil {
		return out, fmt.Errorf("remove recovered journal: %w", err)
	}
	return out, nil
}

// journalSpan is what a first pass over a journal finds.
type journalSpan struct {
	events     int
	minTs, max uint64
}

func scanJournal(path string) (journal.Snapshot, journalSpan, error) {
	r, err := journal.Open(path)
	if err != nil {
		return journal.Snapshot{}, journalSpan{}, err
	}
	defer r.Close()
	span := journalSpan{minTs: math.MaxUint64}
	var ev event.Event
	for {
		err := r.Next(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			break // a record that does not decode ends the journal, as a torn frame does
		}
		span.events++
		span.minTs = min(span.minTs, ev.Ts())
		span.max = max(span.max, ev.Ts())
	}
	return r.Snapshot(), span, nil
}

// recoverJournal writes the segment of one journal; nil when there is none to write.
func recoverJournal(o *StoreOptions, path string) (*store.SegmentInfo, error) {
	snap, span, err := scanJournal(path)
	if err != nil || span.events == 0 {
		return nil, err
	}
	if _, err := os.Lstat(store.SegmentPath(o.Root, snap.Host, span.minTs, span.max)); err == nil {
		return nil, nil // committed before the crash; only its journal was left
	}
	tracker, err := o.NewTracker()
	if err != nil {
		return nil, fmt.Errorf("start the state tracker: %w", err)
	}
	var done []store.SegmentInfo
	w, err := store.NewWriter(o.Root, store.WriterOptions{Host: snap.Host, Parquet: o.Segment.Parquet, Tracker: tracker,
		// One segment, as the journal was: it never outgrew the limits of its recording.
		MaxEvents: math.MaxInt64, MaxBytes: math.MaxInt64, MaxSpan: math.MaxInt64,
		OnSegment: func(info store.SegmentInfo) { done = append(done, info) }})
	if err != nil {
		return nil, err
	}
	if err := w.BeginSection(snap.Section); err != nil {
		return nil, err
	}
	if err := restoreImage(tracker, snap.Section, snap.State); err != nil {
		return nil, err
	}
	r, err := journal.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var ev event.Event
	for r.Next(&ev) == nil {
		if err := w.Write(&ev); err != nil {
			w.Abort()
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	for _, info := range done {
		if err := os.Chmod(info.Path, 0o600); err != nil {
			o.Warn(fmt.Errorf("restrict segment %s to its owner: %w", info.Path, err))
		}
	}
	if len(done) == 0 {
		return nil, nil
	}
	return &done[0], nil
}

// restoreImage loads a state image into a tracker that has just loaded sec, when the
// tracker runs a state engine that takes one.
func restoreImage(tracker store.Tracker, sec *scap.Section, img []byte) error {
	if e, ok := tracker.(interface{ Engine() *state.Engine }); ok && img != nil {
		if err := enrich.Restore(e.Engine(), &store.Snapshot{Section: sec, State: img}); err != nil {
			return err
		}
	}
	return nil
}

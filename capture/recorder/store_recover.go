package recorder

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/scrylabs/scry/capture/journal"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/state"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

// recoverJournals turns each journal left in the store into a segment: the journal's
// snapshot, then its events up to the last sync. A journal whose segment was committed
// just before the crash (the same time range is in the store) is only removed, and so is
// one that ended before its snapshot was synced. A journal that is not one is renamed
// with a .corrupt suffix and reported through o.Warn.
func recoverJournals(o *StoreOptions) ([]store.SegmentInfo, error) {
	dir, err := journalDir(o.Root)
	if err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list journals: %w", err)
	}
	var names []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), journalExt) && e.Type().IsRegular() {
			names = append(names, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(names)
	var out []store.SegmentInfo
	for _, path := range names {
		info, err := recoverJournal(o, path)
		switch {
		case errors.Is(err, journal.ErrNoSnapshot):
			os.Remove(path)
			continue
		case errors.Is(err, journal.ErrCorrupt):
			o.Warn(fmt.Errorf("set aside corrupt journal: %w", err))
			os.Rename(path, path+".corrupt")
			continue
		case err != nil:
			return out, fmt.Errorf("recover journal %s: %w", path, err)
		}
		if info != nil {
			out = append(out, *info)
		}
		if err := os.Remove(path); err != nil {
			return out, fmt.Errorf("remove recovered journal: %w", err)
		}
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
	if e, ok := tracker.(interface{ Engine() *state.Engine }); ok && snap.State != nil {
		if err := enrich.Restore(e.Engine(), &store.Snapshot{Section: snap.Section, State: snap.State}); err != nil {
			return nil, err
		}
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

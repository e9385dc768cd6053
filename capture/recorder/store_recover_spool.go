package recorder

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/scrylabs/scry/capture/journal"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/store"
)

// recoverSpool converts what the recording id left in dir: from its latest checkpoint,
// every spooled event up to the last sync, into segments rolled as the recording rolls
// them. When the checkpoint's segment was committed before the crash, its events only
// rebuild the state, and conversion starts after them. The recording's files are then
// removed. A spool without a checkpoint holds nothing to recover: its recording ended
// cleanly, or before spooling anything.
func recoverSpool(r *storeRecording, dir, id string) ([]store.SegmentInfo, error) {
	o := &r.o
	files, err := filepath.Glob(filepath.Join(dir, id+"-*"))
	if err != nil {
		return nil, fmt.Errorf("list recording %s: %w", id, err)
	}
	var ckpts []string
	for _, f := range files {
		if strings.HasSuffix(f, journal.CheckpointExt) {
			ckpts = append(ckpts, f)
		}
	}
	var segs []store.SegmentInfo
	for i := len(ckpts) - 1; i >= 0; i-- { // Glob sorts: the latest checkpoint last
		c, commit, err := journal.ReadCheckpoint(ckpts[i])
		if err == nil {
			segs, err = convertSpool(r, dir, id, c, commit)
		}
		if errors.Is(err, journal.ErrCorrupt) {
			o.Warn(fmt.Errorf("set aside corrupt checkpoint: %w", err))
			os.Rename(ckpts[i], ckpts[i]+".corrupt")
			continue
		}
		if err != nil {
			return segs, fmt.Errorf("recover recording %s: %w", id, err)
		}
		break
	}
	for _, f := range files {
		if strings.HasSuffix(f, journal.CheckpointExt) || strings.HasSuffix(f, journal.SpoolExt) {
			if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
				return segs, fmt.Errorf("remove recovered recording's file: %w", err)
			}
		}
	}
	return segs, nil
}

// convertSpool writes the segments of the spooled events from checkpoint c on.
func convertSpool(r *storeRecording, dir, id string, c journal.Checkpoint, commit *journal.Commit) ([]store.SegmentInfo, error) {
	o := &r.o
	rd, err := journal.ReadSpool(dir, id, c.Start)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	tracker, err := o.NewTracker()
	if err != nil {
		return nil, fmt.Errorf("start the state tracker: %w", err)
	}
	sec, img := c.Section, c.State
	var ev event.Event
	more := rd.Next(&ev) == nil
	if commit != nil {
		if _, err := os.Lstat(filepath.Join(o.Root, commit.Segment)); err == nil {
			// The segment is in the store: its events only bring the state to the next one.
			if err := tracker.LoadSection(sec); err != nil {
				return nil, err
			}
			if err := restoreImage(tracker, sec, img); err != nil {
				return nil, err
			}
			var en parquet.Enriched
			for more && ev.Num <= commit.LastNum {
				en.Reset()
				tracker.Track(&ev, &en)
				more = rd.Next(&ev) == nil
			}
			if !more {
				return nil, nil
			}
			if sec, img, err = tracker.Snapshot(); err != nil {
				return nil, err
			}
		}
	}
	if !more {
		return nil, nil
	}
	var done []store.SegmentInfo
	wo := o.Segment
	wo.Host, wo.Tracker = store.HostLabel(c.Host), tracker
	wo.OnSegment = func(info store.SegmentInfo) {
		if err := os.Chmod(info.Path, 0o600); err != nil {
			o.Warn(fmt.Errorf("restrict segment %s to its owner: %w", info.Path, err))
		}
		done = append(done, info)
	}
	w, err := store.NewWriter(o.Root, wo)
	if err != nil {
		return nil, err
	}
	if err := w.BeginSection(sec); err != nil {
		return nil, err
	}
	if err := restoreImage(tracker, sec, img); err != nil {
		return nil, err
	}
	for more {
		r.mu.Lock()
		err := w.Write(&ev)
		r.mu.Unlock()
		if err != nil {
			w.Abort()
			return done, err
		}
		err = rd.Next(&ev)
		if err != nil && !errors.Is(err, io.EOF) {
			w.Abort()
			return done, err
		}
		more = err == nil
	}
	r.mu.Lock()
	err = w.Close()
	r.mu.Unlock()
	return done, err
}

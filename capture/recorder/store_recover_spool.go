package recorder

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/scrylabs/scry/capture/journal"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/store"
)

// recoverSpool converts what the recording id left in dir: from its latest checkpoint,
// every spooled event up to the last sync, into segments rolled as the recording rolls
// them. When the checkpoint's segment was committed before the crash, its events only
// rebuild the state, and conversion starts after them. Conversion goes on with the
// recording's checkpoints, so an interrupted recovery resumes where it stopped. The
// recording's files are then removed. A spool without a checkpoint holds nothing to
// recover: its recording ended cleanly, or before spooling anything.
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
		if errors.Is(err, journal.ErrCorrupt) {
			o.Warn(fmt.Errorf("set aside corrupt checkpoint: %w", err))
			os.Rename(ckpts[i], ckpts[i]+".corrupt")
			continue
		}
		if err == nil {
			segs, err = convertSpool(r, dir, id, ckpts[i], c, commit)
		}
		if err != nil {
			return segs, fmt.Errorf("recover recording %s: %w", id, err)
		}
		break
	}
	// What is left: the checkpoints first, as a recording that ends does.
	files, _ = filepath.Glob(filepath.Join(dir, id+"-*"))
	for _, ext := range []string{journal.CheckpointExt, journal.SpoolExt} {
		for _, f := range files {
			if !strings.HasSuffix(f, ext) {
				continue
			}
			if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
				return segs, fmt.Errorf("remove recovered recording's file: %w", err)
			}
		}
	}
	return segs, nil
}

// convertSpool writes the segments of the spooled events from checkpoint c, at path,
// on.
func convertSpool(r *storeRecording, dir, id, path string, c journal.Checkpoint, commit *journal.Commit) ([]store.SegmentInfo, error) {
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
	seq, err := checkpointSeq(path)
	if err != nil {
		return nil, err
	}
	var done []store.SegmentInfo
	b := &builder{r: r, dir: dir, id: id, seq: seq + 1, ckpt: path,
		release:  func(p journal.Position) error { return removeSpoolBefore(dir, id, p.File) },
		segments: func(info store.SegmentInfo) { done = append(done, info) }}
	if err := b.newSegmentWriter(tracker, store.HostLabel(c.Host)); err != nil {
		return nil, err
	}
	if err := b.w.BeginSection(sec); err != nil {
		return nil, err
	}
	if err := restoreImage(tracker, sec, img); err != nil {
		return nil, err
	}
	for more {
		if r.leaving.Load() { // the rest stays for the next start, from the latest checkpoint
			b.w.Abort()
			return done, errLeft
		}
		b.pos = rd.Position()
		if o.throttle != nil {
			o.throttle()
		}
		r.mu.Lock()
		err := b.w.Write(&ev)
		r.mu.Unlock()
		if err != nil {
			b.w.Abort()
			return done, err
		}
		more = rd.Next(&ev) == nil // the end of the spool, or its torn tail
	}
	r.mu.Lock()
	err = b.w.Close()
	r.mu.Unlock()
	return done, err
}

// checkpointSeq is the number in a checkpoint's name.
func checkpointSeq(path string) (int, error) {
	name := strings.TrimSuffix(filepath.Base(path), journal.CheckpointExt)
	i := strings.LastIndexByte(name, '-')
	n, err := strconv.Atoi(name[i+1:])
	if i < 0 || err != nil {
		return 0, fmt.Errorf("checkpoint %s: no number in its name", path)
	}
	return n, nil
}

// removeSpoolBefore removes the files of the spool id in dir before the one named file.
func removeSpoolBefore(dir, id, file string) error {
	names, err := journal.SpoolFiles(dir, id)
	if err != nil {
		return err
	}
	for _, n := range names {
		if n >= file {
			break
		}
		if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove spool file: %w", err)
		}
	}
	return nil
}

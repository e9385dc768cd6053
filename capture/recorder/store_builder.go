package recorder

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/capture/journal"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
)

// builder turns the spool of a recording into segments: it follows the spool, runs each
// event through the tracker and the store writer, and checkpoints the state where each
// segment starts, so that the spooled events after the latest checkpoint can be
// converted again after a crash.
// The recording's builder follows its live spool; recovery runs one over the spool an
// interrupted recording left, continuing that recording's checkpoints.
type builder struct {
	r    *storeRecording
	dir  string // the journal folder
	id   string // the recording's name in it
	sp   *journal.Spool
	w    *store.Writer
	pos  journal.Position // where the event being written is in the spool
	seq  int              // the next checkpoint's number
	ckpt string           // the latest checkpoint
	// release removes the spool files before a position.
	release func(journal.Position) error
	// segments receives each segment committed.
	segments func(store.SegmentInfo)
}

// newSegmentWriter makes b's store writer: segments rolled as o.Segment says, on host,
// through tracker, with a checkpoint where each one starts.
func (b *builder) newSegmentWriter(tracker store.Tracker, host string) error {
	wo := b.r.o.Segment
	wo.Host = host
	wo.Tracker = &checkpointing{Tracker: tracker, b: b}
	wo.OnSegment, wo.Committing = b.committed, b.committing
	var err error
	b.w, err = store.NewWriter(b.r.o.Root, wo)
	return err
}

func newBuilder(r *storeRecording, dir, id string, sp *journal.Spool) (*builder, error) {
	tracker, err := r.o.NewTracker()
	if err != nil {
		return nil, fmt.Errorf("record: start the state tracker: %w", err)
	}
	b := &builder{r: r, dir: dir, id: id, sp: sp, pos: sp.Start(), release: sp.Release,
		segments: func(info store.SegmentInfo) { r.res.Segments = append(r.res.Segments, info) }}
	if err := b.newSegmentWriter(tracker, r.o.Segment.Host); err != nil {
		return nil, err
	}
	if err := b.w.BeginSection(r.o.Section); err != nil {
		return nil, err
	}
	// The state at the spool's start, durable before any event is spooled.
	if err := b.checkpoint(journal.Snapshot{Host: r.o.Segment.Host, Section: r.o.Section}); err != nil {
		return nil, err
	}
	return b, nil
}

// run recovers the leftovers of earlier recordings, then builds segments from the spool
// until it is closed and read to its end. On failure it stops src and drops the open
// segment: the spool and the checkpoint stay for the next start to recover.
func (b *builder) run(left []leftover, src capture.Source) (err error) {
	lowerPriority()
	defer func() {
		if err != nil {
			src.Stop()
			b.w.Abort()
		}
	}()
	if b.r.o.Leave != nil {
		select { // left before the builder started: not even leftovers are recovered
		case <-b.r.o.Leave:
			return errLeft
		default:
		}
	}
	if b.r.o.Leave != nil {
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			select {
			case <-b.r.o.Leave:
				b.r.leaving.Store(true)
			case <-stop:
			}
		}()
	}
	// Following from the start, so the spool's bound holds during recovery too.
	rd, err := b.sp.Follow(journal.Position{})
	if err != nil {
		return fmt.Errorf("record: %w", err)
	}
	defer rd.Close()
	if b.r.res.Recovered, err = recoverLeftovers(b.r, left); err != nil {
		return err
	}
	var ev event.Event
	for {
		if b.r.leaving.Load() {
			return errLeft
		}
		err := rd.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("record: read back the spool: %w", err)
		}
		b.pos = rd.Position()
		if b.r.o.throttle != nil {
			b.r.o.throttle()
		}
		b.r.mu.Lock()
		err = b.w.Write(&ev)
		b.r.mu.Unlock()
		if err != nil {
			return err
		}
	}
	b.r.mu.Lock()
	defer b.r.mu.Unlock()
	return b.w.Close()
}

// errLeft ends a builder told to leave the rest of the spool for the next start.
var errLeft = errors.New("record: spooled events left for the next start")

// finish removes the spool and the checkpoint of a recording whose every event is in a
// committed segment. What it cannot remove it reports through Warn: the next start
// removes it.
func (b *builder) finish() {
	// The checkpoint first: a spool left without one holds nothing to recover.
	if err := os.Remove(b.ckpt); err != nil && !errors.Is(err, os.ErrNotExist) {
		b.r.o.Warn(fmt.Errorf("remove checkpoint: %w", err))
		return
	}
	if err := b.sp.RemoveFiles(); err != nil {
		b.r.o.Warn(err)
	}
}

// checkpoint writes the state at the event being written, then removes the previous
// checkpoint and the spool files before this one's position: the store writer only opens
// a segment once the previous one is committed, so they are no longer needed.
func (b *builder) checkpoint(snap journal.Snapshot) error {
	path := filepath.Join(b.dir, fmt.Sprintf("%s-%06d%s", b.id, b.seq, journal.CheckpointExt))
	if err := journal.WriteCheckpoint(path, journal.Checkpoint{Snapshot: snap, Start: b.pos}); err != nil {
		return err
	}
	b.seq++
	prev := b.ckpt
	b.ckpt = path
	if prev != "" {
		if err := os.Remove(prev); err != nil {
			return fmt.Errorf("remove checkpoint: %w", err)
		}
	}
	return b.release(b.pos)
}

// committing marks the open segment's checkpoint committed, before the segment is moved
// into place: recovery then knows whether the segment made it.
func (b *builder) committing(info store.SegmentInfo) error {
	rel, err := filepath.Rel(b.r.o.Root, info.Path)
	if err != nil {
		return fmt.Errorf("segment path %s: %w", info.Path, err)
	}
	return journal.MarkCommit(b.ckpt, journal.Commit{Segment: rel, LastNum: info.LastNum})
}

// committed runs after the store writer commits a segment.
func (b *builder) committed(info store.SegmentInfo) {
	if err := os.Chmod(info.Path, 0o600); err != nil {
		b.r.o.Warn(fmt.Errorf("restrict segment %s to its owner: %w", info.Path, err))
	}
	b.segments(info)
	if b.r.o.committedHook != nil {
		b.r.o.committedHook()
	}
}

// checkpointing is the store writer's tracker, wrapped: the writer asks for a snapshot
// exactly when it opens a segment, before that segment's first event, so that is where
// the segment's checkpoint is written, with the state the segment starts with.
type checkpointing struct {
	store.Tracker
	b      *builder
	loaded *scap.Section // the last section loaded
	fresh  bool          // no event tracked since it was loaded
}

func (c *checkpointing) LoadSection(s *scap.Section) error {
	c.loaded, c.fresh = s, true
	return c.Tracker.LoadSection(s)
}

func (c *checkpointing) Track(ev *event.Event, en *parquet.Enriched) {
	c.fresh = false
	c.Tracker.Track(ev, en)
}

// Snapshot returns the tracker's snapshot and checkpoints it. The checkpoint's section
// is the one the segment will carry: the loaded section itself when no event came after
// it (as the store writer does), else the tracked state.
func (c *checkpointing) Snapshot() (*scap.Section, []byte, error) {
	sec, img, err := c.Tracker.Snapshot()
	if err != nil {
		return nil, nil, err
	}
	start := sec
	if c.fresh && c.loaded != nil {
		start = c.loaded
	}
	if err := c.b.checkpoint(journal.Snapshot{Host: c.b.r.o.Segment.Host, Section: start, State: img}); err != nil {
		return nil, nil, fmt.Errorf("checkpoint the segment's start: %w", err)
	}
	return sec, img, nil
}

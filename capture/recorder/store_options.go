package recorder

import (
	"time"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

// StoreOptions configure a continuous recording into a store.
type StoreOptions struct {
	// Root is the store directory (created 0700 if missing).
	Root string
	// Section is the host's state when the recording starts (a /proc scan): the state
	// engine starts from it and the first segment carries it.
	Section *scap.Section
	// Segment rolls segments (Host, MaxEvents, MaxBytes, MaxSpan, Parquet); its Tracker
	// and OnSegment are set by RecordStore. An empty Host is the section's host name.
	Segment store.WriterOptions
	// NewTracker makes the state tracker of a writer (default NewEnrichingTracker).
	NewTracker func() (store.Tracker, error)
	// Keep selects the events to store (nil keeps all). It runs in the draining
	// goroutine, before the spool, so that the spool (and what recovery stores from it)
	// holds only kept events; a costly Keep slows draining.
	Keep func(*event.Event) bool
	// StopAfter ends the recording after this many events were stored (0: no limit).
	StopAfter uint64
	// Leave, when closed, stops the builder: RecordStore returns once the source has
	// ended and the spool is synced, leaving the events not yet in a committed segment
	// for the next RecordStore on the store (nil: the builder stores every event).
	Leave <-chan struct{}
	// Retention is applied at the start and every RetentionEvery (default one minute)
	// when it sets MaxAge or MaxSize; its Now is replaced by the current time.
	Retention      store.PruneOptions
	RetentionEvery time.Duration
	// SyncEvery is how often the spool is synced (0: the journal's
	// default; longer than a second counts as a second); OnSync, if set, is called after
	// each sync with the Num of the last event made durable.
	SyncEvery time.Duration
	OnSync    func(lastNum uint64)
	// SpoolFileBytes ends a spool file (default journal.DefaultFileBytes): the files
	// wholly before the open segment's start are removed as the builder moves on.
	SpoolFileBytes int64
	// SpoolMaxBytes bounds the spooled bytes the builder has not read yet (default
	// DefaultSpoolMaxBytes; negative: no bound). Past it draining waits for the builder,
	// and the source drops events (a live capture counts them) rather than fill the disk.
	SpoolMaxBytes int64
	// Warn receives problems that do not stop the recording (retention failures).
	Warn func(error)
	// Now is the clock (nil: time.Now).
	Now func() time.Time

	// throttle, if set, runs before the builder writes each event (tests slow the
	// builder down with it).
	throttle func()
	// committedHook, if set, runs after each segment the builder commits (the kill
	// tests stop the recorder there).
	committedHook func()
}

// StoreResult summarises a continuous recording.
type StoreResult struct {
	Events    uint64              // events recorded: stored, but for Left
	Seen      uint64              // events read from the source
	Segments  []store.SegmentInfo // segments committed by this recording
	Recovered []store.SegmentInfo // segments recovered from what earlier recordings left
	Pruned    int                 // segments removed by retention
	Left      uint64              // events left in the spool (Leave), for the next start
}

// NewEnrichingTracker follows the state and fills the enriched columns (proc_name,
// fd_name, ...), so that queries answer state fields from stored columns.
func NewEnrichingTracker() (store.Tracker, error) { return enrich.New() }

// NewStateTracker follows the state for exact segment snapshots and leaves the enriched
// columns null: cheaper per event; queries answer state fields by replay.
func NewStateTracker() (store.Tracker, error) { return enrich.NewStateOnly(), nil }

// DefaultSegmentEvents is the events per segment of a recording by default, as for
// imports. The builder holds the open row group of the open segment in memory.
const DefaultSegmentEvents = store.DefaultMaxEvents

// DefaultRowGroupRows is the rows per Parquet row group of a recording's segments by
// default: a quarter of an import's, so the open row group the builder holds in memory
// stays small (segments of the host's syscalls come out some 7% larger).
const DefaultRowGroupRows = 64 << 10

// DefaultSpoolMaxBytes is the default bound of the builder's backlog in the spool: at
// some 14 bytes a syscall event, a minute and a half of a one-core storm.
const DefaultSpoolMaxBytes = 2 << 30

// DefaultRetentionEvery is how often retention runs during a recording.
const DefaultRetentionEvery = time.Minute

func (o *StoreOptions) withDefaults() {
	if o.NewTracker == nil {
		o.NewTracker = NewEnrichingTracker
	}
	if o.RetentionEvery <= 0 {
		o.RetentionEvery = DefaultRetentionEvery
	}
	if o.SyncEvery > time.Second {
		o.SyncEvery = time.Second
	}
	if o.Warn == nil {
		o.Warn = func(error) {}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Segment.MaxEvents <= 0 {
		o.Segment.MaxEvents = DefaultSegmentEvents
	}
	if o.SpoolMaxBytes == 0 {
		o.SpoolMaxBytes = DefaultSpoolMaxBytes
	}
	if o.Segment.Parquet.RowGroupRows <= 0 {
		o.Segment.Parquet.RowGroupRows = DefaultRowGroupRows
	}
	if o.Segment.Host == "" && o.Section != nil && o.Section.Machine != nil {
		o.Segment.Host = o.Section.Machine.Hostname
	}
	o.Segment.Host = store.HostLabel(o.Segment.Host)
}

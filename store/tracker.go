package store

import (
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
)

// Tracker follows the state across the events written: it fills the enriched columns
// and snapshots the state at each segment's start. store/enrich implements it with the
// state engine and the field extractors; without one, enriched columns are null and a
// segment's snapshot is the capture's start state.
type Tracker interface {
	// LoadSection resets the state to a capture section's metadata.
	LoadSection(s *scap.Section) error
	// Track processes one event (in capture order) and sets en's state columns.
	Track(ev *event.Event, en *parquet.Enriched)
	// Snapshot returns the current state as a capture section (processes, fds, users,
	// groups, interfaces) and as the tracker's own binary snapshot (nil if none).
	Snapshot() (*scap.Section, []byte, error)
}

// Snapshot kinds recorded under KeySnapshotKind.
const (
	// KeySnapshotKind says what a segment's start state is.
	KeySnapshotKind = "scry.snapshot.kind"
	// SnapshotCapture: the segment starts where its capture section starts; the section
	// is the exact start state.
	SnapshotCapture = "capture"
	// SnapshotState: the state tracked up to the segment's first event.
	SnapshotState = "state"
	// SnapshotStale: no tracker ran; the section is the capture's start state, older
	// than the segment (enrichment from it is approximate).
	SnapshotStale = "stale"
)

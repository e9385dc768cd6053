package store

import (
	"fmt"

	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
)

// SegmentReader reads one segment: its start-state snapshot and its events, as
// event views (parquet.Reader's Next; each view valid until the next call).
type SegmentReader struct {
	*parquet.Reader
}

// OpenSegment opens a segment file.
func OpenSegment(path string) (*SegmentReader, error) {
	r, err := parquet.Open(path)
	if err != nil {
		return nil, err
	}
	return &SegmentReader{Reader: r}, nil
}

// Snapshot is a segment's start state: the capture section to load into a state engine
// (LoadSection), the engine's own binary snapshot when one was recorded, and the kind
// (SnapshotCapture, SnapshotState or SnapshotStale).
type Snapshot struct {
	Section *scap.Section
	State   []byte
	Kind    string
}

// Snapshot returns the segment's start state.
func (r *SegmentReader) Snapshot() (*Snapshot, error) {
	st, _, err := r.State()
	if err != nil {
		return nil, err
	}
	kind, _ := r.Metadata(KeySnapshotKind)
	if kind == "" {
		kind = SnapshotCapture
	}
	secs := r.Sections()
	if len(secs) == 0 {
		return nil, fmt.Errorf("%s: segment has no start state", r.Name())
	}
	return &Snapshot{Section: secs[0].Section, State: st, Kind: kind}, nil
}

package recorder

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/scrylabs/scry/capture/journal"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
)

// JournalDir is the folder, inside a store, of the journals of open segments. Store
// listings skip it (its name starts with a dot).
const JournalDir = ".journal"

// journalExt ends every journal file name.
const journalExt = ".journal"

// journalDir returns the store's journal folder, created 0700 if needed.
func journalDir(root string) (string, error) {
	dir := filepath.Join(root, JournalDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create journal folder: %w", err)
	}
	return dir, nil
}

// journalName names the seq-th journal of a recording started at ns: names sort in the
// order the journals were started.
func journalName(dir string, ns int64, seq int) string {
	return filepath.Join(dir, fmt.Sprintf("%019d-%06d%s", ns, seq, journalExt))
}

// journaling is the store writer's tracker, wrapped: the writer asks for a snapshot
// exactly when it opens a segment, before that segment's first event, so that is where
// the segment's journal starts, with the state the segment starts with.
type journaling struct {
	store.Tracker
	rec    *storeRecording
	loaded *scap.Section // the last section loaded
	fresh  bool          // no event tracked since it was loaded
}

func (j *journaling) LoadSection(s *scap.Section) error {
	j.loaded, j.fresh = s, true
	return j.Tracker.LoadSection(s)
}

func (j *journaling) Track(ev *event.Event, en *parquet.Enriched) {
	j.fresh = false
	j.Tracker.Track(ev, en)
}

// Snapshot returns the tracker's snapshot and starts the journal of the segment being
// opened. Its section is the one the segment will carry: the loaded section itself when
// no event came after it (as the store writer does), else the tracked state.
func (j *journaling) Snapshot() (*scap.Section, []byte, error) {
	sec, img, err := j.Tracker.Snapshot()
	if err != nil {
		return nil, nil, err
	}
	start := sec
	if j.fresh && j.loaded != nil {
		start = j.loaded
	}
	snap := journal.Snapshot{Host: j.rec.o.Segment.Host, Section: start, State: img}
	if err := j.rec.startJournal(snap); err != nil {
		return nil, nil, fmt.Errorf("start the segment's journal: %w", err)
	}
	return sec, img, nil
}

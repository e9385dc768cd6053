package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// PruneOptions say what retention keeps; a zero limit does not apply.
type PruneOptions struct {
	MaxAge  time.Duration // remove segments whose last event is older than Now-MaxAge
	MaxSize int64         // then remove the oldest segments until the store is at most this big
	Now     time.Time     // default time.Now()
	DryRun  bool          // report what would be removed, remove nothing
}

// staleTemp is how old a temporary file must be before Prune removes it as a crash
// leftover.
const staleTemp = time.Hour

// Prune applies retention to the store at root and returns the removed segments. Crash
// leftovers in the temporary folder older than an hour are removed too.
func Prune(root string, o PruneOptions) ([]Segment, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	s, err := Open(root)
	if err != nil {
		return nil, err
	}
	segs := slices.Clone(s.Segments())
	slices.SortStableFunc(segs, func(a, b Segment) int {
		switch {
		case a.Stats.MaxTs < b.Stats.MaxTs:
			return -1
		case a.Stats.MaxTs > b.Stats.MaxTs:
			return 1
		}
		return 0
	})
	var drop []Segment
	total := s.Size()
	keep := segs[:0:0]
	for _, seg := range segs {
		if o.MaxAge > 0 && o.Now.Sub(TimeOf(seg.Stats.MaxTs)) > o.MaxAge {
			drop = append(drop, seg)
			total -= seg.Size
			continue
		}
		keep = append(keep, seg)
	}
	for len(keep) > 0 && o.MaxSize > 0 && total > o.MaxSize {
		drop = append(drop, keep[0])
		total -= keep[0].Size
		keep = keep[1:]
	}
	if o.DryRun {
		return drop, nil
	}
	var errs []error
	for _, seg := range drop {
		if err := os.Remove(seg.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, fmt.Errorf("remove segment: %w", err))
			continue
		}
		removeEmptyParents(root, filepath.Dir(seg.Path))
	}
	removeStaleTemps(root, o.Now)
	if _, err := Open(root); err != nil { // rewrites the catalog
		errs = append(errs, err)
	}
	return drop, errors.Join(errs...)
}

// removeEmptyParents removes dir and its parents up to root while they are empty.
func removeEmptyParents(root, dir string) {
	for dir != root && len(dir) > len(root) {
		if os.Remove(dir) != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}

func removeStaleTemps(root string, now time.Time) {
	dir := filepath.Join(root, tmpDir)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > staleTemp {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

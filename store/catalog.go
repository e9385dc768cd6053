package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/scrylabs/scry/formats/parquet"
)

// CatalogFile is the catalog's name in the store root.
const CatalogFile = "catalog.bin"

// legacyCatalogFile is the name of the JSON catalog of earlier versions, replaced by
// CatalogFile when the catalog is rewritten.
const legacyCatalogFile = "catalog.json"

// ErrStray is matched by problems about files in the store that are not segments.
var ErrStray = errors.New("not a store segment")

// Segment is one segment of a store, as its footer describes it.
type Segment struct {
	Path          string        `json:"-"`    // path to open it
	Rel           string        `json:"path"` // path relative to the store root
	Host          string        `json:"host"`
	Size          int64         `json:"size"`
	ModTimeNs     int64         `json:"mtime_ns"`
	SchemaVersion int           `json:"schema_version"`
	Snapshot      string        `json:"snapshot"` // SnapshotCapture, SnapshotState or SnapshotStale
	Stats         parquet.Stats `json:"stats"`

	summary []byte // encoded column summaries (Column)
}

// Store is a listing of a store's segments, built from the catalog and checked against
// the files. It is safe for concurrent use.
type Store struct {
	Root     string
	segs     []Segment
	problems []error
	rebuilt  bool
}

// Open lists the segments of the store at root. The catalog is used where it matches the
// files (same size and modification time) and rebuilt from the footers where it is
// missing, stale or unreadable. Files that are not readable segments are left out and
// reported by Problems; the error is only for a store that cannot be listed at all.
func Open(root string) (*Store, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("open store %s: not a directory", root)
	}
	s := &Store{Root: root}
	known := map[string]Segment{}
	if b, err := os.ReadFile(filepath.Join(root, CatalogFile)); err == nil {
		if segs, err := decodeCatalog(b); err == nil {
			for _, seg := range segs {
				known[seg.Rel] = seg
			}
		} else {
			s.rebuilt = true
		}
	} else {
		s.rebuilt = true
	}
	seen := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			s.problems = append(s.problems, fmt.Errorf("list %s: %w", p, err))
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir // .tmp: segments being written
			}
			return nil
		}
		if rel == CatalogFile || rel == legacyCatalogFile {
			return nil
		}
		name, ok := parseSegmentPath(rel)
		if !ok {
			s.problems = append(s.problems, fmt.Errorf("%s: %w: not laid out as host=H/date=D/hour=HH/<start>-<end>%s", p, ErrStray, SegmentExt))
			return nil
		}
		info, err := d.Info()
		if err != nil {
			s.problems = append(s.problems, fmt.Errorf("%s: %w", p, err))
			return nil
		}
		if seg, ok := known[rel]; ok && seg.Size == info.Size() && seg.ModTimeNs == info.ModTime().UnixNano() {
			seg.Path = p
			s.segs = append(s.segs, seg)
			seen++
			return nil
		}
		s.rebuilt = true
		seg, err := readSegment(p, rel, name.host, info)
		if err != nil {
			s.problems = append(s.problems, err)
			return nil
		}
		s.segs = append(s.segs, seg)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list store %s: %w", root, err)
	}
	if seen != len(known) {
		s.rebuilt = true // segments removed since the catalog was written
	}
	sortSegments(s.segs)
	if s.rebuilt {
		s.writeCatalog() // best effort: a read-only store is still listed
	}
	return s, nil
}

// sortSegments puts segments in catalog order: by start time, first event number, path.
func sortSegments(segs []Segment) {
	slices.SortFunc(segs, func(a, b Segment) int {
		if a.Stats.MinTs != b.Stats.MinTs {
			if a.Stats.MinTs < b.Stats.MinTs {
				return -1
			}
			return 1
		}
		if a.Stats.FirstNum != b.Stats.FirstNum {
			if a.Stats.FirstNum < b.Stats.FirstNum {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Rel, b.Rel)
	})
}

// readSegment reads a segment's footer and summarizes its columns.
func readSegment(path, rel, host string, info fs.FileInfo) (Segment, error) {
	r, err := parquet.Open(path)
	if err != nil {
		return Segment{}, err // a *parquet.FileError naming the file
	}
	defer r.Close()
	kind, _ := r.Metadata(KeySnapshotKind)
	if kind == "" {
		kind = SnapshotCapture
	}
	sum, err := summarize(path)
	if err != nil {
		sum = nil // the segment is listed; planners open it to prune
	}
	return Segment{Path: path, Rel: rel, Host: host, Size: info.Size(), ModTimeNs: info.ModTime().UnixNano(),
		SchemaVersion: r.Version(), Snapshot: kind, Stats: *r.Stats(), summary: sum}, nil
}

func (s *Store) writeCatalog() error {
	if err := writeFileAtomic(s.Root, filepath.Join(s.Root, CatalogFile), encodeCatalog(s.segs)); err != nil {
		return err
	}
	os.Remove(filepath.Join(s.Root, legacyCatalogFile))
	return nil
}

// Rebuilt reports whether Open found the catalog missing or stale and rebuilt it.
func (s *Store) Rebuilt() bool { return s.rebuilt }

// Segments returns every readable segment, by start time.
func (s *Store) Segments() []Segment { return s.segs }

// Range returns the segments whose events may fall in [from, to] (ns, inclusive).
func (s *Store) Range(from, to uint64) []Segment {
	var out []Segment
	for _, seg := range s.segs {
		if seg.Stats.MaxTs >= from && seg.Stats.MinTs <= to {
			out = append(out, seg)
		}
	}
	return out
}

// Problems lists the files Open left out, each error naming its file.
func (s *Store) Problems() []error { return s.problems }

// Size is the total size of the readable segments.
func (s *Store) Size() int64 {
	var n int64
	for _, seg := range s.segs {
		n += seg.Size
	}
	return n
}

// ModTime is the segment file's modification time.
func (seg *Segment) ModTime() time.Time { return time.Unix(0, seg.ModTimeNs) }

package plan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/store"
)

// sourceKind is the kind of one input file.
type sourceKind uint8

const (
	kindScap    sourceKind = iota // a scap capture (plain, gzip or zstd)
	kindParquet                   // a scry Parquet file (scry convert)
	kindSegment                   // a segment of a store
)

func (k sourceKind) String() string {
	return [...]string{"scap", "parquet", "segment"}[k]
}

// source is one file to read.
type source struct {
	kind  sourceKind
	path  string
	stats *parquet.Stats // Parquet files and segments; nil for scap
	seg   *store.Segment // segments: the catalog entry, with its column summaries
	// snapshot is a Parquet file's start-state kind (store.KeySnapshotKind), "" where
	// the file has none; segments have theirs in seg.
	snapshot string
}

// ErrNoSource is wrapped by errors about a FROM that names nothing readable.
var ErrNoSource = errors.New("no such source")

// resolveSources turns a FROM path into the files to read: a glob's matches, a store
// directory's segments (those of the time window win, when given), or one file. what
// describes the source for EXPLAIN.
func resolveSources(from string, win *[2]uint64) (srcs []source, what string, err error) {
	if hasMeta(from) {
		files, err := globFiles(from)
		if err != nil {
			return nil, "", fmt.Errorf("expand %s: %w", from, err)
		}
		if len(files) == 0 {
			return nil, "", fmt.Errorf("%w: %s matches no file", ErrNoSource, from)
		}
		for _, f := range files {
			s, err := fileSource(f)
			if err != nil {
				return nil, "", err
			}
			srcs = append(srcs, s)
		}
		return srcs, fmt.Sprintf("glob %s: %d files", from, len(files)), nil
	}
	st, err := os.Stat(from)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %w", ErrNoSource, err)
	}
	if st.IsDir() {
		root := from
		if r, err := filepath.EvalSymlinks(from); err == nil {
			root = r // a store reached through a symbolic link
		}
		var s *store.Store
		if win != nil {
			s, err = store.OpenRange(root, win[0], win[1])
		} else {
			s, err = store.Open(root)
		}
		if err != nil {
			return nil, "", err
		}
		segs := s.Segments()
		for i := range segs {
			srcs = append(srcs, source{kind: kindSegment, path: segs[i].Path, stats: &segs[i].Stats, seg: &segs[i]})
		}
		what = fmt.Sprintf("store %s: %d segments", from, len(srcs))
		if win != nil {
			what += " in the time range (catalog)"
		}
		if n := len(s.Problems()); n > 0 {
			what += fmt.Sprintf(" (%d unreadable files left out)", n)
		}
		return srcs, what, nil
	}
	s, err := fileSource(from)
	if err != nil {
		return nil, "", err
	}
	return []source{s}, fmt.Sprintf("%s file %s", s.kind, from), nil
}

var parquetMagic = []byte("PAR1")

// fileSource classifies a file by its first bytes.
func fileSource(path string) (source, error) {
	f, err := os.Open(path)
	if err != nil {
		return source{}, fmt.Errorf("%w: %w", ErrNoSource, err)
	}
	defer f.Close()
	head := make([]byte, 4)
	if _, err := io.ReadFull(f, head); err != nil {
		return source{}, fmt.Errorf("read %s: %w", path, err)
	}
	if !bytes.Equal(head, parquetMagic) {
		return source{kind: kindScap, path: path}, nil
	}
	r, err := parquet.Open(path)
	if err != nil {
		return source{}, err
	}
	defer r.Close()
	kind, _ := r.Metadata(store.KeySnapshotKind)
	return source{kind: kindParquet, path: path, stats: r.Stats(), snapshot: kind}, nil
}

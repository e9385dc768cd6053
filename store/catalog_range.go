package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/scrylabs/scry/formats/parquet"
)

// OpenRange lists the segments of the store at root whose events may fall in [from, to]
// (ns, inclusive), as Open followed by Range would, with work that grows with the
// segments of the range rather than with the store: it finds the range in the catalog's
// index by binary search, reads only those entries, lists only the hour partitions the
// range touches (and the hours before it that a segment may reach across) and checks
// the selected segments against their files. Where the catalog is missing or does not
// match the files of those partitions, it falls back to Open, which rebuilds the
// catalog. The Store lists the selected segments only; Problems reports the files of the
// listed partitions that are not segments.
func OpenRange(root string, from, to uint64) (*Store, error) {
	if to < from {
		to = from
	}
	if s, ok := openRangeFast(root, from, to); ok {
		return s, nil
	}
	s, err := Open(root)
	if err != nil {
		return nil, err
	}
	return &Store{Root: s.Root, segs: s.Range(from, to), problems: s.problems, rebuilt: s.rebuilt}, nil
}

// openRangeFast answers OpenRange from the catalog; ok is false where it cannot.
func openRangeFast(root string, from, to uint64) (*Store, bool) {
	f, err := os.Open(filepath.Join(root, CatalogFile))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	hdr := make([]byte, catalogHeaderLen)
	if _, err := f.ReadAt(hdr, 0); err != nil {
		return nil, false
	}
	n, span, err := catalogHeader(hdr)
	if err != nil {
		return nil, false
	}
	// A segment holding events of [from, to] starts at most span before from: its
	// partition is one of the hours from loHour to hiHour.
	lo := uint64(0)
	if from > span {
		lo = from - span
	}
	loHour, hiHour := lo/hourNs, to/hourNs
	cands, err := catalogRange(f, n, loHour, hiHour, from, to)
	if err != nil {
		return nil, false
	}
	files, problems, ok := listPartitions(root, loHour, hiHour)
	if !ok {
		return nil, false
	}
	s := &Store{Root: root, problems: problems}
	for rel, seg := range cands {
		info, ok := files[rel]
		if !ok {
			return nil, false // removed, or outside the partition its start names
		}
		delete(files, rel)
		if seg.Stats.MaxTs < from || seg.Stats.MinTs > to {
			continue
		}
		st, err := info.Info()
		if err != nil || st.Size() != seg.Size || st.ModTime().UnixNano() != seg.ModTimeNs {
			return nil, false
		}
		seg.Path = filepath.Join(root, rel)
		s.segs = append(s.segs, seg)
	}
	if len(files) > 0 {
		return nil, false // segments the catalog does not know
	}
	sortSegments(s.segs)
	return s, true
}

// catalogRange reads the catalog entries of the segments whose start lies in the hours
// [loHour, hiHour] (hours since the epoch), by path. Only the segments that overlap
// [from, to] are decoded whole (entry and column summaries); of the others, which are
// only matched against the partitions' files, the path is read, and the statistics hold
// just their time bounds and the index's size and modification time.
func catalogRange(f *os.File, n int, loHour, hiHour, from, to uint64) (map[string]Segment, error) {
	// The first record whose start is in loHour or later.
	i, j := 0, n
	for i < j {
		m := int(uint(i+j) >> 1)
		r, err := readRecords(f, m, m+1)
		if err != nil {
			return nil, err
		}
		if r[0].minTs/hourNs < loHour {
			i = m + 1
		} else {
			j = m
		}
	}
	var recs []indexRecord
	const batch = 64
	for k := i; k < n; k += batch {
		rs, err := readRecords(f, k, min(k+batch, n))
		if err != nil {
			return nil, err
		}
		stop := false
		for _, r := range rs {
			if r.minTs/hourNs > hiHour {
				stop = true
				break
			}
			recs = append(recs, r)
		}
		if stop {
			break
		}
	}
	out := make(map[string]Segment, len(recs))
	// Entries follow the index in the same order, so the overlapping ones are
	// contiguous: one read covers them.
	var in []indexRecord
	for _, r := range recs {
		if r.maxTs < from || r.minTs > to {
			rel, err := readRel(f, r)
			if err != nil {
				return nil, err
			}
			out[rel] = Segment{Rel: rel, Size: r.size, ModTimeNs: r.mtime, Stats: parquet.Stats{MinTs: r.minTs, MaxTs: r.maxTs}}
			continue
		}
		in = append(in, r)
	}
	if len(in) == 0 {
		return out, nil
	}
	start, end := in[0].off, in[len(in)-1].off+uint64(in[len(in)-1].entryLen)+uint64(in[len(in)-1].sumLen)
	if end < start || end-start > 1<<30 {
		return nil, errCatalog
	}
	buf := make([]byte, end-start)
	if _, err := f.ReadAt(buf, int64(start)); err != nil {
		return nil, fmt.Errorf("read catalog entries: %w", err)
	}
	for _, r := range in {
		a, b := r.off-start, r.off-start+uint64(r.entryLen)+uint64(r.sumLen)
		if r.off < start || b > uint64(len(buf)) {
			return nil, errCatalog
		}
		seg, err := decodeEntry(r, buf[a:b])
		if err != nil {
			return nil, err
		}
		out[seg.Rel] = seg
	}
	return out, nil
}

// relPrefix is how much of an entry readRel reads first: enough for a segment's path.
const relPrefix = 256

// readRel reads the path of a segment's entry, its first field.
func readRel(f *os.File, r indexRecord) (string, error) {
	b := make([]byte, min(uint64(r.entryLen), relPrefix))
	for {
		if _, err := f.ReadAt(b, int64(r.off)); err != nil {
			return "", fmt.Errorf("read catalog entry: %w", err)
		}
		d := catDec{b: b}
		rel := d.str()
		if !d.bad {
			return rel, nil
		}
		if len(b) == int(r.entryLen) {
			return "", fmt.Errorf("%w: bad entry", errCatalog)
		}
		b = make([]byte, r.entryLen)
	}
}

// listPartitions lists the segment files of every host's hour partitions [loHour,
// hiHour], by path relative to root; files there that are not segments are problems.
// ok is false where the layout is not the store's (a folder inside an hour partition).
func listPartitions(root string, loHour, hiHour uint64) (files map[string]os.DirEntry, problems []error, ok bool) {
	files = map[string]os.DirEntry{}
	hosts, err := os.ReadDir(root)
	if err != nil {
		return nil, nil, false
	}
	for _, h := range hosts {
		if !h.IsDir() || !strings.HasPrefix(h.Name(), "host=") {
			continue
		}
		dates, err := os.ReadDir(filepath.Join(root, h.Name()))
		if err != nil {
			return nil, nil, false
		}
		for _, d := range dates {
			day, ok := partitionDay(d)
			if !ok || day+23 < loHour || day > hiHour {
				continue
			}
			dateDir := filepath.Join(h.Name(), d.Name())
			hours, err := os.ReadDir(filepath.Join(root, dateDir))
			if err != nil {
				return nil, nil, false
			}
			for _, hr := range hours {
				hh, ok := partitionHour(hr)
				if !ok || day+hh < loHour || day+hh > hiHour {
					continue
				}
				hourDir := filepath.Join(dateDir, hr.Name())
				ents, err := os.ReadDir(filepath.Join(root, hourDir))
				if err != nil {
					return nil, nil, false
				}
				for _, e := range ents {
					rel := filepath.Join(hourDir, e.Name())
					if e.IsDir() {
						return nil, nil, false
					}
					if _, ok := parseSegmentPath(rel); !ok {
						problems = append(problems, fmt.Errorf("%s: %w: not laid out as host=H/date=D/hour=HH/<start>-<end>%s", filepath.Join(root, rel), ErrStray, SegmentExt))
						continue
					}
					files[rel] = e
				}
			}
		}
	}
	return files, problems, true
}

// partitionDay returns the first hour (since the epoch) of a date=YYYY-MM-DD folder.
func partitionDay(d os.DirEntry) (uint64, bool) {
	v, ok := strings.CutPrefix(d.Name(), "date=")
	if !ok || !d.IsDir() {
		return 0, false
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil || t.Unix() < 0 {
		return 0, false
	}
	return uint64(t.Unix()) / 3600, true
}

// partitionHour returns the hour of an hour=HH folder.
func partitionHour(d os.DirEntry) (uint64, bool) {
	v, ok := strings.CutPrefix(d.Name(), "hour=")
	if !ok || !d.IsDir() {
		return 0, false
	}
	h, err := strconv.Atoi(v)
	if err != nil || h < 0 || h > 23 {
		return 0, false
	}
	return uint64(h), true
}

package store

import (
	"bytes"
	"fmt"
	"os"
	"slices"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/scrylabs/scry/formats/parquet"
)

// ColumnSummary is what a segment's catalog entry says about one column's values, for
// planners that skip segments without opening them. Every value of the column in the
// segment lies between the bounds; when Complete, the column holds no value outside
// Strs (string columns) or Ints (integer columns).
type ColumnSummary struct {
	AllNull   bool // every value is null
	HasBounds bool
	MinStr    []byte // bounds of a string column
	MaxStr    []byte
	MinInt    int64 // bounds of an integer column
	MaxInt    int64
	Complete  bool
	Strs      [][]byte // sorted
	Ints      []int64  // sorted
}

// Limits of a summary's value list: columns with more distinct values keep their bounds
// only.
const (
	summaryMaxValues = 256
	summaryMaxBytes  = 16 << 10
)

// summarized reports whether the catalog summarizes column c: the dictionary-encoded
// string and integer columns that carry bounds (names, files, ids, addresses, ports).
func summarized(c int) bool {
	col := &parquet.Columns[c]
	return col.Encoding == parquet.EncDict && col.Source != parquet.SourceRaw && !col.NoBounds &&
		(col.Kind == parquet.KindString || col.Kind == parquet.KindInt32 || col.Kind == parquet.KindInt64)
}

// summarize computes the column summaries of a segment file from its footer and
// dictionaries, encoded for the catalog.
func summarize(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size(), pq.SkipPageIndex(true), pq.SkipBloomFilters(true))
	if err != nil {
		return nil, fmt.Errorf("summarize %s: %w", path, err)
	}
	var e catEnc
	sums := summaryColumns()
	e.uv(uint64(len(sums)))
	for _, c := range sums {
		s := summarizeColumn(pf, c)
		e.uv(uint64(c))
		encodeSummary(&e, c, &s)
	}
	return e.b, nil
}

// summarizeColumn merges the row groups' statistics and dictionaries of column c.
func summarizeColumn(pf *pq.File, c int) ColumnSummary {
	leaf := parquet.LeafIndex(c)
	isString := parquet.Columns[c].Kind == parquet.KindString
	s := ColumnSummary{AllNull: true, HasBounds: true, Complete: true}
	strs := map[string]bool{}
	ints := map[int64]bool{}
	size, haveInt := 0, false
	metas := pf.Metadata().RowGroups
	version := parquet.FileVersion(pf)
	for g, rg := range pf.RowGroups() {
		m := &metas[g].Columns[leaf].MetaData
		if m.NumValues == 0 || m.Statistics.NullCount >= m.NumValues {
			continue // only nulls: nothing to bound or list
		}
		s.AllNull = false
		chunk := rg.ColumnChunks()[leaf]
		if b, ok := chunk.(interface {
			Bounds() (pq.Value, pq.Value, bool)
		}); !ok {
			s.HasBounds = false
		} else if lo, hi, ok := b.Bounds(); !ok || lo.IsNull() || hi.IsNull() {
			s.HasBounds = false
		} else if isString {
			if s.MinStr == nil || bytes.Compare(lo.ByteArray(), s.MinStr) < 0 {
				s.MinStr = append([]byte{}, lo.ByteArray()...)
			}
			if s.MaxStr == nil || bytes.Compare(hi.ByteArray(), s.MaxStr) > 0 {
				s.MaxStr = append([]byte{}, hi.ByteArray()...)
			}
		} else {
			if !haveInt || lo.Int64() < s.MinInt {
				s.MinInt = lo.Int64()
			}
			if !haveInt || hi.Int64() > s.MaxInt {
				s.MaxInt = hi.Int64()
			}
			haveInt = true
		}
		if !s.Complete {
			continue
		}
		d := chunkDictionary(chunk, m, version)
		if d == nil {
			s.Complete = false
			continue
		}
		for i := 0; i < d.Len() && s.Complete; i++ {
			v := d.Index(int32(i))
			if isString {
				if k := string(v.ByteArray()); !strs[k] {
					strs[k] = true
					size += len(k)
				}
			} else {
				ints[v.Int64()] = true
				size += 8
			}
			s.Complete = len(strs)+len(ints) <= summaryMaxValues && size <= summaryMaxBytes
		}
	}
	if s.AllNull {
		s.HasBounds, s.Complete = false, false
		return s
	}
	if s.Complete {
		for k := range strs {
			s.Strs = append(s.Strs, []byte(k))
		}
		slices.SortFunc(s.Strs, bytes.Compare)
		for k := range ints {
			s.Ints = append(s.Ints, k)
		}
		slices.Sort(s.Ints)
	}
	return s
}

// chunkDictionary returns a chunk's dictionary when every data page uses it (so that it
// lists every value), else nil.
func chunkDictionary(chunk pq.ColumnChunk, m *format.ColumnMetaData, version int) pq.Dictionary {
	if !parquet.DictionaryOnly(m, version) {
		return nil
	}
	pages := chunk.Pages()
	defer pages.Close()
	fp, ok := pages.(interface{ ReadDictionary() (pq.Dictionary, error) })
	if !ok {
		return nil
	}
	d, err := fp.ReadDictionary()
	if err != nil {
		return nil
	}
	return d
}

const (
	sumAllNull  = 1
	sumBounds   = 2
	sumComplete = 4
)

func encodeSummary(e *catEnc, c int, s *ColumnSummary) {
	var flags byte
	if s.AllNull {
		flags |= sumAllNull
	}
	if s.HasBounds {
		flags |= sumBounds
	}
	if s.Complete {
		flags |= sumComplete
	}
	e.b = append(e.b, flags)
	isString := parquet.Columns[c].Kind == parquet.KindString
	if s.HasBounds {
		if isString {
			e.bytes(s.MinStr)
			e.bytes(s.MaxStr)
		} else {
			e.sv(s.MinInt)
			e.sv(s.MaxInt)
		}
	}
	if s.Complete {
		if isString {
			e.uv(uint64(len(s.Strs)))
			for _, v := range s.Strs {
				e.bytes(v)
			}
		} else {
			e.uv(uint64(len(s.Ints)))
			for _, v := range s.Ints {
				e.sv(v)
			}
		}
	}
}

// Column returns the catalog's summary of column col (a formats/parquet column id) for
// the segment; ok is false when the catalog has none. The byte slices alias the catalog.
func (seg *Segment) Column(col int) (s ColumnSummary, ok bool) {
	d := catDec{b: seg.summary}
	n := int(d.uv())
	for i := 0; i < n && !d.bad; i++ {
		c := int(d.uv())
		if c < 0 || c >= parquet.NumColumns {
			return s, false
		}
		if c == col {
			s = decodeSummary(&d, c, true)
			return s, !d.bad
		}
		decodeSummary(&d, c, false)
	}
	return s, false
}

// decodeSummary decodes one column's summary; without keep it only moves past it.
func decodeSummary(d *catDec, c int, keep bool) (s ColumnSummary) {
	flags := d.byte()
	s.AllNull, s.HasBounds, s.Complete = flags&sumAllNull != 0, flags&sumBounds != 0, flags&sumComplete != 0
	isString := parquet.Columns[c].Kind == parquet.KindString
	if s.HasBounds {
		if isString {
			s.MinStr, s.MaxStr = d.bytes(), d.bytes()
		} else {
			s.MinInt, s.MaxInt = d.sv(), d.sv()
		}
	}
	if s.Complete {
		n := d.count()
		for i := 0; i < n && !d.bad; i++ {
			if isString {
				v := d.bytes()
				if keep {
					s.Strs = append(s.Strs, v)
				}
			} else if v := d.sv(); keep {
				s.Ints = append(s.Ints, v)
			}
		}
	}
	return s
}

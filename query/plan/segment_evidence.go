package plan

import (
	pq "github.com/parquet-go/parquet-go"

	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/store"
)

// segmentEvidence is what a store catalog's entry says about a segment: its time bounds
// and, for the summarized columns, value bounds, null-only columns and the list of
// every value where it is short. It lets the planner skip a segment without opening it.
type segmentEvidence struct {
	seg  *store.Segment
	sums map[int]summaryEntry // decoded summaries, by column
	// enriched is 1 when the segment's state columns were filled, -1 when they are null
	// (no state tracker wrote them: the planner replays it, so they say nothing), 0
	// before it is known.
	enriched int8
}

type summaryEntry struct {
	sum store.ColumnSummary
	ok  bool
}

func (s *segmentEvidence) summary(col int) (store.ColumnSummary, bool) {
	if parquet.Columns[col].Source == parquet.SourceState && !s.isEnriched() {
		return store.ColumnSummary{}, false
	}
	return s.decoded(col)
}

// isEnriched reports whether the segment's state columns were filled: every event has a
// category, so evt_category holds only nulls in a segment written without state
// tracking.
func (s *segmentEvidence) isEnriched() bool {
	if s.enriched == 0 {
		s.enriched = -1
		if sum, ok := s.decoded(parquet.ColEvtCategory); ok && !sum.AllNull || s.seg.Stats.Events == 0 {
			s.enriched = 1
		}
	}
	return s.enriched > 0
}

func (s *segmentEvidence) decoded(col int) (store.ColumnSummary, bool) {
	if e, ok := s.sums[col]; ok {
		return e.sum, e.ok
	}
	sum, ok := s.seg.Column(col)
	if s.sums == nil {
		s.sums = map[int]summaryEntry{}
	}
	s.sums[col] = summaryEntry{sum, ok}
	return sum, ok
}

func (s *segmentEvidence) bounds(col int) (pq.Value, pq.Value, bool) {
	if col == parquet.ColEvtRawtime {
		st := &s.seg.Stats
		if st.Events == 0 {
			return pq.Value{}, pq.Value{}, false
		}
		return pq.Int64Value(int64(st.MinTs)), pq.Int64Value(int64(st.MaxTs)), true
	}
	sum, ok := s.summary(col)
	if !ok || !sum.HasBounds {
		return pq.Value{}, pq.Value{}, false
	}
	if parquet.Columns[col].Kind == parquet.KindString {
		return pq.ByteArrayValue(sum.MinStr), pq.ByteArrayValue(sum.MaxStr), true
	}
	return intValue(col, sum.MinInt), intValue(col, sum.MaxInt), true
}

func (s *segmentEvidence) allNull(col int) bool {
	sum, ok := s.summary(col)
	return ok && sum.AllNull
}

func (s *segmentEvidence) values(col int) valueList {
	sum, ok := s.summary(col)
	if !ok || !sum.Complete {
		return nil
	}
	return &summaryValues{col: col, sum: sum}
}

func (s *segmentEvidence) bloom(int) pq.BloomFilter { return nil }

// summaryValues lists a summary's values as Parquet values of the column's type.
type summaryValues struct {
	col int
	sum store.ColumnSummary
}

func (v *summaryValues) Len() int {
	if parquet.Columns[v.col].Kind == parquet.KindString {
		return len(v.sum.Strs)
	}
	return len(v.sum.Ints)
}

func (v *summaryValues) Index(i int32) pq.Value {
	if parquet.Columns[v.col].Kind == parquet.KindString {
		return pq.ByteArrayValue(v.sum.Strs[i])
	}
	return intValue(v.col, v.sum.Ints[i])
}

// intValue is n as a value of integer column col's physical type.
func intValue(col int, n int64) pq.Value {
	if parquet.Columns[col].Kind == parquet.KindInt32 {
		return pq.Int32Value(int32(n))
	}
	return pq.Int64Value(n)
}

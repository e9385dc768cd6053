package exec

import (
	"github.com/scrylabs/scry/query/fields"
)

// aggKind is an aggregate function.
type aggKind uint8

const (
	aggCountStar aggKind = iota
	aggCount
	aggCountDistinct
	aggSum
	aggMin
	aggMax
	aggAvg
	aggFirst
	aggLast
)

var aggKinds = map[string]aggKind{
	"count": aggCount, "sum": aggSum, "min": aggMin, "max": aggMax, "avg": aggAvg,
	"first": aggFirst, "last": aggLast,
}

// aggSpec is one aggregate of a query: its function and its argument.
type aggSpec struct {
	kind aggKind
	arg  node // nil for count(*)
	text string
}

// aggState is the partial state of one aggregate for one group. States of the same
// aggregate merge, so partitions can be aggregated apart and combined.
type aggState struct {
	n        int64   // rows counted / values summed
	sumI     int64   // integer sum
	sumF     float64 // float sum (and, for float inputs, the whole sum)
	isFloat  bool
	val      Value // min, max, first, last (owned)
	ts       int64 // first, last: timestamp of val
	distinct map[string]struct{}
}

// add folds one row's argument value (with its event timestamp) into s; the row stands
// for w identical events (w is 1 except for pre-aggregated rows, which never reach first
// or last).
func (s *aggState) add(k aggKind, v *Value, ts, w int64, scratch *[]byte) {
	if k == aggCountStar {
		s.n += w
		return
	}
	if isNull(v) {
		return
	}
	switch k {
	case aggCount:
		s.n += w
	case aggCountDistinct:
		if s.distinct == nil {
			s.distinct = make(map[string]struct{})
		}
		*scratch = appendKey((*scratch)[:0], v)
		if _, ok := s.distinct[string(*scratch)]; !ok {
			s.distinct[string(*scratch)] = struct{}{}
		}
	case aggSum, aggAvg:
		if !isNumeric(v) {
			return
		}
		s.n += w
		if i, ok := asInt(v); ok && v.Kind != fields.KindDouble && !s.isFloat {
			s.sumI += i * w
		} else {
			if !s.isFloat {
				s.isFloat, s.sumF = true, float64(s.sumI)
			}
			s.sumF += asFloat(v) * float64(w)
		}
	case aggMin:
		if s.n == 0 || Compare(v, &s.val) < 0 {
			s.val = ownInto(s.val, v)
		}
		s.n++
	case aggMax:
		if s.n == 0 || Compare(v, &s.val) > 0 {
			s.val = ownInto(s.val, v)
		}
		s.n++
	case aggFirst:
		if s.n == 0 || ts < s.ts {
			s.val, s.ts = ownInto(s.val, v), ts
		}
		s.n++
	case aggLast:
		if s.n == 0 || ts >= s.ts {
			s.val, s.ts = ownInto(s.val, v), ts
		}
		s.n++
	}
}

// ownInto copies v, reusing old's byte buffer when it is large enough.
func ownInto(old Value, v *Value) Value {
	out := *v
	if v.Bytes != nil {
		out.Bytes = append(old.Bytes[:0:cap(old.Bytes)], v.Bytes...)
	}
	return out
}

// merge folds another partial state of the same aggregate into s.
func (s *aggState) merge(k aggKind, o *aggState) {
	switch k {
	case aggCountStar, aggCount:
		s.n += o.n
	case aggCountDistinct:
		if s.distinct == nil {
			s.distinct = o.distinct
			return
		}
		for key := range o.distinct {
			s.distinct[key] = struct{}{}
		}
	case aggSum, aggAvg:
		if o.n == 0 {
			return
		}
		switch {
		case !s.isFloat && !o.isFloat:
			s.sumI += o.sumI
		case s.isFloat && o.isFloat:
			s.sumF += o.sumF
		case s.isFloat:
			s.sumF += float64(o.sumI)
		default:
			s.isFloat, s.sumF = true, float64(s.sumI)+o.sumF
		}
		s.n += o.n
	case aggMin, aggMax, aggFirst, aggLast:
		if o.n == 0 {
			return
		}
		take := s.n == 0
		if !take {
			switch k {
			case aggMin:
				take = Compare(&o.val, &s.val) < 0
			case aggMax:
				take = Compare(&o.val, &s.val) > 0
			case aggFirst:
				take = o.ts < s.ts
			case aggLast:
				take = o.ts >= s.ts
			}
		}
		if take {
			s.val, s.ts = o.val, o.ts
		}
		s.n += o.n
	}
}

// result is the aggregate's value.
func (s *aggState) result(k aggKind) Value {
	switch k {
	case aggCountStar, aggCount:
		return Int(s.n)
	case aggCountDistinct:
		return Int(int64(len(s.distinct)))
	case aggSum:
		if s.n == 0 {
			return Null()
		}
		if s.isFloat {
			return Float(s.sumF)
		}
		return Int(s.sumI)
	case aggAvg:
		if s.n == 0 {
			return Null()
		}
		if s.isFloat {
			return Float(s.sumF / float64(s.n))
		}
		return Float(float64(s.sumI) / float64(s.n))
	}
	if s.n == 0 {
		return Null()
	}
	return s.val
}

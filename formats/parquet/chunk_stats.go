package parquet

import (
	"encoding/binary"
	"math"

	"github.com/parquet-go/parquet-go/format"
)

// Bounds and statistics of the chunk being written: each page's min/max and null count
// for the column index, folded into the chunk's statistics.

// statsPrefix bounds the min/max values written for byte strings (chunk statistics and
// column indexes): longer values are cut, the maximum rounded up so it stays an upper
// bound.
const statsPrefix = 64

// indexPage records the open page's column index entry and folds its bounds into the
// chunk's statistics.
func (cw *chunkWriter) indexPage() {
	cw.ci.NullCounts = append(cw.ci.NullCounts, int64(cw.nulls))
	allNull := cw.nulls == cw.rows
	cw.ci.NullPages = append(cw.ci.NullPages, allNull)
	if allNull || !cw.bounds {
		cw.ci.MinValues = append(cw.ci.MinValues, []byte{})
		cw.ci.MaxValues = append(cw.ci.MaxValues, []byte{})
		return
	}
	if cw.isBytes() {
		lo, hi := cw.byteBounds()
		cw.ci.MinValues = append(cw.ci.MinValues, minPrefix(lo))
		cw.ci.MaxValues = append(cw.ci.MaxValues, maxPrefix(hi))
		if !cw.statSet || lo < string(cw.statMin) {
			cw.statMin = append(cw.statMin[:0], lo...)
		}
		if !cw.statSet || hi > string(cw.statMax) {
			cw.statMax = append(cw.statMax[:0], hi...)
		}
		cw.statSet = true
		return
	}
	lo, hi := cw.pmin, cw.pmax
	if cw.dict {
		lo, hi = cw.intBounds()
	}
	cw.ci.MinValues = append(cw.ci.MinValues, cw.statValue(nil, lo))
	cw.ci.MaxValues = append(cw.ci.MaxValues, cw.statValue(nil, hi))
	if !cw.statSet || lo < cw.minInt {
		cw.minInt = lo
	}
	if !cw.statSet || hi > cw.maxInt {
		cw.maxInt = hi
	}
	cw.statSet = true
}

// byteBounds returns the least and greatest strings of the open page, comparing each
// distinct code once.
func (cw *chunkWriter) byteBounds() (lo, hi string) {
	cw.seen = growSeen(cw.seen, len(cw.sd.vals))
	mark := cw.page + 1
	first := true
	for _, c := range cw.codes {
		if cw.seen[c] == mark {
			continue
		}
		cw.seen[c] = mark
		v := cw.sd.vals[c]
		if first {
			lo, hi, first = v, v, false
		} else if v < lo {
			lo = v
		} else if v > hi {
			hi = v
		}
	}
	return lo, hi
}

func (cw *chunkWriter) intBounds() (lo, hi int64) {
	cw.seen = growSeen(cw.seen, len(cw.id.vals))
	mark := cw.page + 1
	lo, hi = math.MaxInt64, math.MinInt64
	for _, c := range cw.codes {
		if cw.seen[c] == mark {
			continue
		}
		cw.seen[c] = mark
		v := cw.id.vals[c]
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi
}

func growSeen(s []uint32, n int) []uint32 {
	if len(s) < n {
		s = append(s, make([]uint32, n-len(s))...)
	}
	return s
}

// statValue appends v as a statistics value of the column's physical type.
func (cw *chunkWriter) statValue(dst []byte, v int64) []byte {
	switch cw.c.Kind {
	case KindInt32:
		return binary.LittleEndian.AppendUint32(dst, uint32(v))
	case KindBool:
		return append(dst, byte(v&1))
	}
	return binary.LittleEndian.AppendUint64(dst, uint64(v))
}

// minPrefix is a lower bound of s at most statsPrefix bytes long.
func minPrefix(s string) []byte {
	if len(s) > statsPrefix {
		s = s[:statsPrefix]
	}
	return []byte(s)
}

// maxPrefix is an upper bound of s at most statsPrefix bytes long: s itself when short
// enough, else its prefix with the last byte that can be incremented incremented.
func maxPrefix(s string) []byte {
	if len(s) <= statsPrefix {
		return []byte(s)
	}
	b := []byte(s[:statsPrefix])
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] != 0xff {
			b[i]++
			return b[:i+1]
		}
	}
	return []byte(s) // every byte is 0xff: no shorter upper bound
}

// statistics returns the chunk's statistics: null count and, for bounded columns with
// values, min and max (byte strings cut to statsPrefix bytes).
func (cw *chunkWriter) statistics() format.Statistics {
	s := format.Statistics{NullCount: cw.nullCount}
	if !cw.statSet {
		return s
	}
	if cw.isBytes() {
		s.MinValue, s.MaxValue = minPrefix(string(cw.statMin)), maxPrefix(string(cw.statMax))
	} else {
		s.MinValue, s.MaxValue = cw.statValue(nil, cw.minInt), cw.statValue(nil, cw.maxInt)
	}
	return s
}

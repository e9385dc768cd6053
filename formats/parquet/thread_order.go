package parquet

import (
	"cmp"
	"encoding/binary"
	"slices"

	"github.com/parquet-go/parquet-go/format"
)

// A file of one small row group packed smallest may hold its rows grouped by thread
// (WriterOptions.SortSmall): the rows of each thread together, in capture order within
// the thread, the threads by id. The row group then declares sorting columns thread_tid
// and evt_num. Every per-thread column (the process, user and container columns, most fd
// columns) then runs in long stretches of one value, where capture order interleaves the
// threads row by row: a busy short capture's file is up to 20% smaller. evt_num keeps
// the capture order: scry's readers return the rows in it (Reader.Next, the query
// engine), and SQL engines give it with ORDER BY evt_num.

// Grouping by thread pays where the threads of shown events interleave: there the
// per-thread columns gain more than evt_num and evt_rawtime lose (each thread's rows
// farther apart in time and number). It is done when the shown rows switch threads at
// least groupSwitches times, and groupRatio times per thread that shows events. Over the
// corpus, the captures of busy servers (nginx, httpd: 25 to 83 switches per thread) are
// grouped, 4 to 20% smaller; captures of a thread or two, mostly internal events, are not
// (grouping made them up to 4% larger).
const (
	groupSwitches = 64
	groupRatio    = 8
)

// worthGrouping reports whether rows of threads tids, of which shown are the ones sysdig
// shows, are worth grouping by thread.
func worthGrouping(tids []int64, shown []bool) bool {
	switches, threads := 0, map[int64]bool{}
	last, any := int64(0), false
	for i, t := range tids {
		if !shown[i] {
			continue
		}
		threads[t] = true
		if !any || t != last {
			switches++
		}
		last, any = t, true
	}
	return switches >= groupSwitches && switches >= groupRatio*len(threads)
}

// sortingColumns is what a row group grouped by thread declares.
func sortingColumns() []format.SortingColumn {
	return []format.SortingColumn{{ColumnIdx: int32(LeafIndex(ColThreadTid))}, {ColumnIdx: int32(LeafIndex(ColEvtNum))}}
}

// threadOrder returns the rows of tids grouped by thread (stable), or nil when they
// already are.
func threadOrder(tids []int64) []int32 { return sortedOrder(tids) }

// sortedOrder returns the indexes of keys in increasing order of their keys (equal keys
// in their order), or nil when keys are sorted.
func sortedOrder(keys []int64) []int32 {
	if slices.IsSorted(keys) {
		return nil
	}
	order := make([]int32, len(keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(keys[a], keys[b]) })
	return order
}

// GroupedByThread reports whether a row group's rows are grouped by thread rather than
// in capture order (its sorting columns start with thread_tid).
func GroupedByThread(rg *format.RowGroup) bool {
	return len(rg.SortingColumns) > 0 && rg.SortingColumns[0].ColumnIdx == int32(LeafIndex(ColThreadTid))
}

// CaptureOrder returns the rows of a row group in capture order given its evt_num
// values, or nil when they are in it.
func CaptureOrder(nums []int64) []int32 { return sortedOrder(nums) }

// permute reorders the rows of the open page: row i becomes what row perm[i] was.
func (cw *chunkWriter) permute(perm []int32) {
	n := len(perm)
	vi := make([]int32, n) // each row's index among the values, -1 for a null
	if cw.optional {
		k := int32(0)
		for r := range n {
			vi[r] = -1
			if cw.defs[r] != 0 {
				vi[r] = k
				k++
			}
		}
		defs := make([]uint8, n)
		for i, r := range perm {
			defs[i] = cw.defs[r]
		}
		cw.defs = defs
	} else {
		for r := range n {
			vi[r] = int32(r)
		}
	}
	switch {
	case cw.dict:
		codes := make([]int32, 0, len(cw.codes))
		for _, r := range perm {
			if v := vi[r]; v >= 0 {
				codes = append(codes, cw.codes[v])
			}
		}
		cw.codes = codes
	case cw.isBytes():
		var offs []int32 // start of each value in plain
		for off := 0; off < len(cw.plain); {
			offs = append(offs, int32(off))
			off += 4 + int(binary.LittleEndian.Uint32(cw.plain[off:]))
		}
		plain := make([]byte, 0, len(cw.plain))
		for _, r := range perm {
			if v := vi[r]; v >= 0 {
				off := int(offs[v])
				end := off + 4 + int(binary.LittleEndian.Uint32(cw.plain[off:]))
				plain = append(plain, cw.plain[off:end]...)
			}
		}
		cw.plain = plain
	default:
		ints := make([]int64, 0, len(cw.ints))
		for _, r := range perm {
			if v := vi[r]; v >= 0 {
				ints = append(ints, cw.ints[v])
			}
		}
		cw.ints = ints
	}
}

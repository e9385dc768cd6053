package plan

import (
	"slices"
	"unsafe"

	"github.com/scrylabs/scry/query/exec"
)

// maxTallyInputs is how many input fields a pre-aggregating scan handles.
const maxTallyInputs = 2

// maxDenseTally bounds the array of code pairs for two dictionary-coded inputs.
const maxDenseTally = 1 << 16

// tallyKey identifies the input values of a row: a code per input (a dictionary index, an
// integer, the address of an interned name) and which inputs are null.
type tallyKey struct {
	a, b  uint64
	nulls uint8
}

// tally counts a row group's rows by their input values, for queries whose aggregates
// only need that count (exec.Query.Weighable). Each distinct combination is emitted once,
// with the number of rows it stands for, the timestamp of its first row and the values
// of that row.
type tally struct {
	index map[tallyKey]int32
	dense []int32 // single dictionary-coded input: combination of each code, -1 if none
	first []int   // per combination: a row holding it
	ts    []int64 // per combination: that row's timestamp
	n     []int64 // per combination: how many rows
}

// tally adds loaded row k, of timestamp t.
func (sc *storedScan) tally(k int, t int64) {
	p := sc.p
	tl := &sc.tl
	switch {
	case len(p.inputs) == 0:
		if len(tl.n) == 0 {
			tl.add(k, t)
		}
		tl.n[0]++
		return
	case len(p.inputs) == 1 && !p.evtType[0] && len(sc.vals[p.inputs[0]].idx) > 0:
		// One dictionary-coded column: combinations by code, null last.
		v := &sc.vals[p.inputs[0]]
		if len(tl.dense) != len(v.strs)+1 {
			tl.dense = make([]int32, len(v.strs)+1)
			for i := range tl.dense {
				tl.dense[i] = -1
			}
		}
		code := int(v.idx[k])
		if v.null[k] {
			code = len(v.strs)
		}
		j := tl.dense[code]
		if j < 0 {
			j = tl.add(k, t)
			tl.dense[code] = j
		}
		tl.n[j]++
		return
	case len(p.inputs) == 2 && !p.evtType[0] && !p.evtType[1] &&
		len(sc.vals[p.inputs[0]].idx) > 0 && len(sc.vals[p.inputs[1]].idx) > 0 &&
		(len(sc.vals[p.inputs[0]].strs)+1)*(len(sc.vals[p.inputs[1]].strs)+1) <= maxDenseTally:
		// Two dictionary-coded columns with few strings: combinations by code pair.
		a, b := &sc.vals[p.inputs[0]], &sc.vals[p.inputs[1]]
		nb := len(b.strs) + 1
		size := (len(a.strs) + 1) * nb
		if len(tl.dense) != size {
			tl.dense = slices.Grow(tl.dense[:0], size)[:size]
			for i := range tl.dense {
				tl.dense[i] = -1
			}
		}
		ca, cb := int(a.idx[k]), int(b.idx[k])
		if a.null[k] {
			ca = len(a.strs)
		}
		if b.null[k] {
			cb = len(b.strs)
		}
		code := ca*nb + cb
		j := tl.dense[code]
		if j < 0 {
			j = tl.add(k, t)
			tl.dense[code] = j
		}
		tl.n[j]++
		return
	}
	var key tallyKey
	for i, c := range p.inputs {
		var code uint64
		null := false
		switch {
		case p.evtType[i]:
			code = uint64(uintptr(unsafe.Pointer(unsafe.SliceData(sc.evtType(k)))))
		default:
			v := &sc.vals[c]
			null = v.null[k]
			if v.idx != nil && len(v.idx) > 0 {
				code = uint64(v.idx[k])
			} else {
				code = uint64(v.ints[k])
			}
		}
		if null {
			key.nulls |= 1 << i
			code = 0
		}
		if i == 0 {
			key.a = code
		} else {
			key.b = code
		}
	}
	if tl.index == nil {
		tl.index = make(map[tallyKey]int32)
	}
	j, ok := tl.index[key]
	if !ok {
		j = tl.add(k, t)
		tl.index[key] = j
	}
	tl.n[j]++
}

// add starts a combination at row k and returns its number.
func (tl *tally) add(k int, t int64) int32 {
	tl.first = append(tl.first, k)
	tl.ts = append(tl.ts, t)
	tl.n = append(tl.n, 0)
	return int32(len(tl.first) - 1)
}

// emitTally emits the row group's combinations and forgets them.
func (sc *storedScan) emitTally(emit func(*exec.Batch) error) error {
	tl := &sc.tl
	for j, k := range tl.first {
		if err := sc.emitRow(k, tl.ts[j], tl.n[j], emit); err != nil {
			return err
		}
	}
	clear(tl.index)
	tl.dense = tl.dense[:0]
	tl.first, tl.ts, tl.n = tl.first[:0], tl.ts[:0], tl.n[:0]
	return nil
}

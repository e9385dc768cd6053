package parquet

import "sync/atomic"

// dictSerials numbers the dictionaries of every chunk of every Writer (a chunk's
// dictionary starts anew with each row group), so that a DictHint matches its own
// dictionary only.
var dictSerials atomic.Uint64

// appendHinted appends the value of en's column col, dictionary-encoded, with its hint:
// the hint's code when it belongs to the chunk's current dictionary, else the code looked
// up (and added), which the hint then keeps.
func (cw *chunkWriter) appendHinted(en *Enriched, col int) {
	h := en.hints[col]
	if h.dict == cw.dictSerial {
		cw.appendCode(h.code)
		return
	}
	switch cw.kind {
	case KindString, KindBytes:
		cw.appendBytes(en.strs[col])
	case KindInt32:
		cw.appendInt(int64(int32(en.ints[col])))
	default:
		cw.appendInt(en.ints[col])
	}
	h.dict, h.code = cw.dictSerial, cw.codes[len(cw.codes)-1]
}

// appendCode appends a value by its code in the chunk's dictionary.
func (cw *chunkWriter) appendCode(code int32) {
	cw.rows++
	if cw.optional {
		cw.defs = append(cw.defs, 1)
	}
	cw.codes = append(cw.codes, code)
}

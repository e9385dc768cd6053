package parquet

// Enriched carries the values an Enricher computed for one event's SourceState columns.
// String values may alias the enricher's buffers: they must stay valid until the
// Writer.Write call they are passed to returns. The zero value has every column unset.
type Enriched struct {
	set   [NumColumns]bool
	ints  [NumColumns]int64
	strs  [NumColumns][]byte
	hints [NumColumns]*DictHint
}

// DictHint spares the Writer its dictionary lookup of a value the caller knows repeats:
// the Writer keeps in it the code it gave the value and the dictionary the code belongs
// to, and uses the code again while that dictionary is the column's. The caller passes a
// hint with the same value every time (the same bytes or integer) and zeroes it when the
// value changes. The zero value holds nothing.
type DictHint struct {
	dict uint64 // serial of the dictionary (chunk and row group) the code belongs to
	code int32
}

// Reset unsets every column. Values of unset columns are not read (the string slices
// are dropped when set again, or by Clear).
func (e *Enriched) Reset() { e.set = [NumColumns]bool{} }

// KeepOnly unsets every column but cols.
func (e *Enriched) KeepOnly(cols ...int) {
	var keep [NumColumns]bool
	for _, c := range cols {
		keep[c] = e.set[c]
	}
	e.set = keep
}

// Clear unsets every column and drops the string values, keeping nothing alive.
func (e *Enriched) Clear() { *e = Enriched{} }

// SetInt sets an integer column (INT64 or INT32 kinds).
func (e *Enriched) SetInt(col int, v int64) { e.set[col], e.ints[col], e.hints[col] = true, v, nil }

// SetIntHinted sets an integer column with the dictionary hint of its value.
func (e *Enriched) SetIntHinted(col int, v int64, h *DictHint) {
	e.set[col], e.ints[col], e.hints[col] = true, v, h
}

// SetBool sets a boolean column.
func (e *Enriched) SetBool(col int, v bool) {
	e.set[col], e.ints[col], e.hints[col] = true, 0, nil
	if v {
		e.ints[col] = 1
	}
}

// SetString sets a string column.
func (e *Enriched) SetString(col int, s []byte) { e.set[col], e.strs[col], e.hints[col] = true, s, nil }

// SetStringHinted sets a string column with the dictionary hint of its value.
func (e *Enriched) SetStringHinted(col int, s []byte, h *DictHint) {
	e.set[col], e.strs[col], e.hints[col] = true, s, h
}

// Unset marks a column as having no value.
func (e *Enriched) Unset(col int) { e.set[col], e.strs[col] = false, nil }

// IsSet reports whether col has a value.
func (e *Enriched) IsSet(col int) bool { return e.set[col] }

// Int returns an integer or boolean column's value.
func (e *Enriched) Int(col int) (int64, bool) {
	if !e.set[col] {
		return 0, false
	}
	return e.ints[col], true
}

// String returns a string column's value.
func (e *Enriched) String(col int) ([]byte, bool) {
	if !e.set[col] {
		return nil, false
	}
	return e.strs[col], true
}

// CopyTo makes dst a copy of e whose strings live in arena (appended to it); it returns
// the grown arena. dst stays valid while arena's bytes are not overwritten. The copy has
// no dictionary hints: they stay with e's caller (a Writer on another goroutine must not
// write them).
func (e *Enriched) CopyTo(dst *Enriched, arena []byte) []byte {
	dst.set, dst.ints, dst.hints = e.set, e.ints, [NumColumns]*DictHint{}
	for i, s := range e.strs {
		if !e.set[i] || s == nil {
			dst.strs[i] = nil
			continue
		}
		off := len(arena)
		arena = append(arena, s...)
		dst.strs[i] = arena[off:len(arena):len(arena)]
	}
	return arena
}

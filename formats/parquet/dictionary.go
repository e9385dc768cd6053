package parquet

import "math/bits"

// denseInts is the range of small non-negative integers a dictionary indexes by array
// instead of by map (CPU numbers, event types, parameter counts, flags, most ports).
const denseInts = 1 << 12

// byteDict maps the distinct byte strings of a column chunk to their dictionary codes.
type byteDict struct {
	index map[string]int32
	vals  []string
	size  int   // PLAIN size of the dictionary page
	last  int32 // code of the last value looked up, a fast path for runs
}

func (d *byteDict) reset() {
	if d.index == nil {
		d.index = map[string]int32{}
	}
	clear(d.index)
	d.vals = d.vals[:0]
	d.size, d.last = 0, 0
}

// code returns b's code, adding b (copied) if new.
func (d *byteDict) code(b []byte) int32 {
	if len(d.vals) > 0 && d.vals[d.last] == string(b) {
		return d.last
	}
	i, ok := d.index[string(b)]
	if !ok {
		s := string(b)
		i = int32(len(d.vals))
		d.vals = append(d.vals, s)
		d.index[s] = i
		d.size += 4 + len(s)
	}
	d.last = i
	return i
}

// intDict maps the distinct integers of a column chunk to their dictionary codes.
type intDict struct {
	dense []int32 // value -> code+1 for 0 <= value < denseInts
	index map[int64]int32
	vals  []int64
	last  int32
}

func (d *intDict) reset() {
	if d.index == nil {
		d.index = map[int64]int32{}
		d.dense = make([]int32, denseInts)
	}
	for _, v := range d.vals {
		if uint64(v) < denseInts {
			d.dense[v] = 0
		}
	}
	clear(d.index)
	d.vals = d.vals[:0]
	d.last = 0
}

func (d *intDict) code(v int64) int32 {
	if uint64(v) < denseInts {
		if c := d.dense[v]; c != 0 {
			return c - 1
		}
		c := int32(len(d.vals))
		d.vals = append(d.vals, v)
		d.dense[v] = c + 1
		return c
	}
	if len(d.vals) > 0 && d.vals[d.last] == v {
		return d.last
	}
	c, ok := d.index[v]
	if !ok {
		c = int32(len(d.vals))
		d.vals = append(d.vals, v)
		d.index[v] = c
	}
	d.last = c
	return c
}

// codeWidth is the bit width of the codes of a dictionary of n values (at least 1, also
// for the empty dictionary of an all-null chunk).
func codeWidth(n int) int {
	if n <= 1 {
		return 1
	}
	return bits.Len(uint(n - 1))
}

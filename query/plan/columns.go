package plan

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"slices"

	pq "github.com/parquet-go/parquet-go"

	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/query/exec"
	"github.com/scrylabs/scry/query/fields"
)

// colVals holds one column of the loaded rows of a row group in typed arrays, without a
// pointer per value: integers and booleans in ints, strings as an index into strs (the
// column chunk's dictionary, or one entry per row for plain pages). null marks rows
// without a value.
type colVals struct {
	null  []bool
	ints  []int64
	idx   []int32
	strs  [][]byte
	nulls bool // some row is null
}

func (c *colVals) reset() {
	c.null, c.ints, c.idx = c.null[:0], c.ints[:0], c.idx[:0]
	clear(c.strs)
	c.strs, c.nulls = c.strs[:0], false
}

func (c *colVals) len() int { return len(c.null) }

// reserve makes room for n more rows of column col, so that loading a chunk page by page
// does not grow the arrays (copying them and leaving garbage) as it goes.
func (c *colVals) reserve(col, n int) {
	c.null = slices.Grow(c.null, n)
	switch parquet.Columns[col].Kind {
	case parquet.KindString, parquet.KindBytes:
		c.idx = slices.Grow(c.idx, n)
	default:
		c.ints = slices.Grow(c.ints, n)
	}
}

// value converts row k into the value the field's extractor gives; ip is scratch for
// addresses.
func (c *colVals) value(k int, kind fields.Kind, ip *[16]byte) exec.Value {
	if c.null[k] {
		return exec.Null()
	}
	if c.idx != nil && len(c.idx) > 0 {
		b := c.strs[c.idx[k]]
		if kind == fields.KindIP {
			return ipValue(b, ip)
		}
		return exec.Value{Kind: fields.KindString, Bytes: b}
	}
	n := c.ints[k]
	switch kind {
	case fields.KindUint:
		return exec.Uint(uint64(n))
	case fields.KindBool:
		return exec.Bool(n != 0)
	case fields.KindDouble:
		return exec.Float(float64(n))
	}
	return exec.Int(n)
}

func ipValue(b []byte, ip *[16]byte) exec.Value {
	a, err := netip.ParseAddr(string(b))
	if err != nil {
		return exec.Null()
	}
	if a.Is4() {
		a4 := a.As4()
		*ip = [16]byte{}
		copy(ip[:], a4[:])
		return exec.Value{Kind: fields.KindIP, Bytes: ip[:4]}
	}
	*ip = a.As16()
	return exec.Value{Kind: fields.KindIP, Bytes: ip[:16]}
}

// loader decodes pages into colVals, copying bytes into its arena (page buffers are
// reused by the reader once the next page is read).
type loader struct {
	arena  []byte
	chunks [][]byte
	dict   map[pq.Dictionary]int // dictionary already copied into strs -> its offset
}

func (l *loader) reset() {
	l.arena = l.arena[:0]
	clear(l.chunks)
	l.chunks = l.chunks[:0]
	clear(l.dict)
}

func (l *loader) keep(b []byte) []byte {
	if len(l.arena)+len(b) > cap(l.arena) {
		if len(l.arena) > 0 {
			l.chunks = append(l.chunks, l.arena)
		}
		l.arena = make([]byte, 0, max(256<<10, 2*cap(l.arena), len(b)))
	}
	off := len(l.arena)
	l.arena = append(l.arena, b...)
	return l.arena[off : off+len(b) : off+len(b)]
}

// readColumn appends the rows of the given pages of a column chunk (all pages when pages
// is nil) to dst.
func (l *loader) readColumn(chunk pq.ColumnChunk, col int, pages []int, dst *colVals) error {
	pgs := chunk.Pages()
	defer pgs.Close()
	var firstRows []int64
	rows := chunk.NumValues() // one value per row: the schema is flat
	if pages != nil {
		oi, err := chunk.OffsetIndex()
		if err != nil {
			return err
		}
		rows = 0
		for _, i := range pages {
			firstRows = append(firstRows, oi.FirstRowIndex(i))
			end := chunk.NumValues()
			if i+1 < oi.NumPages() {
				end = oi.FirstRowIndex(i + 1)
			}
			rows += end - oi.FirstRowIndex(i)
		}
	}
	dst.reserve(col, int(rows))
	read := func() error { return l.readPage(pgs, col, dst) }
	if pages == nil {
		for {
			if err := read(); err != nil {
				if errors.Is(err, io.EOF) {
					return nil
				}
				return err
			}
		}
	}
	for i := range pages {
		if i == 0 || pages[i] != pages[i-1]+1 {
			if err := pgs.SeekToRow(firstRows[i]); err != nil {
				return err
			}
		}
		if err := read(); err != nil {
			return err
		}
	}
	return nil
}

// readPage appends the rows of the next page of pgs to dst.
func (l *loader) readPage(pgs pq.Pages, col int, dst *colVals) error {
	pg, err := pgs.ReadPage()
	if err != nil {
		return err
	}
	defer pq.Release(pg)
	return l.decode(pg, col, dst)
}

// decode appends one page's rows to dst.
func (l *loader) decode(pg pq.Page, col int, dst *colVals) error {
	n := int(pg.NumRows())
	def := pg.DefinitionLevels()
	if pg.NumNulls() == 0 {
		def = nil
	}
	start := len(dst.null)
	dst.null = slices.Grow(dst.null, n)[:start+n]
	nulls := dst.null[start:]
	clear(nulls)
	for r, d := range def {
		if d == 0 {
			nulls[r] = true
			dst.nulls = true
		}
	}
	data := pg.Data()
	isString := parquet.Columns[col].Kind == parquet.KindString || parquet.Columns[col].Kind == parquet.KindBytes
	if d := pg.Dictionary(); d != nil {
		idx := data.Int32()
		if isString {
			base, ok := l.dict[d]
			if !ok {
				base = len(dst.strs)
				for i := 0; i < d.Len(); i++ {
					dst.strs = append(dst.strs, l.keep(d.Index(int32(i)).ByteArray()))
				}
				if l.dict == nil {
					l.dict = map[pq.Dictionary]int{}
				}
				l.dict[d] = base
			}
			return expandCodes(&dst.idx, idx, nulls, int32(base))
		}
		vals := make([]int64, d.Len())
		for i := range vals {
			if dv := d.Index(int32(i)); dv.Kind() == pq.Int32 {
				vals[i] = int64(dv.Int32())
			} else {
				vals[i] = dv.Int64()
			}
		}
		return expandDict(&dst.ints, idx, nulls, vals)
	}
	switch parquet.Columns[col].Kind {
	case parquet.KindInt64:
		return expandInts(&dst.ints, data.Int64(), nulls)
	case parquet.KindInt32:
		return expandInts(&dst.ints, data.Int32(), nulls)
	case parquet.KindBool:
		bits := data.Boolean()
		j := 0
		for r := range nulls {
			var v int64
			if !nulls[r] {
				if j/8 >= len(bits) {
					return fmt.Errorf("boolean page holds %d bits, want more", 8*len(bits))
				}
				v = int64(bits[j/8] >> (j % 8) & 1)
				j++
			}
			dst.ints = append(dst.ints, v)
		}
		return nil
	}
	buf, offsets := data.ByteArray()
	j := 0
	for r := range nulls {
		if nulls[r] {
			dst.idx = append(dst.idx, 0)
			continue
		}
		if j+1 >= len(offsets) {
			return fmt.Errorf("byte array page holds %d values, want more", len(offsets)-1)
		}
		dst.idx = append(dst.idx, int32(len(dst.strs)))
		dst.strs = append(dst.strs, l.keep(buf[offsets[j]:offsets[j+1]]))
		j++
	}
	return nil
}

// grow extends *dst by one element per row and returns the new part.
func grow[T any](dst *[]T, n int) []T {
	start := len(*dst)
	*dst = slices.Grow(*dst, n)[:start+n]
	return (*dst)[start:]
}

// expandCodes appends, per row, base plus the next dictionary index (0 for null rows).
func expandCodes(dst *[]int32, idx []int32, nulls []bool, base int32) error {
	o := grow(dst, len(nulls))
	if len(idx) == len(o) { // no null
		for r := range o {
			o[r] = base + idx[r]
		}
		return nil
	}
	j := 0
	for r := range o {
		if nulls[r] || j >= len(idx) {
			o[r] = 0
			continue
		}
		o[r] = base + idx[j]
		j++
	}
	return checkCount(j, len(idx))
}

// expandDict appends, per row, the dictionary value of the next index (0 for null rows).
func expandDict(dst *[]int64, idx []int32, nulls []bool, dict []int64) error {
	o := grow(dst, len(nulls))
	if len(idx) == len(o) {
		for r := range o {
			o[r] = dict[idx[r]]
		}
		return nil
	}
	j := 0
	for r := range o {
		if nulls[r] || j >= len(idx) {
			o[r] = 0
			continue
		}
		o[r] = dict[idx[j]]
		j++
	}
	return checkCount(j, len(idx))
}

// expandInts appends, per row, the next value (0 for null rows).
func expandInts[S int32 | int64](dst *[]int64, vals []S, nulls []bool) error {
	o := grow(dst, len(nulls))
	if len(vals) == len(o) {
		for r := range o {
			o[r] = int64(vals[r])
		}
		return nil
	}
	j := 0
	for r := range o {
		if nulls[r] || j >= len(vals) {
			o[r] = 0
			continue
		}
		o[r] = int64(vals[j])
		j++
	}
	return checkCount(j, len(vals))
}

func checkCount(got, want int) error {
	if got != want {
		return fmt.Errorf("page has %d values for %d present rows", want, got)
	}
	return nil
}

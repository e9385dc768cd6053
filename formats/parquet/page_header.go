package parquet

import (
	"encoding/binary"

	"github.com/parquet-go/parquet-go/format"
)

// Page headers are written often (a few per column chunk), so they are encoded here
// directly in Thrift's compact protocol rather than through reflection.

// Compact protocol field types.
const (
	tcTrue   = 1
	tcFalse  = 2
	tcI32    = 5
	tcStruct = 12
)

type compactWriter struct {
	b    []byte
	last int16 // id of the previous field of the struct being written
}

func (w *compactWriter) field(id int16, typ byte) {
	if d := id - w.last; d > 0 && d <= 15 {
		w.b = append(w.b, byte(d)<<4|typ)
	} else {
		w.b = append(w.b, typ)
		w.b = binary.AppendVarint(w.b, int64(id))
	}
	w.last = id
}

func (w *compactWriter) i32(id int16, v int32) {
	w.field(id, tcI32)
	w.b = binary.AppendVarint(w.b, int64(v))
}

func (w *compactWriter) boolean(id int16, v bool) {
	if v {
		w.field(id, tcTrue)
	} else {
		w.field(id, tcFalse)
	}
}

// begin starts a nested struct field; end closes it and returns to the outer struct.
func (w *compactWriter) begin(id int16) int16 {
	w.field(id, tcStruct)
	outer := w.last
	w.last = 0
	return outer
}

func (w *compactWriter) end(outer int16) {
	w.b = append(w.b, 0)
	w.last = outer
}

// dataPageHeader holds what a DATA_PAGE_V2 header of a required column says.
type dataPageHeader struct {
	uncompressed, compressed int32
	rows, nulls              int32
	encoding                 format.Encoding
	isCompressed             bool
}

func appendDataPageHeader(dst []byte, h *dataPageHeader) []byte {
	w := compactWriter{b: dst}
	w.i32(1, int32(format.DataPageV2))
	w.i32(2, h.uncompressed)
	w.i32(3, h.compressed)
	outer := w.begin(8)
	w.i32(1, h.rows) // values, nulls included
	w.i32(2, h.nulls)
	w.i32(3, h.rows)
	w.i32(4, int32(h.encoding))
	w.i32(5, 0) // definition levels: none (DATA_PAGE_V2 is for required columns)
	w.i32(6, 0)
	w.boolean(7, h.isCompressed)
	w.end(outer)
	w.b = append(w.b, 0)
	return w.b
}

// appendDataPageV1Header appends a DATA_PAGE header: definition levels (RLE, with their
// length prefix) and values share the compressed body.
func appendDataPageV1Header(dst []byte, uncompressed, compressed, rows int32, enc format.Encoding) []byte {
	w := compactWriter{b: dst}
	w.i32(1, int32(format.DataPage))
	w.i32(2, uncompressed)
	w.i32(3, compressed)
	outer := w.begin(5)
	w.i32(1, rows) // values, nulls included
	w.i32(2, int32(enc))
	w.i32(3, int32(format.RLE))
	w.i32(4, int32(format.RLE))
	w.end(outer)
	w.b = append(w.b, 0)
	return w.b
}

func appendDictionaryPageHeader(dst []byte, uncompressed, compressed, values int32) []byte {
	w := compactWriter{b: dst}
	w.i32(1, int32(format.DictionaryPage))
	w.i32(2, uncompressed)
	w.i32(3, compressed)
	outer := w.begin(7)
	w.i32(1, values)
	w.i32(2, int32(format.Plain))
	w.end(outer)
	w.b = append(w.b, 0)
	return w.b
}

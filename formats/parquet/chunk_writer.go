package parquet

import (
	"encoding/binary"

	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/format"
)

// chunkWriter builds one column's chunk of the current row group: values are appended
// to the open page, pages are encoded (and compressed) as they are cut, and the chunk
// with its dictionary page is emitted when the row group ends.
type chunkWriter struct {
	c        *Column
	kind     Kind // copies of c's fields read per row
	optional bool
	dict     bool
	bounds   bool // min/max are kept
	level    int  // compression level

	// the open page
	rows  int
	nulls int
	defs  []uint8
	ints  []int64 // values of integer and boolean columns without dictionary
	codes []int32 // dictionary codes
	plain []byte  // PLAIN values of byte string columns without dictionary
	pmin  int64   // bounds of ints (integer columns without dictionary)
	pmax  int64
	pset  bool

	sd         byteDict
	id         intDict
	dictSerial uint64   // names the chunk's dictionary for DictHints (dict_hint.go)
	seen       []uint32 // page serial at which each dictionary code was last seen
	page       uint32   // serial of the open page

	// the chunk so far
	body       []byte // encoded data pages, headers included
	locs       []format.PageLocation
	ci         format.ColumnIndex
	statMin    []byte
	statMax    []byte
	statSet    bool
	minInt     int64 // chunk bounds of integer columns, compared as integers
	maxInt     int64
	nullCount  int64
	numRows    int64
	rawSize    int64 // uncompressed size of pages with their headers
	compressed bool  // some data page is compressed

	encCounts []encodingCount // data pages of the chunk by encoding

	// scratch buffers
	lvl, raw, rawAlt, hdr []byte
	packed, alt           packedPage // the open page packed, and an alternative
	// tryBrotli: the open page is the chunk of a file's only small row group, which may
	// be compressed with brotli (chunk_codec.go); br is its smallest brotli packing.
	tryBrotli bool
	br        brotliPage
	brDict    []byte // the dictionary page compressed with brotli
	brScratch []byte
	nd        noDictPage // the page without the dictionary (chunk_nodict.go)
}

func newChunkWriter(col int, level int) *chunkWriter {
	c := &Columns[col]
	cw := &chunkWriter{c: c, kind: c.Kind, optional: c.Optional, dict: c.Encoding == EncDict,
		bounds: !c.NoBounds, level: level}
	if c.QuickPages && level == levelDefault {
		cw.level = levelQuick
	}
	cw.sd.reset()
	cw.id.reset()
	cw.dictSerial = dictSerials.Add(1)
	return cw
}

func (cw *chunkWriter) isBytes() bool { return cw.c.Kind == KindString || cw.c.Kind == KindBytes }

// reset starts a new row group.
func (cw *chunkWriter) reset() {
	cw.rows, cw.nulls, cw.pset = 0, 0, false
	cw.defs, cw.ints, cw.codes, cw.plain = cw.defs[:0], cw.ints[:0], cw.codes[:0], cw.plain[:0]
	cw.sd.reset()
	cw.id.reset()
	cw.dictSerial = dictSerials.Add(1)
	clear(cw.seen)
	cw.page = 0
	cw.body, cw.locs = cw.body[:0], cw.locs[:0]
	cw.ci = format.ColumnIndex{}
	cw.statMin, cw.statMax, cw.statSet = cw.statMin[:0], cw.statMax[:0], false
	cw.nullCount, cw.numRows, cw.rawSize, cw.compressed = 0, 0, 0, false
	cw.encCounts = cw.encCounts[:0]
}

func (cw *chunkWriter) appendNull() {
	cw.rows++
	cw.nulls++
	cw.defs = append(cw.defs, 0)
}

func (cw *chunkWriter) appendInt(v int64) {
	cw.rows++
	if cw.optional {
		cw.defs = append(cw.defs, 1)
	}
	if cw.dict {
		cw.codes = append(cw.codes, cw.id.code(v))
		return
	}
	cw.ints = append(cw.ints, v)
	if !cw.pset {
		cw.pmin, cw.pmax, cw.pset = v, v, true
	} else if v < cw.pmin {
		cw.pmin = v
	} else if v > cw.pmax {
		cw.pmax = v
	}
}

func (cw *chunkWriter) appendBytes(b []byte) {
	cw.rows++
	if cw.optional {
		cw.defs = append(cw.defs, 1)
	}
	if cw.dict {
		cw.codes = append(cw.codes, cw.sd.code(b))
		return
	}
	cw.plain = binary.LittleEndian.AppendUint32(cw.plain, uint32(len(b)))
	cw.plain = append(cw.plain, b...)
}

// pending is the size of the open page's values before encoding.
func (cw *chunkWriter) pending() int { return len(cw.plain) + 8*len(cw.ints) + 4*len(cw.codes) }

// pageLevel is the compression level of the open page: zstd's best when small says the
// page is its chunk's only one in a small row group (smallGroup), else the column's.
func (cw *chunkWriter) pageLevel(small bool) int {
	if small && cw.level != levelFast {
		return levelBest
	}
	return cw.level
}

// cutPage encodes the open page into the chunk; small says that the page is the whole
// chunk of a small row group (smallGroup).
func (cw *chunkWriter) cutPage(small bool) {
	if cw.rows == 0 {
		return
	}
	raw, enc, _ := cw.encodeValues(cw.raw[:0], false)
	cw.raw = raw
	level := cw.pageLevel(small)
	p := &cw.packed
	cw.br.set = false
	cw.pack(p, raw, enc, level)
	cw.nd.set, cw.nd.chose = false, false
	if cw.tryBrotli {
		cw.packBrotli(p)
		if cw.dict {
			cw.packNoDict()
		}
	}
	if level == levelBest {
		p = cw.packSmallest(enc)
	}
	if p.compressed {
		cw.compressed = true
	}
	cw.countEncoding(p.enc)
	cw.locs = append(cw.locs, format.PageLocation{Offset: int64(len(cw.body)),
		CompressedPageSize: int32(len(p.hdr) + len(p.body)), FirstRowIndex: cw.numRows})
	cw.body = append(append(cw.body, p.hdr...), p.body...)
	cw.rawSize += int64(len(p.hdr) + p.rawLen)
	cw.indexPage()
	cw.numRows += int64(cw.rows)
	cw.nullCount += int64(cw.nulls)
	cw.rows, cw.nulls, cw.pset = 0, 0, false
	cw.defs, cw.ints, cw.codes, cw.plain = cw.defs[:0], cw.ints[:0], cw.codes[:0], cw.plain[:0]
	cw.page++
}

// encodeValues appends the open page's values to dst in the column's encoding or, with
// alt, in its alternative one (page_variants.go); ok is false when there is none.
func (cw *chunkWriter) encodeValues(dst []byte, alt bool) (raw []byte, enc format.Encoding, ok bool) {
	switch {
	case cw.dict:
		n := len(cw.id.vals)
		if cw.isBytes() {
			n = len(cw.sd.vals)
		}
		w := codeWidth(n)
		if !alt {
			w = byteWidth(w)
		} else if byteWidth(w) == w {
			return dst, 0, false
		}
		dst = append(dst, byte(w))
		e := rle.Encoding{BitWidth: w}
		cw.lvl, _ = e.EncodeInt32(cw.lvl[:0], cw.codes)
		return append(dst, cw.lvl...), format.RLEDictionary, true
	case cw.c.Encoding == EncDelta && !alt:
		return appendDeltaInt64(dst, cw.ints), format.DeltaBinaryPacked, true
	case cw.c.Kind == KindInt64 && cw.c.Encoding != EncDelta && alt:
		return appendDeltaInt64(dst, cw.ints), format.DeltaBinaryPacked, true
	case alt && cw.c.Encoding != EncDelta:
		return dst, 0, false
	case cw.isBytes():
		return append(dst, cw.plain...), format.Plain, true
	case cw.c.Kind == KindInt64:
		for _, v := range cw.ints {
			dst = binary.LittleEndian.AppendUint64(dst, uint64(v))
		}
	case cw.c.Kind == KindInt32:
		for _, v := range cw.ints {
			dst = binary.LittleEndian.AppendUint32(dst, uint32(v))
		}
	case cw.c.Kind == KindBool:
		dst = appendBits(dst, cw.ints)
	}
	return dst, format.Plain, true
}

// appendBits appends booleans (0 or 1) bit-packed, least significant bit first.
func appendBits(dst []byte, v []int64) []byte {
	for i := 0; i < len(v); i += 8 {
		var b byte
		for j := 0; j < 8 && i+j < len(v); j++ {
			b |= byte(v[i+j]&1) << j
		}
		dst = append(dst, b)
	}
	return dst
}

// dictionaryPage returns the PLAIN encoding of the chunk's dictionary.
func (cw *chunkWriter) dictionaryPage(dst []byte) ([]byte, int) {
	if cw.isBytes() {
		for _, s := range cw.sd.vals {
			dst = binary.LittleEndian.AppendUint32(dst, uint32(len(s)))
			dst = append(dst, s...)
		}
		return dst, len(cw.sd.vals)
	}
	for _, v := range cw.id.vals {
		if cw.c.Kind == KindInt32 {
			dst = binary.LittleEndian.AppendUint32(dst, uint32(v))
		} else {
			dst = binary.LittleEndian.AppendUint64(dst, uint64(v))
		}
	}
	return dst, len(cw.id.vals)
}

// byteWidth rounds a code width above 4 bits up to whole bytes: wider than needed (which
// the encoding allows), but byte-aligned codes compress far better under zstd than
// bit-packed ones. Codes of 1 or 2 bits (dictionaries of up to 4 values) stay bit-packed:
// zstd codes a byte in at least 1 bit, so 4 or 8 codes a byte cost less. Codes of 3 or 4
// bits (up to 16 values) take a nibble each, which never straddles a byte: as small as
// whole bytes after zstd, and half the bytes for zstd to go through.
func byteWidth(w int) int {
	if w <= 2 {
		return w
	}
	if w <= 4 {
		return 4
	}
	return (w + 7) / 8 * 8
}

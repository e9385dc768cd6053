package parquet

import (
	"encoding/binary"

	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/format"
)

// A small row group's single-page chunks (the pages compressed at zstd's best level,
// pageLevel) are packed several ways and the smallest is kept: the column's encoding and,
// where the column has one, an alternative (dictionary codes at their exact bit width
// instead of whole bytes or nibbles; DELTA_BINARY_PACKED integers as PLAIN and PLAIN ones
// as DELTA_BINARY_PACKED), each at zstd's best level and at the column's own (pages up to
// variantPageBytes). On a few kilobytes the choice costs little, and which wins depends on
// the values: zstd's best level is not always the smallest on short noisy pages.

// variantPageBytes bounds the pages packed every way. Larger ones (the 34 102-event
// capture's evt_args and raw_params) gained nothing over zstd's best level in their
// column's encoding but cost twice the CPU; only a QuickPages column's (evt_latency, where
// zstd's default level beats its best) is also tried at its own level.
const variantPageBytes = 64 << 10

// packedPage is a data page ready to be written: header, body, and what the footer needs.
type packedPage struct {
	hdr, body, v1, comp []byte
	plain               []byte // the body before compression
	rawLen              int    // uncompressed size of the body
	rows, nulls         int
	enc                 format.Encoding
	compressed          bool
}

// encodingCount counts a chunk's data pages of one encoding (the footer's encoding stats).
type encodingCount struct {
	enc   format.Encoding
	pages int32
}

func (cw *chunkWriter) countEncoding(enc format.Encoding) {
	for i := range cw.encCounts {
		if cw.encCounts[i].enc == enc {
			cw.encCounts[i].pages++
			return
		}
	}
	cw.encCounts = append(cw.encCounts, encodingCount{enc: enc, pages: 1})
}

// pack builds p from the open page's encoded values raw: a DATA_PAGE with the definition
// levels inside the compressed body for optional columns, else a DATA_PAGE_V2, left
// uncompressed when zstd does not shrink it.
func (cw *chunkWriter) pack(p *packedPage, raw []byte, enc format.Encoding, level int) {
	p.enc, p.rows, p.nulls = enc, cw.rows, cw.nulls
	if cw.c.Optional {
		// DATA_PAGE (v1): the definition levels go inside the compressed body, where zstd
		// sees their patterns (enter and exit events alternate), instead of raw next to it.
		e := rle.Encoding{BitWidth: 1}
		cw.lvl, _ = e.EncodeLevels(cw.lvl[:0], cw.defs)
		p.v1 = binary.LittleEndian.AppendUint32(p.v1[:0], uint32(len(cw.lvl)))
		p.v1 = append(append(p.v1, cw.lvl...), raw...)
		p.comp = compressPage(level, p.v1, p.comp[:0])
		p.body, p.compressed, p.rawLen, p.plain = p.comp, true, len(p.v1), p.v1
		p.hdr = cw.appendPageHeader(p.hdr[:0], p, len(p.body), true)
		return
	}
	p.body, p.compressed, p.rawLen, p.plain = raw, false, len(raw), raw
	if len(raw) > 0 {
		p.comp = compressPage(level, raw, p.comp[:0])
		if len(p.comp) < len(raw) {
			p.body, p.compressed = p.comp, true
		}
	}
	p.hdr = cw.appendPageHeader(p.hdr[:0], p, len(p.body), p.compressed)
}

// appendPageHeader appends the header of packing p with a body of n bytes, compressed
// or not: a DATA_PAGE for optional columns (whose body is always taken as compressed by
// the chunk's codec), else a DATA_PAGE_V2.
func (cw *chunkWriter) appendPageHeader(dst []byte, p *packedPage, n int, compressed bool) []byte {
	if cw.c.Optional {
		return appendDataPageV1Header(dst, int32(len(p.plain)), int32(n), int32(p.rows), p.enc)
	}
	return appendDataPageHeader(dst, &dataPageHeader{uncompressed: int32(len(p.plain)), compressed: int32(n),
		rows: int32(p.rows), nulls: int32(p.nulls), encoding: p.enc, isCompressed: compressed})
}

// altBrotliMargin, as a fraction, bounds how much larger than the page in the column's
// encoding its alternative may be at zstd's best level for brotli to be tried on it
// too: the two encodings rarely trade places by more under brotli, which is slow.
var altBrotliMargin = [2]int{11, 10}

// packSmallest packs the open page the other ways (cw.packed holds it in the column's
// encoding at the best level) and returns the smallest.
func (cw *chunkWriter) packSmallest(enc format.Encoding) *packedPage {
	best := &cw.packed
	try := func(raw []byte, enc format.Encoding, level int) {
		cw.pack(&cw.alt, raw, enc, level)
		if len(cw.alt.hdr)+len(cw.alt.body) < len(best.hdr)+len(best.body) {
			cw.packed, cw.alt = cw.alt, cw.packed
		}
	}
	big := len(cw.raw) > variantPageBytes
	if cw.level != levelBest && (!big || cw.c.QuickPages) {
		try(cw.raw, enc, cw.level)
	}
	if big {
		return best
	}
	raw, altEnc, ok := cw.encodeValues(cw.rawAlt[:0], true)
	cw.rawAlt = raw
	if ok {
		cw.pack(&cw.alt, raw, altEnc, levelBest)
		if cw.tryBrotli && (len(cw.alt.hdr)+len(cw.alt.body))*altBrotliMargin[1] <= (len(best.hdr)+len(best.body))*altBrotliMargin[0] {
			cw.packBrotli(&cw.alt) // brotli may take it smaller than the column's encoding
		}
		if len(cw.alt.hdr)+len(cw.alt.body) < len(best.hdr)+len(best.body) {
			cw.packed, cw.alt = cw.alt, cw.packed
		}
		if cw.level != levelBest {
			try(raw, altEnc, cw.level)
		}
	}
	return best
}

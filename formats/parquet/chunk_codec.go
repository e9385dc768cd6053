package parquet

import "github.com/parquet-go/parquet-go/format"

// The chunks of a file's only row group, when it is small and packed smallest
// (smallGroup, WriterOptions.PackSmall), may be stored uncompressed: in a short capture
// many chunks hold a few dozen bytes (a column null on every row, a dictionary of two
// values), where zstd's frame costs more than it saves. A chunk declares one codec for all
// of its pages, and readers (parquet-go among them) apply a column's first chunk's codec to
// the column's later chunks, so files of several row groups keep zstd on every chunk.

// uncompressedSize is the size of the chunk's pages, headers included, uncompressed: its
// single data page (packed) and its dictionary page of dictRaw. ok is false for chunks of
// several pages.
func (cw *chunkWriter) uncompressedSize(dictRaw []byte, dictValues int) (n int, ok bool) {
	if len(cw.locs) != 1 {
		return 0, false
	}
	p := &cw.packed
	n = len(cw.plainPageHeader(p)) + len(p.plain)
	if cw.dict {
		n += len(appendDictionaryPageHeader(nil, int32(len(dictRaw)), int32(len(dictRaw)), int32(dictValues))) + len(dictRaw)
	}
	return n, true
}

// plainPageHeader is the header of the packed page stored uncompressed.
func (cw *chunkWriter) plainPageHeader(p *packedPage) []byte {
	n := int32(len(p.plain))
	if cw.c.Optional {
		return appendDataPageV1Header(nil, n, n, int32(p.rows), p.enc)
	}
	return appendDataPageHeader(nil, &dataPageHeader{uncompressed: n, compressed: n,
		rows: int32(p.rows), nulls: int32(p.nulls), encoding: p.enc})
}

// uncompress replaces the chunk's single data page by its uncompressed form.
func (cw *chunkWriter) uncompress() {
	p := &cw.packed
	hdr := cw.plainPageHeader(p)
	cw.body = append(append(cw.body[:0], hdr...), p.plain...)
	cw.rawSize = int64(len(cw.body))
	cw.locs[0].CompressedPageSize = int32(len(cw.body))
	cw.compressed = false
}

// chunkCodec is the codec of a chunk's pages.
func chunkCodec(compressed bool) format.CompressionCodec {
	if compressed {
		return format.Zstd
	}
	return format.Uncompressed
}

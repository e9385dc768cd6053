package parquet

import (
	"encoding/binary"

	"github.com/parquet-go/parquet-go/format"
)

// In a file's only small row group packed smallest, a dictionary-encoded chunk may be
// written without its dictionary where that is smaller: a column of mostly distinct
// values (file names, addresses), or thread ids grouped by thread, whose deltas are
// nearly all 0. Its single data page then holds the values PLAIN (or, for INT64
// columns, DELTA_BINARY_PACKED). Nothing is lost to readers: the dictionary served
// pruning by row group, and such a file has one; its bloom filters are written all the
// same (from the values the dictionary held).

// noDictPage is the open page packed without the dictionary.
type noDictPage struct {
	zstd, alt packedPage // the smallest packing under zstd, and scratch
	br        brotliPage // the smallest packing under brotli
	raw       [2][]byte  // the values encoded (PLAIN, DELTA_BINARY_PACKED)
	set, two  bool       // packed; packed two ways (alt holds the other)
	chose     bool       // chosen for the chunk
}

// packNoDict packs the open page of a dictionary chunk without the dictionary, each way
// (PLAIN, and DELTA_BINARY_PACKED for INT64), at zstd's best level: nd.zstd holds the
// smaller, nd.alt the other (if any). Their brotli packings wait for packNoDictBrotli.
func (cw *chunkWriter) packNoDict() {
	nd := &cw.nd
	nd.set, nd.two, nd.br.set = false, false, false
	nd.raw[0] = cw.undictionaried(nd.raw[0][:0])
	raws := nd.raw[:1]
	if cw.kind == KindInt64 {
		nd.raw[1] = appendDeltaInt64(nd.raw[1][:0], cw.undictionariedInts())
		raws = nd.raw[:2]
	}
	for i, raw := range raws {
		enc := format.Plain
		if i == 1 {
			enc = format.DeltaBinaryPacked
		}
		cw.pack(&nd.alt, raw, enc, levelBest)
		if !nd.set || len(nd.alt.hdr)+len(nd.alt.body) < len(nd.zstd.hdr)+len(nd.zstd.body) {
			nd.zstd, nd.alt = nd.alt, nd.zstd
		}
		nd.two, nd.set = nd.set, true
	}
}

// packNoDictBrotli packs the page without the dictionary under brotli, each way.
func (cw *chunkWriter) packNoDictBrotli() {
	nd := &cw.nd
	cw.packBrotliInto(&nd.br, &nd.zstd)
	if nd.two {
		cw.packBrotliInto(&nd.br, &nd.alt)
	}
}

// undictionariedInts returns the open page's non-null values of an integer dictionary
// chunk.
func (cw *chunkWriter) undictionariedInts() []int64 {
	vals := make([]int64, len(cw.codes))
	for i, c := range cw.codes {
		vals[i] = cw.id.vals[c]
	}
	return vals
}

// undictionaried appends the PLAIN encoding of the open page's non-null values.
func (cw *chunkWriter) undictionaried(dst []byte) []byte {
	for _, c := range cw.codes {
		switch cw.kind {
		case KindString, KindBytes:
			v := cw.sd.vals[c]
			dst = binary.LittleEndian.AppendUint32(dst, uint32(len(v)))
			dst = append(dst, v...)
		case KindInt32:
			dst = binary.LittleEndian.AppendUint32(dst, uint32(cw.id.vals[c]))
		default:
			dst = binary.LittleEndian.AppendUint64(dst, uint64(cw.id.vals[c]))
		}
	}
	return dst
}

// noDictSize is the size of the chunk without its dictionary, under zstd or, where that
// is at most noDictBrotliMargin times best (the size of the chunk with it), under
// brotli; ok is false when it was not packed so.
func (cw *chunkWriter) noDictSize(best int) (size int, brotli, ok bool) {
	nd := &cw.nd
	if !nd.set || len(cw.locs) != 1 {
		return 0, false, false
	}
	size = len(nd.zstd.hdr) + len(nd.zstd.body)
	if size*noDictBrotliMargin[1] > best*noDictBrotliMargin[0] {
		return size, false, true // brotli would not make it smaller than best
	}
	cw.packNoDictBrotli()
	if b := len(nd.br.hdr) + len(nd.br.page); nd.br.set && b < size {
		return b, true, true
	}
	return size, false, true
}

// noDictBrotliMargin, as a fraction, bounds how much larger than the chunk with its
// dictionary the chunk without it may be under zstd for brotli to be tried on it: brotli
// takes these pages at most about a quarter smaller than zstd's best level, and is slow.
var noDictBrotliMargin = [2]int{6, 5}

// useNoDict replaces the chunk's single data page by its packing without the
// dictionary, under zstd or brotli.
func (cw *chunkWriter) useNoDict(brotli bool) {
	nd := &cw.nd
	if brotli {
		cw.usePage(nd.br.hdr, nd.br.page, nd.br.plainLen, nd.br.enc)
	} else {
		cw.usePage(nd.zstd.hdr, nd.zstd.body, nd.zstd.rawLen, nd.zstd.enc)
		cw.compressed = nd.zstd.compressed
	}
	nd.chose = true
}

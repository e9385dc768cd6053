package parquet

import (
	"bytes"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/andybalholm/brotli"
	"github.com/parquet-go/parquet-go/format"
)

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
	n = len(cw.appendPageHeader(nil, p, len(p.plain), false)) + len(p.plain)
	if cw.dict {
		n += len(appendDictionaryPageHeader(nil, int32(len(dictRaw)), int32(len(dictRaw)), int32(dictValues))) + len(dictRaw)
	}
	return n, true
}

// uncompress replaces the chunk's single data page by its uncompressed form.
func (cw *chunkWriter) uncompress() {
	p := &cw.packed
	hdr := cw.appendPageHeader(nil, p, len(p.plain), false)
	cw.body = append(append(cw.body[:0], hdr...), p.plain...)
	cw.rawSize = int64(len(cw.body))
	cw.locs[0].CompressedPageSize = int32(len(cw.body))
	cw.compressed = false
}

// brotliSize is the size of the chunk's pages compressed with brotli (brotliLevel)
// instead of zstd: its single data page (in the encoding brotli takes smallest,
// packBrotli), and its dictionary page of dictRaw when dict is set (compressed into
// cw.brDict). ok is false for chunks of several pages. Parquet readers (parquet-go,
// DuckDB, Arrow, Spark) all read BROTLI chunks; on the short pages of a short capture,
// where zstd has little to go on, brotli's context modelling and static dictionary take
// text 10-20% smaller.
func (cw *chunkWriter) brotliSize(dictRaw []byte, dictValues int) (n int, ok bool) {
	if len(cw.locs) != 1 || !cw.br.set {
		return 0, false
	}
	n = len(cw.br.hdr) + len(cw.br.page)
	if cw.dict {
		cw.brDict = appendBrotli(cw.brDict[:0], dictRaw)
		n += len(appendDictionaryPageHeader(nil, int32(len(dictRaw)), int32(len(cw.brDict)), int32(dictValues))) + len(cw.brDict)
	}
	return n, true
}

// brotliPage is a data page compressed with brotli.
type brotliPage struct {
	hdr, page []byte
	plainLen  int // the page body before compression
	enc       format.Encoding
	set       bool
}

// packBrotli compresses the body of p, a packing of the open page, with brotli, and
// keeps it in cw.br if it is the smallest so far.
func (cw *chunkWriter) packBrotli(p *packedPage) { cw.packBrotliInto(&cw.br, p) }

// packBrotliInto compresses the body of p with brotli into b if that is smaller than
// what b holds.
func (cw *chunkWriter) packBrotliInto(b *brotliPage, p *packedPage) {
	cw.brScratch = appendBrotli(cw.brScratch[:0], p.plain)
	hdr := cw.appendPageHeader(nil, p, len(cw.brScratch), true)
	if b.set && len(b.hdr)+len(b.page) <= len(hdr)+len(cw.brScratch) {
		return
	}
	b.hdr = append(b.hdr[:0], hdr...)
	b.page = append(b.page[:0], cw.brScratch...)
	b.plainLen, b.enc, b.set = len(p.plain), p.enc, true
}

// brotliBestBytes bounds the pages compressed at brotli's best level (11); larger ones,
// the long columns of the longest short captures, take level 10, which runs twice as fast
// there for pages about 2% larger (the 19 corpus captures: 5.7 CPU seconds and 750 909
// bytes at 10 above 256 KiB, 8.3 and 744 391 at 11 throughout, 4.5 and 757 364 at 10
// throughout).
const brotliBestBytes = 256 << 10

// brotliLevel is the brotli level of a page of n bytes.
func brotliLevel(n int) int {
	if n > brotliBestBytes {
		return 10
	}
	return brotli.BestCompression
}

// useBrotli replaces the chunk's single data page by its brotli form (cw.br).
func (cw *chunkWriter) useBrotli() { cw.usePage(cw.br.hdr, cw.br.page, cw.br.plainLen, cw.br.enc) }

// usePage replaces the chunk's single data page by another packing of it: header, body,
// the size of the body uncompressed, and its encoding.
func (cw *chunkWriter) usePage(hdr, body []byte, plainLen int, enc format.Encoding) {
	cw.body = append(append(cw.body[:0], hdr...), body...)
	cw.rawSize = int64(len(hdr) + plainLen)
	cw.locs[0].CompressedPageSize = int32(len(cw.body))
	cw.compressed = true
	cw.encCounts = cw.encCounts[:0]
	cw.countEncoding(enc)
}

// appendBrotli appends b compressed with brotli (brotliLevel), with a window that holds
// the page (at least 1 KiB, at most 16 MiB).
func appendBrotli(dst, b []byte) []byte {
	win := 10
	for win < 24 && 1<<win-16 < len(b) {
		win++
	}
	out := bytes.NewBuffer(dst)
	q := brotliLevel(len(b))
	pool := &brotliWriters[q-10][win-10]
	w, _ := pool.Get().(*brotli.Writer)
	if w == nil {
		w = brotli.NewWriterOptions(out, brotli.WriterOptions{Quality: q, LGWin: win})
	} else {
		w.Reset(out)
	}
	w.Write(b) // a bytes.Buffer does not fail
	w.Close()
	w.Reset(nil)
	pool.Put(w)
	return out.Bytes()
}

// brotliWriters keeps brotli writers for reuse, by level (10 or 11) and window (10 to
// 24): a writer of the best level allocates megabytes of tables.
var brotliWriters [2][15]sync.Pool

// packConcurrently packs the single page of each chunk of a file's only small row group
// every way (brotli included), on as many goroutines as GOMAXPROCS allows: brotli's best
// level takes most of a short capture's conversion, and the chunks are independent.
func packConcurrently(chunks []*chunkWriter) {
	var next atomic.Int32
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(chunks)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(chunks); i = int(next.Add(1)) - 1 {
				cw := chunks[i]
				cw.tryBrotli = true
				cw.cutPage(true)
				cw.tryBrotli = false
			}
		})
	}
	wg.Wait()
}

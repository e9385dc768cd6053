package parquet

import (
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Page compression levels.
const (
	levelFast    = iota // FastCompression: zstd's fastest level
	levelDefault        // zstd's "better" level (between its default and its best)
	levelQuick          // zstd's default level, for columns marked QuickPages
	levelBest           // zstd's best level, for the pages of small row groups (bestRows)
	numLevels
)

// bestRows bounds the row groups whose pages are compressed at zstd's best level
// whatever their column's level (FastCompression aside), when each chunk is one page
// (smallGroup): on the kilobytes of a short capture the best level costs a few
// milliseconds and saves 2% of the file over "better"; on the megabyte pages of a busy
// capture it would cost several times the CPU of "better".
const bestRows = 1 << 16

// smallGroup reports whether the row group being closed, of rows rows, is small: at most
// bestRows rows, no page cut before its end (one page per chunk: the files of scry
// convert, not store segments, whose chunks have 32 768-row pages), and not written for
// speed. Its pages are packed smallest (page_variants.go).
func smallGroup(w *Writer, rows int64) bool {
	if rows > bestRows || !w.opts.PackSmall || w.opts.FastCompression {
		return false
	}
	for _, cw := range w.chunks {
		if len(cw.locs) > 0 {
			return false
		}
	}
	return true
}

var (
	pageEncOnce sync.Once
	pageEnc     [numLevels]*zstd.Encoder
)

// pageEncoder returns the shared zstd encoder of a level. EncodeAll is safe for
// concurrent use. Frames carry no checksum: Parquet pages have their own framing (and
// the best level's frames of small sections are checked by the section decoder). The
// best level's match tables (34 MiB) are allocated on its first use.
func pageEncoder(level int) *zstd.Encoder {
	pageEncOnce.Do(func() {
		for i, l := range [numLevels]zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedBetterCompression, zstd.SpeedDefault, zstd.SpeedBestCompression} {
			pageEnc[i], _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(l), zstd.WithEncoderCRC(false),
				zstd.WithEncoderConcurrency(1), zstd.WithLowerEncoderMem(true))
		}
	})
	return pageEnc[level]
}

// compressPage appends the zstd frame of a page's raw bytes to dst at a level.
func compressPage(level int, raw, dst []byte) []byte {
	return pageEncoder(level).EncodeAll(raw, dst)
}

package parquet

import (
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Page compression levels.
const (
	levelFast    = iota // FastCompression
	levelDefault        // ordinary pages
	levelStrong         // LongPages columns: large text and blobs
	levelBest           // LongPages columns in small files
	numLevels
)

// bestBelow is the page size under which LongPages columns get zstd's best level: small
// files, where it costs little time and the pages have little context to learn from.
const bestBelow = 1 << 20

// levelFor is the level of a page of n bytes for a column of level l.
func levelFor(l, n int) int {
	if l == levelStrong && n < bestBelow {
		return levelBest
	}
	return l
}

var (
	pageEncOnce sync.Once
	pageEnc     [numLevels]*zstd.Encoder
)

// pageEncoder returns the shared zstd encoder of a level. EncodeAll is safe for
// concurrent use. Frames carry no checksum: Parquet pages have their own framing.
func pageEncoder(level int) *zstd.Encoder {
	pageEncOnce.Do(func() {
		for i, l := range [numLevels]zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedDefault, zstd.SpeedBetterCompression, zstd.SpeedBestCompression} {
			pageEnc[i], _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(l), zstd.WithEncoderCRC(false),
				zstd.WithEncoderConcurrency(1), zstd.WithLowerEncoderMem(true))
		}
	})
	return pageEnc[level]
}

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
	numLevels
)

var (
	pageEncOnce sync.Once
	pageEnc     [numLevels]*zstd.Encoder
)

// pageEncoder returns the shared zstd encoder of a level. EncodeAll is safe for
// concurrent use. Frames carry no checksum: Parquet pages have their own framing.
func pageEncoder(level int) *zstd.Encoder {
	pageEncOnce.Do(func() {
		for i, l := range [numLevels]zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedBetterCompression, zstd.SpeedDefault} {
			pageEnc[i], _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(l), zstd.WithEncoderCRC(false),
				zstd.WithEncoderConcurrency(1), zstd.WithLowerEncoderMem(true))
		}
	})
	return pageEnc[level]
}

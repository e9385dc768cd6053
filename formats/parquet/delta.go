package parquet

import (
	"encoding/binary"
	"math/bits"
)

// DELTA_BINARY_PACKED with byte-aligned miniblocks: each miniblock's bit width is rounded
// up to whole bytes (the encoding lets a writer pick any width that holds its values), so
// every delta is a little-endian integer of 0-8 bytes, which zstd compresses far better
// than bit-packed ones.

const (
	deltaBlock      = 128 // values per block
	deltaMiniblocks = 4   // miniblocks per block
	deltaMini       = deltaBlock / deltaMiniblocks
)

// appendDeltaInt64 appends the DELTA_BINARY_PACKED encoding of v.
func appendDeltaInt64(dst []byte, v []int64) []byte {
	dst = binary.AppendUvarint(dst, deltaBlock)
	dst = binary.AppendUvarint(dst, deltaMiniblocks)
	dst = binary.AppendUvarint(dst, uint64(len(v)))
	var first int64
	if len(v) > 0 {
		first = v[0]
	}
	dst = binary.AppendVarint(dst, first)
	var deltas [deltaBlock]uint64
	for start := 1; start < len(v); start += deltaBlock {
		n := min(deltaBlock, len(v)-start)
		minDelta := v[start] - v[start-1]
		for i := 0; i < n; i++ {
			d := v[start+i] - v[start+i-1]
			deltas[i] = uint64(d)
			minDelta = min(minDelta, d)
		}
		dst = binary.AppendVarint(dst, minDelta)
		var widths [deltaMiniblocks]int
		for m := range deltaMiniblocks {
			lo := m * deltaMini
			if lo >= n {
				break
			}
			var or uint64
			for i := lo; i < min(lo+deltaMini, n); i++ {
				deltas[i] -= uint64(minDelta)
				or |= deltas[i]
			}
			widths[m] = (bits.Len64(or) + 7) / 8 * 8
		}
		for _, w := range widths {
			dst = append(dst, byte(w))
		}
		for m := range deltaMiniblocks {
			lo := m * deltaMini
			if lo >= n {
				break
			}
			nb := widths[m] / 8
			for i := lo; i < lo+deltaMini; i++ {
				var x uint64
				if i < n {
					x = deltas[i]
				}
				for k := 0; k < nb; k++ {
					dst = append(dst, byte(x>>(8*k)))
				}
			}
		}
	}
	return dst
}

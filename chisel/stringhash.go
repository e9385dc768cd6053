package chisel

import "encoding/binary"

// stdStringHashSeed and stdStringHashMul are the seed and multiplier of the GNU C++
// runtime's string hash on 64-bit machines.
const (
	stdStringHashSeed = 0xc70f6907
	stdStringHashMul  = 0xc6a4a7935bd1e995
)

// stdStringHash is the hash the GNU C++ runtime gives a string as a hash map key on
// 64-bit machines (a MurmurHash2 variant): 8-byte little-endian words, then the tail.
func stdStringHash(s string) uint64 {
	mix := func(v uint64) uint64 { return v ^ v>>47 }
	h := uint64(stdStringHashSeed) ^ uint64(len(s))*stdStringHashMul
	b := []byte(s)
	for ; len(b) >= 8; b = b[8:] {
		h ^= mix(binary.LittleEndian.Uint64(b)*stdStringHashMul) * stdStringHashMul
		h *= stdStringHashMul
	}
	if len(b) > 0 {
		var tail uint64
		for i := len(b) - 1; i >= 0; i-- {
			tail = tail<<8 | uint64(b[i])
		}
		h ^= tail
		h *= stdStringHashMul
	}
	return mix(mix(h) * stdStringHashMul)
}

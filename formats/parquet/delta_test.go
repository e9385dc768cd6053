package parquet

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/parquet-go/parquet-go/encoding/delta"
)

// TestDeltaByteAligned: the Parquet library's decoder reads back what appendDeltaInt64
// writes, for every block shape and for deltas of every size.
func TestDeltaByteAligned(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	inputs := [][]int64{nil, {7}, {math.MinInt64, math.MaxInt64, 0, -1}}
	for _, n := range []int{2, 31, 32, 33, 127, 128, 129, 130, 300, 1000} {
		mono, wild := make([]int64, n), make([]int64, n)
		ts := int64(1_700_000_000_000_000_000)
		for i := range mono {
			ts += rng.Int64N(1 << uint(rng.IntN(40)))
			mono[i] = ts
			wild[i] = int64(rng.Uint64())
		}
		inputs = append(inputs, mono, wild)
	}
	var dec delta.BinaryPackedEncoding
	for _, in := range inputs {
		b := appendDeltaInt64(nil, in)
		got, err := dec.DecodeInt64(nil, b)
		if err != nil {
			t.Fatalf("%d values: %v", len(in), err)
		}
		if !slices.Equal(got, in) && !(len(got) == 0 && len(in) == 0) {
			t.Fatalf("%d values decoded differently", len(in))
		}
	}
}

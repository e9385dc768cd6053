package store

import (
	"reflect"
	"testing"

	"github.com/scrylabs/scry/formats/parquet"
)

// FuzzDecodeCatalog feeds damaged catalog files to the decoder: it returns an error or
// segments, never panics, and what it decodes encodes back to bytes that decode to the
// same segments.
func FuzzDecodeCatalog(f *testing.F) {
	b := encodeCatalog([]Segment{
		{Rel: "host=a/date=2026-11-27/hour=10/1-2.parquet", Host: "a", Size: 4096, ModTimeNs: 7, SchemaVersion: 3,
			Snapshot: SnapshotState, Stats: parquet.Stats{Events: 2, FirstTs: 1, LastTs: 2, MinTs: 1, MaxTs: 2,
				FirstNum: 1, LastNum: 2, Types: map[string]int64{"open": 1, "read": 1}, Hostname: "a"},
			summary: []byte{1, 2, 3}},
		{Rel: "host=a/date=2026-11-27/hour=11/3-3.parquet", Host: "a", Snapshot: SnapshotCapture,
			Stats: parquet.Stats{Events: 1, Types: map[string]int64{}}},
	})
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add(encodeCatalog(nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		segs, err := decodeCatalog(b)
		if err != nil {
			return
		}
		again, err := decodeCatalog(encodeCatalog(segs))
		if err != nil {
			t.Fatalf("re-encoded catalog of %d segments does not decode: %v", len(segs), err)
		}
		if len(segs) == 0 && len(again) == 0 {
			return
		}
		if !reflect.DeepEqual(segs, again) {
			t.Fatalf("catalog changed through a round trip:\n%+v\n%+v", segs, again)
		}
	})
}

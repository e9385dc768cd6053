package parquet

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go/format"
)

// TestPageVariantsReadBack: a small row group's pages take whichever encoding packs
// smallest; every choice must read back, and the footer must list the encoding used.
func TestPageVariantsReadBack(t *testing.T) {
	// evt_latency growing steadily packs smaller as DELTA_BINARY_PACKED than PLAIN.
	r := writeTestFile(t, 2000, WriterOptions{PackSmall: true}, func(i int, en *Enriched) {
		en.SetInt(ColEvtLatency, int64(1_000_000+i*4099))
	})
	md := r.File().Metadata().RowGroups[0].Columns[LeafIndex(ColEvtLatency)].MetaData
	if !slices.Contains(md.Encoding, format.DeltaBinaryPacked) || slices.Contains(md.Encoding, format.Plain) {
		t.Errorf("steady evt_latency: encodings %v, want DELTA_BINARY_PACKED and not PLAIN", md.Encoding)
	}
	for i, v := range columnStrings(t, r, ColEvtLatency) {
		if want := strconv.Itoa(1_000_000 + i*4099); v != want {
			t.Fatalf("row %d: evt_latency %s, want %s", i, v, want)
		}
	}
	// Dictionaries of every code width, codes in a scrambled order.
	for _, n := range []int{2, 3, 5, 12, 17, 40, 100, 300, 1000} {
		// Values in a random order, so that the dictionary is smaller than the values
		// written out (a periodic order would take zstd and brotli a few bytes).
		rows := max(3000, 20*n) // each value often enough for the dictionary to pay
		rng := rand.New(rand.NewPCG(uint64(n), 7))
		codes := make([]int, rows)
		for i := range codes {
			codes[i] = rng.IntN(n)
		}
		val := func(i int) string { return "/v" + strconv.Itoa(codes[i]) }
		r := writeTestFile(t, rows, WriterOptions{PackSmall: true}, func(i int, en *Enriched) {
			en.SetString(ColFdName, []byte(val(i)))
		})
		got := columnStrings(t, r, ColFdName)
		if len(got) != rows {
			t.Fatalf("%d values: %d rows read", n, len(got))
		}
		for i, v := range got {
			if v != val(i) {
				t.Fatalf("%d values: row %d: %q, want %q", n, i, v, val(i))
			}
		}
		md := r.File().Metadata().RowGroups[0].Columns[LeafIndex(ColFdName)].MetaData
		// A short capture's file leaves the encoding stats out: DictionaryOnly knows.
		if len(md.EncodingStats) != 0 || !slices.Contains(md.Encoding, format.RLEDictionary) || !DictionaryOnly(&md, SchemaVersion) {
			t.Errorf("%d values: encoding stats %v, encodings %v: want none, RLE_DICTIONARY, and DictionaryOnly", n, md.EncodingStats, md.Encoding)
		}
	}
}

// TestPackSmallOff: without PackSmall (store segments) a small file keeps the column
// encodings and zstd on every chunk.
func TestPackSmallOff(t *testing.T) {
	r := writeTestFile(t, 2000, WriterOptions{}, func(i int, en *Enriched) {
		en.SetInt(ColEvtLatency, int64(1_000_000+i*4099))
	})
	for i, c := range r.File().Metadata().RowGroups[0].Columns {
		if c.MetaData.Codec != format.Zstd {
			t.Errorf("column %d: codec %v, want zstd", i, c.MetaData.Codec)
		}
	}
	md := r.File().Metadata().RowGroups[0].Columns[LeafIndex(ColEvtLatency)].MetaData
	if slices.Contains(md.Encoding, format.DeltaBinaryPacked) {
		t.Errorf("evt_latency: encodings %v, want PLAIN without PackSmall", md.Encoding)
	}
}

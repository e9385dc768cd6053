package parquet

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// TestNoDictionaryChunks: in a short capture's file, dictionary columns whose values are
// smaller written out (all distinct file names; sorted process ids, as DELTA) have no
// dictionary page, read back, keep their bloom filter, and are not taken for
// dictionary-only chunks; a repetitive column keeps its dictionary.
func TestNoDictionaryChunks(t *testing.T) {
	const rows = 3000
	name := func(i int) string { return "/srv/data/file-" + strconv.Itoa(i*7) + ".log" }
	rng := rand.New(rand.NewPCG(1, 2))
	procs := make([]string, rows) // three names in a random order: the dictionary pays
	for i := range procs {
		procs[i] = []string{"nginx", "bash", "sshd"}[rng.IntN(3)]
	}
	r := writeTestFile(t, rows, WriterOptions{PackSmall: true}, func(i int, en *Enriched) {
		en.SetString(ColFdName, []byte(name(i)))
		en.SetInt(ColProcPid, int64(1000+i/40))
		en.SetString(ColProcName, []byte(procs[i]))
	})
	cols := r.File().Metadata().RowGroups[0].Columns
	for _, c := range []struct {
		col  int
		enc  format.Encoding
		dict bool
	}{
		{ColFdName, format.Plain, false},
		{ColProcPid, format.DeltaBinaryPacked, false},
		{ColProcName, format.RLEDictionary, true},
	} {
		md := cols[LeafIndex(c.col)].MetaData
		if (md.DictionaryPageOffset != 0) != c.dict || !slices.Contains(md.Encoding, c.enc) || DictionaryOnly(&md, SchemaVersion) != c.dict {
			t.Errorf("%s: dictionary page at %d, encodings %v; want dictionary %v and %v", Columns[c.col].Name, md.DictionaryPageOffset, md.Encoding, c.dict, c.enc)
		}
	}
	for i, v := range columnStrings(t, r, ColFdName) {
		if v != name(i) {
			t.Fatalf("row %d: fd_name %q, want %q", i, v, name(i))
		}
	}
	for i, v := range columnInts(t, r, ColProcPid) {
		if v != int64(1000+i/40) {
			t.Fatalf("row %d: proc_pid %d, want %d", i, v, 1000+i/40)
		}
	}
	bf := r.File().RowGroups()[0].ColumnChunks()[LeafIndex(ColFdName)].BloomFilter()
	if bf == nil {
		t.Fatal("fd_name lost its bloom filter")
	}
	for _, i := range []int{0, 1234, rows - 1} {
		if ok, err := bf.Check(pq.ByteArrayValue([]byte(name(i)))); err != nil || !ok {
			t.Errorf("bloom filter misses %s: %v %v", name(i), ok, err)
		}
	}
}

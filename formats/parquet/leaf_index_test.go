package parquet

import "testing"

// LeafIndex is computed without the schema: it must be the leaf the schema gives.
func TestLeafIndexMatchesSchema(t *testing.T) {
	s := Schema()
	seen := map[int]bool{}
	for i := range Columns {
		leaf, ok := s.Lookup(Columns[i].Name)
		if !ok {
			t.Fatalf("column %s missing from the schema", Columns[i].Name)
		}
		if got := LeafIndex(i); got != leaf.ColumnIndex || seen[got] {
			t.Errorf("LeafIndex(%s) = %d, schema leaf %d (seen before: %t)", Columns[i].Name, got, leaf.ColumnIndex, seen[got])
		}
		seen[LeafIndex(i)] = true
	}
}

package chisel

import (
	"slices"
	"testing"
)

// The expected orders are what sysdig's LuaJIT prints for
// `local t = {} for _, k in ipairs(keys) do t[k] = true end for k in pairs(t) ...`.
func TestLuaJITOrderMatchesReference(t *testing.T) {
	cases := []struct{ keys, want []int64 }{
		{
			keys: []int64{34, 32, 37, 12, 26, 41, 23, 39, 33, 29, 20},
			want: []int64{34, 32, 12, 26, 39, 23, 20, 29, 33, 37, 41},
		},
		{
			keys: []int64{1019, 634, 829, 809, 1840, 830, 1803, 827, 936, 497, 415, 828, 826},
			want: []int64{829, 1019, 634, 809, 1840, 826, 1803, 828, 936, 497, 415, 830, 827},
		},
		{
			keys: []int64{5, 3, 100000, 7, 2, 64, 65, 66, 1, 0},
			want: []int64{0, 1, 2, 3, 5, 7, 100000, 64, 66, 65},
		},
		{
			keys: []int64{29821, 29726, 1397, 29727, 29728, 1221, 29703, 1, 2, 3},
			want: []int64{1, 2, 29821, 3, 1221, 29728, 29727, 29726, 1397, 29703},
		},
	}
	for _, c := range cases {
		if got := luajitOrder(c.keys); !slices.Equal(got, c.want) {
			t.Errorf("luajitOrder(%v)\n got %v\nwant %v", c.keys, got, c.want)
		}
	}
}

func TestLuaJITOrderDenseKeysAreAscending(t *testing.T) {
	var keys []int64
	for k := int64(44); k >= 0; k-- {
		if k != 8 && k != 15 {
			keys = append(keys, k)
		}
	}
	got := luajitOrder(keys)
	if !slices.IsSorted(got) || len(got) != len(keys) {
		t.Errorf("dense keys inserted in reverse: got %v, want ascending", got)
	}
}

func TestLuaJITOrderKeepsEveryKeyOnce(t *testing.T) {
	keys := []int64{7, 7, 1 << 40, -3, 12, 7, 0, 99999}
	got := luajitOrder(keys)
	if len(got) != 6 {
		t.Fatalf("got %v: want 6 distinct keys", got)
	}
	seen := map[int64]bool{}
	for _, k := range got {
		if seen[k] {
			t.Errorf("key %d twice in %v", k, got)
		}
		seen[k] = true
	}
}

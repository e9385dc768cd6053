package parquet

import (
	"testing"

	"github.com/parquet-go/parquet-go/format"
)

// TestDictionaryOnly: encoding stats decide where present; without them, only files of
// schema version 5 or later vouch for chunks with a dictionary page.
func TestDictionaryOnly(t *testing.T) {
	dictPage := format.PageEncodingStats{PageType: format.DictionaryPage, Encoding: format.Plain, Count: 1}
	cases := []struct {
		name    string
		m       format.ColumnMetaData
		version int
		want    bool
	}{
		{"stats: dictionary pages only", format.ColumnMetaData{EncodingStats: []format.PageEncodingStats{dictPage,
			{PageType: format.DataPageV2, Encoding: format.RLEDictionary, Count: 3}}}, 4, true},
		{"stats: a PLAIN data page", format.ColumnMetaData{EncodingStats: []format.PageEncodingStats{dictPage,
			{PageType: format.DataPageV2, Encoding: format.RLEDictionary, Count: 3},
			{PageType: format.DataPageV2, Encoding: format.Plain, Count: 1}}}, 5, false},
		{"no stats, version 4", format.ColumnMetaData{DictionaryPageOffset: 100}, 4, false},
		{"no stats, version 5, dictionary page", format.ColumnMetaData{DictionaryPageOffset: 100}, 5, true},
		{"no stats, version 5, no dictionary page", format.ColumnMetaData{}, 5, false},
	}
	for _, c := range cases {
		if got := DictionaryOnly(&c.m, c.version); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

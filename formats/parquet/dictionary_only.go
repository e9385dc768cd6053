package parquet

import (
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// dictionaryStatsVersion is the first schema version whose files may leave out the
// encoding stats of dictionary chunks (in a short capture's file, where they were a
// tenth of the footer): a scry writer never falls back from a chunk's dictionary, so a
// chunk with a dictionary page uses it for every value.
const dictionaryStatsVersion = 5

// FileVersion is the schema version a scry Parquet file declares, 0 when none.
func FileVersion(pf *pq.File) int {
	v, ok := pf.Lookup(KeySchemaVersion)
	if !ok {
		return 0
	}
	n, err := parseVersion(v)
	if err != nil {
		return 0
	}
	return n
}

// DictionaryOnly reports whether every data page of a chunk of a file of schema version
// version is dictionary-encoded, so that its dictionary lists every value: its encoding
// stats say so or, in files that may leave them out, it has a dictionary page.
func DictionaryOnly(m *format.ColumnMetaData, version int) bool {
	if len(m.EncodingStats) == 0 {
		return version >= dictionaryStatsVersion && m.DictionaryPageOffset > 0
	}
	for _, s := range m.EncodingStats {
		if s.PageType != format.DictionaryPage && s.Encoding != format.RLEDictionary && s.Encoding != format.PlainDictionary {
			return false
		}
	}
	return true
}

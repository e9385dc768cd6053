// Command pqlayout shows where the bytes of scry Parquet files go: column chunk data
// (pages with their headers, dictionary pages), bloom filters, column and offset
// indexes, the footer and its key/value metadata. With several files it sums them.
//
//	go run ./bench/duckdb/pqlayout [-columns] FILE.parquet...
package main

import (
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

type tally struct {
	file, data, dict, bloom, colIdx, offIdx, footer, stats int64
	kv                                                     map[string]int64
	col                                                    map[string]*[4]int64 // data, bloom, indexes, chunk stats
	pages, chunks                                          int64
}

func main() {
	perColumn := flag.Bool("columns", false, "print a line per column")
	meta := flag.Bool("meta", false, "print the footer of the first file as JSON instead")
	flag.Parse()
	if *meta && flag.NArg() > 0 {
		if err := dumpMeta(flag.Arg(0)); err != nil {
			fmt.Fprintln(os.Stderr, "pqlayout:", err)
			os.Exit(1)
		}
		return
	}
	t := tally{kv: map[string]int64{}, col: map[string]*[4]int64{}}
	for _, name := range flag.Args() {
		if err := add(&t, name); err != nil {
			fmt.Fprintln(os.Stderr, "pqlayout:", err)
			os.Exit(1)
		}
	}
	p := func(what string, n int64) {
		fmt.Printf("%-28s %10d  %5.1f%%\n", what, n, 100*float64(n)/float64(t.file))
	}
	p("file", t.file)
	p("column data (pages+dict)", t.data)
	p("  of which dictionary pages", t.dict)
	p("bloom filters", t.bloom)
	p("column indexes", t.colIdx)
	p("offset indexes", t.offIdx)
	p("footer", t.footer)
	p("  chunk min/max in footer", t.stats)
	keys := make([]string, 0, len(t.kv))
	for k := range t.kv {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p("  kv "+k, t.kv[k])
	}
	fmt.Printf("column chunks %d, data pages %d\n", t.chunks, t.pages)
	if *perColumn {
		names := make([]string, 0, len(t.col))
		for k := range t.col {
			names = append(names, k)
		}
		sort.Slice(names, func(i, j int) bool { return t.col[names[i]][0] > t.col[names[j]][0] })
		fmt.Printf("%-16s %10s %8s %8s %8s\n", "column", "data", "bloom", "indexes", "stats")
		for _, n := range names {
			c := t.col[n]
			fmt.Printf("%-16s %10d %8d %8d %8d\n", n, c[0], c[1], c[2], c[3])
		}
	}
}

func add(t *tally, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := pq.OpenFile(f, st.Size(), pq.SkipBloomFilters(true))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	t.file += st.Size()
	var tail [8]byte
	if _, err := f.ReadAt(tail[:], st.Size()-8); err != nil {
		return err
	}
	t.footer += int64(binary.LittleEndian.Uint32(tail[:4])) + 8
	md := pf.Metadata()
	for _, kv := range md.KeyValueMetadata {
		t.kv[kv.Key] += int64(len(kv.Key) + len(kv.Value))
	}
	for _, rg := range md.RowGroups {
		for _, cc := range rg.Columns {
			m := &cc.MetaData
			c := t.col[m.PathInSchema[0]]
			if c == nil {
				c = new([4]int64)
				t.col[m.PathInSchema[0]] = c
			}
			t.chunks++
			t.data += m.TotalCompressedSize
			c[0] += m.TotalCompressedSize
			if m.DictionaryPageOffset > 0 {
				t.dict += m.DataPageOffset - m.DictionaryPageOffset
			}
			t.bloom += int64(m.BloomFilterLength)
			c[1] += int64(m.BloomFilterLength)
			t.colIdx += int64(cc.ColumnIndexLength)
			t.offIdx += int64(cc.OffsetIndexLength)
			c[2] += int64(cc.ColumnIndexLength + cc.OffsetIndexLength)
			s := int64(len(m.Statistics.MinValue) + len(m.Statistics.MaxValue) + len(m.Statistics.Min) + len(m.Statistics.Max))
			t.stats += s
			c[3] += s
		}
	}
	// Data pages: from the encoding stats where a chunk has them (scry writes them on
	// dictionary chunks only, since schema 4), else from the offset index, else one.
	offIdx := pf.OffsetIndexes()
	for g, rg := range md.RowGroups {
		for i, cc := range rg.Columns {
			n := int64(0)
			for _, es := range cc.MetaData.EncodingStats {
				if es.PageType == format.DataPage || es.PageType == format.DataPageV2 {
					n += int64(es.Count)
				}
			}
			if k := g*len(rg.Columns) + i; n == 0 && k < len(offIdx) {
				n = int64(len(offIdx[k].PageLocations))
			}
			t.pages += max(n, 1)
		}
	}
	return nil
}

func dumpMeta(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := pq.OpenFile(f, st.Size(), pq.SkipBloomFilters(true), pq.SkipPageIndex(true))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	md := *pf.Metadata()
	md.KeyValueMetadata = nil
	b, err := json.MarshalIndent(md, "", " ")
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(append(b, '\n'))
	return err
}

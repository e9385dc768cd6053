package parquet

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"unsafe"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/bloom"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// magic starts and ends a Parquet file.
const magic = "PAR1"

// bloomBitsPerValue sizes a chunk's bloom filter from its distinct values (its
// dictionary): about 1% false positives.
const bloomBitsPerValue = 10

var schemaVersionText = strconv.Itoa(SchemaVersion)

// createdBy names the writer in the footer.
const createdBy = "scry version " + "1"

var (
	templateOnce   sync.Once
	templateSchema []format.SchemaElement // root, then the leaves in leaf order
	templateOrders []format.ColumnOrder
	columnOfLeaf   [NumColumns]int
)

// loadTemplate takes the schema elements and column orders of the footer from an empty
// file written by the Parquet library for Schema(): the footer then describes the schema
// exactly as the library (and the reader) sees it.
func loadTemplate() {
	templateOnce.Do(func() {
		var buf bytes.Buffer
		pw := pq.NewGenericWriter[any](&buf, Schema())
		if err := pw.Close(); err != nil {
			panic("parquet: write the schema template: " + err.Error())
		}
		pf, err := pq.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			panic("parquet: read the schema template: " + err.Error())
		}
		md := pf.Metadata()
		templateSchema = append([]format.SchemaElement(nil), md.Schema...)
		for i := range templateSchema {
			// The library sets type_length on every leaf; it means something for
			// FIXED_LEN_BYTE_ARRAY only (which the schema has none of).
			if templateSchema[i].Type.V != format.FixedLenByteArray {
				templateSchema[i].TypeLength.Valid = false
			}
		}
		templateOrders = append([]format.ColumnOrder(nil), md.ColumnOrders...)
		if len(templateSchema) != NumColumns+1 {
			panic(fmt.Sprintf("parquet: schema template has %d elements for %d columns", len(templateSchema), NumColumns))
		}
		for col := range Columns {
			columnOfLeaf[LeafIndex(col)] = col
		}
	})
}

// footer collects the file metadata as row groups are written.
type footer struct {
	groups    []format.RowGroup
	colIdx    [][]format.ColumnIndex // by row group, then leaf
	offIdx    [][]format.OffsetIndex
	multiPage bool // some chunk has several pages: the page index is written
	smallOnly bool // the file's only row group is small (smallGroup)
	dict      []byte
	comp, alt []byte
	bloom     bloom.SplitBlockFilter
}

func (f *footer) reset() {
	f.groups, f.colIdx, f.offIdx, f.multiPage, f.smallOnly = f.groups[:0], f.colIdx[:0], f.offIdx[:0], false, false
}

// dataPageType is the type of a column's data pages: DATA_PAGE (levels compressed with
// the values) for optional columns, DATA_PAGE_V2 for required ones.
func dataPageType(c *Column) format.PageType {
	if c.Optional {
		return format.DataPage
	}
	return format.DataPageV2
}

// encodingsOf lists the encodings of a chunk's pages (cutPage counted its data pages').
func encodingsOf(cw *chunkWriter) []format.Encoding {
	var e []format.Encoding
	if cw.dict && !cw.nd.chose {
		e = append(e, format.Plain)
	}
	for _, n := range cw.encCounts {
		if !slices.Contains(e, n.enc) {
			e = append(e, n.enc)
		}
	}
	if cw.c.Optional {
		e = append(e, format.RLE)
	}
	return e
}

// encodingStats lists the pages of a dictionary-encoded chunk by type and encoding, which
// tells readers whether the dictionary holds every value of the chunk (query/plan and the
// store summary prune by it). Other chunks have none: without them a reader assumes the
// same as with them, that some values are outside any dictionary.
func encodingStats(cw *chunkWriter) []format.PageEncodingStats {
	if !cw.dict {
		return nil
	}
	var st []format.PageEncodingStats
	if cw.dict {
		st = append(st, format.PageEncodingStats{PageType: format.DictionaryPage, Encoding: format.Plain, Count: 1})
	}
	for _, n := range cw.encCounts {
		st = append(st, format.PageEncodingStats{PageType: dataPageType(cw.c), Encoding: n.enc, Count: n.pages})
	}
	return st
}

// writeGroup writes the chunks of the row group held by w's chunk writers, then their
// bloom filters.
func (f *footer) writeGroup(w *Writer, rows int64) {
	loadTemplate()
	only := w.closed && len(f.groups) == 0 // the file's only row group
	small := smallGroup(w, rows)
	f.smallOnly = only && small
	rg := format.RowGroup{NumRows: rows, FileOffset: w.off, Ordinal: int16(len(f.groups)),
		Columns: make([]format.ColumnChunk, NumColumns)}
	cis := make([]format.ColumnIndex, NumColumns)
	ois := make([]format.OffsetIndex, NumColumns)
	if only && small && w.opts.SortSmall && len(w.secs) <= 1 && len(w.tids) == int(rows) && worthGrouping(w.tids, w.shown) {
		if perm := threadOrder(w.tids); perm != nil {
			for _, cw := range w.chunks {
				cw.permute(perm)
			}
			rg.SortingColumns = sortingColumns()
		}
	}
	if only && small {
		packConcurrently(w.chunks[:])
	}
	for leaf := range NumColumns {
		cw := w.chunks[columnOfLeaf[leaf]]
		cw.cutPage(small) // a no-op after packConcurrently
		md := &rg.Columns[leaf].MetaData
		md.Type = format.Type(templateSchema[leaf+1].Type.V)
		md.Encoding = encodingsOf(cw)
		md.PathInSchema = []string{cw.c.Name}
		md.NumValues = cw.numRows
		md.Statistics = cw.statistics()
		start := w.off
		// Every chunk declares zstd, whatever its pages gained, except in a file's only row
		// group (chunk_codec.go). Data pages say on their own whether they are compressed;
		// a dictionary page cannot, so it is whenever its chunk is.
		var dictRaw []byte
		dictValues := 0
		if cw.dict {
			dictRaw, dictValues = cw.dictionaryPage(f.dict[:0])
			f.dict = dictRaw
		}
		codec := format.Zstd
		if only && small {
			var dictComp []byte
			if cw.dict {
				dictComp = f.compressDictionary(cw, dictRaw, small)
			}
			size := len(cw.body)
			if cw.dict {
				size += len(appendDictionaryPageHeader(nil, int32(len(dictRaw)), int32(len(dictComp)), int32(dictValues))) + len(dictComp)
			}
			if plain, ok := cw.uncompressedSize(dictRaw, dictValues); ok && plain < size {
				codec, size = format.Uncompressed, plain
			}
			if n, ok := cw.brotliSize(dictRaw, dictValues); ok && n < size {
				codec, size = format.Brotli, n
			}
			noDict := false
			if n, br, ok := cw.noDictSize(size); ok && n < size {
				noDict, codec = true, format.Zstd
				if br {
					codec = format.Brotli
				}
			}
			switch {
			case noDict:
				cw.useNoDict(codec == format.Brotli)
			case codec == format.Uncompressed:
				cw.uncompress()
			case codec == format.Brotli:
				cw.useBrotli()
			}
			md.Encoding = encodingsOf(cw) // brotli, or no dictionary, may take another encoding
		} else if cw.dict {
			f.compressDictionary(cw, dictRaw, small)
		}
		if cw.dict && !cw.nd.chose {
			body := f.comp
			switch codec {
			case format.Uncompressed:
				body = dictRaw
			case format.Brotli:
				body = cw.brDict
			}
			cw.hdr = appendDictionaryPageHeader(cw.hdr[:0], int32(len(dictRaw)), int32(len(body)), int32(dictValues))
			md.DictionaryPageOffset = start
			md.TotalUncompressedSize += int64(len(cw.hdr) + len(dictRaw))
			w.write(cw.hdr)
			w.write(body)
		}
		if !(only && small) { // a short capture's file leaves them out (DictionaryOnly)
			md.EncodingStats = encodingStats(cw)
		}
		md.Codec = codec
		md.DataPageOffset = w.off
		w.write(cw.body)
		md.TotalUncompressedSize += cw.rawSize
		md.TotalCompressedSize = w.off - start
		rg.TotalByteSize += md.TotalUncompressedSize
		rg.TotalCompressedSize += md.TotalCompressedSize
		if len(cw.locs) > 1 {
			f.multiPage = true
		}
		locs := make([]format.PageLocation, len(cw.locs))
		for i, l := range cw.locs {
			l.Offset += md.DataPageOffset
			locs[i] = l
		}
		ois[leaf] = format.OffsetIndex{PageLocations: locs}
		cis[leaf] = cw.ci
		cw.ci = format.ColumnIndex{}
	}
	for leaf := range NumColumns {
		cw := w.chunks[columnOfLeaf[leaf]]
		if !cw.c.Bloom || !cw.dict || len(cw.sd.vals) == 0 {
			continue
		}
		md := &rg.Columns[leaf].MetaData
		md.BloomFilterOffset = w.off
		f.writeBloom(w, cw.sd.vals)
		md.BloomFilterLength = int32(w.off - md.BloomFilterOffset)
	}
	f.groups = append(f.groups, rg)
	f.colIdx = append(f.colIdx, cis)
	f.offIdx = append(f.offIdx, ois)
}

// compressDictionary compresses a chunk's dictionary page at its level; at the best level
// (a small row group's) also at the column's, keeping the smaller (page_variants.go).
func (f *footer) compressDictionary(cw *chunkWriter, raw []byte, small bool) []byte {
	level := cw.pageLevel(small)
	f.comp = compressPage(level, raw, f.comp[:0])
	if level == levelBest && cw.level != levelBest {
		f.alt = compressPage(cw.level, raw, f.alt[:0])
		if len(f.alt) < len(f.comp) {
			f.comp, f.alt = f.alt, f.comp
		}
	}
	return f.comp
}

// writeBloom writes a split-block bloom filter of vals, sized from their count.
func (f *footer) writeBloom(w *Writer, vals []string) {
	n := max(1, bloom.NumSplitBlocksOf(int64(len(vals)), bloomBitsPerValue))
	if cap(f.bloom) < n {
		f.bloom = make(bloom.SplitBlockFilter, n)
	}
	f.bloom = f.bloom[:n]
	f.bloom.Reset()
	var h bloom.XXH64
	for _, s := range vals {
		f.bloom.Insert(h.Sum64(unsafe.Slice(unsafe.StringData(s), len(s))))
	}
	bits := f.bloom.Bytes()
	hdr := format.BloomFilterHeader{NumBytes: int32(len(bits))}
	hdr.Algorithm.Value = &format.SplitBlockAlgorithm{}
	hdr.Hash.Value = &format.XxHash{}
	hdr.Compression.Value = &format.BloomFilterUncompressed{}
	b, err := thrift.Marshal(new(thrift.CompactProtocol), &hdr)
	if err != nil {
		w.err = fmt.Errorf("encode bloom filter header: %w", err)
		return
	}
	w.write(b)
	w.write(bits)
}

// write writes the page index (when some chunk has several pages), the footer and the
// closing magic.
func (f *footer) write(w *Writer, kv [][2]string) error {
	loadTemplate()
	proto := new(thrift.CompactProtocol)
	if f.multiPage {
		for g := range f.groups {
			for leaf := range NumColumns {
				if Columns[columnOfLeaf[leaf]].NoBounds {
					continue // bounds of free text prune nothing
				}
				b, err := thrift.Marshal(proto, &f.colIdx[g][leaf])
				if err != nil {
					return fmt.Errorf("encode column index: %w", err)
				}
				c := &f.groups[g].Columns[leaf]
				c.ColumnIndexOffset, c.ColumnIndexLength = w.off, int32(len(b))
				w.write(b)
			}
		}
		for g := range f.groups {
			for leaf := range NumColumns {
				b, err := thrift.Marshal(proto, &f.offIdx[g][leaf])
				if err != nil {
					return fmt.Errorf("encode offset index: %w", err)
				}
				c := &f.groups[g].Columns[leaf]
				c.OffsetIndexOffset, c.OffsetIndexLength = w.off, int32(len(b))
				w.write(b)
			}
		}
	}
	md := format.FileMetaData{Version: 2, Schema: templateSchema, RowGroups: f.groups, CreatedBy: createdBy,
		ColumnOrders: templateOrders}
	for _, g := range f.groups {
		md.NumRows += g.NumRows
	}
	for _, p := range kv {
		md.KeyValueMetadata = append(md.KeyValueMetadata, format.KeyValue{Key: p[0], Value: p[1]})
	}
	b, err := thrift.Marshal(proto, &md)
	if err != nil {
		return fmt.Errorf("encode footer: %w", err)
	}
	w.write(b)
	w.write(binary.LittleEndian.AppendUint32(nil, uint32(len(b))))
	return w.write([]byte(magic))
}

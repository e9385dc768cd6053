package parquet

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/scrylabs/scry/formats/event"
)

// writeTestFile writes n test events with set filling each row's enriched columns.
func writeTestFile(t *testing.T, n int, opts WriterOptions, set func(i int, en *Enriched)) *Reader {
	t.Helper()
	return writeEvents(t, testEvents(n), opts, []SectionStart{{FirstNum: 1, Section: testSection()}}, set)
}

// writeEvents writes evs after the sections secs, with set filling each row's enriched
// columns, and opens the file.
func writeEvents(t *testing.T, evs []event.Event, opts WriterOptions, secs []SectionStart, set func(i int, en *Enriched)) *Reader {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, opts)
	for _, s := range secs {
		w.AddSection(s.FirstNum, s.Section)
	}
	var en Enriched
	for i := range evs {
		en.Reset()
		set(i, &en)
		if err := w.Write(&evs[i], &en); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "t")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSmallFileLayout: a file whose chunks all hold one page has no page index, the null
// count of an all-null chunk is right, and bloom filters are sized from the distinct
// values.
//
// In a file's only row group, packed smallest (PackSmall), a chunk that zstd does not
// shrink (a column null on every row) is stored uncompressed and reads back; in files of
// several row groups every chunk declares zstd (TestCodecAcrossRowGroups), and without
// PackSmall every chunk does (TestPackSmallOff).
func TestSmallFileLayout(t *testing.T) {
	r := writeTestFile(t, 300, WriterOptions{PackSmall: true}, func(i int, en *Enriched) {
		en.SetString(ColFdName, []byte("/f"+strconv.Itoa(i%5)))
	})
	md := r.File().Metadata()
	if len(md.RowGroups) != 1 {
		t.Fatalf("%d row groups, want 1", len(md.RowGroups))
	}
	for i, c := range md.RowGroups[0].Columns {
		if c.ColumnIndexOffset != 0 || c.OffsetIndexOffset != 0 {
			t.Errorf("column %d: page index in a single-page file", i)
		}
	}
	if c := md.RowGroups[0].Columns[LeafIndex(ColProcName)].MetaData; c.Codec == format.Zstd || c.Statistics.NullCount != 300 ||
		c.DictionaryPageOffset != 0 {
		t.Errorf("all-null proc_name: codec %v, %d nulls, dictionary page at %d (want no zstd, 300, none)", c.Codec, c.Statistics.NullCount, c.DictionaryPageOffset)
	}
	if c := md.RowGroups[0].Columns[LeafIndex(ColRawParams)].MetaData; c.Codec != format.Zstd && c.Codec != format.Brotli {
		t.Errorf("raw_params: codec %v, want zstd or brotli", c.Codec)
	}
	if got := columnStrings(t, r, ColProcName); len(got) != 300 || got[0] != "" || got[299] != "" {
		t.Errorf("all-null proc_name reads back %d values", len(got))
	}
	fd := md.RowGroups[0].Columns[LeafIndex(ColFdName)].MetaData
	if fd.BloomFilterLength <= 32 || fd.BloomFilterLength > 64 {
		t.Errorf("fd_name bloom filter of 5 values takes %d bytes, want one 32-byte block and its header", fd.BloomFilterLength)
	}
	bf := r.File().RowGroups()[0].ColumnChunks()[LeafIndex(ColFdName)].BloomFilter()
	for i := range 5 {
		if ok, err := bf.Check(pq.ByteArrayValue([]byte("/f" + strconv.Itoa(i)))); err != nil || !ok {
			t.Errorf("bloom filter misses /f%d: %v %v", i, ok, err)
		}
	}
	if c := md.RowGroups[0].Columns[LeafIndex(ColEvtArgs)].MetaData; c.BloomFilterOffset != 0 {
		t.Errorf("evt_args has a bloom filter")
	}
	got := columnStrings(t, r, ColFdName)
	for i, s := range got {
		if want := "/f" + strconv.Itoa(i%5); s != want {
			t.Fatalf("row %d: fd_name %q, want %q", i, s, want)
		}
	}
}

// TestBrotliChunks: in a file's only small row group packed smallest, text chunks that
// brotli takes smaller than zstd declare BROTLI, and read back.
func TestBrotliChunks(t *testing.T) {
	words := []string{"GET /index.html HTTP/1.1", "Host: example.com", "User-Agent: curl/8.5.0", "Accept: */*"}
	args := func(i int) string {
		return "fd=" + strconv.Itoa(3+i%7) + "(<4t>10.0.0.1:" + strconv.Itoa(40000+i) + "->10.0.0.2:80) size=" +
			strconv.Itoa(80+i%13) + " data=" + words[i%4] + ".." + words[(i+1)%4]
	}
	r := writeTestFile(t, 500, WriterOptions{PackSmall: true}, func(i int, en *Enriched) {
		en.SetString(ColEvtArgs, []byte(args(i)))
	})
	md := r.File().Metadata()
	if c := md.RowGroups[0].Columns[LeafIndex(ColEvtArgs)].MetaData; c.Codec != format.Brotli {
		t.Errorf("evt_args: codec %v, want BROTLI", c.Codec)
	}
	got := columnStrings(t, r, ColEvtArgs)
	if len(got) != 500 {
		t.Fatalf("evt_args reads back %d values, want 500", len(got))
	}
	for i, s := range got {
		if s != args(i) {
			t.Fatalf("row %d: evt_args %q, want %q", i, s, args(i))
		}
	}
	// Without PackSmall no chunk declares another codec than zstd.
	r = writeTestFile(t, 500, WriterOptions{}, func(i int, en *Enriched) {
		en.SetString(ColEvtArgs, []byte(args(i)))
	})
	for i, c := range r.File().Metadata().RowGroups[0].Columns {
		if c.MetaData.Codec != format.Zstd {
			t.Errorf("column %d: codec %v without PackSmall", i, c.MetaData.Codec)
		}
	}
}

// TestLongStringBounds: min/max of long strings are cut to statsPrefix bytes and still
// bound every value, in the chunk statistics and the column index.
func TestLongStringBounds(t *testing.T) {
	long := func(i int) string { return strings.Repeat("a", 90) + strconv.Itoa(1000+i) }
	r := writeTestFile(t, 3000, WriterOptions{PageRows: 1000}, func(i int, en *Enriched) {
		en.SetString(ColProcName, []byte(long(i)))
	})
	md := r.File().Metadata()
	st := md.RowGroups[0].Columns[LeafIndex(ColProcName)].MetaData.Statistics
	if len(st.MinValue) != statsPrefix || len(st.MaxValue) > statsPrefix {
		t.Fatalf("min %d bytes, max %d bytes: want at most %d", len(st.MinValue), len(st.MaxValue), statsPrefix)
	}
	ci := r.File().ColumnIndexes()[LeafIndex(ColProcName)]
	if len(ci.MinValues) != 3 {
		t.Fatalf("column index of %d pages, want 3", len(ci.MinValues))
	}
	for i := range 3000 {
		v := []byte(long(i))
		p := i / 1000
		if bytes.Compare(v, st.MinValue) < 0 || bytes.Compare(v, st.MaxValue) > 0 ||
			bytes.Compare(v, ci.MinValues[p]) < 0 || bytes.Compare(v, ci.MaxValues[p]) > 0 {
			t.Fatalf("row %d is outside its bounds", i)
		}
	}
}

func TestMaxPrefix(t *testing.T) {
	s := strings.Repeat("x", statsPrefix-1) + "\xff\xff"
	if got := string(maxPrefix(s)); got != strings.Repeat("x", statsPrefix-2)+"y" {
		t.Errorf("maxPrefix carries wrongly: %q", got)
	}
	all := strings.Repeat("\xff", statsPrefix+3)
	if got := string(maxPrefix(all)); got != all {
		t.Errorf("maxPrefix of 0xff bytes must keep the value")
	}
	if got := string(minPrefix(all)); len(got) != statsPrefix {
		t.Errorf("minPrefix is %d bytes", len(got))
	}
}

func TestCodeWidth(t *testing.T) {
	for n, want := range map[int]int{0: 1, 1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 256: 8, 257: 9} {
		if got := codeWidth(n); got != want {
			t.Errorf("codeWidth(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestByteWidth(t *testing.T) {
	for w, want := range map[int]int{1: 1, 2: 2, 3: 4, 4: 4, 5: 8, 7: 8, 8: 8, 9: 16, 16: 16, 17: 24, 32: 32} {
		if got := byteWidth(w); got != want {
			t.Errorf("byteWidth(%d) = %d, want %d", w, got, want)
		}
	}
}

// TestCodecAcrossRowGroups: a column whose first chunk gains nothing from compression and
// whose second does must still read back in every row group.
func TestCodecAcrossRowGroups(t *testing.T) {
	long := strings.Repeat("compressible-process-name-", 8)
	r := writeTestFile(t, 400, WriterOptions{RowGroupRows: 200, PageRows: 100}, func(i int, en *Enriched) {
		if i >= 200 {
			en.SetString(ColProcName, []byte(long+strconv.Itoa(i%3)))
		}
	})
	if n := len(r.File().Metadata().RowGroups); n != 2 {
		t.Fatalf("%d row groups, want 2", n)
	}
	for g, rg := range r.File().Metadata().RowGroups {
		for i, c := range rg.Columns {
			if c.MetaData.Codec != format.Zstd {
				t.Errorf("row group %d column %d: codec %v in a file of several row groups, want zstd", g, i, c.MetaData.Codec)
			}
		}
	}
	got := columnStrings(t, r, ColProcName)
	if len(got) != 400 {
		t.Fatalf("%d values, want 400", len(got))
	}
	for i, v := range got {
		want := ""
		if i >= 200 {
			want = long + strconv.Itoa(i%3)
		}
		if v != want {
			t.Fatalf("row %d: %q, want %q", i, v, want)
		}
	}
}

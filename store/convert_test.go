package store

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	pq "github.com/parquet-go/parquet-go"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
)

// sliceSource serves events from memory; the section changes at the event numbers of secs.
type sliceSource struct {
	evs  []event.Event
	secs map[uint64]*scap.Section
	cur  *scap.Section
	i    int
}

func (s *sliceSource) Next(ev *event.Event) error {
	if s.i >= len(s.evs) {
		return io.EOF
	}
	*ev = s.evs[s.i]
	ev.Raw = append([]byte(nil), ev.Raw...) // valid until the next call only
	s.i++
	if sec, ok := s.secs[ev.Num]; ok {
		s.cur = sec
	}
	return nil
}

func (s *sliceSource) Section() *scap.Section { return s.cur }

// numTracker names the process after the event number, so every row differs.
type numTracker struct{ buf []byte }

func (t *numTracker) LoadSection(*scap.Section) error { return nil }
func (t *numTracker) Track(ev *event.Event, en *parquet.Enriched) {
	t.buf = append(t.buf[:0], "p"...)
	t.buf = strconv.AppendUint(t.buf, ev.Num%97, 10)
	en.SetString(parquet.ColProcName, t.buf)
	en.SetInt(parquet.ColProcPid, int64(ev.Num))
}
func (t *numTracker) Snapshot() (*scap.Section, []byte, error) { return nil, nil, nil }

// TestToParquetOneAndTwoCores: the two-stage conversion (several cores) writes the same
// bytes as the sequential one, sections included.
func TestToParquetOneAndTwoCores(t *testing.T) {
	evs := testEvents(5000, 1_000_000, 10)
	convert := func(procs int) []byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		src := &sliceSource{evs: evs, secs: map[uint64]*scap.Section{1: testSection("a"), 3001: testSection("b")}}
		out := filepath.Join(t.TempDir(), "x.parquet")
		st, err := ToParquet(src, out, ConvertOptions{Tracker: &numTracker{}, Parquet: parquet.WriterOptions{RowGroupRows: 2048, PageRows: 512}})
		if err != nil {
			t.Fatal(err)
		}
		if st.Events != int64(len(evs)) {
			t.Fatalf("%d events converted, want %d", st.Events, len(evs))
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	one, two := convert(1), convert(2)
	if !bytes.Equal(one, two) {
		t.Fatalf("one core wrote %d bytes, two cores %d bytes: the files differ", len(one), len(two))
	}
	r, err := parquet.NewReader(bytes.NewReader(two), int64(len(two)), "two")
	if err != nil {
		t.Fatal(err)
	}
	if secs := r.Sections(); len(secs) != 2 || secs[1].FirstNum != 3001 || secs[1].Section.Machine.Hostname != "b" {
		t.Fatalf("sections %+v", secs)
	}
	var ev event.Event
	for i := range evs {
		if err := r.Next(&ev); err != nil {
			t.Fatal(err)
		}
		if ev.Num != evs[i].Num || !bytes.Equal(ev.Raw, evs[i].Raw) {
			t.Fatalf("event %d differs", i)
		}
	}
}

// TestToParquetPagesPerRowGroup: without PageRows a converted file has one page per row
// group in every column; with PageRows its pages are cut as asked.
func TestToParquetPagesPerRowGroup(t *testing.T) {
	evs := testEvents(70000, 1_000_000, 10) // more rows than the writer's default pages
	pages := func(pageRows int) []int {
		src := &sliceSource{evs: evs, secs: map[uint64]*scap.Section{1: testSection("a")}}
		out := filepath.Join(t.TempDir(), "x.parquet")
		opts := parquet.WriterOptions{RowGroupRows: 65536, PageRows: pageRows}
		if _, err := ToParquet(src, out, ConvertOptions{Tracker: &numTracker{}, Parquet: opts}); err != nil {
			t.Fatal(err)
		}
		pf := openParquetFile(t, out)
		var counts []int // pages of each column of the first row group
		for _, ch := range pf.RowGroups()[0].ColumnChunks() {
			n := 0
			pgs := ch.Pages()
			for {
				if _, err := pgs.ReadPage(); err != nil {
					break
				}
				n++
			}
			pgs.Close()
			counts = append(counts, n)
		}
		return counts
	}
	for leaf, n := range pages(0) {
		if n != 1 {
			t.Errorf("default pages: leaf column %d has %d pages in a row group, want 1", leaf, n)
		}
	}
	if n := pages(16384)[parquet.LeafIndex(parquet.ColEvtRawtime)]; n != 4 {
		t.Errorf("PageRows 16384: evt_rawtime has %d pages in a row group of 65536 rows, want 4", n)
	}
}

// TestToParquetRowGroups: without RowGroupRows a converted file's row groups hold
// ConvertRowGroupRows rows.
func TestToParquetRowGroups(t *testing.T) {
	n := parquet.DefaultRowGroupRows + 1000 // one row group here, two with the writer's default
	src := &sliceSource{evs: testEvents(n, 1_000_000, 10), secs: map[uint64]*scap.Section{1: testSection("a")}}
	out := filepath.Join(t.TempDir(), "x.parquet")
	if _, err := ToParquet(src, out, ConvertOptions{}); err != nil {
		t.Fatal(err)
	}
	pf := openParquetFile(t, out)
	if got := len(pf.RowGroups()); got != 1 || pf.NumRows() != int64(n) {
		t.Fatalf("%d rows in %d row groups, want %d in 1", pf.NumRows(), got, n)
	}
}

// openParquetFile opens path with the Parquet library, for looking at its layout; the
// file is closed when the test ends.
func openParquetFile(t *testing.T, path string) *pq.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := pq.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	return pf
}

package parquet

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"

	"github.com/scrylabs/scry/formats/event"
)

// TestGroupedByThread: a short file written with SortSmall holds its rows grouped by
// thread (declared in the row group's sorting columns), every column permuted alike
// (values, nulls and evt_args patches stay on their row), and Next returns the events in
// capture order. Without SortSmall, or with two capture sections, the rows stay in
// capture order.
func TestGroupedByThread(t *testing.T) {
	evs := testEvents(400) // five threads, interleaved
	name := func(i int) string { return "proc" + strconv.FormatInt(evs[i].Tid(), 10) }
	write := func(opts WriterOptions, secs int) *Reader {
		starts := []SectionStart{{FirstNum: 1, Section: testSection()}}
		if secs > 1 {
			starts = append(starts, SectionStart{FirstNum: 200, Section: testSection()})
		}
		return writeEvents(t, evs, opts, starts, func(i int, en *Enriched) {
			if i%3 != 0 { // some nulls
				en.SetString(ColProcName, []byte(name(i)))
				en.SetString(ColEvtArgs, []byte("fd="+strconv.Itoa(i)+" name=/etc/passwd flags=1 mode=0 dev=803"))
			}
		})
	}
	r := write(WriterOptions{PackSmall: true, SortSmall: true}, 1)
	rg := &r.File().Metadata().RowGroups[0]
	if !GroupedByThread(rg) {
		t.Fatal("the row group does not declare thread_tid and evt_num as sorting columns")
	}
	// Physical order: by thread, capture order within each.
	chunk := r.File().RowGroups()[0].ColumnChunks()
	nums, err := r.readInts64(chunk[LeafIndex(ColEvtNum)], nil, len(evs), ColEvtNum)
	if err != nil {
		t.Fatal(err)
	}
	tids, err := r.readInts64(chunk[LeafIndex(ColThreadTid)], nil, len(evs), ColThreadTid)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(tids) || slices.IsSorted(nums) {
		t.Fatal("rows are not grouped by thread")
	}
	names := columnStrings(t, r, ColProcName)
	for k, n := range nums {
		i := int(n) - 1
		if evs[i].Tid() != tids[k] {
			t.Fatalf("row %d: evt_num %d with thread %d, want %d", k, n, tids[k], evs[i].Tid())
		}
		want := ""
		if i%3 != 0 {
			want = name(i)
		}
		if names[k] != want {
			t.Fatalf("row %d (evt_num %d): proc_name %q, want %q", k, n, names[k], want)
		}
		if k > 0 && tids[k] == tids[k-1] && nums[k] < nums[k-1] {
			t.Fatalf("row %d: evt_num %d after %d in one thread", k, n, nums[k-1])
		}
	}
	// The stats follow capture order, and a short capture's file keeps them compressed.
	if v, _ := r.Metadata(KeyStats); !strings.HasPrefix(v, brotliMagic) {
		t.Errorf("%s is not brotli-compressed: %.40q", KeyStats, v)
	}
	if st := r.Stats(); st == nil || st.Events != int64(len(evs)) || st.FirstNum != 1 || st.LastNum != uint64(len(evs)) ||
		st.FirstTs != evs[0].Ts() || st.LastTs != evs[len(evs)-1].Ts() {
		t.Errorf("stats %+v: not those of the capture", st)
	}
	var ev event.Event
	for i := range evs {
		if err := r.Next(&ev); err != nil {
			t.Fatalf("event %d: %v", i+1, err)
		}
		if ev.Num != evs[i].Num || !bytes.Equal(ev.Raw, evs[i].Raw) || ev.CPU != evs[i].CPU || ev.Flags != evs[i].Flags {
			t.Fatalf("event %d reads back as event %d %x, want %x", i+1, ev.Num, ev.Raw, evs[i].Raw)
		}
	}
	for _, c := range []struct {
		name string
		opts WriterOptions
		secs int
	}{
		{"without SortSmall", WriterOptions{PackSmall: true}, 1},
		{"two sections", WriterOptions{PackSmall: true, SortSmall: true}, 2},
		{"several row groups", WriterOptions{PackSmall: true, SortSmall: true, RowGroupRows: 100}, 1},
	} {
		r := write(c.opts, c.secs)
		for g, rg := range r.File().Metadata().RowGroups {
			if GroupedByThread(&rg) {
				t.Errorf("%s: row group %d grouped by thread", c.name, g)
			}
		}
		nums := columnInts(t, r, ColEvtNum)
		if !slices.IsSorted(nums) || len(nums) != len(evs) {
			t.Errorf("%s: rows not in capture order", c.name)
		}
	}
}

func columnInts(t *testing.T, r *Reader, col int) []int64 {
	var out []int64
	for _, rg := range r.File().RowGroups() {
		err := r.pageValues(rg.ColumnChunks()[LeafIndex(col)], col, false, int(rg.NumRows()), func(vals []pq.Value) {
			for _, v := range vals {
				out = append(out, v.Int64())
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestWorthGrouping: rows are grouped where the shown rows switch threads often, not
// where a thread or two run in long stretches or only hidden rows interleave.
func TestWorthGrouping(t *testing.T) {
	rows := func(n, threads, run int, shownEvery int) ([]int64, []bool) {
		tids := make([]int64, n)
		shown := make([]bool, n)
		for i := range tids {
			tids[i] = int64(100 + (i/run)%threads)
			shown[i] = i%shownEvery == 0
		}
		return tids, shown
	}
	cases := []struct {
		name                        string
		n, threads, run, shownEvery int
		want                        bool
	}{
		{"threads interleaved", 1000, 5, 1, 1, true},
		{"threads in runs of 50", 1000, 5, 50, 1, false},
		{"one thread", 1000, 1, 1, 1, false},
		{"interleaved, few rows", 40, 5, 1, 1, false},
		{"hidden rows interleave, shown ones of one thread", 1000, 5, 1, 5, false},
	}
	for _, c := range cases {
		tids, shown := rows(c.n, c.threads, c.run, c.shownEvery)
		if got := worthGrouping(tids, shown); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

package duckdb

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

// columnAgg summarises one column as DuckDB computes it: non-null values, the bitwise xor
// of the integers (the sum of the string lengths), and for integers the least and
// greatest.
type columnAgg struct {
	n, sum, lo, hi int64
}

func (a *columnAgg) addInt(v int64) {
	if a.n == 0 || v < a.lo {
		a.lo = v
	}
	if a.n == 0 || v > a.hi {
		a.hi = v
	}
	a.n++
	a.sum ^= v
}

// aggTracker enriches events with the real tracker and tallies what the writer receives
// for every enriched column.
type aggTracker struct {
	tr     *enrich.Tracker
	agg    [parquet.NumColumns]columnAgg
	params parquet.ParamsEncoder
	// rows counts the events; the first patched have their parameters patched.
	rows, patched int
}

func (a *aggTracker) LoadSection(s *scap.Section) error        { return a.tr.LoadSection(s) }
func (a *aggTracker) Snapshot() (*scap.Section, []byte, error) { return a.tr.Snapshot() }
func (a *aggTracker) Track(ev *event.Event, en *parquet.Enriched) {
	a.tr.Track(ev, en)
	for col := range parquet.Columns {
		c := &parquet.Columns[col]
		if c.Source != parquet.SourceState {
			continue
		}
		switch c.Kind {
		case parquet.KindString, parquet.KindBytes:
			if s, ok := en.String(col); ok {
				a.agg[col].n++
				a.agg[col].sum += int64(len(s))
			}
		case parquet.KindBool:
			if v, ok := en.Int(col); ok {
				a.agg[col].addInt(v & 1)
			}
		case parquet.KindInt32:
			if v, ok := en.Int(col); ok {
				a.agg[col].addInt(int64(int32(v)))
			}
		default:
			if v, ok := en.Int(col); ok {
				a.agg[col].addInt(v)
			}
		}
	}
	a.agg[parquet.ColEvtNum].addInt(int64(ev.Num))
	a.agg[parquet.ColEvtRawtime].addInt(int64(ev.Ts()))
	a.agg[parquet.ColThreadTid].addInt(ev.Tid())
	a.agg[parquet.ColRawParams].n++
	var args []byte
	if a.rows < a.patched {
		args, _ = en.String(parquet.ColEvtArgs)
	}
	a.rows++
	a.agg[parquet.ColRawParams].sum += int64(len(a.params.Encode(ev, args)))
}

// checked lists the columns compared: the enriched ones and the lossless ones whose
// values the events give directly.
func checked(col int) bool {
	switch col {
	case parquet.ColEvtNum, parquet.ColEvtRawtime, parquet.ColThreadTid, parquet.ColRawParams:
		return true
	}
	return parquet.Columns[col].Source == parquet.SourceState
}

func aggSQL(file string) string {
	var parts []string
	for col := range parquet.Columns {
		if !checked(col) {
			continue
		}
		c := &parquet.Columns[col]
		name := c.Name
		switch c.Kind {
		case parquet.KindString:
			parts = append(parts, fmt.Sprintf("count(%[1]s) AS %[1]s__n, coalesce(sum(strlen(%[1]s)), 0) AS %[1]s__sum", name))
		case parquet.KindBytes:
			parts = append(parts, fmt.Sprintf("count(%[1]s) AS %[1]s__n, coalesce(sum(octet_length(%[1]s)), 0) AS %[1]s__sum", name))
		case parquet.KindBool:
			parts = append(parts, fmt.Sprintf("count(%[1]s) AS %[1]s__n, coalesce(bit_xor(%[1]s::BIGINT), 0) AS %[1]s__sum, coalesce(min(%[1]s::BIGINT), 0) AS %[1]s__lo, coalesce(max(%[1]s::BIGINT), 0) AS %[1]s__hi", name))
		default:
			parts = append(parts, fmt.Sprintf("count(%[1]s) AS %[1]s__n, coalesce(bit_xor(%[1]s::BIGINT), 0) AS %[1]s__sum, coalesce(min(%[1]s), 0) AS %[1]s__lo, coalesce(max(%[1]s), 0) AS %[1]s__hi", name))
		}
	}
	return "SELECT " + strings.Join(parts, ", ") + " FROM '" + file + "'"
}

// TestDuckDBReadsEveryColumn writes each capture twice (default pages, and small pages
// and row groups so that chunks hold several pages and the page index is written) and
// checks that DuckDB reads every enriched column, and the event columns, with the count,
// sum, minimum and maximum of the values the writer was given.
func TestDuckDBReadsEveryColumn(t *testing.T) {
	dir := duckDir(t)
	work := t.TempDir()
	files, _ := filepath.Glob(filepath.Join(repoRoot(t), "..", "shared", "corpus", "raw", "*.scap"))
	files = append(files, syntheticCapture(t, work))
	layouts := []parquet.WriterOptions{{}, {RowGroupRows: 2000, PageRows: 300}}
	var sqls, names []string
	var want [][parquet.NumColumns]columnAgg
	for _, f := range files {
		for li, lo := range layouts {
			out := filepath.Join(work, strings.TrimSuffix(filepath.Base(f), ".scap")+strconv.Itoa(li)+".parquet")
			r, err := scap.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			r.ReturnUnknown(true)
			tr, err := enrich.New()
			if err != nil {
				t.Fatal(err)
			}
			rg := lo.RowGroupRows
			if rg == 0 {
				rg = store.ConvertRowGroupRows
			}
			at := &aggTracker{tr: tr, patched: parquet.PatchedRows(rg)}
			_, err = store.ToParquet(r, out, store.ConvertOptions{Tracker: at, Parquet: lo})
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
			sqls = append(sqls, aggSQL(out))
			names = append(names, filepath.Base(out))
			want = append(want, at.agg)
		}
	}
	got := runDuck(t, dir, sqls)
	for i := range sqls {
		if got[i].Error != "" {
			t.Errorf("%s: DuckDB: %s", names[i], got[i].Error)
			continue
		}
		row := got[i].Rows[0]
		val := func(k string) int64 {
			n, err := strconv.ParseInt(fmt.Sprint(row[k]), 10, 64)
			if err != nil {
				t.Fatalf("%s: %s = %v", names[i], k, row[k])
			}
			return n
		}
		for col := range parquet.Columns {
			if !checked(col) {
				continue
			}
			c, w := &parquet.Columns[col], want[i][col]
			g := columnAgg{n: val(c.Name + "__n"), sum: val(c.Name + "__sum")}
			if _, ok := row[c.Name+"__lo"]; ok {
				g.lo, g.hi = val(c.Name+"__lo"), val(c.Name+"__hi")
			} else {
				w.lo, w.hi = 0, 0
			}
			if g != w {
				t.Errorf("%s %s: DuckDB %+v, written %+v", names[i], c.Name, g, w)
			}
		}
	}
	n := 0
	for col := range parquet.Columns {
		if checked(col) {
			n++
		}
	}
	t.Logf("DuckDB read %d files (%d columns each) as written", len(sqls), n)
}

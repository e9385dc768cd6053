package exec

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"

	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/sql"
)

// event is a synthetic row: a process name, an fd number (or none), a byte count.
type event struct {
	ts    int64
	proc  string
	fd    int64
	hasFD bool
	n     int64
}

// fakePart serves a slice of events as a partition, in batches of size bs, with the
// inputs the query asks for.
type fakePart struct {
	events []event
	inputs []string
	bs     int
}

func (p *fakePart) String() string { return fmt.Sprintf("fake(%d)", len(p.events)) }

func (p *fakePart) Scan(ctx context.Context, emit func(*Batch) error) error {
	var b Batch
	row := make([]Value, len(p.inputs))
	flush := func() error {
		if b.Len == 0 {
			return nil
		}
		err := emit(&b)
		b.Reset(len(p.inputs))
		return err
	}
	b.Reset(len(p.inputs))
	for _, e := range p.events {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i, in := range p.inputs {
			switch in {
			case "proc.name":
				row[i] = Str(e.proc)
			case "fd.num":
				row[i] = Null()
				if e.hasFD {
					row[i] = Int(e.fd)
				}
			case "evt.buflen":
				row[i] = Uint(uint64(e.n))
			case "evt.rawtime":
				row[i] = Uint(uint64(e.ts))
			default:
				return fmt.Errorf("fake partition has no field %s", in)
			}
		}
		b.Append(e.ts, row)
		if b.Len == p.bs {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// collect is a Writer that keeps the result as text cells.
type collect struct {
	cols []Column
	rows [][]string
}

func (c *collect) Header(cols []Column) error { c.cols = cols; return nil }
func (c *collect) Row(vals []Value) error {
	r := make([]string, len(vals))
	for i := range vals {
		r[i] = string(appendCell(nil, &c.cols[i], &vals[i]))
	}
	c.rows = append(c.rows, r)
	return nil
}
func (c *collect) Close() error { return nil }

func genEvents(seed uint64, n int) []event {
	r := rand.New(rand.NewPCG(seed, 1))
	names := []string{"bash", "nginx", "sshd", "cat", "ls", "httpd"}
	ev := make([]event, n)
	ts := int64(1_700_000_000_000_000_000)
	for i := range ev {
		ts += int64(r.IntN(5_000_000_000))
		ev[i] = event{ts: ts, proc: names[r.IntN(len(names))], fd: int64(r.IntN(20)), hasFD: r.IntN(4) != 0, n: int64(r.IntN(5000))}
	}
	return ev
}

// split cuts events into k partitions in time order.
func split(ev []event, k int, inputs []string) []Partition {
	var parts []Partition
	per := (len(ev) + k - 1) / k
	for i := 0; i < len(ev); i += per {
		parts = append(parts, &fakePart{events: ev[i:min(i+per, len(ev))], inputs: inputs, bs: 7 + i%50})
	}
	return parts
}

func run(t *testing.T, query string, ev []event, k int) *collect {
	t.Helper()
	st, err := sql.Parse(query)
	if err != nil {
		t.Fatalf("parse %q: %v", query, err)
	}
	q, err := Compile(st)
	if err != nil {
		t.Fatalf("compile %q: %v", query, err)
	}
	var c collect
	if err := Run(context.Background(), q, split(ev, k, q.Inputs), &c, Options{Workers: 3}); err != nil {
		t.Fatalf("run %q: %v", query, err)
	}
	return &c
}

// TestGroupedAggregatesMatchReference compares every aggregate with a direct
// computation over the same events, for several partitionings.
func TestGroupedAggregatesMatchReference(t *testing.T) {
	ev := genEvents(1, 5000)
	type agg struct {
		count, countFD, sum   int64
		min, max, first, last int64
		distinctFD            map[int64]bool
		firstTs, lastTs       int64
	}
	ref := map[string]*agg{}
	for _, e := range ev {
		a := ref[e.proc]
		if a == nil {
			a = &agg{min: 1 << 62, max: -1, distinctFD: map[int64]bool{}, firstTs: 1 << 62}
			ref[e.proc] = a
		}
		a.count++
		a.sum += e.n
		a.min, a.max = min(a.min, e.n), max(a.max, e.n)
		if e.hasFD {
			a.countFD++
			a.distinctFD[e.fd] = true
			if e.ts < a.firstTs {
				a.first, a.firstTs = e.fd, e.ts
			}
			if e.ts >= a.lastTs {
				a.last, a.lastTs = e.fd, e.ts
			}
		}
	}
	var want []string
	for name, a := range ref {
		want = append(want, fmt.Sprintf("%s %d %d %d %d %d %d %d %d %s", name, a.count, a.countFD, len(a.distinctFD),
			a.sum, a.min, a.max, a.first, a.last, fmt.Sprint(float64(a.sum)/float64(a.count))))
	}
	sort.Strings(want)
	q := "SELECT proc.name, count(*), count(fd.num), count(distinct fd.num), sum(evt.buflen), min(evt.buflen), " +
		"max(evt.buflen), first(fd.num), last(fd.num), avg(evt.buflen) GROUP BY proc.name ORDER BY proc.name"
	for _, k := range []int{1, 2, 7, 40} {
		c := run(t, q, ev, k)
		var got []string
		for _, r := range c.rows {
			got = append(got, strings.Join(r, " "))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%d partitions:\ngot\n%s\nwant\n%s", k, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

func TestOrderLimitHaving(t *testing.T) {
	ev := genEvents(2, 3000)
	counts := map[string]int{}
	for _, e := range ev {
		if e.n >= 2500 {
			counts[e.proc]++
		}
	}
	type kv struct {
		k string
		v int
	}
	var all []kv
	for k, v := range counts {
		if v > 200 {
			all = append(all, kv{k, v})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v > all[j].v || all[i].v == all[j].v && all[i].k < all[j].k })
	if len(all) > 3 {
		all = all[:3]
	}
	// The reference counts only rows with n >= 2500; the query expresses that with sum of a
	// comparison, which also exercises boolean arithmetic.
	c := run(t, "SELECT proc.name AS p, sum(evt.buflen >= 2500) AS n GROUP BY p HAVING n > 200 ORDER BY n DESC, p LIMIT 3", ev, 5)
	if len(c.rows) != len(all) {
		t.Fatalf("got %d rows %v, want %v", len(c.rows), c.rows, all)
	}
	for i, r := range c.rows {
		if r[0] != all[i].k || r[1] != fmt.Sprint(all[i].v) {
			t.Errorf("row %d = %v, want %v", i, r, all[i])
		}
	}
}

func TestGlobalAggregateOverNoRows(t *testing.T) {
	c := run(t, "SELECT count(*), sum(evt.buflen), max(proc.name)", nil, 1)
	if len(c.rows) != 1 || strings.Join(c.rows[0], ",") != "0,<NA>,<NA>" {
		t.Fatalf("got %v, want one row 0,<NA>,<NA>", c.rows)
	}
}

func TestBucket(t *testing.T) {
	ev := genEvents(3, 2000)
	const w = int64(60e9)
	want := map[int64]int{}
	for _, e := range ev {
		want[e.ts-e.ts%w]++
	}
	c := run(t, "SELECT bucket(evt.rawtime, 1m) AS t, count(*) GROUP BY t ORDER BY t", ev, 4)
	if len(c.rows) != len(want) {
		t.Fatalf("got %d buckets, want %d", len(c.rows), len(want))
	}
	for _, r := range c.rows {
		var b int64
		fmt.Sscan(r[0], &b)
		if fmt.Sprint(want[b]) != r[1] {
			t.Errorf("bucket %s: got %s, want %d", r[0], r[1], want[b])
		}
	}
	c = run(t, "SELECT bucket(evt.time, 1h), count(*) GROUP BY 1", ev[:1], 1)
	if len(c.rows) != 1 || !strings.HasSuffix(c.rows[0][0], ":00:00") || !c.cols[0].Time {
		t.Errorf("time bucket renders as %v (time column %v), want a date ending in :00:00", c.rows, c.cols[0].Time)
	}
}

func TestStreamingKeepsPartitionOrderAndLimit(t *testing.T) {
	ev := genEvents(4, 4000)
	c := run(t, "SELECT evt.rawtime, proc.name LIMIT 1234", ev, 9)
	if len(c.rows) != 1234 {
		t.Fatalf("got %d rows, want 1234", len(c.rows))
	}
	for i, r := range c.rows {
		if r[0] != fmt.Sprint(ev[i].ts) || r[1] != ev[i].proc {
			t.Fatalf("row %d = %v, want %d %s", i, r, ev[i].ts, ev[i].proc)
		}
	}
	c = run(t, "SELECT evt.rawtime ORDER BY evt.buflen DESC, evt.rawtime LIMIT 5", ev, 9)
	sorted := append([]event(nil), ev...)
	sort.SliceStable(sorted, func(i, j int) bool {
		return sorted[i].n > sorted[j].n || sorted[i].n == sorted[j].n && sorted[i].ts < sorted[j].ts
	})
	for i, r := range c.rows {
		if r[0] != fmt.Sprint(sorted[i].ts) {
			t.Errorf("sorted row %d = %v, want %d", i, r, sorted[i].ts)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for q, want := range map[string]string{
		"SELECT proc.name, count(*)":                 "must appear in GROUP BY",
		"SELECT x":                                   "neither a field nor a column alias",
		"SELECT proc.name GROUP BY count(*)":         "aggregate",
		"SELECT count(*) AS a ORDER BY 3":            "position 3",
		"SELECT proc.name AS a, count(*) GROUP BY a": "",
	} {
		st, err := sql.Parse(q)
		if err == nil {
			_, err = Compile(st)
		}
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", q, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: error %v, want one containing %q", q, err, want)
		}
	}
}

func TestWriters(t *testing.T) {
	cols := []Column{{Name: "proc.name"}, {Name: "n"}, {Name: "f"}}
	rows := [][]Value{{Str("a,b"), Int(3), Float(0.5)}, {Str(`q"x`), Null(), Bool(true)}}
	outputs := map[string]string{
		"csv":   "proc.name,n,f\n\"a,b\",3,0.5\n\"q\"\"x\",,true\n",
		"jsonl": "{\"proc.name\":\"a,b\",\"n\":3,\"f\":0.5}\n{\"proc.name\":\"q\\\"x\",\"n\":null,\"f\":true}\n",
		"table": "proc.name     n  f\n---------  ----  ----\na,b           3  0.5\nq\"x        <NA>  true\n",
	}
	for format, want := range outputs {
		var buf bytes.Buffer
		w, err := NewWriter(format, &buf, false)
		if err != nil {
			t.Fatal(err)
		}
		w.Header(cols)
		for _, r := range rows {
			w.Row(r)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if buf.String() != want {
			t.Errorf("%s:\ngot\n%q\nwant\n%q", format, buf.String(), want)
		}
	}
}

func TestParquetWriterRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewWriter("parquet", &buf, false)
	w.Header([]Column{{Name: "proc.name"}, {Name: "n"}, {Name: "avg"}})
	for i := range 3000 {
		v := Int(int64(i))
		if i%10 == 0 {
			v = Null()
		}
		if err := w.Row([]Value{Str(fmt.Sprint("p", i%7)), v, Float(float64(i) / 2)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := pq.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, fl := range f.Schema().Fields() {
		names = append(names, fl.Name())
	}
	if strings.Join(names, ",") != "proc_name,n,avg" {
		t.Errorf("columns %v, want proc_name,n,avg in SELECT order", names)
	}
	if f.NumRows() != 3000 {
		t.Errorf("%d rows, want 3000", f.NumRows())
	}
	rows := make([]pq.Row, 3000)
	r := pq.NewReader(bytes.NewReader(buf.Bytes()))
	n, _ := r.ReadRows(rows)
	if n != 3000 {
		t.Fatalf("read %d rows", n)
	}
	for i, row := range rows[:n] {
		if got := string(row[0].ByteArray()); got != fmt.Sprint("p", i%7) {
			t.Fatalf("row %d name %q", i, got)
		}
		if (i%10 == 0) != row[1].IsNull() || i%10 != 0 && row[1].Int64() != int64(i) {
			t.Fatalf("row %d n = %v", i, row[1])
		}
		if row[2].Double() != float64(i)/2 {
			t.Fatalf("row %d avg = %v", i, row[2])
		}
	}
	_ = fields.KindNone
}

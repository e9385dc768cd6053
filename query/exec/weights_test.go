package exec

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/scrylabs/scry/query/sql"
)

// tallyPart emits its events pre-aggregated: one row per distinct input tuple, weighted
// by how many events share it.
type tallyPart struct{ fakePart }

func (p *tallyPart) Scan(ctx context.Context, emit func(*Batch) error) error {
	type key struct {
		proc  string
		fd    int64
		hasFD bool
		n     int64
	}
	counts := map[key]int64{}
	var order []key
	for _, e := range p.events {
		k := key{e.proc, e.fd, e.hasFD, e.n}
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
	}
	var b Batch
	b.Reset(len(p.inputs))
	row := make([]Value, len(p.inputs))
	for _, k := range order {
		for i, in := range p.inputs {
			switch in {
			case "proc.name":
				row[i] = Str(k.proc)
			case "fd.num":
				row[i] = Null()
				if k.hasFD {
					row[i] = Int(k.fd)
				}
			case "evt.buflen":
				row[i] = Uint(uint64(k.n))
			}
		}
		b.AppendWeighted(0, row, counts[k])
	}
	return emit(&b)
}

// TestWeightedRowsAggregateLikeEvents checks that pre-aggregated rows give the answers of
// the events they stand for, for every aggregate a Weighable query may use.
func TestWeightedRowsAggregateLikeEvents(t *testing.T) {
	ev := genEvents(5, 4000)
	for i := range ev {
		ev[i].n %= 7 // few distinct values: rows do merge
		ev[i].fd %= 3
	}
	q := "SELECT proc.name, count(*), count(fd.num), count(DISTINCT fd.num), sum(evt.buflen), avg(evt.buflen), min(evt.buflen), max(evt.buflen) GROUP BY proc.name ORDER BY proc.name"
	st, err := sql.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	cq, err := Compile(st)
	if err != nil {
		t.Fatal(err)
	}
	if !cq.Weighable() {
		t.Fatal("query not weighable")
	}
	var plain, weighted collect
	if err := Run(context.Background(), cq, split(ev, 3, cq.Inputs), &plain, Options{}); err != nil {
		t.Fatal(err)
	}
	var parts []Partition
	for _, p := range split(ev, 3, cq.Inputs) {
		parts = append(parts, &tallyPart{*p.(*fakePart)})
	}
	if err := Run(context.Background(), cq, parts, &weighted, Options{}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(plain.rows) != fmt.Sprint(weighted.rows) || len(plain.rows) < 3 {
		t.Errorf("weighted rows:\n%v\nplain rows:\n%v", weighted.rows, plain.rows)
	}
	for _, nq := range []string{"SELECT proc.name, first(fd.num) GROUP BY 1", "SELECT bucket(evt.time, 1m), count(*) GROUP BY 1", "SELECT proc.name"} {
		st, _ := sql.Parse(nq)
		cq, err := Compile(st)
		if err != nil {
			t.Fatal(err)
		}
		if cq.Weighable() {
			t.Errorf("%s is weighable; its answer needs each event", nq)
		}
	}
	_ = strings.Join
}

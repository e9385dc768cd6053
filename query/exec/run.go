package exec

import (
	"context"
	"errors"
	"runtime"
	"sort"
	"sync"
)

// Options tune Run.
type Options struct {
	// Workers is the number of partitions scanned at once; 0 means one per core.
	Workers int
}

// errLimitReached stops scans once a LIMIT is satisfied.
var errLimitReached = errors.New("limit reached")

// Run executes q over the partitions and writes the result to w.
func Run(ctx context.Context, q *Query, parts []Partition, w Writer, opt Options) error {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(parts)))
	if err := w.Header(q.Columns); err != nil {
		return err
	}
	var err error
	switch {
	case q.grouped:
		err = runGrouped(ctx, q, parts, w, workers)
	case len(q.order) > 0:
		err = runSorted(ctx, q, parts, w, workers)
	default:
		err = runStream(ctx, q, parts, w, workers)
	}
	if err != nil {
		return err
	}
	return w.Close()
}

// forEachPartition scans the partitions on workers goroutines, calling done(i, state)
// for each finished partition in index order. newState makes the per-partition consumer.
func forEachPartition[S any](ctx context.Context, parts []Partition, workers int,
	newState func() (S, func(*Batch) error), done func(i int, s S) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	type result struct {
		s   S
		err error
	}
	results := make([]chan result, len(parts))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				s, consume := newState()
				err := parts[i].Scan(ctx, consume)
				results[i] <- result{s, err}
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range parts {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var first error
	for i := range parts {
		var r result
		select {
		case r = <-results[i]:
		case <-ctx.Done():
			first = context.Cause(ctx)
		}
		if first != nil {
			break
		}
		if r.err != nil {
			first = r.err
			break
		}
		if err := done(i, r.s); err != nil {
			first = err
			break
		}
	}
	cancel(first)
	wg.Wait()
	if errors.Is(first, errLimitReached) {
		return nil
	}
	return first
}

// rowScratch gathers one row of a batch for expression evaluation.
type rowScratch struct {
	row  []Value
	keys []Value
	args []Value
}

func (r *rowScratch) gather(b *Batch, i int) {
	r.row = r.row[:0]
	for _, c := range b.Cols {
		r.row = append(r.row, c[i])
	}
}

func runGrouped(ctx context.Context, q *Query, parts []Partition, w Writer, workers int) error {
	total := newGroupTable(q.aggs)
	newState := func() (*groupTable, func(*Batch) error) {
		t := newGroupTable(q.aggs)
		var s rowScratch
		s.keys = make([]Value, len(q.keys))
		s.args = make([]Value, len(q.aggs))
		var rc rowCtx
		global := -1
		if len(q.keys) == 0 {
			global = t.group(nil)
		}
		var cache byteKeyCache
		return t, func(b *Batch) error {
			cache.reset() // the batch's memory is new: pointers may name other values
			for i := 0; i < b.Len; i++ {
				s.gather(b, i)
				rc.vals, rc.ts = s.row, b.Ts[i]
				for k, n := range q.keys {
					s.keys[k] = n.eval(&rc)
				}
				for k := range q.aggs {
					if q.aggs[k].arg != nil {
						s.args[k] = q.aggs[k].arg.eval(&rc)
					}
				}
				gi := global
				if gi < 0 {
					gi = cache.group(t, s.keys)
				}
				w := int64(1)
				if b.Weights != nil {
					w = b.Weights[i]
				}
				t.add(gi, s.args, rc.ts, w)
			}
			return nil
		}
	}
	err := forEachPartition(ctx, parts, workers, newState, func(_ int, t *groupTable) error {
		total.merge(t)
		return nil
	})
	if err != nil {
		return err
	}
	if total.len() == 0 && len(q.keys) == 0 {
		total.group(nil) // a global aggregate over no rows still has one row
	}
	rows := make([]sortRow, 0, total.len())
	aggVals := make([]Value, len(q.aggs))
	for gi := range total.keys {
		for k := range q.aggs {
			aggVals[k] = total.states[gi][k].result(q.aggs[k].kind)
		}
		rc := rowCtx{vals: total.keys[gi], aggs: aggVals}
		if q.having != nil {
			if v := q.having.eval(&rc); !truthy(&v) {
				continue
			}
		}
		rows = append(rows, q.project(&rc, true))
	}
	return q.emitSorted(rows, w)
}

// sortRow is an output row with its ORDER BY keys.
type sortRow struct {
	out, keys []Value
}

// project evaluates the output columns and order keys of one row; owned copies them.
func (q *Query) project(rc *rowCtx, owned bool) sortRow {
	r := sortRow{out: make([]Value, len(q.outputs)), keys: make([]Value, len(q.order))}
	for i, n := range q.outputs {
		r.out[i] = n.eval(rc)
		if owned {
			r.out[i] = own(r.out[i])
		}
	}
	for i, o := range q.order {
		r.keys[i] = o.n.eval(rc)
		if owned {
			r.keys[i] = own(r.keys[i])
		}
	}
	return r
}

func (q *Query) less(a, b *sortRow) bool {
	for i, o := range q.order {
		c := Compare(&a.keys[i], &b.keys[i])
		if c == 0 {
			continue
		}
		if o.desc {
			return c > 0
		}
		return c < 0
	}
	return false
}

// emitSorted sorts rows by the ORDER BY keys (stably), applies LIMIT and writes them.
func (q *Query) emitSorted(rows []sortRow, w Writer) error {
	if len(q.order) > 0 {
		sort.SliceStable(rows, func(i, j int) bool { return q.less(&rows[i], &rows[j]) })
	}
	if q.limit >= 0 && int64(len(rows)) > q.limit {
		rows = rows[:q.limit]
	}
	for i := range rows {
		if err := w.Row(rows[i].out); err != nil {
			return err
		}
	}
	return nil
}

// topK keeps the rows that sort first, at most limit of them (all when limit < 0).
type topK struct {
	q    *Query
	rows []sortRow
}

func (t *topK) add(r sortRow) {
	t.rows = append(t.rows, r)
	if t.q.limit >= 0 && len(t.rows) >= 2*int(t.q.limit)+BatchSize {
		t.trim()
	}
}

func (t *topK) trim() {
	sort.SliceStable(t.rows, func(i, j int) bool { return t.q.less(&t.rows[i], &t.rows[j]) })
	if t.q.limit >= 0 && len(t.rows) > int(t.q.limit) {
		clear(t.rows[t.q.limit:])
		t.rows = t.rows[:t.q.limit]
	}
}

func runSorted(ctx context.Context, q *Query, parts []Partition, w Writer, workers int) error {
	all := &topK{q: q}
	newState := func() (*topK, func(*Batch) error) {
		t := &topK{q: q}
		var s rowScratch
		var rc rowCtx
		return t, func(b *Batch) error {
			for i := 0; i < b.Len; i++ {
				s.gather(b, i)
				rc.vals, rc.ts = s.row, b.Ts[i]
				t.add(q.project(&rc, true))
			}
			return nil
		}
	}
	err := forEachPartition(ctx, parts, workers, newState, func(_ int, t *topK) error {
		for _, r := range t.rows {
			all.add(r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return q.emitSorted(all.rows, w)
}

// runStream writes rows as partitions produce them, in partition order. Each partition
// hands its rows over a bounded channel, so at most a few batches per partition being
// scanned are held.
func runStream(ctx context.Context, q *Query, parts []Partition, w Writer, workers int) error {
	streams := make([]chan [][]Value, len(parts))
	for i := range streams {
		streams[i] = make(chan [][]Value, 4)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	errs := make([]error, len(parts))
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var s rowScratch
				var rc rowCtx
				errs[i] = parts[i].Scan(ctx, func(b *Batch) error {
					rows := make([][]Value, 0, b.Len)
					for r := 0; r < b.Len; r++ {
						s.gather(b, r)
						rc.vals, rc.ts = s.row, b.Ts[r]
						rows = append(rows, q.project(&rc, true).out)
					}
					select {
					case streams[i] <- rows:
						return nil
					case <-ctx.Done():
						return context.Cause(ctx)
					}
				})
				close(streams[i]) // errs[i] is visible to the reader once it sees the close
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range parts {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	err := drainStreams(q, streams, errs, w)
	if err == nil {
		err = errLimitReached // stop whatever still scans
	}
	cancel(err)
	wg.Wait()
	if errors.Is(err, errLimitReached) {
		return nil
	}
	return err
}

// drainStreams writes the partitions' rows in order until the limit; it returns
// errLimitReached when the limit cut the output short.
func drainStreams(q *Query, streams []chan [][]Value, errs []error, w Writer) error {
	var written int64
	for i := range streams {
		for rows := range streams[i] {
			for _, r := range rows {
				if q.limit >= 0 && written >= q.limit {
					return errLimitReached
				}
				if err := w.Row(r); err != nil {
					return err
				}
				written++
			}
		}
		if errs[i] != nil {
			return errs[i]
		}
	}
	return nil
}

package plan

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/scrylabs/scry/query/exec"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/query/sql"
)

// Options tune Build.
type Options struct {
	// Now is the current time for relative bounds ('-2h'); zero means time.Now().
	Now time.Time
	// DefaultStore is the store a query without FROM reads.
	DefaultStore string
	// Path forces how fields are answered: PathAuto (stored columns where every field
	// the query needs is stored, else replay), PathReplay or PathStored (an error where
	// a field is not stored).
	Path Path
}

// Path is how a partition answers fields.
type Path uint8

// Paths.
const (
	PathAuto Path = iota
	PathReplay
	PathStored
)

func (p Path) String() string { return [...]string{"auto", "replay", "stored"}[p] }

// Plan is a query ready to run.
type Plan struct {
	Stmt    *sql.Statement
	Query   *exec.Query
	Parts   []exec.Partition
	Explain *Explain
}

// Build plans a parsed statement. Errors about the query text are *sql.Error values.
func Build(st *sql.Statement, o Options) (*Plan, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	from := o.DefaultStore
	if st.From != nil {
		from = st.From.Path
	}
	// The sources are listed (a store's catalog read) while the query is compiled; the
	// errors keep their order: the query's first, then the sources'.
	if mayReadParquet(from) {
		go warmDecoders()
	}
	var listing chan sourceList
	if from != "" {
		listing = make(chan sourceList, 1)
		go func() { listing <- listSources(st, o, from) }()
	}
	q, err := exec.Compile(st)
	if err != nil {
		return nil, err
	}
	for i, name := range q.Inputs {
		f, err := lookupField(name)
		if err == nil && !f.Printable() {
			err = fmt.Errorf("%s is a filter-only field", name)
		}
		if err != nil {
			return nil, &sql.Error{Query: st.Text, Offset: max(q.InputPos[i], 0), Msg: err.Error(), Err: err}
		}
	}
	spec := &scanSpec{inputs: q.Inputs, weighted: q.Weighable(), needTs: q.NeedsTimestamps()}
	var flt *filter.Filter
	if st.Where != nil {
		spec.filter = st.Where.Text
		if spec.node, err = filter.Parse(spec.filter); err != nil {
			return nil, filterError(st, err)
		}
		if flt, err = spec.compileFilter(fieldResolver{}); err != nil {
			return nil, filterError(st, err)
		}
	}
	if listing == nil {
		return nil, errors.New("no FROM and no default store")
	}
	l := <-listing
	if l.err != nil {
		return nil, l.err
	}
	srcs, what := l.srcs, l.what
	if spec.from, spec.to, spec.timed, err = timeRange(st, o.Now, srcs); err != nil {
		return nil, err
	}
	p := &Plan{Stmt: st, Query: q, Explain: &Explain{Source: what, From: spec.from, To: spec.to, Timed: spec.timed, Filter: spec.filter}}
	if flt != nil {
		p.Explain.Types = typeNames(flt.EventTypes())
	}
	parts, exs, err := planSources(srcs, spec, flt, o.Path)
	if err != nil {
		return nil, err
	}
	p.Explain.Sources = exs
	p.Parts = chainReplays(parts, srcs, spec)
	p.Explain.Fields = fieldPaths(q.Inputs, flt, p.Explain.Sources)
	return p, nil
}

// sourceList is what listSources found.
type sourceList struct {
	srcs []source
	what string
	err  error
}

// listSources lists the sources of FROM (or the default store): a window known before
// the sources are listed selects a store's segments from its catalog; one counted from
// the data's start needs the sources first.
func listSources(st *sql.Statement, o Options, from string) sourceList {
	var win *[2]uint64
	if (st.Since != nil || st.Until != nil) && !needsStart(st.Since) && !needsStart(st.Until) {
		lo, hi, _, err := timeRange(st, o.Now, nil)
		if err != nil {
			return sourceList{err: err}
		}
		win = &[2]uint64{lo, hi}
	}
	srcs, what, err := resolveSources(from, win)
	if err != nil {
		if st.From != nil {
			return sourceList{err: &sql.Error{Query: st.Text, Offset: st.From.Offset, Msg: err.Error(), Err: err}}
		}
		return sourceList{err: fmt.Errorf("default store: %w", err)}
	}
	return sourceList{srcs: srcs, what: what}
}

// planSources plans every source, reading footers on all cores; results keep the order
// of srcs. On an error, what was opened is closed.
func planSources(srcs []source, spec *scanSpec, flt *filter.Filter, path Path) ([]exec.Partition, []SourcePlan, error) {
	parts := make([]exec.Partition, len(srcs))
	exs := make([]SourcePlan, len(srcs))
	errs := make([]error, len(srcs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(srcs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A compiled filter is not safe for concurrent use: each planner has its own.
			f := flt
			if f != nil {
				var err error
				if f, err = spec.compileFilter(fieldResolver{}); err != nil {
					for i := range next {
						errs[i] = err
					}
					return
				}
			}
			for i := range next {
				parts[i], exs[i], errs[i] = planSource(srcs[i], spec, f, path)
			}
		}()
	}
	for i := range srcs {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for _, part := range parts {
			if c, ok := part.(interface{ Close() error }); ok {
				c.Close()
			}
		}
		return nil, nil, err
	}
	return parts, exs, nil
}

// planSource decides whether and how one source is read.
func planSource(src source, spec *scanSpec, flt *filter.Filter, path Path) (exec.Partition, SourcePlan, error) {
	ex := SourcePlan{Path: src.path, Kind: src.kind.String()}
	// A segment that a filtered replay reads is not pruned for its content: its events
	// carry the engine's state into the next segment's replay (chainReplays).
	_, _, _, isSegment := segmentOf(src)
	keep := isSegment && replaysWithFilter(spec, flt, path)
	if src.stats != nil {
		ex.Events = src.stats.Events
		if spec.timed && src.stats.Events > 0 && (src.stats.MaxTs < spec.from || src.stats.MinTs > spec.to) {
			ex.Pruned = "outside the time range"
			return nil, ex, nil
		}
		if flt != nil && src.stats.Types != nil && !keep && !typesMayMatch(flt.EventTypes(), src.stats.Types) {
			ex.Pruned = "no event of the filter's types"
			return nil, ex, nil
		}
	}
	if src.seg != nil && spec.node != nil && path != PathReplay && !keep {
		pr := &pruner{spec: spec, node: spec.node}
		if ok, why := pr.mayMatch(&segmentEvidence{seg: src.seg}); !ok {
			ex.Pruned = "catalog " + why
			return nil, ex, nil
		}
	}
	if src.kind == kindScap || path == PathReplay {
		ex.Read = "replay"
		return &replayPart{src: src, spec: spec}, ex, nil
	}
	sp, why, err := planStored(src, spec, flt)
	if err != nil {
		return nil, ex, err
	}
	if sp == nil {
		if path == PathStored {
			return nil, ex, fmt.Errorf("%s: cannot answer from stored columns: %s", src.path, why)
		}
		ex.Read = "replay (" + why + ")"
		return &replayPart{src: src, spec: spec}, ex, nil
	}
	ex.Read = "stored columns"
	ex.Columns = sp.columnNames()
	ex.RowGroups, ex.RowGroupsPruned, ex.PrunedBy = sp.groupsTotal, sp.groupsTotal-len(sp.groups), sp.prunedBy
	ex.Pages, ex.PagesPruned = sp.pagesTotal, sp.pagesPruned
	return sp, ex, nil
}

// Close releases what planning holds open for the scans (Parquet files); Run closes
// them as it goes, Close is for plans that are not run, such as EXPLAIN's.
func (p *Plan) Close() error {
	var first error
	for _, part := range p.Parts {
		if c, ok := part.(interface{ Close() error }); ok {
			if err := c.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// Run executes the plan, writing the result to w.
func (p *Plan) Run(ctx context.Context, w exec.Writer, workers int) error {
	return exec.Run(ctx, p.Query, p.Parts, w, exec.Options{Workers: workers})
}

package plan

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"slices"
	"sync"

	pq "github.com/parquet-go/parquet-go"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/exec"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
	"github.com/scrylabs/scry/store"
)

// storedPart answers every field from the stored columns of a scry Parquet file: only
// the needed columns of the row groups and pages that may match are read, and the
// compiled filter runs over column values.
type storedPart struct {
	src     source
	spec    *scanSpec
	cols    []int                 // parquet column ids read, in order
	inputs  []int                 // per input field: parquet column id
	kinds   []fields.Kind         // per input field: the extractor's value kind
	evtType []bool                // per input field: whether it is evt.type
	filter  map[string]fieldEntry // filter field name -> its column
	// groups are the row groups to read and, for each, the pages that may match
	// (nil: all of them).
	groups []int
	pages  map[int][]int
	// pageStarts, for the row groups whose read columns cut their pages at the same
	// rows, holds the first row of each page and, last, the group's row count: those
	// groups are scanned a page at a time.
	pageStarts      map[int][]int64
	startsAtCapture bool // the file starts a capture (leading container events are hidden)
	weighted        bool // rows are pre-aggregated by their input values (exec.Query.Weighable)
	generic         bool // the file may hold generic syscall events
	// genericCodes: the filter checks evt.type and may see generic events, whose
	// evt.type is their syscall's name: the filter reads the code from the scan's event.
	genericCodes bool
	enriched     bool // the file's state columns were filled
	// grouped: some row group holds its rows grouped by thread (parquet.GroupedByThread):
	// evt_num is read to take them in capture order.
	grouped bool

	// file and pf are the file planning opened, handed to the first Scan (or closed by
	// Close when the plan is not run).
	mu   sync.Mutex
	file *os.File
	pf   *pq.File
	node filter.Node // the parsed filter, for pre-filters

	groupsTotal             int
	prunedBy                map[string]int
	pagesTotal, pagesPruned int
}

// fieldEntry is a stored field: its column and value kind.
type fieldEntry struct {
	col     int
	kind    fields.Kind
	evtType bool // evt.type, derived from raw_type (and raw_params for generic events)
}

func (p *storedPart) String() string { return fmt.Sprintf("stored %s", p.src.path) }

// Close releases the file planning opened if no scan took it.
func (p *storedPart) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.file == nil {
		return nil
	}
	err := p.file.Close()
	p.file, p.pf = nil, nil
	return err
}

func (p *storedPart) columnNames() []string {
	var out []string
	for _, c := range p.cols {
		out = append(out, parquet.Columns[c].Name)
	}
	return out
}

// genericName is the event table's name of the generic syscall events, whose evt.type
// is the syscall's name.
var genericName = schema.Events[0].Name

// notStored are fields with a column whose values the query engine does not use. The
// enrichment extracts each event's values after the state engine has parsed the event and
// before it drops the paired enter event; sysdig evaluates filters before parsing (for
// events that do not modify state) and prints after that drop. Where those moments give
// different values, the column cannot stand in for the field: evt.buflen and evt.latency
// (computed with the enter event) and fd.l4proto (set by the connect parser) anywhere,
// evt.args in filters.
var notStored = map[string]bool{"evt.buflen": true, "evt.latency": true, "fd.l4proto": true}

var notStoredInFilters = map[string]bool{"evt.args": true}

// storedField returns the column of a field that is stored as itself. evt.type is the
// evt_type column in enriched files; elsewhere that column holds the event table's name
// for generic syscall events, so it is derived from raw_type (and raw_params).
func storedField(name string, enriched bool) (fieldEntry, bool) {
	if name == "evt.type" && !enriched {
		return fieldEntry{col: parquet.ColRawType, kind: fields.KindString, evtType: true}, true
	}
	c := parquet.ColumnByName(name)
	if c < 0 || parquet.Columns[c].Field != name || parquet.Columns[c].Source == parquet.SourceRaw || notStored[name] {
		return fieldEntry{}, false
	}
	f, err := lookupField(name)
	if err != nil {
		return fieldEntry{}, false
	}
	return fieldEntry{col: c, kind: kindForType(f.Type)}, true
}

// planStored prepares the stored path for a Parquet source, or says why it cannot be
// used (nil part, reason).
func planStored(src source, spec *scanSpec, flt *filter.Filter) (*storedPart, string, error) {
	p := &storedPart{src: src, spec: spec, filter: map[string]fieldEntry{}, prunedBy: map[string]int{}}
	f, pf, err := openParquet(src.path)
	if err != nil {
		return nil, "", err
	}
	keep := false
	defer func() {
		if !keep {
			f.Close()
		}
	}()
	p.enriched = enriched(pf)
	need := map[int]bool{parquet.ColRawType: true, parquet.ColRawFlags: true}
	if spec.timed || spec.needTs {
		need[parquet.ColEvtRawtime] = true
	}
	derivesType := false
	p.generic = src.stats == nil || src.stats.Types[genericName] > 0
	stored := func(name string) (fieldEntry, string) {
		e, ok := storedField(name, p.enriched)
		switch {
		case !ok:
			return e, name + " is not stored"
		case parquet.Columns[e.col].Source == parquet.SourceState && !p.enriched:
			return e, "the file has no enriched columns"
		}
		return e, ""
	}
	for _, name := range spec.inputs {
		e, why := stored(name)
		if why != "" {
			return nil, why, nil
		}
		p.inputs = append(p.inputs, e.col)
		p.kinds = append(p.kinds, e.kind)
		p.evtType = append(p.evtType, e.evtType)
		need[e.col] = true
		derivesType = derivesType || e.evtType
	}
	if flt != nil {
		// The filter's type set turns generic events away before evt.type is extracted
		// unless it holds them.
		ts := flt.EventTypes()
		genericInFilter := ts.Has(0) || ts.Has(1)
		for _, f := range flt.Fields() {
			e, why := stored(f.Name)
			if why == "" && notStoredInFilters[f.Name] {
				why = f.Name + " is not stored as filters see it"
			}
			if why != "" {
				return nil, "filter: " + why, nil
			}
			p.filter[f.Name] = e
			need[e.col] = true
			derivesType = derivesType || e.evtType && genericInFilter
			p.genericCodes = p.genericCodes || f.Name == "evt.type" && genericInFilter && p.generic
			if p.genericCodes && p.enriched {
				need[parquet.ColEvtType] = true
			}
		}
	}
	p.weighted = spec.weighted && len(p.inputs) <= maxTallyInputs
	if derivesType && p.generic || p.genericCodes && !p.enriched {
		need[parquet.ColRawParams], need[parquet.ColRawNparams] = true, true
	}
	for _, rg := range pf.Metadata().RowGroups {
		if parquet.GroupedByThread(&rg) {
			p.grouped = true
			need[parquet.ColEvtNum] = true
		}
	}
	for c := range need {
		p.cols = append(p.cols, c)
	}
	slices.Sort(p.cols)
	kind, _ := pf.Lookup(store.KeySnapshotKind)
	p.startsAtCapture = kind == "" || kind == store.SnapshotCapture
	if err := p.prune(pf, flt); err != nil {
		return nil, "", fmt.Errorf("%s: %w", src.path, err)
	}
	p.file, p.pf, keep = f, pf, true // the scan reads the file opened here
	return p, "", nil
}

// openParquet opens a Parquet file with its bloom filters.
func openParquet(path string) (*os.File, *pq.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size(), pq.SkipPageIndex(true), pq.SkipBloomFilters(true))
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	return f, pf, nil
}

// enriched reports whether the file's state columns were filled: every event has a
// category, so a file whose evt_category column holds only nulls was written without
// state tracking.
func enriched(pf *pq.File) bool {
	leaf := parquet.LeafIndex(parquet.ColEvtCategory)
	for _, rg := range pf.Metadata().RowGroups {
		cc := rg.Columns[leaf].MetaData
		if cc.NumValues > 0 && cc.Statistics.NullCount < cc.NumValues {
			return true
		}
	}
	return pf.NumRows() == 0
}

// Scan reads the selected row groups and pages column by column and emits the rows that
// are shown, inside the time range and matched by the filter.
func (p *storedPart) Scan(ctx context.Context, emit func(*exec.Batch) error) error {
	p.mu.Lock()
	f, pf := p.file, p.pf
	p.file, p.pf = nil, nil
	p.mu.Unlock()
	if f == nil {
		var err error
		if f, pf, err = openParquet(p.src.path); err != nil {
			return err
		}
	}
	defer f.Close()
	sc := &storedScan{p: p, cur: -1, buffers: scanBuffers.Get().(*buffers)}
	defer func() {
		sc.release()
		scanBuffers.Put(sc.buffers)
	}()
	if p.spec.filter != "" {
		flt, err := p.spec.compileFilter(columnResolver{scan: sc})
		if err != nil {
			return err
		}
		sc.flt = flt
		sc.pre = prefiltersOf(p.node)
	}
	sc.row = make([]exec.Value, len(p.inputs))
	sc.b.Reset(len(p.inputs))
	sc.started = !p.startsAtCapture
	sc.fake = make([]byte, event.HeaderLen+4) // room for a generic event's syscall code
	sc.ev.Raw = sc.fake
	sc.ectx.Ev = &sc.ev
	for gi, g := range p.groups {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		if gi > 0 || g > 0 || (p.pages[g] != nil && p.pages[g][0] != 0) {
			sc.started = true // rows before were skipped: the capture had started
		}
		if err := sc.group(pf, g, emit); err != nil {
			return fmt.Errorf("%s: row group %d: %w", p.src.path, g, err)
		}
	}
	if sc.b.Len > 0 {
		return emit(&sc.b)
	}
	return nil
}

// storedScan is the state of one scan of a storedPart.
type storedScan struct {
	p        *storedPart
	flt      *filter.Filter
	*buffers     // the loaded rows, from scanBuffers
	cur      int // the row the filter is looking at
	row      []exec.Value
	b        exec.Batch
	ip       [16]byte
	fake     []byte
	ev       event.Event
	ectx     state.EventContext
	started  bool
	tl       tally
	pre      []prefilter
}

// buffers hold a row group's columns while it is processed. They are reused from scan to
// scan (segments of a store are many and alike), through scanBuffers.
type buffers struct {
	vals [parquet.NumColumns]colVals // the loaded rows of each read column
	ld   loader
}

var scanBuffers = sync.Pool{New: func() any { return new(buffers) }}

// release forgets the loaded values (their memory is reused).
func (sc *storedScan) release() {
	sc.ld.reset()
	for c := range sc.vals {
		sc.vals[c].reset()
	}
}

// visibility of an event type in the stored path: whether sysdig shows its events, and
// whether it is a container event (hidden before the first other event of a capture). The
// events of newer tables' types (typeMeta) do not count as that first event; internal
// events (typeHidden) do.
const (
	typeMeta uint8 = iota
	typeHidden
	typeShown
	typeContainer
)

var typeVisibility = sync.OnceValue(func() []uint8 {
	v := make([]uint8, schema.NumEvents)
	for id := range v {
		info := schema.Info(uint16(id))
		switch {
		case info == nil || id >= schema.LegacyMax:
			v[id] = typeMeta
		case info.Category == schema.CatInternal || info.Source&(schema.SourceMetaevent|schema.SourceIter) != 0 && !info.Legacy:
			v[id] = typeHidden
		case id == 228 || id == 272 || id == 324:
			v[id] = typeContainer
		default:
			v[id] = typeShown
		}
	}
	return v
})

// group loads the candidate pages of row group g and processes their rows: a page at a
// time where the read columns' pages are aligned (the arrays stay the size of a page and
// are reused), else the whole group at once.
func (sc *storedScan) group(pf *pq.File, g int, emit func(*exec.Batch) error) error {
	p := sc.p
	chunks := pf.RowGroups()[g].ColumnChunks()
	noFlags := allZero(chunks[parquet.LeafIndex(parquet.ColRawFlags)])
	if starts := p.pageStarts[g]; starts != nil {
		return sc.groupByPage(chunks, starts, p.pages[g], noFlags, emit)
	}
	if err := sc.handOver(emit); err != nil {
		return err
	}
	for _, c := range p.cols {
		if c == parquet.ColRawFlags && noFlags {
			continue // no event of the row group carries dump flags
		}
		if err := sc.ld.readColumn(chunks[parquet.LeafIndex(c)], c, p.pages[g], &sc.vals[c]); err != nil {
			return fmt.Errorf("column %s: %w", parquet.Columns[c].Name, err)
		}
	}
	return sc.rows(noFlags, emit)
}

// handOver emits the rows batched so far, whose values alias the loaded columns, and
// then forgets the loaded columns.
func (sc *storedScan) handOver(emit func(*exec.Batch) error) error {
	if sc.b.Len > 0 {
		if err := emit(&sc.b); err != nil {
			return err
		}
		sc.b.Reset(len(sc.p.inputs))
	}
	sc.release()
	return nil
}

// groupByPage processes the given pages (all when pages is nil) of a row group whose
// read columns cut their pages at the rows of starts, one page of every column at a time.
func (sc *storedScan) groupByPage(chunks []pq.ColumnChunk, starts []int64, pages []int, noFlags bool, emit func(*exec.Batch) error) error {
	p := sc.p
	readers := make([]pq.Pages, len(p.cols))
	defer func() {
		for _, r := range readers {
			if r != nil {
				r.Close()
			}
		}
	}()
	for j, c := range p.cols {
		if c == parquet.ColRawFlags && noFlags {
			continue // no event of the row group carries dump flags
		}
		readers[j] = chunks[parquet.LeafIndex(c)].Pages()
	}
	n := len(starts) - 1
	if pages != nil {
		n = len(pages)
	}
	for i := range n {
		pg, seek := i, false
		if pages != nil {
			pg, seek = pages[i], i == 0 || pages[i] != pages[i-1]+1
		}
		if err := sc.handOver(emit); err != nil {
			return err
		}
		for j, c := range p.cols {
			r := readers[j]
			if r == nil {
				continue
			}
			if seek {
				if err := r.SeekToRow(starts[pg]); err != nil {
					return fmt.Errorf("column %s: page %d: %w", parquet.Columns[c].Name, pg, err)
				}
			}
			sc.vals[c].reserve(c, int(starts[pg+1]-starts[pg]))
			if err := sc.ld.readPage(r, c, &sc.vals[c]); err != nil {
				return fmt.Errorf("column %s: page %d: %w", parquet.Columns[c].Name, pg, err)
			}
		}
		if err := sc.rows(noFlags, emit); err != nil {
			return fmt.Errorf("page %d: %w", pg, err)
		}
	}
	return nil
}

// rows processes the loaded rows: it keeps those that are shown, inside the time range
// and matched by the filter, and counts or emits them.
func (sc *storedScan) rows(noFlags bool, emit func(*exec.Batch) error) error {
	p := sc.p
	types := sc.vals[parquet.ColRawType].ints
	var ts []int64
	if slices.Contains(p.cols, parquet.ColEvtRawtime) {
		ts = sc.vals[parquet.ColEvtRawtime].ints
	}
	flags := sc.vals[parquet.ColRawFlags].ints
	for _, c := range p.cols {
		if n := sc.vals[c].len(); n != len(types) && !(c == parquet.ColRawFlags && noFlags) {
			return fmt.Errorf("column %s has %d values, raw_type %d", parquet.Columns[c].Name, n, len(types))
		}
	}
	for i := range sc.pre {
		sc.pre[i].prepare(&sc.vals[sc.pre[i].col])
	}
	vis := typeVisibility()
	var order []int32 // rows grouped by thread, taken in capture order
	if p.grouped {
		order = parquet.CaptureOrder(sc.vals[parquet.ColEvtNum].ints)
	}
rows:
	for j := range types {
		k := j
		if order != nil {
			k = int(order[j])
		}
		typ := uint16(types[k])
		v := typeMeta
		if int(typ) < len(vis) {
			v = vis[typ]
		}
		if !sc.started && v != typeMeta {
			if v == typeContainer {
				continue // container events before the first other event are consumed at open
			}
			sc.started = true
		}
		if v <= typeHidden || !noFlags && uint32(flags[k])&event.FlagStateOnly != 0 {
			continue
		}
		var t uint64
		if ts != nil {
			if t = uint64(ts[k]); !p.spec.inRange(t) {
				continue
			}
		}
		for i := range sc.pre {
			if sc.pre[i].rejects(&sc.vals[sc.pre[i].col], k) {
				continue rows
			}
		}
		if sc.flt != nil {
			sc.cur = k
			binary.LittleEndian.PutUint64(sc.fake[0:], t)
			binary.LittleEndian.PutUint16(sc.fake[20:], typ)
			sc.setGenericCode(typ, k)
			if !sc.flt.Match(&sc.ectx, nil) {
				continue
			}
		}
		if p.weighted {
			sc.tally(k, int64(t))
			continue
		}
		if err := sc.emitRow(k, int64(t), 1, emit); err != nil {
			return err
		}
	}
	if p.weighted {
		return sc.emitTally(emit)
	}
	return nil
}

// emitRow appends loaded row k, standing for w events, to the batch.
func (sc *storedScan) emitRow(k int, t, w int64, emit func(*exec.Batch) error) error {
	p := sc.p
	{
		for i, c := range p.inputs {
			if p.evtType[i] {
				sc.row[i] = fields.Value{Kind: fields.KindString, Bytes: sc.evtType(k)}
				continue
			}
			sc.row[i] = sc.vals[c].value(k, p.kinds[i], &sc.ip)
			if p.kinds[i] == fields.KindIP {
				sc.row[i] = sc.b.Keep(sc.row[i])
			}
		}
		if w == 1 {
			sc.b.Append(t, sc.row)
		} else {
			sc.b.AppendWeighted(t, sc.row, w)
		}
		if sc.b.Len == exec.BatchSize {
			if err := emit(&sc.b); err != nil {
				return err
			}
			sc.b.Reset(len(p.inputs))
		}
	}
	return nil
}

// allZero reports whether a column chunk's statistics say every value is zero.
func allZero(chunk pq.ColumnChunk) bool {
	b, ok := chunk.(interface {
		Bounds() (pq.Value, pq.Value, bool)
	})
	if !ok {
		return false
	}
	lo, hi, ok := b.Bounds()
	return ok && !lo.IsNull() && !hi.IsNull() && lo.Int64() == 0 && hi.Int64() == 0
}

// setGenericCode gives the filter's event the syscall code of loaded row k when it is a
// generic event (the filter answers its evt.type checks from that code), and no
// parameters otherwise.
func (sc *storedScan) setGenericCode(typ uint16, k int) {
	np := uint32(0)
	if typ <= 1 && sc.p.genericCodes {
		code, ok := sc.genericCode(typ, k)
		if ok {
			np = 1
			binary.LittleEndian.PutUint16(sc.fake[event.HeaderLen:], 2)
			binary.LittleEndian.PutUint16(sc.fake[event.HeaderLen+2:], code)
		}
	}
	binary.LittleEndian.PutUint32(sc.fake[22:], np)
}

// genericCode is the syscall code of loaded generic row k: in enriched files a code of
// the name its evt_type column holds (codes of one name answer evt.type alike), elsewhere
// the one in its raw_params.
func (sc *storedScan) genericCode(typ uint16, k int) (uint16, bool) {
	if sc.p.enriched {
		c := &sc.vals[parquet.ColEvtType]
		if k >= c.len() || c.null[k] {
			return 0, false
		}
		code, ok := syscallCodeByName()[string(c.strs[c.idx[k]])]
		return code, ok
	}
	pc := &sc.vals[parquet.ColRawParams]
	if k >= pc.len() || pc.null[k] {
		return 0, false
	}
	return genericCode(typ, pc.strs[pc.idx[k]], int(sc.vals[parquet.ColRawNparams].ints[k]))
}

// evtType is evt.type of loaded row k.
func (sc *storedScan) evtType(k int) []byte {
	if typ := uint16(sc.vals[parquet.ColRawType].ints[k]); typ > 1 || !sc.p.generic || k >= sc.vals[parquet.ColRawParams].len() {
		return evtTypeName(typ, nil, 0)
	}
	pc := &sc.vals[parquet.ColRawParams]
	var params []byte
	if !pc.null[k] {
		params = pc.strs[pc.idx[k]]
	}
	return evtTypeName(uint16(sc.vals[parquet.ColRawType].ints[k]), params, int(sc.vals[parquet.ColRawNparams].ints[k]))
}

// columnResolver resolves filter fields to extractors that read the row the scan is
// looking at from the loaded columns.
type columnResolver struct{ scan *storedScan }

func (r columnResolver) Lookup(expr string) (*fields.Field, int, error) {
	f, n, err := fields.Lookup(expr)
	if err != nil {
		return nil, 0, err
	}
	e, ok := r.scan.p.filter[expr[:n]]
	if !ok {
		return nil, 0, fmt.Errorf("field %s is not stored", expr[:n])
	}
	f.Extractor = &columnExtractor{scan: r.scan, col: e.col, kind: e.kind, evtType: e.evtType}
	return f, n, nil
}

// columnExtractor extracts a field from its stored column at the scan's current row.
type columnExtractor struct {
	scan    *storedScan
	col     int
	kind    fields.Kind
	evtType bool
	ip      [16]byte
}

func (e *columnExtractor) Extract(_ *state.EventContext, _ state.View, v *fields.Value) bool {
	if e.evtType {
		*v = fields.Value{Kind: fields.KindString, Bytes: e.scan.evtType(e.scan.cur)}
		return true
	}
	*v = e.scan.vals[e.col].value(e.scan.cur, e.kind, &e.ip)
	return v.Kind != fields.KindNone
}

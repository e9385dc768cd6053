package plan

import (
	"bytes"
	"strconv"
	"strings"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/filter"
)

// evidence is what one level (a segment's catalog entry, a row group or a page) tells
// about a column: bounds of its values, whether it holds only nulls, and for segments and
// row groups the list of every value (catalog summary, dictionary) and bloom filter.
// Every test on it answers "may match".
type evidence interface {
	bounds(col int) (lo, hi pq.Value, ok bool)
	allNull(col int) bool
	values(col int) valueList     // nil when unknown or not covering every value
	bloom(col int) pq.BloomFilter // nil when absent
}

// valueList is every distinct value of a column at one level (a pq.Dictionary is one).
type valueList interface {
	Len() int
	Index(i int32) pq.Value
}

// pruner evaluates a filter's checks against evidence.
type pruner struct {
	node  filter.Node
	types *filter.TypeSet
	spec  *scanSpec
}

// mayMatch reports whether rows described by ev may satisfy the time range, the event
// type set and the filter; why names what ruled them out.
func (pr *pruner) mayMatch(ev evidence) (ok bool, why string) {
	if pr.spec.timed {
		if lo, hi, ok := ev.bounds(parquet.ColEvtRawtime); ok && (uint64(hi.Int64()) < pr.spec.from || uint64(lo.Int64()) > pr.spec.to) {
			return false, "time"
		}
	}
	if pr.types != nil && !typeSetMayMatch(pr.types, ev) {
		return false, "event types"
	}
	if pr.node != nil {
		if ok, why := pr.check(pr.node, ev); !ok {
			return false, why
		}
	}
	return true, ""
}

// typeSetMayMatch tests the raw_type column against the filter's event types.
func typeSetMayMatch(set *filter.TypeSet, ev evidence) bool {
	if d := ev.values(parquet.ColRawType); d != nil {
		for i := 0; i < d.Len(); i++ {
			if set.Has(uint16(d.Index(int32(i)).Int32())) {
				return true
			}
		}
		return false
	}
	lo, hi, ok := ev.bounds(parquet.ColRawType)
	if !ok {
		return true
	}
	for id := lo.Int32(); id <= hi.Int32(); id++ {
		if set.Has(uint16(id)) {
			return true
		}
	}
	return false
}

// check walks the condition: a conjunction may match when every operand may, a
// disjunction when one may; a negation always may.
func (pr *pruner) check(n filter.Node, ev evidence) (bool, string) {
	switch x := n.(type) {
	case *filter.And:
		for _, op := range x.Operands {
			if ok, why := pr.check(op, ev); !ok {
				return false, why
			}
		}
		return true, ""
	case *filter.Or:
		why := ""
		for _, op := range x.Operands {
			ok, w := pr.check(op, ev)
			if ok {
				return true, ""
			}
			why = w
		}
		return false, why
	case *filter.Check:
		return checkMayMatch(x, ev)
	}
	return true, ""
}

// checkMayMatch tests one check against a stored column's evidence.
func checkMayMatch(c *filter.Check, ev evidence) (bool, string) {
	if len(c.Left.Transformers) > 0 || c.Left.Field == "evt.type" {
		return true, ""
	}
	e, ok := storedField(c.Left.Field, true)
	if !ok || e.kind != fields.KindString && e.kind != fields.KindInt && e.kind != fields.KindUint {
		return true, ""
	}
	for _, v := range c.Values {
		if v.Field != nil {
			return true, "" // val(): compared with another field
		}
	}
	if ev.allNull(e.col) {
		return false, "statistics" // a check on a missing value is false
	}
	op := c.Op
	isString := e.kind == fields.KindString
	switch op {
	case "=", "==", "in", "intersects":
	case "startswith":
		if !isString {
			return true, ""
		}
	case "<", "<=", ">", ">=":
		if isString || len(c.Values) != 1 {
			return true, ""
		}
		n, ok := parseInt(c.Values[0].Text)
		lo, hi, bok := ev.bounds(e.col)
		if !ok || !bok {
			return true, ""
		}
		switch op {
		case "<":
			return lo.Int64() < n, "statistics"
		case "<=":
			return lo.Int64() <= n, "statistics"
		case ">":
			return hi.Int64() > n, "statistics"
		}
		return hi.Int64() >= n, "statistics"
	default:
		return true, ""
	}
	why := "statistics"
	for _, v := range c.Values {
		ok, w := valueMayMatch(e, op, v.Text, ev)
		if ok {
			return true, ""
		}
		why = w
	}
	return false, why
}

// valueMayMatch tests one value of an =, in or startswith check.
func valueMayMatch(e fieldEntry, op, text string, ev evidence) (bool, string) {
	var val pq.Value
	if e.kind == fields.KindString {
		val = pq.ByteArrayValue([]byte(text))
	} else {
		n, ok := parseInt(text)
		if !ok {
			return true, ""
		}
		if parquet.Columns[e.col].Kind == parquet.KindInt32 {
			val = pq.Int32Value(int32(n))
		} else {
			val = pq.Int64Value(n)
		}
	}
	prefix := op == "startswith"
	if lo, hi, ok := ev.bounds(e.col); ok {
		if !inBounds(val, lo, hi, prefix, e.kind == fields.KindString) {
			return false, "statistics"
		}
	}
	if d := ev.values(e.col); d != nil {
		found := false
		for i := 0; i < d.Len() && !found; i++ {
			dv := d.Index(int32(i))
			if prefix {
				found = bytes.HasPrefix(dv.ByteArray(), val.ByteArray())
			} else {
				found = pq.Equal(dv, val)
			}
		}
		if !found {
			return false, "dictionary"
		}
	}
	if b := ev.bloom(e.col); b != nil && !prefix {
		if ok, err := b.Check(val); err == nil && !ok {
			return false, "bloom filter"
		}
	}
	return true, ""
}

// inBounds reports whether val (or, for a prefix, some string starting with it) may lie
// between lo and hi.
func inBounds(val, lo, hi pq.Value, prefix, isString bool) bool {
	if !isString {
		return val.Int64() >= lo.Int64() && val.Int64() <= hi.Int64()
	}
	v, l, h := val.ByteArray(), lo.ByteArray(), hi.ByteArray()
	if prefix {
		if len(l) > len(v) {
			l = l[:len(v)]
		}
		if len(h) > len(v) {
			h = h[:len(v)]
		}
	}
	return bytes.Compare(v, l) >= 0 && bytes.Compare(v, h) <= 0
}

// parseInt parses a filter's integer value: decimal, or hexadecimal with 0x.
func parseInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if h, ok := strings.CutPrefix(strings.ToLower(s), "0x"); ok {
		n, err := strconv.ParseUint(h, 16, 64)
		return int64(n), err == nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// groupEvidence is what a row group's metadata, dictionaries and bloom filters say.
type groupEvidence struct {
	meta    format.RowGroup
	chunks  []pq.ColumnChunk
	dicts   map[int]pq.Dictionary
	version int // the file's schema version
}

func (g *groupEvidence) stats(col int) *format.ColumnMetaData {
	return &g.meta.Columns[parquet.LeafIndex(col)].MetaData
}

func (g *groupEvidence) bounds(col int) (pq.Value, pq.Value, bool) {
	b, ok := g.chunks[parquet.LeafIndex(col)].(interface {
		Bounds() (pq.Value, pq.Value, bool)
	})
	if !ok {
		return pq.Value{}, pq.Value{}, false
	}
	lo, hi, ok := b.Bounds()
	return lo, hi, ok && !lo.IsNull() && !hi.IsNull()
}

func (g *groupEvidence) allNull(col int) bool {
	m := g.stats(col)
	return m.NumValues > 0 && m.Statistics.NullCount == m.NumValues
}

func (g *groupEvidence) values(col int) valueList {
	if d, ok := g.dicts[col]; ok {
		if d == nil {
			return nil // a nil pq.Dictionary is not a nil valueList
		}
		return d
	}
	var d pq.Dictionary
	if parquet.DictionaryOnly(g.stats(col), g.version) {
		pages := g.chunks[parquet.LeafIndex(col)].Pages()
		if fp, ok := pages.(interface{ ReadDictionary() (pq.Dictionary, error) }); ok {
			if dd, err := fp.ReadDictionary(); err == nil {
				d = dd
			}
		}
		pages.Close()
	}
	if g.dicts == nil {
		g.dicts = map[int]pq.Dictionary{}
	}
	g.dicts[col] = d
	if d == nil {
		return nil
	}
	return d
}

func (g *groupEvidence) bloom(col int) pq.BloomFilter {
	if !parquet.Columns[col].Bloom {
		return nil
	}
	return g.chunks[parquet.LeafIndex(col)].BloomFilter()
}

// pageEvidence is what a page's column index entry says.
type pageEvidence struct {
	idx  map[int]pq.ColumnIndex
	page int
}

func (p *pageEvidence) bounds(col int) (pq.Value, pq.Value, bool) {
	ci, ok := p.idx[col]
	if !ok || ci.NullPage(p.page) {
		return pq.Value{}, pq.Value{}, false
	}
	lo, hi := ci.MinValue(p.page), ci.MaxValue(p.page)
	return lo, hi, !lo.IsNull() && !hi.IsNull()
}

func (p *pageEvidence) allNull(col int) bool {
	ci, ok := p.idx[col]
	return ok && ci.NullPage(p.page)
}

func (p *pageEvidence) values(int) valueList     { return nil }
func (p *pageEvidence) bloom(int) pq.BloomFilter { return nil }

// prune selects the row groups and pages to read.
func (p *storedPart) prune(pf *pq.File, flt *filter.Filter) error {
	pr := &pruner{spec: p.spec}
	if flt != nil {
		pr.types = flt.EventTypes()
		pr.node, p.node = p.spec.node, p.spec.node
	}
	p.pages = map[int][]int{}
	p.pageStarts = map[int][]int64{}
	metas := pf.Metadata().RowGroups
	version := parquet.FileVersion(pf)
	for g, rg := range pf.RowGroups() {
		p.groupsTotal++
		chunks := rg.ColumnChunks()
		oi, err := chunks[parquet.LeafIndex(parquet.ColEvtRawtime)].OffsetIndex()
		npages := 1
		if err == nil {
			npages = oi.NumPages()
		}
		p.pagesTotal += npages
		if ok, why := pr.mayMatch(&groupEvidence{meta: metas[g], chunks: chunks, version: version}); !ok {
			p.prunedBy[why]++
			p.pagesPruned += npages
			continue
		}
		keep, starts := p.keepPages(pr, chunks, npages, metas[g].NumRows)
		if keep != nil && len(keep) == 0 {
			p.prunedBy["page index"]++
			p.pagesPruned += npages
			continue
		}
		if keep != nil {
			p.pagesPruned += npages - len(keep)
		}
		p.groups = append(p.groups, g)
		p.pages[g] = keep
		if starts != nil {
			p.pageStarts[g] = starts
		}
	}
	return nil
}

// keepPages tests every page of a row group against the column indexes; nil means all
// pages are kept (or pages cannot be told apart: no index, or pages not aligned). Where
// the read columns cut their pages at the same rows, starts gives the first row of each
// page and, last, the row group's row count (nil otherwise).
func (p *storedPart) keepPages(pr *pruner, chunks []pq.ColumnChunk, npages int, rows int64) (keep []int, starts []int64) {
	if npages <= 1 {
		return nil, nil
	}
	var first pq.OffsetIndex
	idx := map[int]pq.ColumnIndex{}
	for _, c := range p.cols {
		ch := chunks[parquet.LeafIndex(c)]
		oi, err := ch.OffsetIndex()
		if err != nil || oi.NumPages() != npages {
			return nil, nil
		}
		if first == nil {
			first = oi
		} else {
			for i := 0; i < npages; i++ {
				if oi.FirstRowIndex(i) != first.FirstRowIndex(i) {
					return nil, nil
				}
			}
		}
		if ci, err := ch.ColumnIndex(); err == nil && ci.NumPages() == npages {
			idx[c] = ci
		}
	}
	starts = make([]int64, npages+1)
	for i := range npages {
		starts[i] = first.FirstRowIndex(i)
	}
	starts[npages] = rows
	keep = []int{}
	for i := 0; i < npages; i++ {
		if ok, _ := pr.mayMatch(&pageEvidence{idx: idx, page: i}); ok {
			keep = append(keep, i)
		}
	}
	if len(keep) == npages {
		return nil, starts
	}
	return keep, starts
}

package plan

import (
	"bytes"

	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/filter"
)

// prefilter is a check of the filter that every matching row must pass (a conjunct of
// its top level) on a stored string column, evaluated once per distinct string of a row
// group (the column's dictionary) instead of once per row. Rows it rejects skip the
// compiled filter; rows it passes still go through it, so a prefilter only has to be
// exact about what it rejects.
type prefilter struct {
	col    int
	op     string
	values [][]byte
	pass   []bool // per string of the loaded column
}

// prefiltersOf returns the prefilters of a condition: its top-level conjuncts that are
// checks =, in, startswith, endswith or contains of a stored string field.
func prefiltersOf(n filter.Node) []prefilter {
	var conj []filter.Node
	if a, ok := n.(*filter.And); ok {
		conj = a.Operands
	} else if n != nil {
		conj = []filter.Node{n}
	}
	var out []prefilter
	for _, c := range conj {
		ck, ok := c.(*filter.Check)
		if !ok || len(ck.Left.Transformers) > 0 || ck.Left.Field == "evt.type" {
			continue
		}
		switch ck.Op {
		case "=", "==", "in", "startswith", "endswith", "contains":
		default:
			continue
		}
		e, ok := storedField(ck.Left.Field, true)
		if !ok || e.kind != fields.KindString || e.evtType {
			continue
		}
		pf := prefilter{col: e.col, op: ck.Op}
		usable := len(ck.Values) > 0
		for _, v := range ck.Values {
			if v.Field != nil {
				usable = false
			}
			pf.values = append(pf.values, []byte(v.Text))
		}
		if usable {
			out = append(out, pf)
		}
	}
	return out
}

// accepts reports whether s passes the check.
func (p *prefilter) accepts(s []byte) bool {
	for _, v := range p.values {
		var ok bool
		switch p.op {
		case "startswith":
			ok = bytes.HasPrefix(s, v)
		case "endswith":
			ok = bytes.HasSuffix(s, v)
		case "contains":
			ok = bytes.Contains(s, v)
		default:
			ok = bytes.Equal(s, v)
		}
		if ok {
			return true
		}
	}
	return false
}

// prepare evaluates the check for every string of the loaded column.
func (p *prefilter) prepare(c *colVals) {
	p.pass = p.pass[:0]
	for _, s := range c.strs {
		p.pass = append(p.pass, p.accepts(s))
	}
}

// rejects reports whether loaded row k fails the check (a row without a value fails every
// check).
func (p *prefilter) rejects(c *colVals, k int) bool {
	return c.null[k] || !p.pass[c.idx[k]]
}

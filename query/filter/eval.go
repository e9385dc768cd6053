package filter

import (
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// evaluator is a node of a compiled filter. It keeps scratch values, so a tree is used
// by one goroutine at a time.
type evaluator interface {
	eval(ctx *state.EventContext, view state.View) bool
}

type constEval bool

func (c constEval) eval(*state.EventContext, state.View) bool { return bool(c) }

type andEval []evaluator

func (a andEval) eval(ctx *state.EventContext, view state.View) bool {
	for _, e := range a {
		if !e.eval(ctx, view) {
			return false
		}
	}
	return true
}

// orEval holds when an operand does; operands whose event-type set lacks the event's
// type cannot hold and are skipped.
type orEval struct {
	evs   []evaluator
	types []TypeSet
}

func (o *orEval) eval(ctx *state.EventContext, view state.View) bool {
	id := ctx.Ev.Type()
	for i, e := range o.evs {
		if o.types[i].Has(id) && e.eval(ctx, view) {
			return true
		}
	}
	return false
}

type notEval struct{ x evaluator }

func (n *notEval) eval(ctx *state.EventContext, view state.View) bool { return !n.x.eval(ctx, view) }

// checkEval extracts a single-valued field and matches it; no value is false.
type checkEval struct {
	ext fields.Extractor
	m   matcher
	v   fields.Value
}

func (c *checkEval) eval(ctx *state.EventContext, view state.View) bool {
	if !c.ext.Extract(ctx, view, &c.v) {
		return false
	}
	return c.m.match(&c.v)
}

// multiEval matches the values of a multi-valued field: true when some value matches,
// or, with all set, when there is a value and every value matches.
type multiEval struct {
	ext    MultiExtractor
	m      matcher
	all    bool
	found  bool
	result bool
	yield  func(*fields.Value) bool
}

func newMultiEval(ext MultiExtractor, m matcher, all bool) *multiEval {
	e := &multiEval{ext: ext, m: m, all: all}
	e.yield = e.visit
	return e
}

func (e *multiEval) visit(v *fields.Value) bool {
	e.found = true
	ok := e.m.match(v)
	if e.all {
		if !ok {
			e.result = false
			return false
		}
		return true
	}
	if ok {
		e.result = true
		return false
	}
	return true
}

func (e *multiEval) eval(ctx *state.EventContext, view state.View) bool {
	e.found, e.result = false, e.all
	e.ext.ExtractAll(ctx, view, e.yield)
	return e.found && e.result
}

// typeEval answers a check on evt.type or evt.dir from the event type id alone. Generic
// syscall events take the name of their syscall code (first parameter), answered from
// a bit set of codes; other ids whose value depends on the event (beyond the table)
// fall back to extraction.
type typeEval struct {
	exact   TypeSet
	dynamic TypeSet
	generic bool     // generic events are answered from codes
	codes   []uint64 // syscall codes whose name satisfies the check
	ncodes  int      // number of syscall codes in the table
	short   bool     // the answer for a generic event without a code parameter
	unknown bool     // the answer for a code beyond the syscall table
	slow    evaluator
}

func (t *typeEval) eval(ctx *state.EventContext, view state.View) bool {
	id := ctx.Ev.Type()
	if !t.dynamic.Has(id) {
		return t.exact.Has(id)
	}
	if t.generic && id <= 1 {
		p := ctx.Ev.Param(0)
		if len(p) < 2 {
			return t.short
		}
		code := int(p[0]) | int(p[1])<<8
		if code >= t.ncodes {
			return t.unknown
		}
		return t.codes[code/64]&(1<<(code%64)) != 0
	}
	return t.slow.eval(ctx, view)
}

// fieldCmpEval compares two fields of the same event (val()).
type fieldCmpEval struct {
	lhs, rhs fields.Extractor
	lv, rv   fields.Value
	op       string
	cls      class
}

func (e *fieldCmpEval) eval(ctx *state.EventContext, view state.View) bool {
	if !e.lhs.Extract(ctx, view, &e.lv) || !e.rhs.Extract(ctx, view, &e.rv) {
		return false
	}
	return compareValues(e.op, e.cls, &e.lv, &e.rv)
}

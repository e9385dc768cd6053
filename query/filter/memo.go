package filter

import "github.com/scrylabs/scry/state"

// Memo shares the results of macros between the filters compiled with it (a rule set
// whose rules use the same macros): a macro evaluated for an event by one filter is not
// evaluated again by the others. Call Next before evaluating the filters on each event.
// A Memo is used by one goroutine at a time, like its filters.
type Memo struct {
	gen   uint64
	slots map[Node]*memoSlot
}

type memoSlot struct {
	gen   uint64
	ev    any // the event the result is for, to guard against a missed Next
	ts    uint64
	value bool
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{slots: map[Node]*memoSlot{}} }

// Next starts a new event: the results remembered so far are dropped.
func (m *Memo) Next() { m.gen++ }

func (m *Memo) slot(def Node) *memoSlot {
	s := m.slots[def]
	if s == nil {
		s = &memoSlot{}
		m.slots[def] = s
	}
	return s
}

// memoEval evaluates a macro once per event for all the filters sharing its slot.
type memoEval struct {
	x    evaluator
	memo *Memo
	slot *memoSlot
}

func (e *memoEval) eval(ctx *state.EventContext, view state.View) bool {
	s := e.slot
	if s.gen == e.memo.gen && s.ev == any(ctx.Ev) && s.ts == ctx.Ev.Ts() {
		return s.value
	}
	v := e.x.eval(ctx, view)
	s.gen, s.ev, s.ts, s.value = e.memo.gen, ctx.Ev, ctx.Ev.Ts(), v
	return v
}

// memoize wraps the compiled macro def in its memo slot, unless it is cheaper to
// evaluate than to look up.
func (c *compiler) memoize(def Node, x compiled) compiled {
	if c.opts.Memo == nil {
		return x
	}
	switch e := x.ev.(type) {
	case constEval, *typeEval, *memoEval:
		return x
	case *notEval:
		if _, ok := e.x.(*typeEval); ok {
			return x
		}
	}
	x.ev = &memoEval{x: x.ev, memo: c.opts.Memo, slot: c.opts.Memo.slot(def)}
	return x
}

package render

import "github.com/scrylabs/scry/state"

// LookupFD returns the entry of fd n in the table thread t uses, nil if t is nil, n is
// negative or the fd is absent. It never creates anything.
func LookupFD(view state.View, t *state.Thread, n int64) *state.FD {
	if t == nil || n < 0 || view == nil {
		return nil
	}
	tbl := view.FDTable(t)
	if tbl == nil {
		return nil
	}
	return tbl.Get(n)
}

// ThreadOf returns the thread an event's fields see: the context's thread, else a plain
// table lookup of the event's tid.
func ThreadOf(ctx *state.EventContext, view state.View) *state.Thread {
	if ctx.Thread != nil {
		return ctx.Thread
	}
	if view == nil || ctx.Ev == nil {
		return nil
	}
	return view.Thread(ctx.Ev.Tid())
}

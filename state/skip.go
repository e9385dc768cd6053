package state

import (
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// SetFilterTypes tells the engine which event types the filter of SetFilter can accept:
// has reports, by type id, whether the filter may return true for it. For the other
// types whose table flags lack EF_MODIFIES_STATE, Process then neither builds the
// event's context nor calls the filter: it does only what the reference's per-event
// reset leaves behind on the thread table for later events (placeholder threads, the
// thread's lastevent type, fd and latency bookkeeping, a cancelled close's pending
// removal) and returns the context with Filtered set, Ev and Thread filled in and
// nothing else. has nil, or SetFilter, turns this off.
func (e *Engine) SetFilterTypes(has func(typ uint16) bool) {
	e.skip, e.accepts = nil, has
	if has == nil || e.filter == nil {
		return
	}
	e.skip = new([schema.LegacyMax]skipClass)
	for typ := range uint16(schema.LegacyMax) {
		info := schema.Info(typ)
		switch {
		case info == nil || has(typ):
		case typ == evSchedswitchV6E:
			// reset looks its thread up without adding one and leaves it as it is; the
			// filter's rejection writes nothing either.
			e.skip[typ] = skipInert
		case info.Flags&schema.EFModifiesState == 0 && typ != evContainerE &&
			typ != evContainerJsonE && typ != evContainerJsonV2E && typ != evSchedswitchV6E:
			e.skip[typ] = skipWhole
		case e.fdsUnobserved && fdOnlyParser(typ):
			e.skip[typ] = skipParser
		}
	}
}

// skipClass is what Process does with an event of a type the filter cannot accept.
type skipClass uint8

const (
	processAll skipClass = iota // the whole engine, filter included
	skipInert                   // nothing to do: the event leaves nothing behind
	skipWhole                   // skipEvent: reset's lasting effects, no parser
	skipParser                  // skipFDParser: reset's effects on the thread, no fd tables
)

// skipEvent is Process for an event of a type the filter cannot accept and that does
// not modify state: reset's effects on the thread table, then the filter's rejection
// (processEvent and reset give the reference for each step).
func (e *Engine) skipEvent(ctx *EventContext, info *schema.EventInfo, typ uint16) {
	ctx.Filtered = true
	ev := ctx.Ev
	if info.Flags&schema.EFSkipParseReset != 0 {
		ctx.Thread = e.Thread(ev.Tid())
		return
	}
	var t *Thread
	queryOS := traits(typ)&traitCloneExit == 0
	if queryOS {
		t = e.eventThread(ev.Tid())
	} else {
		t = e.Thread(ev.Tid())
	}
	ctx.Thread = t
	if t == nil {
		return
	}
	if queryOS {
		t.Flags |= Active
	}
	if typ&1 == 0 {
		t.LastEventFD = -1
		if info.Flags&schema.EFUsesFD != 0 {
			if fd, ok := ev.Int64(0); ok {
				t.LastEventFD = fd
			}
			e.touchFDTable(t, t.LastEventFD)
		}
		t.Latency = 0
		t.LatencyEnter = ev.Ts()
		t.LastEventType = filteredType
		return
	}
	if t.LatencyEnter != 0 {
		t.Latency = ev.Ts() - t.LatencyEnter
	}
	lookedUp := false
	t.enterValid = typ == t.LastEventType+1
	if (t.enterValid || t.LastEventType == evTracerE) && info.Flags&schema.EFUsesFD != 0 {
		if typ == evCopyFileRangeX {
			if fd, ok := ev.Int64(1); ok {
				t.LastEventFD = fd
			}
		}
		lookedUp = true
		if e.fdsUnobserved && (t.Flags&CloneFiles == 0 || e.Thread(t.Pid) != nil) {
			// The lookup would touch nothing but the fd table (SetFDTablesUnobserved).
			t.LastEventType = filteredType
			return
		}
		if f := e.getFD(t, t.LastEventFD); f != nil && f.Flags&FDCloseCanceled != 0 {
			f.Flags &^= FDCloseCanceled
			e.pendingFDs = append(e.pendingFDs, pendingFD{owner: e.fdTableOwner(t), fd: savedFD})
		}
	}
	if typ == evWriteX && !lookedUp {
		e.touchFDTable(t, t.LastEventFD)
	}
	t.LastEventType = filteredType
}

// touchFDTable has the side effect of looking fd up in t's table without the lookup: a
// thread sharing its main thread's table gets a placeholder main thread if it has none.
func (e *Engine) touchFDTable(t *Thread, fd int64) {
	if fd >= 0 && t.Flags&CloneFiles != 0 {
		e.fdTableInUse(t)
	}
}

// Skip is Process for the events Process would reject without running their parsers,
// for callers that need nothing of a rejected event's context: it reports true when it
// has done for ev everything Process does (the event is filtered out), and false, having
// changed nothing, when ev needs Process (any event the filter might accept, that
// modifies state, or that comes while the engine has work pending from the previous
// event). Calling Skip first and Process only when it reports false leaves the engine
// as calling Process alone does; it saves the context's upkeep on the events a
// selective filter rejects by type.
func (e *Engine) Skip(ev *event.Event) bool {
	if e.skip == nil || e.cleanupPending || e.hasPendingTid || len(e.pendingFDs) > 0 || !e.started || !e.haveFirstTS {
		return false
	}
	typ := ev.Type()
	if typ >= schema.LegacyMax {
		return false
	}
	switch e.skip[typ] {
	case skipInert:
		e.firstEvent = false
		return true
	case skipWhole:
		e.firstEvent, e.tinfo = false, nil
		ctx := &e.ctx
		*ctx = EventContext{Ev: ev}
		e.skipEvent(ctx, schema.Info(typ), typ)
		return true
	case skipParser:
		ctx := &e.ctx
		*ctx = EventContext{Ev: ev}
		if e.skipFDParser(ctx, schema.Info(typ), typ) {
			e.firstEvent = false
			return true
		}
	}
	return false
}

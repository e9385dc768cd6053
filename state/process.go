package state

import (
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// filteredType is what a filter rejection writes into a thread's lastevent_type
// (PPM_EVENT_MAX of the 0.29 table): no exit pairs with it.
const filteredType = schema.LegacyMax

// Process runs one event through the engine, in file order, and returns what the engine
// knows about it. Call it for every event of the capture, internal ones included. The
// context and everything it points to are valid until the next call of Process.
//
// Order per event, as sysdig does it: removals deferred by the previous event (a close,
// a procexit) take effect; the thread is looked up (unknown tids get placeholders) and
// enter/exit pairing, error code and evt.fdinfo are computed; the filter (SetFilter) and
// the parser of the event type run; then the caller extracts fields and calls EndEvent.
// Filter-time fields see the stored enter event of an exit (ctx.Enter); EndEvent frees
// it, so output fields computed after EndEvent do not (sysdig formats its output after
// that cleanup). If EndEvent was not called, the next Process call does it first.
func (e *Engine) Process(ev *event.Event) *EventContext {
	if e.cleanupPending {
		e.cleanup()
	}
	if e.hasPendingTid || len(e.pendingFDs) > 0 {
		e.runDeferred()
	}
	ctx := &e.ctx
	*ctx = EventContext{Ev: ev}
	e.tinfo = nil
	typ := ev.Type()
	info := schema.Info(typ)
	if info == nil || typ >= schema.LegacyMax {
		e.parseMetaevent(ev)
		ctx.Hidden = true
		return ctx
	}
	if !e.haveFirstTS && typ != evContainerJsonE && typ != evContainerJsonV2E {
		e.firstTS, e.haveFirstTS = ev.Ts(), true
	}
	e.firstEvent = false
	if !e.started {
		if isContainerEvent(typ) {
			ctx.Hidden = true
		} else {
			e.started, e.firstEvent = true, true
			if e.consumedContainers {
				e.resolveLoadedContainers()
			}
		}
	}
	if e.skip != nil {
		switch e.skip[typ] {
		case skipInert:
			ctx.Filtered = true
			ctx.Thread = e.Thread(ev.Tid())
			return ctx
		case skipWhole:
			ctx.Filtered, ctx.Thread = true, e.skipEvent(ev, info, typ)
			return ctx
		case skipParser:
			if e.skipFDParser(ctx, info, typ) {
				return ctx
			}
		}
	}
	outcome := e.processEvent(ctx, info, typ)
	ctx.NoOwnThread = e.tinfo == nil
	if ctx.FD != nil {
		ctx.FDNameChanged = ctx.FD.Name != ctx.FD.oldName
	}
	if ctx.Thread == nil && !isContainerEvent(typ) {
		ctx.Thread = e.Thread(ev.Tid())
	}
	if outcome == kept {
		if t := e.tinfo; t != nil && typ != evSchedswitchV1E && typ != evSchedswitchV6E {
			t.PrevEventTS, t.LastEventTS = t.LastEventTS, ev.Ts()
		}
		if ctx.Enter == nil && typ&1 == 1 {
			e.peekEnter(ctx)
		}
		e.cleanupPending, e.cleanupExit, e.cleanupThread = true, typ&1 == 1, e.tinfo
	}
	return ctx
}

// isContainerEvent reports whether typ is one of the container events, which belong to
// no thread.
func isContainerEvent(typ uint16) bool {
	return typ == evContainerE || typ == evContainerJsonE || typ == evContainerJsonV2E
}

// EndEvent finishes the event of ctx after its fields have been extracted for filtering:
// the exit's stored enter event is freed (ctx.Enter becomes nil), as sysdig does before
// formatting output. Events the filter rejected or that were hidden as filtered out keep
// their enter event, as in sysdig.
func (e *Engine) EndEvent(ctx *EventContext) {
	if ctx != &e.ctx || !e.cleanupPending {
		return
	}
	ctx.Enter = nil
	e.cleanup()
}

// cleanup frees the stored enter event the last exit used.
func (e *Engine) cleanup() {
	t := e.cleanupThread
	if e.cleanupExit && t != nil && t.enterHas {
		t.enter = t.enter[:0]
		t.enterHas = false
		t.enterValid = false
	}
	e.cleanupPending, e.cleanupExit, e.cleanupThread = false, false, nil
}

// outcome of processing: kept events go on to output (and cleanup), the others were
// filtered out.
type outcome int

const (
	kept outcome = iota
	filteredOut
)

func (e *Engine) processEvent(ctx *EventContext, info *schema.EventInfo, typ uint16) outcome {
	ev := ctx.Ev
	e.reset(ctx, info, typ)
	if e.filter != nil {
		if typ == evWriteX && ctx.FD == nil && e.tinfo != nil {
			ctx.FD = e.getFD(e.tinfo, e.tinfo.LastEventFD)
		}
		if info.Flags&schema.EFModifiesState == 0 {
			if e.tinfo != nil {
				ctx.Thread = e.tinfo
			} else {
				e.syncThread(ctx)
			}
			if !e.filter(ctx) {
				if t := e.tinfo; t != nil && info.Flags&schema.EFSkipParseReset == 0 && typ != evSchedswitchV6E {
					t.LastEventType = filteredType
				}
				ctx.Filtered = true
				return filteredOut
			}
		}
	}
	hide := e.dispatch(ctx, typ)
	if e.filter != nil && info.Flags&schema.EFModifiesState != 0 {
		if e.tinfo != nil {
			ctx.Thread = e.tinfo
		} else {
			e.syncThread(ctx)
		}
		if !e.filter(ctx) {
			ctx.Filtered = true
			return filteredOut
		}
	}
	if ev.Flags&event.FlagStateOnly != 0 || hide {
		ctx.Hidden = true
		return filteredOut
	}
	return kept
}

// syncThread makes ctx.Thread what field extraction sees: the event's thread, else the
// table entry of the event's tid.
func (e *Engine) syncThread(ctx *EventContext) {
	if e.tinfo != nil {
		ctx.Thread = e.tinfo
	} else if ctx.Thread == nil {
		ctx.Thread = e.Thread(ctx.Ev.Tid())
	}
}

// runDeferred executes the removals the previous event scheduled: the thread of a
// procexit, the fds of successful closes.
func (e *Engine) runDeferred() {
	if e.hasPendingTid {
		e.hasPendingTid = false
		e.removeThread(e.pendingTid, false)
	}
	for _, p := range e.pendingFDs {
		if t := e.Thread(p.owner); t != nil {
			t.FDs.erase(p.fd, &e.fds)
		}
	}
	e.pendingFDs = e.pendingFDs[:0]
}

// reset is the per-event setup: thread lookup, enter bookkeeping, pairing, error code
// and evt.fdinfo.
func (e *Engine) reset(ctx *EventContext, info *schema.EventInfo, typ uint16) {
	ev := ctx.Ev
	if info.Flags&schema.EFSkipParseReset != 0 {
		if typ == evProcinfoE {
			e.tinfo = e.Thread(ev.Tid())
			ctx.Thread = e.tinfo
		}
		return
	}
	if typ == evContainerJsonE || typ == evContainerJsonV2E {
		return
	}
	tr := traits(typ)
	queryOS := tr&traitCloneExit == 0 && typ != evSchedswitchV6E
	var t *Thread
	if queryOS {
		t = e.eventThread(ev.Tid())
	} else {
		t = e.Thread(ev.Tid())
	}
	e.tinfo, ctx.Thread = t, t
	if t == nil || typ == evSchedswitchV6E {
		return
	}
	if queryOS {
		t.Flags |= Active
	}
	if typ&1 == 0 {
		t.LastEventFD = -1
		t.LastEventType = typ
		if info.Flags&schema.EFUsesFD != 0 {
			if fd, ok := ev.Int64(0); ok {
				t.LastEventFD = fd
			}
			ctx.FD = e.getFD(t, t.LastEventFD)
		}
		t.Latency = 0
		t.LatencyEnter = ev.Ts()
		return
	}
	if t.LatencyEnter != 0 {
		t.Latency = ev.Ts() - t.LatencyEnter
	}
	if typ == t.LastEventType+1 {
		t.enterValid = true
	} else {
		t.enterValid = false
		if t.LastEventType != evTracerE {
			return
		}
	}
	if tr&traitErrParam != 0 && ev.NParams() >= 1 {
		if v, ok := ev.Int64(0); ok && v < 0 {
			ctx.ErrorCode = -v
		}
	}
	if info.Flags&schema.EFUsesFD != 0 {
		if typ == evCopyFileRangeX {
			if fd, ok := ev.Int64(1); ok {
				t.LastEventFD = fd
			}
		}
		ctx.FD = e.getFD(t, t.LastEventFD)
		if f := ctx.FD; f != nil && f.Flags&FDCloseCanceled != 0 {
			f.Flags &^= FDCloseCanceled
			e.pendingFDs = append(e.pendingFDs, pendingFD{owner: e.fdTableOwner(t), fd: savedFD})
		}
	}
}

// eventThread looks up an event's thread, adding a placeholder for an unknown tid. sysdig
// shows the placeholder made for a capture's first event with proc.is_exe_writable true,
// later ones false (observed on filtered live recordings whose first events came from
// threads missing from the process list). sysdig leaves the flag of placeholders unset,
// so this is what its usual formats and filters show; formats with evt.latency*,
// thread.cpu* or thread.totexectime, or a filter on proc.is_exe_writable, showed false.
func (e *Engine) eventThread(tid int64) *Thread {
	if t := e.Thread(tid); t != nil {
		return t
	}
	t := e.threadOrPlaceholder(tid)
	if t != nil && e.firstEvent {
		t.ExeWritable = true
	}
	return t
}

package state

import (
	"encoding/binary"

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
		case info == nil:
		case has(typ):
			if (typ == evGenericE || typ == evGenericX) && e.genericFalse != nil && info.Flags&schema.EFModifiesState == 0 {
				e.skip[typ] = skipGeneric
			}
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

// SetFilterGenericCodes tells the engine which generic events (PPME_GENERIC_E and _X,
// whose evt.type is the name of their syscall code) the filter of SetFilter rejects
// whatever else they hold: rejects(code) is true for their syscall code. SkipRun then
// takes them as it takes the types SetFilterTypes leaves out. Call it after SetFilter
// (which withdraws it), before or after SetFilterTypes.
func (e *Engine) SetFilterGenericCodes(rejects func(code uint16) bool) {
	e.genericFalse = nil
	if rejects != nil {
		e.genericFalse = make([]uint64, (len(schema.SyscallCodes)+63)/64)
		for code := range len(schema.SyscallCodes) {
			if rejects(uint16(code)) {
				e.genericFalse[code/64] |= 1 << (code % 64)
			}
		}
	}
	if e.accepts != nil {
		e.SetFilterTypes(e.accepts)
	}
}

// skipClass is what Process does with an event of a type the filter cannot accept.
type skipClass uint8

const (
	processAll  skipClass = iota // the whole engine, filter included
	skipInert                    // nothing to do: the event leaves nothing behind
	skipWhole                    // skipEvent: reset's lasting effects, no parser
	skipParser                   // skipFDParser: reset's effects on the thread, no fd tables
	skipGeneric                  // a generic event: skipWhole for the codes the filter rejects (SkipRun only)
)

// skipEvent is Process for an event of a type the filter cannot accept and that does
// not modify state: reset's effects on the thread table, then the filter's rejection
// (processEvent and reset give the reference for each step). It returns the event's
// thread, nil if it has none.
func (e *Engine) skipEvent(ev *event.Event, info *schema.EventInfo, typ uint16) *Thread {
	hdr := ev.Raw[:event.HeaderLen] // the header's fields without a bounds check each
	tid, ts := int64(binary.LittleEndian.Uint64(hdr[8:16])), binary.LittleEndian.Uint64(hdr[0:8])
	flags := info.Flags
	if flags&schema.EFSkipParseReset != 0 {
		return e.Thread(tid)
	}
	var t *Thread
	queryOS := traits(typ)&traitCloneExit == 0
	if queryOS {
		t = e.eventThread(tid)
	} else {
		t = e.Thread(tid)
	}
	if t == nil {
		return nil
	}
	if queryOS {
		t.Flags |= Active
	}
	if typ&1 == 0 {
		t.LastEventFD = -1
		if flags&schema.EFUsesFD != 0 {
			if fd, ok := ev.Int64(0); ok {
				t.LastEventFD = fd
			}
			e.touchFDTable(t, t.LastEventFD)
		}
		t.Latency = 0
		t.LatencyEnter = ts
		t.LastEventType = filteredType
		return t
	}
	if t.LatencyEnter != 0 {
		t.Latency = ts - t.LatencyEnter
	}
	lookedUp := false
	t.enterValid = typ == t.LastEventType+1
	if (t.enterValid || t.LastEventType == evTracerE) && flags&schema.EFUsesFD != 0 {
		if typ == evCopyFileRangeX {
			if fd, ok := ev.Int64(1); ok {
				t.LastEventFD = fd
			}
		}
		lookedUp = true
		if e.fdsUnobserved && (t.Flags&CloneFiles == 0 || e.Thread(t.Pid) != nil) {
			// The lookup would touch nothing but the fd table (SetFDTablesUnobserved).
			t.LastEventType = filteredType
			return t
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
	return t
}

// touchFDTable has the side effect of looking fd up in t's table without the lookup: a
// thread sharing its main thread's table gets a placeholder main thread if it has none.
func (e *Engine) touchFDTable(t *Thread, fd int64) {
	if fd >= 0 && t.Flags&CloneFiles != 0 {
		e.fdTableInUse(t)
	}
}

// SkipRun is Process for the leading events of evs that Process would reject without
// running their parsers, for callers that need nothing of a rejected event's context:
// it does for each of them everything Process does and returns how many it took. It
// stops, having changed nothing for it, at the first event that needs Process (one the
// filter might accept, that modifies state, or that comes while the engine has work
// pending from the previous event). Calling SkipRun and Process in turn over a capture's
// events leaves the engine as calling Process alone does; it saves the context's upkeep
// and a call per event on the events a selective filter rejects by type.
func (e *Engine) SkipRun(evs []event.Event) int {
	// Nothing a skip path runs starts the engine, schedules a thread's removal or
	// leaves a cleanup: those are checked once. A skipped close can schedule an fd's
	// removal, and a pairing can renew the skip table: those are checked per event.
	if e.skip == nil || e.cleanupPending || e.hasPendingTid || !e.started || !e.haveFirstTS {
		return 0
	}
	for i := range evs {
		ev := &evs[i]
		typ := ev.Type()
		if typ >= schema.LegacyMax || len(e.pendingFDs) > 0 {
			return i
		}
		switch e.skip[typ] {
		case skipInert:
			e.firstEvent = false
		case skipWhole:
			e.firstEvent, e.tinfo = false, nil
			e.skipEvent(ev, schema.Info(typ), typ)
		case skipGeneric:
			p := ev.Param(0) // the syscall code
			if len(p) < 2 {
				return i
			}
			code := int(p[0]) | int(p[1])<<8
			if code >= len(e.genericFalse)*64 || e.genericFalse[code/64]&(1<<(code%64)) == 0 {
				return i
			}
			e.firstEvent, e.tinfo = false, nil
			e.skipEvent(ev, schema.Info(typ), typ)
		case skipParser:
			// The parsers' pairing reads the event and sets the enter of the
			// context, which the next Process clears.
			ctx := &e.ctx
			ctx.Ev, ctx.Enter = ev, nil
			if !e.skipFDParser(ctx, schema.Info(typ), typ) {
				return i
			}
			e.firstEvent = false
		default:
			return i
		}
	}
	return len(evs)
}

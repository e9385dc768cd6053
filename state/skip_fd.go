package state

import "github.com/scrylabs/scry/formats/schema"

// SetFDTablesUnobserved promises the engine that nothing the caller extracts reads an
// fd table: no field of the filter or of the output reads an fd entry, directly or
// through a working directory or an executable path an fd entry could have set (the
// caller works that out, for instance with filter.ReadsFDTables). Events of types the
// filter cannot accept whose parsers change nothing but fd tables (open, creat, openat,
// openat2 and close, enter and exit) then skip their parsers: Process does what their
// reset and parsers leave on the thread table (placeholders, the lastevent type and fd,
// latency, the stored enter event and its pairing) and leaves the fd tables as they
// are. The fd tables are then no longer those of sysdig, which is what the promise is
// for. Call it after SetFilterTypes, which it refreshes; SetFilter withdraws it.
//
// Two guards keep what the engine shows exact. The old openat exit's parser reads the
// enter event paired last by any thread, and a few parsers pair only when an fd lookup
// succeeds (an fcntl exit's): so the promise is refused when the filter accepts that
// exit, and it takes effect only once some exit has paired (until then every table is
// exact, and the last paired enter can no longer become absent afterwards, which is all
// a skipped old openat exit depends on).
func (e *Engine) SetFDTablesUnobserved() {
	if e.accepts == nil || e.accepts(evOpenatX) {
		return
	}
	e.fdsPromised = true
	if len(e.lastEnter) > 0 {
		e.keepFDPromise()
	}
}

// keepFDPromise starts skipping what SetFDTablesUnobserved allows.
func (e *Engine) keepFDPromise() {
	e.fdsPromised, e.fdsUnobserved = false, true
	e.SetFilterTypes(e.accepts)
}

// fdOnlyParser reports whether the parser of typ writes nothing but fd tables and
// thread state skipFDParser reproduces.
func fdOnlyParser(typ uint16) bool {
	switch typ {
	case evOpenE, evCreatE, evOpenatE, evOpenatV2E, evOpenat2E,
		evOpenX, evCreatX, evOpenatX, evOpenatV2X, evOpenat2X,
		evCloseE, evCloseX:
		return true
	}
	return false
}

// skipFDParser is Process for an event of an fdOnlyParser type the filter cannot
// accept. It reports false, having changed nothing, when the event's thread is unknown
// or is a thread whose main thread is missing: then the parser could add a placeholder
// thread (the reference's lookup of the main thread's fd table or working directory),
// so the event takes the full path. Otherwise, step by step as reset and the parsers
// do it, less what only reads or writes fd tables:
//
//   - reset: the Active flag, an enter's lastevent type and fd and its latency start,
//     an exit's latency and pairing validity (its fd lookups touch only fd tables:
//     with the main thread present they create nothing);
//   - the open-family enter's parser stores the event for its exit (storeEnter);
//   - the open-family exit's parser pairs (retrieveEnter: the thread's pairing state
//     and the engine's last paired enter) and, where it would add the new fd, makes
//     it the thread's lastevent fd (addFD);
//   - close's parsers mark and remove fd entries only.
//
// The state-modifying event is then rejected by the filter after its parser, which
// leaves the thread's lastevent type as reset set it.
func (e *Engine) skipFDParser(ctx *EventContext, info *schema.EventInfo, typ uint16) bool {
	ev := ctx.Ev
	t := e.Thread(ev.Tid())
	if t == nil || !t.IsMainThread() && e.Thread(t.Pid) == nil {
		return false
	}
	ctx.Filtered = true
	e.tinfo, ctx.Thread = t, t
	t.Flags |= Active
	if typ&1 == 0 {
		t.LastEventFD = -1
		t.LastEventType = typ
		if info.Flags&schema.EFUsesFD != 0 {
			if fd, ok := ev.Int64(0); ok {
				t.LastEventFD = fd
			}
		}
		t.Latency = 0
		t.LatencyEnter = ev.Ts()
		if typ != evCloseE {
			e.storeEnter(ctx)
		}
		return true
	}
	if t.LatencyEnter != 0 {
		t.Latency = ev.Ts() - t.LatencyEnter
	}
	t.enterValid = typ == t.LastEventType+1
	if typ == evCloseX {
		return true
	}
	// parseOpenExit up to its addFD.
	fd := pInt(ev, 0)
	paired := e.retrieveEnter(ctx)
	if typ == evOpenatX && !paired && e.staleEnter() == nil {
		return true
	}
	if fd >= 0 {
		t.LastEventFD = fd
	}
	return true
}

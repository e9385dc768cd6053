package state

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

func TestEventIDConstants(t *testing.T) {
	for id, name := range eventIDNames {
		if info := schema.Info(id); info == nil || info.PPME != name {
			t.Errorf("event id %d: constant says %s, table says %v", id, name, info)
		}
	}
}

func TestPairingAndErrorCode(t *testing.T) {
	h := newHarness(t, bashSection())
	ctx := h.pair(100, evReadE, p(i64(3), u32(10)), i64(-11), nil)
	if ctx.FD == nil || ctx.ErrorCode != 11 || ctx.Thread.Latency != 1000 {
		t.Errorf("paired read exit: fd %v errorcode %d latency %d", ctx.FD, ctx.ErrorCode, ctx.Thread.Latency)
	}
	// An exit of another type than the last enter: no fd, no error code.
	h.run(100, evWriteE, i64(3), u32(1))
	ctx = h.run(100, evReadX, i64(-11), nil)
	if ctx.FD != nil || ctx.ErrorCode != 0 {
		t.Errorf("unpaired exit: fd %v errorcode %d", ctx.FD, ctx.ErrorCode)
	}
	if ctx.Thread.Latency != 1000 {
		t.Errorf("latency of an unpaired exit is still measured from the last enter: %d", ctx.Thread.Latency)
	}
}

func TestEnterEventLifetime(t *testing.T) {
	h := newHarness(t, bashSection())
	h.run(100, evSocketE, u32(afInet), u32(sockStream), u32(0))
	ctx := h.run(100, evSocketX, i64(5))
	if ctx.Enter == nil || pUint(ctx.Enter, 0) != afInet {
		t.Fatal("socket exit without its enter event")
	}
	h.e.EndEvent(ctx)
	if _, ok := h.e.Thread(100).StoredEnter(); ok || ctx.Enter != nil {
		t.Error("EndEvent must free the stored enter event")
	}
	// Enter events larger than 4096 bytes are not stored.
	h.run(100, evOpenE, cs(string(make([]byte, 5000))), u32(0), u32(0))
	if _, ok := h.e.Thread(100).StoredEnter(); ok {
		t.Error("an oversized enter event was stored")
	}
	// Without EndEvent, the next Process does the cleanup.
	h.run(100, evSetuidE, u32(0))
	h.run(100, evSetuidX, i64(0))
	h.run(100, evGetuidE)
	if _, ok := h.e.Thread(100).StoredEnter(); ok {
		t.Error("missing EndEvent: the enter event survived the next event")
	}
}

func TestFilterBreaksPairingOfNonStateEvents(t *testing.T) {
	h := newHarness(t, bashSection())
	// Reject every enter: read exits lose their fd and error code, because the
	// rejected read enter leaves lastevent_type unusable.
	h.e.SetFilter(func(ctx *EventContext) bool { return !ctx.Ev.IsEnter() })
	if ctx := h.run(100, evReadE, i64(3), u32(1)); !ctx.Filtered {
		t.Fatal("filtered enter not marked")
	}
	if lt := h.e.Thread(100).LastEventType; lt != filteredType {
		t.Errorf("lastevent_type %d after a rejection, want %d", lt, filteredType)
	}
	ctx := h.run(100, evReadX, i64(-4), nil)
	if ctx.Filtered || ctx.FD != nil || ctx.ErrorCode != 0 {
		t.Errorf("exit after a rejected enter: filtered %v fd %v errorcode %d", ctx.Filtered, ctx.FD, ctx.ErrorCode)
	}
	// State-changing events run their parsers before the filter: the rejected open
	// still opens.
	h.run(100, evOpenE)
	if ctx := h.run(100, evOpenX, i64(6), cs("/x"), u32(1), u32(0), u32(0)); ctx.Filtered {
		t.Error("open exit rejected")
	}
	h.e.SetFilter(func(*EventContext) bool { return false })
	h.run(100, evOpenE)
	ctx = h.run(100, evOpenX, i64(7), cs("/y"), u32(1), u32(0), u32(0))
	if !ctx.Filtered || h.e.Thread(100).FDs.Get(7) == nil {
		t.Errorf("rejected open: filtered %v, fd 7 present %v", ctx.Filtered, h.e.Thread(100).FDs.Get(7) != nil)
	}
	// Write exits get their fd from lastevent_fd when a filter is set.
	h.e.SetFilter(func(ctx *EventContext) bool { return !ctx.Ev.IsEnter() })
	h.run(100, evWriteE, i64(3), u32(1))
	if ctx := h.run(100, evWriteX, i64(1), []byte("x")); ctx.FD == nil || ctx.FD.Name != "/home/alice/notes.txt" {
		t.Errorf("write exit after a rejected enter: fd %+v", ctx.FD)
	}
}

func TestStateOnlyEventsAreHidden(t *testing.T) {
	h := newHarness(t, bashSection())
	h.run(100, evOpenE)
	h.ts += 1000
	ev := event.Event{Raw: event.Append(nil, h.ts, 100, evOpenX, i64(9), cs("/state-only"), u32(1), u32(0), u32(0)),
		Flags: event.FlagStateOnly}
	ctx := h.e.Process(&ev)
	if !ctx.Hidden || h.e.Thread(100).FDs.Get(9) == nil {
		t.Errorf("state-only open: hidden %v, fd added %v", ctx.Hidden, h.e.Thread(100).FDs.Get(9) != nil)
	}
}

func TestUserMetaevents(t *testing.T) {
	h := newHarness(t, section())
	ctx := h.run(-1, evUserAdded, u32(1001), u32(1001), cs("bob"), cs("/home/bob"), cs("/bin/sh"), cs(""))
	if !ctx.Hidden {
		t.Error("metaevents are not shown")
	}
	if u := h.e.User(1001); u == nil || u.Name != "bob" || u.Shell != "/bin/sh" {
		t.Errorf("user added: %+v", u)
	}
	h.run(-1, evUserAdded, u32(1002), u32(1), cs("ctr"), cs("/"), cs("/bin/sh"), cs("abcdef123456"))
	if h.e.User(1002) != nil {
		t.Error("a container's user landed in the host table")
	}
	h.run(-1, evGroupAdded, u32(50), cs("staff"), cs(""))
	if g := h.e.Group(50); g == nil || g.Name != "staff" {
		t.Errorf("group added: %+v", g)
	}
	h.run(-1, evUserDeleted, u32(1001), u32(1001), cs("bob"), cs("/home/bob"), cs("/bin/sh"), cs(""))
	if h.e.User(1001) != nil {
		t.Error("user deleted")
	}
	if h.e.NumThreads() != 0 {
		t.Error("metaevents created threads")
	}
}

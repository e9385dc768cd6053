package state

import (
	"encoding/binary"

	"github.com/scrylabs/scry/formats/event"
)

// maxStoredEnter is the largest enter event a thread's buffer keeps (SP_EVT_BUF_SIZE);
// larger ones are not stored and the buffer keeps what it had.
const maxStoredEnter = 4096

// storeEnter copies the event into its thread's enter buffer.
func (e *Engine) storeEnter(ctx *EventContext) {
	t := e.tinfo
	if t == nil || len(ctx.Ev.Raw) > maxStoredEnter {
		return
	}
	t.enter = append(t.enter[:0], ctx.Ev.Raw...)
	t.enterCPU = ctx.Ev.CPU
	t.enterNum = ctx.Ev.Num
	t.enterHas = true
}

// retrieveEnter pairs the exit of ctx with its thread's stored enter event: the stored
// data must be valid for this exit and be of the matching enter type (a mismatch also
// invalidates it). On success ctx.Enter is set.
func (e *Engine) retrieveEnter(ctx *EventContext) bool {
	t := e.tinfo
	if t == nil || !t.enterHas || !t.enterValid {
		return false
	}
	if binary.LittleEndian.Uint16(t.enter[20:]) != ctx.Ev.Type()-1 {
		t.enterValid = false
		return false
	}
	e.enterEv = event.Event{Raw: t.enter, CPU: t.enterCPU, Num: t.enterNum}
	ctx.Enter = &e.enterEv
	e.lastEnter = append(e.lastEnter[:0], t.enter...)
	if e.fdsPromised {
		e.keepFDPromise()
	}
	return true
}

// staleEnter is the enter event the parsers last paired with, whatever thread and type
// it had: the reference's old openat exit reads it when its own enter did not pair.
func (e *Engine) staleEnter() *event.Event {
	if len(e.lastEnter) < event.HeaderLen {
		return nil
	}
	e.staleEv = event.Event{Raw: e.lastEnter}
	return &e.staleEv
}

// peekEnter sets ctx.Enter, without side effects, when the exit's parser did not use
// its enter event but one would pair, so that fields can read it.
func (e *Engine) peekEnter(ctx *EventContext) {
	t := e.tinfo
	if t == nil || !t.enterHas || !t.enterValid {
		return
	}
	if binary.LittleEndian.Uint16(t.enter[20:]) != ctx.Ev.Type()-1 {
		return
	}
	e.enterEv = event.Event{Raw: t.enter, CPU: t.enterCPU, Num: t.enterNum}
	ctx.Enter = &e.enterEv
}

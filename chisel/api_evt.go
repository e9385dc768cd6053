package chisel

import (
	"bytes"

	lua "github.com/yuin/gopher-lua"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/query/fields"
)

// currentEvent returns the event being processed, raising a Lua error outside events.
func (c *instance) currentEvent(L *lua.LState, call string) *event.Event {
	ctx := c.r.ctx
	if ctx == nil || ctx.Ev == nil {
		L.RaiseError("invalid call to %s(): no event", call)
	}
	return ctx.Ev
}

// luaEvtField is evt.field(handle): the field's value for the current event as a Lua
// number, boolean or string, nil when the field has no value (<NA>). Like sysdig it
// returns nil for a handle that is not one (chisels pass undefined globals).
func (c *instance) luaEvtField(L *lua.LState) int {
	h, ok := L.Get(1).(lua.LNumber)
	i := int(h) - 1
	if !ok || i < 0 || i >= len(c.fields) {
		L.Push(lua.LNil)
		return 1
	}
	c.currentEvent(L, "evt.field")
	L.Push(c.fieldValue(i))
	return 1
}

// fieldValue extracts requested field i from the current event.
func (c *instance) fieldValue(i int) lua.LValue {
	f := c.fields[i]
	v := &c.values[i]
	*v = fields.Value{}
	if !f.Extract(c.r.ctx, c.r.view, v) {
		return lua.LNil
	}
	switch v.Kind {
	case fields.KindInt:
		return lua.LNumber(v.Int)
	case fields.KindUint:
		return lua.LNumber(v.Uint)
	case fields.KindDouble:
		return lua.LNumber(v.Double)
	case fields.KindBool:
		return lua.LBool(v.Bool)
	case fields.KindString:
		b := v.Bytes
		if j := bytes.IndexByte(b, 0); j >= 0 {
			b = b[:j]
		}
		return c.stringValue(i, b)
	case fields.KindBytes:
		return c.stringValue(i, v.Bytes)
	case fields.KindNone:
		return lua.LNil
	}
	if tk := c.r.opts.Toolkit; tk.Text != nil {
		c.text = tk.Text(c.text[:0], f, v)
		return lua.LString(c.text)
	}
	return lua.LString(v.Bytes)
}

// stringValue returns b as a Lua string, reusing field i's previous string when the
// value repeats (file and process names mostly do), which saves an allocation.
func (c *instance) stringValue(i int, b []byte) lua.LValue {
	last := &c.lastStrings[i]
	if last.ok && string(b) == string(last.s) {
		return last.s
	}
	last.s, last.ok = lua.LString(b), true
	return last.s
}

func (c *instance) luaEvtNum(L *lua.LState) int {
	ev := c.currentEvent(L, "evt.get_num")
	L.Push(lua.LNumber(ev.Num))
	return 1
}

// luaEvtTS is evt.get_ts(): the timestamp as seconds and nanoseconds.
func (c *instance) luaEvtTS(L *lua.LState) int {
	ts := c.currentEvent(L, "evt.get_ts").Ts()
	L.Push(lua.LNumber(ts / 1e9))
	L.Push(lua.LNumber(ts % 1e9))
	return 2
}

// luaEvtType is evt.get_type(): the event type name as evt.type renders it (the
// syscall's name for generic events).
func (c *instance) luaEvtType(L *lua.LState) int {
	ev := c.currentEvent(L, "evt.get_type")
	if c.typeField == nil && c.r.opts.Toolkit.Field != nil {
		c.typeField, _ = c.r.opts.Toolkit.Field("evt.type")
	}
	if c.typeField != nil {
		var v fields.Value
		if c.typeField.Extract(c.r.ctx, c.r.view, &v) && v.Kind == fields.KindString {
			L.Push(lua.LString(v.Bytes))
			return 1
		}
	}
	name := "UNKNOWN"
	if info := ev.Info(); info != nil {
		name = info.Name
	}
	L.Push(lua.LString(name))
	return 1
}

func (c *instance) luaEvtCPU(L *lua.LState) int {
	ev := c.currentEvent(L, "evt.get_cpuid")
	L.Push(lua.LNumber(ev.CPU))
	return 1
}

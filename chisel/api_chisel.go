package chisel

import (
	"errors"
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/scrylabs/scry/query/fields"
)

// luaRequestField is chisel.request_field(name): it returns a handle for evt.field.
func (c *instance) luaRequestField(L *lua.LState) int {
	name := L.CheckString(1)
	tk := c.r.opts.Toolkit
	if tk.Field == nil {
		L.RaiseError("chisel requesting field %s: no field support configured", name)
	}
	f, err := tk.Field(name)
	if err != nil {
		L.RaiseError("chisel requesting nonexistent field %s: %s", name, err.Error())
	}
	if set := tk.SetBuffer; set != nil && c.r.bufferFormat != "" {
		set(f, c.r.bufferFormat)
	}
	c.fields = append(c.fields, f)
	c.values = append(c.values, fields.Value{})
	c.lastStrings = append(c.lastStrings, lastString{})
	L.Push(lua.LNumber(len(c.fields)))
	return 1
}

// compileFilter compiles a filter expression with the toolkit.
func (c *instance) compileFilter(expr string) (Matcher, error) {
	tk := c.r.opts.Toolkit
	if tk.Filter == nil {
		return nil, errors.New("no filter support configured")
	}
	m, err := tk.Filter(expr)
	if err != nil {
		return nil, fmt.Errorf("chisel %s: filter %q: %w", c.name, expr, err)
	}
	return m, nil
}

// luaSetFilter is chisel.set_filter(expr): only matching events reach on_event.
func (c *instance) luaSetFilter(L *lua.LState) int {
	expr := L.CheckString(1)
	if expr == "" {
		c.filter = nil
		return 0
	}
	m, err := c.compileFilter(expr)
	if err != nil {
		L.RaiseError("%s", err.Error())
	}
	c.filter = m
	return 0
}

// luaSetEventFormatter is chisel.set_event_formatter(format): events for which
// on_event returns true are printed with it.
func (c *instance) luaSetEventFormatter(L *lua.LState) int {
	format := L.CheckString(1)
	tk := c.r.opts.Toolkit
	if tk.Format == nil {
		L.RaiseError("chisel %s: no output format support configured", c.name)
	}
	f, err := tk.Format(format)
	if err != nil {
		L.RaiseError("chisel %s: format %q: %s", c.name, format, err.Error())
	}
	c.formatter = f
	c.applyBufferFormat()
	return 0
}

// luaSetInterval returns chisel.set_interval_s / _ns / set_precise_interval_ns.
func (c *instance) luaSetInterval(unit uint64, precise bool) lua.LGFunction {
	return func(L *lua.LState) int {
		n := L.CheckNumber(1)
		if n < 0 {
			L.ArgError(1, "negative interval")
		}
		c.interval = uint64(n) * unit
		c.precise = precise
		c.intervalArmed = false
		return 0
	}
}

// luaExec is chisel.exec(name, args...): it starts another chisel with string
// arguments, which then runs alongside the caller.
func (c *instance) luaExec(L *lua.LState) int {
	name := L.CheckString(1)
	var args []string
	for i := 2; i <= L.GetTop(); i++ {
		args = append(args, luaToString(L, L.Get(i)))
	}
	r := c.r
	n, err := r.load(name, args)
	if err != nil {
		L.RaiseError("%s", err.Error())
	}
	r.chisels = append(r.chisels, n)
	if r.started {
		ok, err := n.init()
		if err == nil && !ok {
			err = fmt.Errorf("init() for chisel %s failed", n.name)
		}
		if err == nil {
			err = n.captureStart()
		}
		if err != nil {
			L.RaiseError("%s", err.Error())
		}
	}
	return 0
}

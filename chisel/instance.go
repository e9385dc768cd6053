package chisel

import (
	"fmt"
	"path/filepath"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// lastString is a field's previous string value.
type lastString struct {
	s  lua.LString
	ok bool
}

// instance is one loaded chisel: its Lua state and what it asked for.
type instance struct {
	r    *Runner
	vm   *vm
	name string
	info *Info

	fields    []*fields.Field
	values    []fields.Value
	text      []byte
	typeField *fields.Field // evt.type, for evt.get_type
	// lastStrings holds each field's last string value, reused when it repeats.
	lastStrings []lastString

	filter    Matcher
	formatter Formatter

	interval       uint64 // ns; 0 = none
	precise        bool
	intervalArmed  bool
	lastSample     uint64
	lastIntervalTS uint64

	initialised bool
}

// load finds, runs and configures chisel name with args.
func (r *Runner) load(name string, args []string) (*instance, error) {
	path, err := Find(name, r.opts.Dirs)
	if err != nil {
		return nil, err
	}
	name = strings.TrimSuffix(filepath.Base(path), ".lua")
	c := &instance{r: r, vm: newVM(r.opts.Dirs, r.out), name: name}
	c.installAPI()
	if err := c.vm.L.DoFile(path); err != nil {
		c.vm.close()
		return nil, fmt.Errorf("load chisel %s: %w", name, c.vm.classifyLuaError(err, name, "load"))
	}
	c.info = infoFromGlobals(c.vm.L, name, path)
	c.name = c.info.Name
	if _, ok := c.vm.L.GetGlobal("args").(*lua.LTable); !ok {
		// sysdig 0.29.3 refuses such a file (the csysdig views v_*.lua): "Failed to
		// load chisel v_procs: args table missing", exit status 1.
		c.vm.close()
		return nil, fmt.Errorf("load chisel %s: %w", name, ErrNoArgsTable)
	}
	if err := c.setArgs(args); err != nil {
		c.vm.close()
		return nil, err
	}
	return c, nil
}

// setArgs hands the arguments to on_set_arg, by position.
func (c *instance) setArgs(args []string) error {
	required := 0
	for _, a := range c.info.Args {
		if !a.Optional {
			required++
		}
	}
	if len(args) < required {
		return fmt.Errorf("chisel %s: %w (%d given, %d required)", c.name, ErrMissingArgs, len(args), required)
	}
	if len(args) > len(c.info.Args) {
		return fmt.Errorf("chisel %s: too many arguments (%d given, %d accepted)", c.name, len(args), len(c.info.Args))
	}
	if len(args) == 0 {
		return nil
	}
	fn, ok := c.vm.L.GetGlobal("on_set_arg").(*lua.LFunction)
	if !ok {
		return fmt.Errorf("chisel %s takes arguments but has no on_set_arg function", c.name)
	}
	for i, v := range args {
		ret, err := c.call(fn, "on_set_arg", lua.LString(c.info.Args[i].Name), lua.LString(v))
		if err != nil {
			return err
		}
		// sysdig 0.29.3 stops when on_set_arg answers false ("sysdig -c httptop url"
		// printed httptop's complaint, then "set_arg() for chisel httptop failed.") or
		// no boolean ("wrong set_arg() return value."), with exit status 1.
		if _, isBool := ret.(lua.LBool); !isBool {
			return fmt.Errorf("chisel %s: on_set_arg returned no boolean: %w", c.name, ErrSetArg)
		}
		if ret == lua.LFalse {
			return fmt.Errorf("chisel %s: %w", c.name, ErrSetArg)
		}
	}
	return nil
}

// applyBufferFormat renders the chisel's fields' buffers as the runner's output
// format says.
func (c *instance) applyBufferFormat() {
	set := c.r.opts.Toolkit.SetBuffer
	if set == nil || c.r.bufferFormat == "" {
		return
	}
	for _, f := range c.fields {
		set(f, c.r.bufferFormat)
	}
	// The event formatter's fields render buffers the same way.
	if ff, ok := c.formatter.(interface{ Fields() []*fields.Field }); ok {
		for _, f := range ff.Fields() {
			set(f, c.r.bufferFormat)
		}
	}
}

// call calls fn with args in protected mode and returns its first result.
func (c *instance) call(fn *lua.LFunction, callback string, args ...lua.LValue) (lua.LValue, error) {
	L := c.vm.L
	if err := L.CallByParam(lua.P{Fn: fn, NRet: 1, Protect: true}, args...); err != nil {
		return lua.LNil, c.vm.classifyLuaError(err, c.name, callback)
	}
	ret := L.Get(-1)
	L.Pop(1)
	return ret, nil
}

// callback calls the global function name if the chisel defines it; ok is false when
// it does not.
func (c *instance) callback(name string, args ...lua.LValue) (ret lua.LValue, ok bool, err error) {
	fn, isFn := c.vm.L.GetGlobal(name).(*lua.LFunction)
	if !isFn {
		return lua.LNil, false, nil
	}
	ret, err = c.call(fn, name, args...)
	return ret, true, err
}

// init calls on_init; a chisel without one initialises successfully.
func (c *instance) init() (bool, error) {
	c.initialised = true
	ret, ok, err := c.callback("on_init")
	if err != nil || !ok {
		return err == nil, err
	}
	return lua.LVAsBool(ret), nil
}

func (c *instance) captureStart() error {
	_, _, err := c.callback("on_capture_start")
	return err
}

// event runs the interval clock, the chisel's filter, on_event and the event
// formatter for one event. pass reports whether the capture filter accepted it.
func (c *instance) event(ctx *state.EventContext, ts uint64, pass bool) error {
	if err := c.tick(ts); err != nil {
		return err
	}
	if !pass {
		return nil
	}
	if c.filter != nil && !c.filter.Match(ctx, c.r.view) {
		return nil
	}
	ret, ok, err := c.callback("on_event")
	if err != nil {
		return err
	}
	if ok && c.formatter != nil && lua.LVAsBool(ret) {
		r := c.r
		var show bool
		if jf, ok := c.formatter.(jsonFormatter); ok && r.opts.JSON {
			// With -j sysdig prints what the formatter shows as one JSON object.
			r.line, show = jf.AppendJSON(r.line[:0], ctx, r.view)
		} else {
			r.line, show = c.formatter.AppendText(r.line[:0], ctx, r.view)
		}
		if show {
			r.line = append(r.line, '\n')
			r.out.Write(r.line)
		}
	}
	return nil
}

// tick calls on_interval when ts enters a new interval. The clock is the event
// timestamps: the first event arms it, and every later event whose interval differs
// from the last one fires it with the event's time and the time since the last call.
func (c *instance) tick(ts uint64) error {
	if c.interval == 0 {
		return nil
	}
	if !c.intervalArmed {
		c.intervalArmed = true
		if c.precise {
			c.lastSample = ts
		} else {
			c.lastSample = ts - ts%c.interval
		}
		return nil
	}
	if c.precise {
		for ts-c.lastSample >= c.interval {
			c.lastSample += c.interval
			if err := c.fireInterval(c.lastSample); err != nil {
				return err
			}
		}
		return nil
	}
	sample := ts - ts%c.interval
	if sample == c.lastSample {
		return nil
	}
	c.lastSample = sample
	return c.fireInterval(ts)
}

func (c *instance) fireInterval(ts uint64) error {
	var delta uint64
	if c.lastIntervalTS != 0 {
		delta = ts - c.lastIntervalTS
	}
	c.lastIntervalTS = ts
	_, _, err := c.callback("on_interval", lua.LNumber(ts/1e9), lua.LNumber(ts%1e9), lua.LNumber(delta))
	return err
}

func (c *instance) captureEnd(ts, delta uint64) error {
	_, _, err := c.callback("on_capture_end", lua.LNumber(ts/1e9), lua.LNumber(ts%1e9), lua.LNumber(delta))
	return err
}

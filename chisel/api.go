package chisel

import (
	"strconv"

	lua "github.com/yuin/gopher-lua"
)

// installAPI creates the chisel, sysdig and evt tables in the chisel's Lua state.
// Indexing a name a table does not have raises an UnsupportedCallError naming it, so
// a chisel that needs an API scry lacks fails with that name instead of a nil call.
func (c *instance) installAPI() {
	c.apiTable("chisel", map[string]lua.LGFunction{
		"request_field":           c.luaRequestField,
		"set_filter":              c.luaSetFilter,
		"set_event_formatter":     c.luaSetEventFormatter,
		"set_interval_s":          c.luaSetInterval(1e9, false),
		"set_interval_ns":         c.luaSetInterval(1, false),
		"set_precise_interval_ns": c.luaSetInterval(1, true),
		"exec":                    c.luaExec,
	})
	c.apiTable("sysdig", map[string]lua.LGFunction{
		"get_machine_info":                c.luaMachineInfo,
		"get_thread_table":                c.luaThreadTable(true, false),
		"get_thread_table_nofds":          c.luaThreadTable(false, false),
		"get_thread_table_barebone":       c.luaThreadTable(true, true),
		"get_thread_table_barebone_nofds": c.luaThreadTable(false, true),
		"get_container_table":             c.luaContainerTable,
		"get_filter":                      c.luaGetFilter,
		"set_filter":                      c.luaSetCaptureFilter,
		"is_live":                         c.luaIsLive,
		"is_tty":                          func(L *lua.LState) int { L.Push(lua.LBool(c.r.opts.TTY)); return 1 },
		"is_print_container_data":         func(L *lua.LState) int { L.Push(lua.LBool(c.r.opts.PrintContainer)); return 1 },
		"get_evtsource_name":              c.luaEvtSourceName,
		"get_output_format":               c.luaOutputFormat,
		"set_output_format":               c.luaSetOutputFormat,
		"get_terminal_info":               c.luaTerminalInfo,
		"get_read_progress":               c.luaReadProgress,
		"set_snaplen":                     func(L *lua.LState) int { L.CheckNumber(1); return 0 },
		"set_fatfile_dump_mode":           func(L *lua.LState) int { return 0 },
		"end_capture":                     func(L *lua.LState) int { c.r.ended = true; return 0 },
		"make_ts":                         luaMakeTS,
		"get_firstevent_ts":               func(L *lua.LState) int { L.Push(lua.LNumber(c.r.firstTS)); return 1 },
		"get_lastevent_ts":                func(L *lua.LState) int { L.Push(lua.LNumber(c.r.lastTS)); return 1 },
	})
	c.apiTable("evt", map[string]lua.LGFunction{
		"field":     c.luaEvtField,
		"get_num":   c.luaEvtNum,
		"get_ts":    c.luaEvtTS,
		"get_type":  c.luaEvtType,
		"get_cpuid": c.luaEvtCPU,
	})
}

// apiTable sets global name to a table of fns whose missing keys raise
// UnsupportedCallError.
func (c *instance) apiTable(name string, fns map[string]lua.LGFunction) {
	L := c.vm.L
	t := L.NewTable()
	for k, fn := range fns {
		t.RawSetString(k, L.NewFunction(fn))
	}
	mt := L.NewTable()
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		key := L.Get(2)
		raiseUnsupported(L, name+"."+luaToString(L, key))
		return 0
	}))
	L.SetMetatable(t, mt)
	L.SetGlobal(name, t)
}

// luaMakeTS is sysdig.make_ts(s, ns): the timestamp in nanoseconds, as a decimal
// string (a Lua number cannot hold it exactly).
func luaMakeTS(L *lua.LState) int {
	s := uint64(L.CheckNumber(1))
	ns := uint64(L.CheckNumber(2))
	L.Push(lua.LString(strconv.FormatUint(s*1e9+ns, 10)))
	return 1
}

func (c *instance) luaGetFilter(L *lua.LState) int {
	L.Push(lua.LString(c.r.opts.Filter))
	return 1
}

func (c *instance) luaSetCaptureFilter(L *lua.LState) int {
	expr := L.CheckString(1)
	m, err := c.compileFilter(expr)
	if err != nil {
		L.RaiseError("%s", err.Error())
	}
	c.r.filter = m
	c.r.opts.Filter = expr
	return 0
}

func (c *instance) luaIsLive(L *lua.LState) int {
	live := false
	if c.r.src != nil {
		live = c.r.src.Live()
	}
	L.Push(lua.LBool(live))
	return 1
}

func (c *instance) luaEvtSourceName(L *lua.LState) int {
	name := ""
	if c.r.src != nil && c.r.src.Live() {
		name = "syscall"
	}
	L.Push(lua.LString(name))
	return 1
}

func (c *instance) luaOutputFormat(L *lua.LState) int {
	if c.r.opts.JSON {
		L.Push(lua.LString("json"))
	} else {
		L.Push(lua.LString("normal"))
	}
	return 1
}

func (c *instance) luaMachineInfo(L *lua.LState) int {
	var m *Machine
	if c.r.src != nil {
		m = c.r.src.Machine()
	}
	if m == nil {
		L.Push(lua.LNil)
		return 1
	}
	t := L.NewTable()
	t.RawSetString("num_cpus", lua.LNumber(m.NumCPUs))
	t.RawSetString("memory_size_bytes", lua.LNumber(m.MemoryBytes))
	t.RawSetString("max_pid", lua.LNumber(m.MaxPID))
	t.RawSetString("hostname", lua.LString(m.Hostname))
	L.Push(t)
	return 1
}

// luaSetOutputFormat is sysdig.set_output_format(name): "json" switches chisels to
// JSON output; every name also sets how the fields chisels requested render buffers
// ("ascii" keeps line ends, "hex", "hexascii", "base64"). It does nothing when
// Options.BufferFormat or Options.JSON is set.
func (c *instance) luaSetOutputFormat(L *lua.LState) int {
	name := L.CheckString(1)
	r := c.r
	if r.fixedFormat {
		// A format given on the command line wins: with -x, sysdig 0.29.3 printed
		// spy_file's buffers in hexadecimal although the chisel asks for "ascii", and
		// with -j as in JSON output (no line ends kept).
		return 0
	}
	r.opts.JSON = name == "json"
	r.bufferFormat = name
	for _, in := range r.chisels {
		in.applyBufferFormat()
	}
	c.applyBufferFormat()
	return 0
}

// luaTerminalInfo is sysdig.get_terminal_info(): the terminal's width and height,
// -1 each when the output is not a terminal.
func (c *instance) luaTerminalInfo(L *lua.LState) int {
	w, h := -1, -1
	if c.r.opts.TTY && c.r.opts.TerminalSize != nil {
		w, h = c.r.opts.TerminalSize()
	}
	t := L.NewTable()
	t.RawSetString("width", lua.LNumber(w))
	t.RawSetString("height", lua.LNumber(h))
	L.Push(t)
	return 1
}

// luaReadProgress is sysdig.get_read_progress(): the percentage of the input read.
func (c *instance) luaReadProgress(L *lua.LState) int {
	if !c.r.started {
		L.RaiseError("sysdig.get_read_progress: the capture has not started")
	}
	p, ok := c.r.src.(interface{ Progress() float64 })
	if !ok {
		raiseUnsupported(L, "sysdig.get_read_progress")
	}
	L.Push(lua.LNumber(p.Progress()))
	return 1
}

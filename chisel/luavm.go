package chisel

import (
	"bufio"
	"fmt"
	"path/filepath"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// vm is one Lua state with the LuaJIT-compatible base library: every chisel runs in its
// own vm, as in sysdig.
type vm struct {
	L   *lua.LState
	out *bufio.Writer
	// ordered holds the iteration order of tables the engine builds (thread and fd
	// tables), which pairs and next follow instead of the table's own.
	ordered map[*lua.LTable]*keyOrder
	// exit is set by os.exit: the chisel asked the program to end with this status.
	exit *ExitError
}

// keyOrder is a fixed iteration order of a table's keys.
type keyOrder struct {
	keys []lua.LValue
	pos  map[lua.LValue]int
}

// newVM returns a Lua state whose require searches dirs and whose print and io.write
// go to out.
func newVM(dirs []string, out *bufio.Writer) *vm {
	L := lua.NewState(lua.Options{CallStackSize: 1024, RegistrySize: 1024 * 64})
	v := &vm{L: L, out: out, ordered: make(map[*lua.LTable]*keyOrder)}
	v.installBase()
	var paths []string
	for _, d := range dirs {
		paths = append(paths, filepath.Join(d, "?.lua"))
	}
	pkg := L.GetGlobal("package").(*lua.LTable)
	pkg.RawSetString("path", lua.LString(strings.Join(paths, ";")))
	return v
}

func (v *vm) close() { v.L.Close() }

// installBase replaces the parts of the base libraries whose results differ from
// LuaJIT's in ways chisel output shows.
func (v *vm) installBase() {
	L := v.L
	L.SetGlobal("print", L.NewFunction(v.luaPrint))
	L.SetGlobal("tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(luaToString(L, L.CheckAny(1))))
		return 1
	}))
	next := L.NewFunction(v.luaNext)
	L.SetGlobal("next", next)
	L.SetGlobal("pairs", L.NewFunction(func(L *lua.LState) int {
		t := L.CheckTable(1)
		L.Push(next)
		L.Push(t)
		L.Push(lua.LNil)
		return 3
	}))
	str := L.GetGlobal("string").(*lua.LTable)
	str.RawSetString("format", L.NewFunction(luaStringFormat))
	wrapPatternFunctions(L)
	tbl := L.GetGlobal("table").(*lua.LTable)
	tbl.RawSetString("sort", L.NewFunction(luaTableSort))
	tbl.RawSetString("insert", L.NewFunction(luaTableInsert))
	if io, ok := L.GetGlobal("io").(*lua.LTable); ok {
		io.RawSetString("write", L.NewFunction(v.luaWrite))
		io.RawSetString("flush", L.NewFunction(func(L *lua.LState) int {
			v.out.Flush()
			return 0
		}))
	}
	if os, ok := L.GetGlobal("os").(*lua.LTable); ok {
		os.RawSetString("exit", L.NewFunction(v.luaExit))
	}
}

// luaPrint writes its arguments, converted by tostring, separated by tabs, with a
// newline.
func (v *vm) luaPrint(L *lua.LState) int {
	top := L.GetTop()
	for i := 1; i <= top; i++ {
		if i > 1 {
			v.out.WriteByte('\t')
		}
		v.out.WriteString(luaToString(L, L.Get(i)))
	}
	v.out.WriteByte('\n')
	return 0
}

// luaWrite is io.write: strings and numbers, without separators.
func (v *vm) luaWrite(L *lua.LState) int {
	top := L.GetTop()
	for i := 1; i <= top; i++ {
		switch x := L.Get(i).(type) {
		case lua.LString:
			v.out.WriteString(string(x))
		case lua.LNumber:
			v.out.Write(AppendNumber(nil, float64(x)))
		default:
			L.ArgError(i, "string expected, got "+luaTypeName(x))
		}
	}
	L.Push(L.Get(lua.GlobalsIndex).(*lua.LTable).RawGetString("io"))
	return 1
}

// luaExit is os.exit: it ends the chisel run with the given status.
func (v *vm) luaExit(L *lua.LState) int {
	code := 0
	switch x := L.Get(1).(type) {
	case lua.LNumber:
		code = int(x)
	case lua.LBool:
		if !bool(x) {
			code = 1
		}
	}
	v.exit = &ExitError{Code: code}
	L.RaiseError("%s", exitMarker)
	return 0
}

// luaNext is next, following the fixed order of engine-built tables.
func (v *vm) luaNext(L *lua.LState) int {
	t := L.CheckTable(1)
	k := L.Get(2)
	if ord, ok := v.ordered[t]; ok {
		i := 0
		if k != lua.LNil {
			p, found := ord.pos[k]
			if !found {
				L.RaiseError("invalid key to 'next'")
			}
			i = p + 1
		}
		for ; i < len(ord.keys); i++ {
			if val := t.RawGet(ord.keys[i]); val != lua.LNil {
				L.Push(ord.keys[i])
				L.Push(val)
				return 2
			}
		}
		L.Push(lua.LNil)
		return 1
	}
	key, val := t.Next(k)
	if key == lua.LNil {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(key)
	L.Push(val)
	return 2
}

// setOrder fixes the iteration order of t to keys (which t must hold).
func (v *vm) setOrder(t *lua.LTable, keys []lua.LValue) {
	ord := &keyOrder{keys: keys, pos: make(map[lua.LValue]int, len(keys))}
	for i, k := range keys {
		ord.pos[k] = i
	}
	v.ordered[t] = ord
}

// luaToString converts v as LuaJIT's tostring does, honouring __tostring.
func luaToString(L *lua.LState, v lua.LValue) string {
	switch x := v.(type) {
	case lua.LNumber:
		return FormatNumber(float64(x))
	case lua.LString:
		return string(x)
	case *lua.LNilType:
		return "nil"
	case lua.LBool:
		if bool(x) {
			return "true"
		}
		return "false"
	}
	if mt := L.GetMetaField(v, "__tostring"); mt != lua.LNil {
		L.Push(mt)
		L.Push(v)
		L.Call(1, 1)
		r := L.Get(-1)
		L.Pop(1)
		if s, ok := r.(lua.LString); ok {
			return string(s)
		}
		if n, ok := r.(lua.LNumber); ok {
			return FormatNumber(float64(n))
		}
		L.RaiseError("'__tostring' must return a string")
	}
	return fmt.Sprintf("%s: %p", v.Type().String(), v)
}

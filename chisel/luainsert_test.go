package chisel

import (
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// table.insert follows Lua 5.1 and LuaJIT: a position below 1 still moves the elements
// from there up by one (sysdig's spy_users relies on it).
func TestTableInsertMovesFromAnyPosition(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	L.GetGlobal("table").(*lua.LTable).RawSetString("insert", L.NewFunction(luaTableInsert))
	for _, c := range []struct{ script, want string }{
		{`t = {}; for j = 0, 4 do t[j] = j + 10 end; table.insert(t, 0, 0)`, "5 0 10 11 12 13 14"},
		{`t = {10, 11, 12}; table.insert(t, 2, 0)`, "4 nil 10 0 11 12 nil"},
		{`t = {10, 11}; table.insert(t, 9)`, "3 nil 10 11 9 nil nil"},
	} {
		if err := L.DoString(c.script + `; r = #t .. " " .. tostring(t[0]) .. " " .. tostring(t[1]) .. " " .. tostring(t[2]) .. " " .. tostring(t[3]) .. " " .. tostring(t[4]) .. " " .. tostring(t[5])`); err != nil {
			t.Fatal(err)
		}
		if got := L.GetGlobal("r").String(); got != c.want {
			t.Errorf("%s: got %q, want %q", c.script, got, c.want)
		}
	}
	if err := L.DoString(`table.insert({}, 1, 2, 3)`); err == nil {
		t.Error("table.insert with four arguments raised no error")
	}
}

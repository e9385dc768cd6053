package chisel

import lua "github.com/yuin/gopher-lua"

// luaTableInsert is table.insert as LuaJIT runs it: table.insert(t, v) sets t[#t+1];
// table.insert(t, pos, v) moves t[pos..#t] up by one, for any pos, zero and negative
// included, then sets t[pos]. gopher-lua only sets t[pos] for a pos below 1, and sysdig's
// spy_users inserts at 0 to shift its table of ancestor fields.
func luaTableInsert(L *lua.LState) int {
	t := L.CheckTable(1)
	i := t.Len() + 1
	switch L.GetTop() {
	case 2:
	case 3:
		n := L.CheckInt(2)
		for ; i > n; i-- {
			t.RawSet(lua.LNumber(i), t.RawGet(lua.LNumber(i-1))) // RawGetInt misses keys below 1
		}
		i = n
	default:
		L.RaiseError("wrong number of arguments to 'insert'")
	}
	t.RawSet(lua.LNumber(i), L.Get(L.GetTop()))
	return 0
}

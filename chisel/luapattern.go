package chisel

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// LuaJIT's patterns know %g (printable characters except space), a class Lua 5.1's and
// gopher-lua's do not; sysdig's HTTP chisels use it. The string functions that take
// patterns get them with %g and %G spelled as byte ranges.

// translatePattern rewrites %g and %G in a Lua pattern into equivalent sets.
func translatePattern(p string) string {
	if !strings.Contains(p, "%g") && !strings.Contains(p, "%G") {
		return p
	}
	var b strings.Builder
	inSet := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '%' && i+1 < len(p):
			n := p[i+1]
			i++
			switch {
			case n == 'g' && inSet:
				b.WriteString("!-~")
			case n == 'g':
				b.WriteString("[!-~]")
			case n == 'G' && !inSet:
				b.WriteString("[^!-~]")
			default:
				b.WriteByte('%')
				b.WriteByte(n)
			}
		case c == '[' && !inSet:
			inSet = true
			b.WriteByte(c)
			// A ']' right after '[' or '[^' is a member, not the end of the set.
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteByte(']')
				i++
			}
		case c == ']' && inSet:
			inSet = false
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// wrapPatternFunctions replaces string.find, match, gmatch and gsub with versions that
// translate their pattern argument first.
func wrapPatternFunctions(L *lua.LState) {
	str, ok := L.GetGlobal("string").(*lua.LTable)
	if !ok {
		return
	}
	for _, name := range []string{"find", "match", "gmatch", "gsub"} {
		orig, ok := str.RawGetString(name).(*lua.LFunction)
		if !ok {
			continue
		}
		str.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			if p, ok := L.Get(2).(lua.LString); ok {
				L.Replace(2, lua.LString(translatePattern(string(p))))
			}
			top := L.GetTop()
			L.Push(orig)
			for i := 1; i <= top; i++ {
				L.Push(L.Get(i))
			}
			L.Call(top, lua.MultRet)
			return L.GetTop() - top
		}))
	}
}

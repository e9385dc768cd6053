package chisel

import (
	lua "github.com/yuin/gopher-lua"
)

// luaTableSort is table.sort with the algorithm of Lua 5.1 and LuaJIT (quicksort with a
// median-of-three pivot, recursing into the smaller part). Sorting is not stable, so
// which of two equal elements comes first depends on the algorithm; using the same one
// as sysdig keeps the chisels' tables in the same order.
func luaTableSort(L *lua.LState) int {
	t := L.CheckTable(1)
	n := t.Len()
	var comp *lua.LFunction
	if L.GetTop() >= 2 && L.Get(2) != lua.LNil {
		comp = L.CheckFunction(2)
	}
	s := &luaSorter{L: L, t: t, comp: comp}
	s.sort(1, n)
	return 0
}

type luaSorter struct {
	L    *lua.LState
	t    *lua.LTable
	comp *lua.LFunction
}

func (s *luaSorter) get(i int) lua.LValue { return s.t.RawGetInt(i) }

func (s *luaSorter) set(i int, v lua.LValue) { s.t.RawSetInt(i, v) }

func (s *luaSorter) swap(i, j int) {
	a, b := s.get(i), s.get(j)
	s.set(i, b)
	s.set(j, a)
}

// less reports a < b by the comparison function or the < operator.
func (s *luaSorter) less(a, b lua.LValue) bool {
	if s.comp == nil {
		return s.L.LessThan(a, b)
	}
	s.L.Push(s.comp)
	s.L.Push(a)
	s.L.Push(b)
	s.L.Call(2, 1)
	r := s.L.Get(-1)
	s.L.Pop(1)
	return lua.LVAsBool(r)
}

func (s *luaSorter) sort(lo, hi int) {
	for lo < hi {
		// Order a[lo], a[mid], a[hi].
		if s.less(s.get(hi), s.get(lo)) {
			s.swap(lo, hi)
		}
		if hi-lo == 1 {
			return
		}
		mid := (lo + hi) / 2
		if s.less(s.get(mid), s.get(lo)) {
			s.swap(mid, lo)
		} else if s.less(s.get(hi), s.get(mid)) {
			s.swap(mid, hi)
		}
		if hi-lo == 2 {
			return
		}
		pivot := s.get(mid)
		s.swap(mid, hi-1)
		// Invariant: a[lo..i] <= pivot <= a[j..hi]; a[hi-1] holds the pivot.
		i, j := lo, hi-1
		for {
			for i++; s.less(s.get(i), pivot); i++ {
				if i > hi {
					s.L.RaiseError("invalid order function for sorting")
				}
			}
			for j--; s.less(pivot, s.get(j)); j-- {
				if j < lo {
					s.L.RaiseError("invalid order function for sorting")
				}
			}
			if j < i {
				break
			}
			s.swap(i, j)
		}
		s.swap(hi-1, i)
		// Recurse into the smaller part, loop on the larger one.
		if i-lo < hi-i {
			s.sort(lo, i-1)
			lo = i + 1
		} else {
			s.sort(i+1, hi)
			hi = i - 1
		}
	}
}

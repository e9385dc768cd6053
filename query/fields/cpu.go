package fields

import (
	"github.com/scrylabs/scry/state"
)

// procinfo event parameters: the thread's CPU time in clock ticks.
const (
	procinfoUser   = 0
	procinfoSystem = 1
)

// cpuFields are thread.cpu, thread.cpu.user and thread.cpu.system, which sysdig
// computes on procinfo events only: the thread's clock ticks (user, system or both)
// since its previous procinfo event, 0 on the first; no value on other events. Each
// bound field keeps the previous reading per thread, so the values depend on the
// events the field has seen, as in sysdig.
func cpuFields() map[string]impl {
	ticks := func(user, system bool) impl {
		return impl{fn: func(e *ext, v *Value) bool {
			if e.ev.Type() != procinfoE || e.ctx.Thread == nil {
				return false
			}
			usr, ok1 := e.ev.Uint64(procinfoUser)
			sys, ok2 := e.ev.Uint64(procinfoSystem)
			if !ok1 || !ok2 {
				return false
			}
			var cur uint64
			if user {
				cur += usr
			}
			if system {
				cur += sys
			}
			return e.cpuDelta(e.ctx.Thread, cur, v)
		}}
	}
	return map[string]impl{
		"thread.cpu":        ticks(true, true),
		"thread.cpu.user":   ticks(true, false),
		"thread.cpu.system": ticks(false, true),
	}
}

// cpuDelta sets v to cur less the thread's previous reading (0 without one, or when
// the counter went back) and records cur.
func (e *ext) cpuDelta(t *state.Thread, cur uint64, v *Value) bool {
	if e.cpuLast == nil {
		e.cpuLast = make(map[int64]uint64)
	}
	prev := e.cpuLast[t.Tid]
	e.cpuLast[t.Tid] = cur
	v.Kind = KindDouble
	if prev != 0 && cur >= prev {
		v.Double = float64(cur - prev)
	}
	return true
}

package fields

import (
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/state"
)

// lineageFields are the extension fields about a process's parent, ancestors, session
// and process group (newer libs' proc.pexe, proc.aexe[N], proc.vpgid.name ...).
func lineageFields() map[string]impl {
	parentText := func(text func(d []byte, p *state.Thread) []byte) impl {
		return impl{fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			p := e.lookup(t.Ptid)
			return p != nil && e.setBuf(v, text(e.buf[:0], p))
		})}
	}
	ancestor := func(text func(d []byte, p *state.Thread) []byte) impl {
		return impl{
			setup: multiSetup(ancestorsOf(ancestorText(text)), false),
			fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
				x := e.ancestor(t)
				return x != nil && e.setBuf(v, text(e.buf[:0], x))
			}),
		}
	}
	leaderText := func(id func(t *state.Thread) int64, text func(d []byte, p *state.Thread) []byte) impl {
		return impl{fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			return e.setBuf(v, text(e.buf[:0], e.leader(t, id)))
		})}
	}
	leads := func(id func(t *state.Thread) int64) impl {
		return impl{fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			x := id(t)
			return x != -1 && t.Vpid != -1 && setBool(v, x == t.Vpid)
		})}
	}
	sid := func(t *state.Thread) int64 { return t.Sid }
	vpgid := func(t *state.Thread) int64 { return t.Vpgid }
	dec, id := schema.FormatDec, schema.FormatID
	return map[string]impl{
		"proc.pexe":            parentText(appendExe),
		"proc.pexepath":        parentText(appendExePath),
		"proc.aexe":            ancestor(appendExe),
		"proc.aexepath":        ancestor(appendExePath),
		"proc.acmdline":        ancestor(appendCmdline),
		"proc.sid.exe":         leaderText(sid, appendExe),
		"proc.sid.exepath":     leaderText(sid, appendExePath),
		"proc.vpgid.name":      leaderText(vpgid, appendComm),
		"proc.vpgid.exe":       leaderText(vpgid, appendExe),
		"proc.vpgid.exepath":   leaderText(vpgid, appendExePath),
		"proc.is_sid_leader":   leads(sid),
		"proc.is_vpgid_leader": leads(vpgid),
		"proc.cmdnargs": {format: dec, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			return setUint(v, uint64(len(t.Args)))
		})},
		"proc.cmdlenargs": {format: dec, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			n := 0
			for _, a := range t.Args {
				n += len(a)
			}
			return setUint(v, uint64(n))
		})},
		"proc.pvpid": {format: id, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			p := e.lookup(t.Ptid)
			return p != nil && p.Vpid != -1 && setInt(v, p.Vpid)
		})},
		"proc.ppid.duration": {format: dec, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			p := e.lookup(t.Ptid)
			return p != nil && p.CloneTS != 0 && setUint(v, e.ev.Ts()-p.CloneTS)
		})},
		"proc.pid.ts": {format: dec, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			return t.CloneTS != 0 && setUint(v, t.CloneTS)
		})},
		"proc.ppid.ts": {format: dec, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			p := e.lookup(t.Ptid)
			return p != nil && p.CloneTS != 0 && setUint(v, p.CloneTS)
		})},
	}
}

func appendExe(d []byte, t *state.Thread) []byte     { return append(d, t.Exe...) }
func appendExePath(d []byte, t *state.Thread) []byte { return append(d, t.ExePath...) }

// inPidNamespace reports whether t runs in a pid namespace of its own, where its ids
// are not host ids.
func inPidNamespace(t *state.Thread) bool {
	return t.Flags&state.ChildInPidNS != 0 || t.Tid != t.Vtid
}

// leader returns the leader of t's session or process group (id gives the group's id
// of a thread): on the host the thread the id names, if the table has it; otherwise
// the eldest ancestor in an unbroken line of the same id, t itself if its parent is in
// another group.
func (e *ext) leader(t *state.Thread, id func(t *state.Thread) int64) *state.Thread {
	want := id(t)
	if !inPidNamespace(t) {
		if l := e.lookup(want); l != nil {
			return l
		}
	}
	l := t
	for n := 0; n < maxAncestors; n++ {
		p := e.lookup(l.Ptid)
		if p == nil || p == l || id(p) != want {
			break
		}
		l = p
	}
	return l
}

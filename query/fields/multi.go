package fields

import (
	"github.com/scrylabs/scry/state"
)

// multiExt is the extractor of fields with several values per event: the socket fields
// fd.ip, fd.port, fd.proto, fd.net (both ends) and proc.aname, proc.apid without an index
// (every ancestor). Extract gives the first value; ExtractAll gives them all.
type multiExt struct {
	*ext
	all    func(e *ext, yield func(v *Value) bool)
	strict bool
	v      Value
}

// ExtractAll calls yield with each value of the field for the event until yield returns
// false. The value is valid during the call only.
func (m *multiExt) ExtractAll(ctx *state.EventContext, view state.View, yield func(v *Value) bool) {
	e := m.ext
	e.ctx, e.ev, e.vw, e.t, e.tOK = ctx, ctx.Ev, view, nil, false
	m.all(e, yield)
}

// StrictInequality reports whether != must hold for every value (socket ends) rather
// than for one (ancestors).
func (m *multiExt) StrictInequality() bool { return m.strict }

// Extract gives the first value.
func (m *multiExt) Extract(ctx *state.EventContext, view state.View, v *Value) bool {
	found := false
	m.ExtractAll(ctx, view, func(x *Value) bool {
		*v, found = *x, true
		return false
	})
	if !found {
		*v = Value{}
	}
	return found
}

func multiSetup(all func(e *ext, yield func(v *Value) bool), strict bool) func(f *Field, e *ext) {
	return func(f *Field, e *ext) {
		if f.Info.Name == "proc.aname" || f.Info.Name == "proc.apid" {
			if e.b.hasIndex {
				return
			}
		}
		f.Extractor = &multiExt{ext: e, all: all, strict: strict}
	}
}

// socketEnds yields the client and server address (port) of a socket fd; a server socket
// has one, its bound address (port).
func socketEnds(port bool) func(e *ext, yield func(v *Value) bool) {
	return func(e *ext, yield func(v *Value) bool) {
		t, fd, ok := e.fdOf()
		if !ok || fd == nil {
			return
		}
		var v Value
		emit := func(a []byte, p uint16) bool {
			if port {
				v = Value{Kind: KindUint, Uint: uint64(p)}
			} else {
				v = Value{Kind: KindIP, Bytes: a}
			}
			return yield(&v)
		}
		_ = t
		switch {
		case fd.Type == state.FDIPv4ServSock || fd.Type == state.FDIPv6ServSock:
			emit(ipBytes(fd, &fd.SIP), fd.SPort)
		case fd.Type == state.FDIPv4Sock || fd.Type == state.FDIPv6Sock:
			if emit(ipBytes(fd, &fd.SIP), fd.SPort) {
				emit(ipBytes(fd, &fd.DIP), fd.DPort)
			}
		}
	}
}

// ancestorsOf yields every ancestor of the event's process from its parent up.
func ancestorsOf(pid bool) func(e *ext, yield func(v *Value) bool) {
	return func(e *ext, yield func(v *Value) bool) {
		t := e.thread()
		if t == nil {
			return
		}
		x := e.procStart(t)
		for n := 0; x != nil && n < maxAncestors; n++ {
			if x.Ptid == -1 {
				return
			}
			p := e.lookup(x.Ptid)
			if p == nil || p == x {
				return
			}
			var v Value
			if pid {
				v = Value{Kind: KindInt, Int: p.Pid}
			} else {
				e.buf = append(e.buf[:0], p.Comm...)
				v = Value{Kind: KindString, Bytes: e.buf}
			}
			if !yield(&v) {
				return
			}
			x = p
		}
	}
}

func multiFields() map[string]impl {
	ends := func(port bool) impl {
		return impl{setup: multiSetup(socketEnds(port), true), fn: naField}
	}
	return map[string]impl{
		"fd.ip":    ends(false),
		"fd.net":   ends(false),
		"fd.port":  ends(true),
		"fd.proto": ends(true),
	}
}

package fields

import (
	"github.com/scrylabs/scry/state"
)

// multiExt is the extractor of fields with several values per event: the socket fields
// fd.ip, fd.port, fd.proto, fd.net (both ends) and the ancestor fields proc.aname,
// proc.apid, proc.aexe, proc.aexepath, proc.acmdline without an index (every ancestor).
// Extract gives the first value; ExtractAll gives them all. Values are built in the
// extractor's own scratch Value, so extraction allocates nothing.
type multiExt struct {
	*ext
	all    func(e *ext, yield func(v *Value) bool)
	strict bool

	first     *Value // Extract's destination while it runs
	found     bool
	takeFirst func(v *Value) bool // m.keepFirst, bound once
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
	m.first, m.found = v, false
	m.ExtractAll(ctx, view, m.takeFirst)
	m.first = nil
	if !m.found {
		*v = Value{}
	}
	return m.found
}

func (m *multiExt) keepFirst(x *Value) bool {
	*m.first, m.found = *x, true
	return false
}

func multiSetup(all func(e *ext, yield func(v *Value) bool), strict bool) func(f *Field, e *ext) {
	return func(f *Field, e *ext) {
		if e.b.hasIndex && isAncestorField(f.Info.Name) {
			return
		}
		m := &multiExt{ext: e, all: all, strict: strict}
		m.takeFirst = m.keepFirst
		f.Extractor = m
	}
}

// isAncestorField reports whether name is an ancestor field ([N] picks one ancestor).
func isAncestorField(name string) bool {
	switch name {
	case "proc.aname", "proc.apid", "proc.aexe", "proc.aexepath", "proc.acmdline":
		return true
	}
	return false
}

// socketEnds yields the client and server address (port) of a socket fd; a server socket
// has one, its bound address (port).
func socketEnds(port bool) func(e *ext, yield func(v *Value) bool) {
	return func(e *ext, yield func(v *Value) bool) {
		_, fd, ok := e.fdOf()
		if !ok || fd == nil {
			return
		}
		switch fd.Type {
		case state.FDIPv4ServSock, state.FDIPv6ServSock:
			e.yieldEnd(yield, port, ipBytes(fd, &fd.SIP), fd.SPort)
		case state.FDIPv4Sock, state.FDIPv6Sock:
			if e.yieldEnd(yield, port, ipBytes(fd, &fd.SIP), fd.SPort) {
				e.yieldEnd(yield, port, ipBytes(fd, &fd.DIP), fd.DPort)
			}
		}
	}
}

// yieldEnd yields one socket end, its port or its address, from the scratch value.
func (e *ext) yieldEnd(yield func(v *Value) bool, port bool, addr []byte, p uint16) bool {
	if port {
		e.mv = Value{Kind: KindUint, Uint: uint64(p)}
	} else {
		e.mv = Value{Kind: KindIP, Bytes: addr}
	}
	return yield(&e.mv)
}

// ancestorsOf yields a value of every ancestor of the event's process, from its parent
// up; value fills e.mv from an ancestor and reports whether it has one.
func ancestorsOf(value func(e *ext, p *state.Thread) bool) func(e *ext, yield func(v *Value) bool) {
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
			e.mv = Value{}
			if value(e, p) && !yield(&e.mv) {
				return
			}
			x = p
		}
	}
}

// ancestorPid and ancestorText fill e.mv with an ancestor's pid or a text of it.
func ancestorPid(e *ext, p *state.Thread) bool {
	e.mv = Value{Kind: KindInt, Int: p.Pid}
	return true
}

func ancestorText(text func(d []byte, p *state.Thread) []byte) func(e *ext, p *state.Thread) bool {
	return func(e *ext, p *state.Thread) bool {
		e.buf = text(e.buf[:0], p)
		e.mv = Value{Kind: KindString, Bytes: e.buf}
		return true
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

package state

import (
	"encoding/binary"

	"github.com/scrylabs/scry/formats/schema"
)

// parseIOExit updates a socket from a successful read or write: it is connected, and
// datagram calls that carry an address (recvfrom, recvmsg, sendto, sendmsg) give it its
// tuple, name and, if it has none, a role.
func (e *Engine) parseIOExit(ctx *EventContext) {
	ev := ctx.Ev
	f := ctx.FD
	if f == nil || e.tinfo == nil || pInt(ev, 0) < 0 {
		return
	}
	if f.Type == FDIPv4Sock || f.Type == FDIPv6Sock {
		f.Flags |= FDSocketConnected
	}
	flags := ev.Info().Flags
	switch {
	case flags&schema.EFReadsFromFD != 0:
		switch ev.Type() {
		case evRecvfromX:
			e.applyIOTuple(f, ev.Param(2), true)
		case evRecvmsgX:
			e.applyIOTuple(f, ev.Param(3), true)
		}
	case flags&schema.EFWritesToFD != 0:
		switch ev.Type() {
		case evSendtoX, evSendmsgX:
			if e.retrieveEnter(ctx) {
				e.applyIOTuple(f, ctx.Enter.Param(2), false)
			}
		}
	}
}

// applyIOTuple gives f the tuple of a datagram call unless it is a named TCP/IPv4
// connection.
func (e *Engine) applyIOTuple(f *FD, tuple []byte, incoming bool) {
	if f.Name != "" && f.Type == FDIPv4Sock && f.L4Proto == L4TCP {
		return
	}
	if !e.updateFD(f, tuple) {
		return
	}
	if f.Type != FDIPv4Sock && f.Type != FDIPv6Sock {
		f.Name = string(AppendSocktuple(nil, tuple))
		return
	}
	if f.Flags&(FDRoleClient|FDRoleServer) == 0 {
		f.Flags |= e.guessRole(f, incoming)
	}
	if (incoming && f.Flags&FDRoleClient != 0) || (!incoming && f.Flags&FDRoleServer != 0) {
		swapTuple(f)
	}
	f.Name = TupleString(f)
}

// updateFD applies a socktuple parameter to f, retyping it by the tuple's family. It
// reports whether f changed.
func (e *Engine) updateFD(f *FD, p []byte) bool {
	if len(p) == 0 {
		return false
	}
	le := binary.LittleEndian
	switch {
	case p[0] == afInet && len(p) >= 13:
		if f.Type == FDIPv4ServSock {
			l4 := f.L4Proto
			f.retype(FDIPv4Sock)
			f.L4Proto = l4
		} else {
			f.retype(FDIPv4Sock)
		}
		if !f.updateIPv4(p[1:5], le.Uint16(p[5:]), p[7:11], le.Uint16(p[11:])) {
			return false
		}
	case p[0] == afInet6 && len(p) >= 37:
		var s, d [16]byte
		copy(s[:], p[1:17])
		copy(d[:], p[19:35])
		if IsIPv4Mapped(&s) && IsIPv4Mapped(&d) {
			f.retype(FDIPv4Sock)
			if !f.updateIPv4(s[12:], le.Uint16(p[17:]), d[12:], le.Uint16(p[35:])) {
				return false
			}
		} else if !f.updateIPv6(s, le.Uint16(p[17:]), d, le.Uint16(p[35:])) {
			return false
		}
	case p[0] == afUnix && len(p) >= 17:
		f.retype(FDUnixSock)
		f.Source, f.Dest = le.Uint64(p[1:]), le.Uint64(p[9:])
		f.Name = string(appendPrintable(nil, p[17:]))
		return true
	default:
		return false
	}
	if (f.Type == FDIPv4Sock || f.Type == FDIPv6Sock) && f.L4Proto == L4Unknown {
		f.L4Proto = L4UDP
	}
	e.patchTuple(f)
	return true
}

// guessRole decides whether an IP socket without a role is the client or the server
// side, from which ports its table has bound or connected.
func (e *Engine) guessRole(f *FD, incoming bool) uint32 {
	v := f.ipv4View()
	tab := e.fdTableInUse(e.tinfo)
	bound, clientPort := false, false
	if tab == nil {
		return FDRoleClient
	}
	for _, o := range tab.all() {
		switch o.Type {
		case FDIPv4Sock:
			if o.DPort == v.DPort {
				bound = true
			}
			if o.SPort == v.SPort {
				clientPort = true
			}
		case FDIPv4ServSock:
			if o.SPort == v.DPort {
				bound = true
			}
		}
	}
	switch {
	case !bound:
		return FDRoleClient
	case !clientPort || incoming:
		return FDRoleServer
	}
	return FDRoleClient
}

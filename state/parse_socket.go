package state

import "encoding/binary"

// Socket constants of socket() parameters.
const (
	afNetlink = 16

	sockStream = 1
	sockDgram  = 2
	sockRaw    = 3

	ipprotoIP   = 0
	ipprotoICMP = 1
	ipprotoTCP  = 6
	ipprotoUDP  = 17
	ipprotoRaw  = 255

	einprogress = 115
)

// newSocketFD builds the entry socket(domain, type, proto) creates: unix, IP and netlink
// sockets get their types, every other domain an entry of type UNKNOWN (as the
// reference does, whatever its documentation says).
func newSocketFD(domain, typ, proto uint64) FD {
	var f FD
	switch domain {
	case afUnix:
		f.Type = FDUnixSock
	case afInet, afInet6:
		f.Type = FDIPv4Sock
		if domain == afInet6 {
			f.Type = FDIPv6Sock
		}
		switch proto {
		case ipprotoTCP:
			f.L4Proto = L4TCP
			if typ == sockRaw {
				f.L4Proto = L4Raw
			}
		case ipprotoUDP:
			f.L4Proto = L4UDP
			if typ == sockRaw {
				f.L4Proto = L4Raw
			}
		case ipprotoIP:
			switch typ & 0xff {
			case sockStream:
				f.L4Proto = L4TCP
			case sockDgram:
				f.L4Proto = L4UDP
			default:
				f.L4Proto = L4Unknown
			}
		case ipprotoICMP:
			f.L4Proto = L4ICMP
			if typ == sockRaw {
				f.L4Proto = L4Raw
			}
		case ipprotoRaw:
			f.L4Proto = L4Raw
		default:
			f.L4Proto = L4Unknown
		}
	case afNetlink:
		f.Type = FDNetlink
	default:
		f.Type = FDUnknown
	}
	return f
}

// parseSocketExit adds the socket socket() returned, typed by its enter parameters.
func (e *Engine) parseSocketExit(ctx *EventContext) {
	ev := ctx.Ev
	t := e.tinfo
	fd := pInt(ev, 0)
	if t == nil || fd < 0 || !e.retrieveEnter(ctx) {
		return
	}
	en := ctx.Enter
	f := newSocketFD(pUint(en, 0), pUint(en, 1), pUint(en, 2))
	ctx.FD = e.addFD(t, fd, &f)
}

// inferUDPSocket creates the UDP socket a sendto to an unknown fd implies.
func (e *Engine) inferUDPSocket(ctx *EventContext) {
	ev := ctx.Ev
	t := e.tinfo
	if t == nil {
		return
	}
	tuple := ev.Param(2)
	if t.LastEventFD < 0 || len(tuple) == 0 || (tuple[0] != afInet && tuple[0] != afInet6) {
		return
	}
	f := newSocketFD(uint64(tuple[0]), sockDgram, ipprotoUDP)
	ctx.FD = e.addFD(t, t.LastEventFD, &f)
}

// parseBindExit makes a socket bound to a port a server socket and names it by the
// bound address.
func (e *Engine) parseBindExit(ctx *EventContext) {
	ev := ctx.Ev
	f := ctx.FD
	addr := ev.Param(1)
	if f == nil || pInt(ev, 0) < 0 || len(addr) == 0 {
		return
	}
	le := binary.LittleEndian
	switch {
	case addr[0] == afInet && len(addr) >= 7:
		if port := le.Uint16(addr[5:]); port > 0 {
			l4 := f.L4Proto
			f.retype(FDIPv4ServSock)
			copy(f.SIP[:4], addr[1:5])
			f.SPort, f.L4Proto = port, l4
			f.Flags |= FDRoleServer
		}
	case addr[0] == afInet6 && len(addr) >= 19:
		if port := le.Uint16(addr[17:]); port > 0 {
			l4 := f.L4Proto
			var ip [16]byte
			copy(ip[:], addr[1:17])
			if IsIPv4Mapped(&ip) {
				f.retype(FDIPv4ServSock)
				f.SIP = [16]byte{}
				copy(f.SIP[:4], ip[12:])
			} else {
				f.retype(FDIPv6ServSock)
				f.SIP = ip
			}
			f.SPort, f.L4Proto = port, l4
			f.Flags |= FDRoleServer
		}
	}
	f.Name = string(AppendSockaddr(nil, addr))
}

// parseConnectEnter records the destination a connect is heading for.
func (e *Engine) parseConnectEnter(ctx *EventContext) {
	ev := ctx.Ev
	f := ctx.FD
	if f == nil || ev.NumParams() < 2 {
		return
	}
	addr := ev.Param(1)
	if len(addr) == 0 {
		return
	}
	le := binary.LittleEndian
	switch addr[0] {
	case afInet:
		if len(addr) < 7 {
			return
		}
		f.retype(FDIPv4Sock)
		copy(f.DIP[:4], addr[1:5])
		f.DPort = le.Uint16(addr[5:])
	case afInet6:
		if len(addr) < 19 {
			return
		}
		var ip [16]byte
		copy(ip[:], addr[1:17])
		if IsIPv4Mapped(&ip) {
			f.retype(FDIPv4Sock)
			copy(f.DIP[:4], ip[12:])
		} else {
			f.retype(FDIPv6Sock)
			f.DIP = ip
		}
		f.DPort = le.Uint16(addr[17:])
	default:
		f.Name = string(AppendSockaddr(nil, addr))
		var src, dst uint64
		if len(addr) >= 9 {
			src = le.Uint64(addr[1:])
		}
		if len(addr) >= 17 {
			dst = le.Uint64(addr[9:])
		}
		f.setUnixView(src, dst)
	}
}

// parseConnectExit stores the tuple of a connected (or connecting) socket, names it and
// makes it a client unless it already has a role.
func (e *Engine) parseConnectExit(ctx *EventContext) {
	ev := ctx.Ev
	f := ctx.FD
	if f == nil {
		return
	}
	res := pInt(ev, 0)
	if res < 0 && res != -einprogress {
		return
	}
	f.Flags |= FDSocketConnected
	tuple := ev.Param(1)
	if len(tuple) == 0 {
		return
	}
	switch tuple[0] {
	case afInet, afInet6:
		changed, ok := e.setTupleFromParam(f, tuple)
		if !ok {
			return
		}
		if changed && f.Flags&FDRoleServer != 0 && f.Type == FDIPv4Sock && f.L4Proto == L4UDP {
			swapTuple(f)
		}
		f.Name = TupleString(f)
	case afUnix:
		f.Name = string(AppendSocktuple(nil, tuple))
		if len(tuple) >= 17 {
			f.setUnixView(binary.LittleEndian.Uint64(tuple[1:]), binary.LittleEndian.Uint64(tuple[9:]))
		}
	default:
		return
	}
	if f.Flags&(FDRoleClient|FDRoleServer) == 0 {
		f.Flags |= FDRoleClient
	}
}

// parseAcceptExit adds the connection an accept returned, as the server side.
func (e *Engine) parseAcceptExit(ctx *EventContext) {
	ev := ctx.Ev
	t := e.tinfo
	fd := pInt(ev, 0)
	if t == nil || fd < 0 {
		return
	}
	t.LastEventFD = fd
	p := ev.Param(1)
	if len(p) == 0 {
		return
	}
	le := binary.LittleEndian
	var f FD
	switch {
	case p[0] == afInet && len(p) >= 13:
		f.Type = FDIPv4Sock
		copy(f.SIP[:4], p[1:5])
		f.SPort = le.Uint16(p[5:])
		copy(f.DIP[:4], p[7:11])
		f.DPort = le.Uint16(p[11:])
		f.L4Proto = L4TCP
	case p[0] == afInet6 && len(p) >= 37:
		var s, d [16]byte
		copy(s[:], p[1:17])
		copy(d[:], p[19:35])
		if IsIPv4Mapped(&s) && IsIPv4Mapped(&d) {
			f.Type = FDIPv4Sock
			copy(f.SIP[:4], s[12:])
			copy(f.DIP[:4], d[12:])
		} else {
			f.Type = FDIPv6Sock
			f.SIP, f.DIP = s, d
		}
		f.SPort, f.DPort = le.Uint16(p[17:]), le.Uint16(p[35:])
		f.L4Proto = L4TCP
	case p[0] == afUnix && len(p) >= 17:
		f.Type = FDUnixSock
		f.Source, f.Dest = le.Uint64(p[1:]), le.Uint64(p[9:])
	default:
		return
	}
	f.Name = string(AppendSocktuple(nil, p))
	f.Flags = FDRoleServer | FDSocketConnected
	ctx.FD = e.addFD(t, fd, &f)
}

// parseGetsockoptExit points the event at the fd getsockopt used, in the main thread's
// table.
func (e *Engine) parseGetsockoptExit(ctx *EventContext) {
	ev := ctx.Ev
	t := e.tinfo
	if t == nil || ev.NumParams() < 2 {
		return
	}
	fd := pInt(ev, 1)
	t.LastEventFD = fd
	ctx.FD = nil
	if m := e.mainThreadOrPlaceholder(t); m != nil && fd >= 0 {
		ctx.FD = m.FDs.Get(fd)
		if ctx.FD != nil {
			ctx.FD.oldName = ctx.FD.Name
		}
	}
}

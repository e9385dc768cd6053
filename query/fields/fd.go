package fields

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields/render"
	"github.com/scrylabs/scry/state"
)

// fdOf returns the thread and fd entry the event's fd fields see; ok is false for events
// that do not use fds or have no thread (every fd field is then <NA>).
func (e *ext) fdOf() (t *state.Thread, fd *state.FD, ok bool) {
	if e.flags()&fdFlags == 0 {
		return nil, nil, false
	}
	return entryOf(e.thread(), e.ctx, e.vw)
}

const fdFlags = schema.EFCreatesFD | schema.EFUsesFD | schema.EFDestroysFD

// entryOf is fdOf past the event flags check.
func entryOf(t *state.Thread, ctx *state.EventContext, view state.View) (*state.Thread, *state.FD, bool) {
	if t == nil {
		return nil, nil, false
	}
	fd := ctx.FD
	if fd == nil && t.LastEventFD != -1 {
		fd = render.LookupFD(view, t, t.LastEventFD)
	}
	return t, fd, true
}

// EventFD returns the thread and fd entry the fd fields (fd.name, fd.type ...) see for the
// event of ctx, as their extractors find them; ok is false for events whose fd fields are
// all <NA> (no fd use, no thread). Callers that keep fd-derived values use it to tell
// when the entry is the same.
func EventFD(ctx *state.EventContext, view state.View) (t *state.Thread, fd *state.FD, ok bool) {
	if info := ctx.Ev.Info(); info == nil || info.Flags&fdFlags == 0 {
		return nil, nil, false
	}
	return entryOf(render.ThreadOf(ctx, view), ctx, view)
}

// FailedConnect reports whether ev is a connect exit with an error, the one event whose
// fd.name comes from its parameters although it has an fd entry.
func FailedConnect(ev *event.Event) bool {
	if ev.Type() != connectX {
		return false
	}
	r, ok := ev.Int64(0)
	return ok && r < 0
}

// nameEntry is the entry fd.name uses: none for a failed connect, whose name comes from
// its tuple parameter.
func (e *ext) nameEntry(fd *state.FD) *state.FD {
	if fd != nil && FailedConnect(e.ev) {
		return nil
	}
	return fd
}

// fdField wraps fn so it runs only when the event has an fd entry.
func fdField(fn func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool) func(e *ext, v *Value) bool {
	return func(e *ext, v *Value) bool {
		t, fd, ok := e.fdOf()
		return ok && fd != nil && fn(e, t, fd, v)
	}
}

// appendFDName appends the name fd.name shows: the entry's name, or for events without
// an entry the name their parameters give. ok is false where sysdig shows <NA>.
func (e *ext) appendFDName(d []byte, t *state.Thread, fd *state.FD) ([]byte, bool) {
	if fd != nil {
		return render.AppendSanitized(d, fd.Name), true
	}
	if e.ev.IsEnter() {
		return d, false
	}
	switch e.ev.Type() {
	case openX, creatX, acceptX, accept5X, accept4X, accept45X, connectX:
		if e.ev.NumParams() < 2 {
			return d, true
		}
		r := e.renderer()
		mark := len(d)
		d = r.AppendResolved(d, e.ctx, 1)
		if len(d) == mark {
			d = r.AppendRaw(d, e.ctx, 1)
		}
		return d, true
	case openat2X, openat2NewX:
		if e.ev.NumParams() < 3 {
			return d, true
		}
		name := e.ev.Param(2)
		dirfd, _ := e.ev.Int64(1)
		base := e.last[:0]
		switch {
		case len(name) > 0 && name[0] == '/':
			base = append(base, '.')
		case dirfd == -100:
			if e.vw != nil {
				base = append(base, e.vw.Cwd(t)...)
			}
		default:
			if dfd := render.LookupFD(e.vw, t, dirfd); dfd != nil {
				base = append(base, dfd.Name...)
				base = append(base, '/')
			} else {
				base = append(base, "<UNKNOWN>"...)
			}
		}
		e.last = base
		d, _ = render.AppendPath(d, base, name)
		return d, true
	case openatX:
		return d, false
	}
	return d, true
}

func isFileType(t int8) bool {
	return t == state.FDFile || t == state.FDFileV2 || t == state.FDDirectory
}

// appendDirectory appends the directory part of name as fd.directory shows it.
func appendDirectory(d, name []byte) []byte {
	p := bytes.LastIndexByte(name, '/')
	switch {
	case p <= 0:
		return append(d, '/')
	case p == len(name)-1:
		return append(d, name...)
	}
	return append(d, name[:p]...)
}

// eventTypeChar is fd.typechar for events without an fd entry.
func eventTypeChar(t uint16) byte {
	switch t {
	case openE, openX, openatE, openatX, openat2E, openat2X, openat2NewE, openat2NewX, creatE, creatX:
		return 'f'
	case socketE, socketX, acceptX, accept4X, accept5X, accept45X, acceptX - 1, accept4X - 1, accept5X - 1, accept45X - 1:
		return '4'
	case pipeE, pipeX:
		return 'p'
	case eventfdE, eventfdX:
		return 'e'
	case signalfdE, signalfdX:
		return 's'
	case timerfdE, timerfdX:
		return 't'
	case inotifyE, inotifyX:
		return 'i'
	}
	return 'o'
}

var fdTypeNames = map[int8]string{
	state.FDFile: "file", state.FDFileV2: "file", state.FDDirectory: "directory",
	state.FDIPv4Sock: "ipv4", state.FDIPv4ServSock: "ipv4", state.FDIPv6Sock: "ipv6",
	state.FDIPv6ServSock: "ipv6", state.FDUnixSock: "unix", state.FDFifo: "pipe",
	state.FDEvent: "event", state.FDSignalfd: "signalfd", state.FDEventpoll: "eventpoll",
	state.FDInotify: "inotify", state.FDTimerfd: "timerfd", state.FDNetlink: "netlink",
}

func hasRole(fd *state.FD) bool { return fd.Flags&(state.FDRoleClient|state.FDRoleServer) != 0 }

func ipBytes(fd *state.FD, a *[16]byte) []byte {
	if fd.Type == state.FDIPv4Sock || fd.Type == state.FDIPv4ServSock {
		return a[:4]
	}
	return a[:16]
}

// localAddrs is implemented by views that know the capture's local addresses (the
// state engine).
type localAddrs interface {
	IsLocalAddr(t *state.Thread, addr []byte) bool
}

// isLocal reports whether the source address of an IP socket is local: a container's
// address or an interface address (IPv6: same /64 as an interface).
func (e *ext) isLocal(t *state.Thread, fd *state.FD, a *[16]byte) bool {
	if e.vw == nil {
		return false
	}
	if lv, ok := e.vw.(localAddrs); ok {
		return lv.IsLocalAddr(t, ipBytes(fd, a))
	}
	if fd.Type == state.FDIPv4Sock || fd.Type == state.FDIPv4ServSock {
		ip := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
		if t != nil && t.ContainerID != "" {
			if c := e.vw.Container(t.ContainerID); c != nil && c.IP != 0 && c.IP == ip {
				return true
			}
		}
		for _, itf := range e.vw.Interfaces() {
			if !itf.IPv6 && bytes.Equal(itf.Addr[:4], a[:4]) {
				return true
			}
		}
		return false
	}
	if t != nil && t.ContainerID != "" {
		return false
	}
	for _, itf := range e.vw.Interfaces() {
		if itf.IPv6 && bytes.Equal(itf.Addr[:8], a[:8]) {
			return true
		}
	}
	return false
}

// endpoint selects an address and port of a socket fd.
type endpoint uint8

const (
	epClient endpoint = iota
	epServer
	epLocal
	epRemote
)

// addrPort returns the address and port of endpoint ep of fd, false where sysdig has none.
func (e *ext) addrPort(t *state.Thread, fd *state.FD, ep endpoint) ([]byte, uint16, bool) {
	switch ep {
	case epClient:
		if !hasRole(fd) || !render.IsIPSocket(fd.Type) {
			return nil, 0, false
		}
		return ipBytes(fd, &fd.SIP), fd.SPort, true
	case epServer:
		if !hasRole(fd) {
			return nil, 0, false
		}
		if render.IsIPSocket(fd.Type) {
			return ipBytes(fd, &fd.DIP), fd.DPort, true
		}
		if render.IsServerSocket(fd.Type) {
			return ipBytes(fd, &fd.SIP), fd.SPort, true
		}
		return nil, 0, false
	}
	if !render.IsIPSocket(fd.Type) || !hasRole(fd) {
		return nil, 0, false
	}
	local := e.isLocal(t, fd, &fd.SIP)
	if (ep == epLocal) == local {
		return ipBytes(fd, &fd.SIP), fd.SPort, true
	}
	return ipBytes(fd, &fd.DIP), fd.DPort, true
}

func fdFields() map[string]impl {
	ip := func(ep endpoint) impl {
		return impl{fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			a, _, ok := e.addrPort(t, fd, ep)
			if !ok {
				return false
			}
			v.Kind, v.Bytes = KindIP, a
			return true
		})}
	}
	port := func(ep endpoint) impl {
		return impl{format: schema.FormatDec, fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			if ep == epClient && hasRole(fd) && !render.IsIPSocket(fd.Type) {
				return setUint(v, 0)
			}
			if ep == epServer && render.IsServerSocket(fd.Type) {
				return setUint(v, uint64(fd.SPort))
			}
			_, p, ok := e.addrPort(t, fd, ep)
			return ok && setUint(v, uint64(p))
		})}
	}
	proto := func(ep endpoint) impl {
		return impl{fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			if (ep == epClient || ep == epServer) && hasRole(fd) && !render.IsIPSocket(fd.Type) {
				if ep == epServer && !render.IsServerSocket(fd.Type) {
					return false
				}
				return e.setText(v, "")
			}
			_, p, ok := e.addrPort(t, fd, ep)
			return ok && e.setBuf(v, strconv.AppendUint(e.buf[:0], uint64(p), 10))
		})}
	}
	return map[string]impl{
		"fd.num": {format: schema.FormatID, fn: func(e *ext, v *Value) bool {
			t, _, ok := e.fdOf()
			return ok && setInt(v, t.LastEventFD)
		}},
		"fd.type": {format: schema.FormatDec, fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			// A type without a name (an AF_PACKET socket's UNKNOWN ...) is the text
			// "<NA>", a value: sysdig 0.29.3 prints the line without '*' and the JSON
			// string "<NA>", not null (live recording, socket(AF_PACKET, ...)).
			n, ok := fdTypeNames[fd.Type]
			if !ok {
				n = NA
			}
			return e.setText(v, n)
		})},
		"fd.typechar": {format: schema.FormatDec, fn: func(e *ext, v *Value) bool {
			_, fd, ok := e.fdOf()
			if !ok {
				return false
			}
			c := eventTypeChar(e.ev.Type())
			if fd != nil {
				c = render.FDTypeChar(fd.Type)
			}
			return e.setBuf(v, append(e.buf[:0], c))
		}},
		"fd.name": {fn: func(e *ext, v *Value) bool {
			t, fd, ok := e.fdOf()
			if !ok {
				return false
			}
			d, ok := e.appendFDName(e.buf[:0], t, e.nameEntry(fd))
			return ok && e.setBuf(v, d)
		}},
		"fd.containername": {fn: func(e *ext, v *Value) bool {
			t, fd, ok := e.fdOf()
			if !ok {
				return false
			}
			d := append(e.buf[:0], t.ContainerID...)
			d = append(d, ':')
			d, ok = e.appendFDName(d, t, e.nameEntry(fd))
			return ok && e.setBuf(v, d)
		}},
		"fd.directory":          {fn: fdDirectory(false)},
		"fd.containerdirectory": {fn: fdDirectory(true)},
		"fd.filename": {fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			if fd.Type != state.FDFile && fd.Type != state.FDFileV2 {
				return false
			}
			name := fd.Name
			p := strings.LastIndexByte(name, '/')
			switch {
			case p < 0:
				return e.setText(v, "/")
			case p == len(name)-1:
				return e.setText(v, name)
			}
			return e.setText(v, name[p+1:])
		})},
		"fd.cip":    ip(epClient),
		"fd.sip":    ip(epServer),
		"fd.lip":    ip(epLocal),
		"fd.rip":    ip(epRemote),
		"fd.cport":  port(epClient),
		"fd.sport":  port(epServer),
		"fd.lport":  port(epLocal),
		"fd.rport":  port(epRemote),
		"fd.cproto": proto(epClient),
		"fd.sproto": proto(epServer),
		"fd.lproto": proto(epLocal),
		"fd.rproto": proto(epRemote),
		"fd.l4proto": {fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			switch render.L4Proto(fd) {
			case state.L4TCP:
				return e.setText(v, "tcp")
			case state.L4UDP:
				return e.setText(v, "udp")
			case state.L4ICMP:
				return e.setText(v, "icmp")
			case state.L4Raw:
				return e.setText(v, "raw")
			}
			return e.setText(v, NA)
		})},
		"fd.sockfamily": {fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			switch {
			case render.IsIPSocket(fd.Type), render.IsServerSocket(fd.Type):
				return e.setText(v, "ip")
			case fd.Type == state.FDUnixSock:
				return e.setText(v, "unix")
			}
			return false
		})},
		"fd.is_server": {fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			switch {
			case render.IsServerSocket(fd.Type):
				return setBool(v, true)
			case render.IsIPSocket(fd.Type):
				return setBool(v, e.isLocal(t, fd, &fd.DIP))
			}
			return setBool(v, false)
		})},
		"fd.uid": {fn: func(e *ext, v *Value) bool {
			t, _, ok := e.fdOf()
			if !ok {
				return false
			}
			if typ := e.ev.Type(); typ == containerJSE || typ == container2E {
				return false
			}
			d := strconv.AppendInt(e.buf[:0], e.ev.Tid(), 10)
			return e.setBuf(v, strconv.AppendInt(d, t.LastEventFD, 10))
		}},
		"fd.connected": {fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			return setBool(v, fd.Flags&state.FDSocketConnected != 0)
		})},
		"fd.name_changed": {fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			return setBool(v, e.ctx.FDNameChanged)
		})},
		"fd.dev": {format: schema.FormatHex, fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			return setInt(v, int64(int32(fd.Dev)))
		})},
		"fd.dev.major": {format: schema.FormatDec, fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			return setInt(v, int64((fd.Dev&0xfff00)>>8))
		})},
		"fd.dev.minor": {format: schema.FormatDec, fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			return setInt(v, int64((fd.Dev&0xff)|((fd.Dev>>12)&0xfff00)))
		})},
	}
}

func fdDirectory(inContainer bool) func(e *ext, v *Value) bool {
	return func(e *ext, v *Value) bool {
		t, fd, ok := e.fdOf()
		if !ok {
			return false
		}
		d := e.buf[:0]
		if inContainer {
			d = append(d, t.ContainerID...)
			d = append(d, ':')
		}
		if fd != nil {
			if !isFileType(fd.Type) {
				return false
			}
			if fd.Type == state.FDDirectory {
				return e.setBuf(v, render.AppendSanitized(d, fd.Name))
			}
			name := render.AppendSanitized(e.last[:0], fd.Name)
			e.last = name
			return e.setBuf(v, appendDirectory(d, name))
		}
		name, ok := e.appendFDName(e.last[:0], t, nil)
		e.last = name
		if !ok {
			return false
		}
		return e.setBuf(v, appendDirectory(d, name))
	}
}

// netFields are the filter-only network fields of one socket end: the address, which a
// filter tests for membership in a network.
func netFields() map[string]impl {
	end := func(ep endpoint) impl {
		return impl{fn: fdField(func(e *ext, t *state.Thread, fd *state.FD, v *Value) bool {
			a, _, ok := e.addrPort(t, fd, ep)
			if !ok {
				return false
			}
			v.Kind, v.Bytes = KindIP, a
			return true
		})}
	}
	return map[string]impl{
		"fd.cnet": end(epClient),
		"fd.snet": end(epServer),
		"fd.lnet": end(epLocal),
		"fd.rnet": end(epRemote),
	}
}

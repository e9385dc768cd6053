package chisel

import (
	"net/netip"
	"strconv"

	lua "github.com/yuin/gopher-lua"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/query/fields/render"
	"github.com/scrylabs/scry/state"
)

// readX is the read exit event type, the synthetic event thread-table filters see.
const readX = 7

// fdTypeNames are the fd type names the thread table reports (sysdig's fd.type).
var fdTypeNames = map[int8]string{
	state.FDFile:         "file",
	state.FDFileV2:       "file",
	state.FDDirectory:    "directory",
	state.FDIPv4Sock:     "ipv4",
	state.FDIPv6Sock:     "ipv6",
	state.FDIPv4ServSock: "ipv4",
	state.FDIPv6ServSock: "ipv6",
	state.FDFifo:         "pipe",
	state.FDUnixSock:     "unix",
	state.FDEvent:        "event",
	state.FDUnsupported:  "<NA>",
	state.FDSignalfd:     "signalfd",
	state.FDEventpoll:    "eventpoll",
	state.FDInotify:      "inotify",
	state.FDTimerfd:      "timerfd",
	state.FDNetlink:      "netlink",
}

var l4Names = map[uint8]string{
	state.L4Unknown: "<unknown>",
	state.L4NA:      "<NA>",
	state.L4TCP:     "tcp",
	state.L4UDP:     "udp",
	state.L4ICMP:    "icmp",
	state.L4Raw:     "raw",
}

// luaThreadTable returns sysdig.get_thread_table and its variants: a table from tid to
// a table describing the thread, with its fds (withFDs) and its arguments and
// environment (unless barebone). An optional filter restricts the fds; threads with no
// matching fd are then left out.
func (c *instance) luaThreadTable(withFDs, barebone bool) lua.LGFunction {
	return func(L *lua.LState) int {
		var m Matcher
		if L.GetTop() >= 1 && L.Get(1) != lua.LNil {
			expr := L.CheckString(1)
			if expr != "" {
				var err error
				if m, err = c.compileFilter(expr); err != nil {
					L.RaiseError("%s", err.Error())
				}
			}
		}
		r := c.r
		tt := L.NewTable()
		var order []int64
		if r.src == nil {
			L.Push(tt)
			return 1
		}
		r.src.Threads(func(t *state.Thread) bool {
			var fdt *lua.LTable
			if withFDs || m != nil {
				fdt = c.fdTable(L, t, m)
				if fdt == nil {
					return true
				}
			}
			e := c.threadEntry(L, t, barebone)
			if withFDs {
				e.RawSetString("fdtable", fdt)
			}
			tt.RawSet(lua.LNumber(t.Tid), e)
			order = append(order, t.Tid)
			return true
		})
		c.vm.setOrder(tt, luaNumberKeys(luajitOrder(order)))
		L.Push(tt)
		return 1
	}
}

// threadEntry builds the table describing one thread.
func (c *instance) threadEntry(L *lua.LState, t *state.Thread, barebone bool) *lua.LTable {
	view := c.r.view
	e := L.NewTable()
	// The numbers are handed over as 32-bit unsigned values: a placeholder's fdlimit of
	// -1 is 4294967295 (observed with sysdig 0.29.3's ps chisel), a ptid of -1 too.
	e.RawSetString("tid", luaU32(t.Tid))
	e.RawSetString("pid", luaU32(t.Pid))
	e.RawSetString("ptid", luaU32(t.Ptid))
	e.RawSetString("comm", lua.LString(t.Comm))
	e.RawSetString("exe", lua.LString(t.Exe))
	if barebone {
		return e
	}
	args := L.NewTable()
	for _, a := range t.Args {
		args.Append(lua.LString(a))
	}
	e.RawSetString("args", args)
	env := L.NewTable()
	for _, s := range t.Env {
		env.Append(lua.LString(s))
	}
	e.RawSetString("env", env)
	e.RawSetString("flags", luaU32(int64(t.Flags)))
	e.RawSetString("fdlimit", luaU32(t.FDLimit))
	e.RawSetString("uid", luaU32(int64(t.UID)))
	e.RawSetString("gid", luaU32(int64(t.GID)))
	e.RawSetString("nchilds", luaU32(int64(t.NChilds)))
	e.RawSetString("vmsize_kb", luaU32(int64(t.VMSizeKB)))
	e.RawSetString("vmrss_kb", luaU32(int64(t.VMRSSKB)))
	e.RawSetString("vmswap_kb", luaU32(int64(t.VMSwapKB)))
	e.RawSetString("pfmajor", luaU32(int64(t.PFMajor)))
	e.RawSetString("pfminor", luaU32(int64(t.PFMinor)))
	e.RawSetString("clone_ts", lua.LString(strconv.FormatUint(t.CloneTS, 10)))
	user := "<NA>"
	if view != nil {
		if u := view.User(t.UID); u != nil {
			user = u.Name
		}
	}
	e.RawSetString("username", lua.LString(user))
	return e
}

// luaU32 is v cut to 32 bits and read unsigned, as a Lua number.
func luaU32(v int64) lua.LNumber { return lua.LNumber(uint32(v)) }

// fdTable builds the fd table of t, keeping the fds m matches (all when m is nil). It
// returns nil when a filter leaves no fd.
func (c *instance) fdTable(L *lua.LState, t *state.Thread, m Matcher) *lua.LTable {
	r := c.r
	ft := L.NewTable()
	var order []int64
	{
		// Filters see each fd through a synthetic read exit of the thread, without
		// parameters, at the time of the current event.
		var ts uint64
		if r.ctx != nil && r.ctx.Ev != nil {
			ts = r.ctx.Ev.Ts()
		}
		ev := event.Event{Raw: event.Append(nil, ts, t.Tid, readX)}
		ctx := state.EventContext{Ev: &ev, Thread: t}
		r.src.FDs(t, func(fd int64, f *state.FD) bool {
			if m != nil {
				ctx.FD = f
				if !m.Match(&ctx, r.view) {
					return true
				}
			}
			ft.RawSet(lua.LNumber(fd), fdEntry(L, f))
			order = append(order, fd)
			return true
		})
	}
	if m != nil && len(order) == 0 {
		return nil
	}
	c.vm.setOrder(ft, luaNumberKeys(luajitOrder(order)))
	return ft
}

// fdEntry builds the table describing one fd.
func fdEntry(L *lua.LState, f *state.FD) *lua.LTable {
	e := L.NewTable()
	e.RawSetString("name", lua.LString(printable(f.Name)))
	typ, ok := fdTypeNames[f.Type]
	if !ok {
		typ = "<NA>"
	}
	e.RawSetString("type", lua.LString(typ))
	v6 := f.Type == state.FDIPv6Sock || f.Type == state.FDIPv6ServSock
	switch f.Type {
	case state.FDIPv4ServSock, state.FDIPv6ServSock:
		e.RawSetString("is_server", lua.LTrue)
		e.RawSetString("l4proto", lua.LString(l4Name(f.L4Proto)))
		e.RawSetString("sip", lua.LString(ipText(f.SIP, v6)))
		e.RawSetString("sport", lua.LNumber(f.SPort))
	case state.FDIPv4Sock, state.FDIPv6Sock:
		e.RawSetString("is_server", lua.LBool(f.Flags&state.FDRoleServer != 0))
		e.RawSetString("l4proto", lua.LString(l4Name(render.L4Proto(f))))
		e.RawSetString("sip", lua.LString(ipText(f.DIP, v6)))
		e.RawSetString("sport", lua.LNumber(f.DPort))
		e.RawSetString("cip", lua.LString(ipText(f.SIP, v6)))
		e.RawSetString("cport", lua.LNumber(f.SPort))
	}
	return e
}

func l4Name(p uint8) string {
	if s, ok := l4Names[p]; ok {
		return s
	}
	return "<unknown>"
}

// ipText renders an address as inet_ntop does.
func ipText(b [16]byte, v6 bool) string {
	if !v6 {
		return netip.AddrFrom4([4]byte{b[0], b[1], b[2], b[3]}).String()
	}
	return netip.AddrFrom16(b).String()
}

func luaNumberKeys(keys []int64) []lua.LValue {
	out := make([]lua.LValue, len(keys))
	for i, k := range keys {
		out[i] = lua.LNumber(k)
	}
	return out
}

// luaContainerTable is sysdig.get_container_table(): a list of {id, name, image, type}.
func (c *instance) luaContainerTable(L *lua.LState) int {
	t := L.NewTable()
	if c.r.src != nil {
		c.r.src.Containers(func(ct *state.Container) bool {
			e := L.NewTable()
			e.RawSetString("id", lua.LString(ct.ID))
			e.RawSetString("name", lua.LString(ct.Name))
			e.RawSetString("image", lua.LString(ct.Image))
			e.RawSetString("type", lua.LString(containerTypeName(ct.Type)))
			t.Append(e)
			return true
		})
	}
	L.Push(t)
	return 1
}

// containerTypeName is a container's type as the chisel container table names it
// (observed with sysdig 0.29.3's lscontainers: "libvirt_lxc" with an underscore, unlike
// the container.type field, and "unknown" for podman, which the table does not name).
func containerTypeName(t int) string {
	switch t {
	case state.ContainerDocker:
		return "docker"
	case state.ContainerLXC:
		return "lxc"
	case state.ContainerLibvirtLXC:
		return "libvirt_lxc"
	case state.ContainerMesos:
		return "mesos"
	case state.ContainerRkt:
		return "rkt"
	case state.ContainerCRI:
		return "cri"
	case state.ContainerContainerd:
		return "containerd"
	case state.ContainerCRIO:
		return "cri-o"
	case state.ContainerBPM:
		return "bpm"
	}
	return "unknown" // custom, static and podman too
}

// printable removes the bytes outside 0x20-0x7E, as sysdig does to names it shows.
func printable(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			b := make([]byte, 0, len(s))
			for j := 0; j < len(s); j++ {
				if s[j] >= 0x20 && s[j] <= 0x7e {
					b = append(b, s[j])
				}
			}
			return string(b)
		}
	}
	return s
}

package filter_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// world is a small hand-made system state for tests: threads, users and the events
// they produced, each with its context.
type world struct {
	threads map[int64]*state.Thread
	users   map[uint32]*state.User
	events  []*state.EventContext
}

func (w *world) Thread(tid int64) *state.Thread                        { return w.threads[tid] }
func (w *world) MainThread(t *state.Thread) *state.Thread              { return w.threads[t.Pid] }
func (w *world) MainThreadOrPlaceholder(t *state.Thread) *state.Thread { return w.MainThread(t) }
func (w *world) Parent(t *state.Thread) *state.Thread                  { return w.threads[t.Ptid] }
func (w *world) FDTable(t *state.Thread) *state.FDTable                { return t.FDs }
func (w *world) Cwd(t *state.Thread) string                            { return t.Cwd }
func (w *world) User(uid uint32) *state.User                           { return w.users[uid] }
func (w *world) Group(gid uint32) *state.Group                         { return nil }
func (w *world) Container(id string) *state.Container                  { return nil }
func (w *world) Interfaces() []state.Interface                         { return nil }
func (w *world) FirstEventTS() uint64                                  { return 0 }
func (w *world) add(ctx *state.EventContext) *state.EventContext {
	w.events = append(w.events, ctx)
	return ctx
}

func typeID(t testing.TB, ppme string) uint16 {
	t.Helper()
	for i := range schema.Events {
		if schema.Events[i].PPME == ppme {
			return uint16(i)
		}
	}
	t.Fatalf("no event %s", ppme)
	return 0
}

func syscallCode(t testing.TB, name string) uint16 {
	t.Helper()
	for i := range schema.SyscallCodes {
		if schema.SyscallCodes[i].Name == name {
			return uint16(i)
		}
	}
	t.Fatalf("no syscall %s", name)
	return 0
}

func ip4(a, b, c, d byte) [16]byte { return [16]byte{a, b, c, d} }

// newWorld builds the test system. Events, by index:
//
//	0 open <   cat(300)     fd /etc/passwd (file), res 3
//	1 open >   cat(300)     no fd
//	2 openat < bash(100)    failed, res -2, no fd
//	3 read <   nginx(201)   tcp 10.0.0.5:43210 -> 93.184.216.34:80, res 14, data "GET / HTTP/1.1"
//	4 connect < nginx(200)  same socket, res 0
//	5 execve < bash(100)    res 0
//	6 syscall < cat(300)    generic exit for mlock, res 0
//	7 close <  cat(300)     fd /etc/passwd, res 0
//	8 sendto < dig(400)     udp 127.0.0.1:5353 -> 127.0.0.53:53, res 30
//	9 write <  cat(300)     fd /tmp/Report.TXT (file), res 5, data "hello"
func newWorld(t testing.TB) *world {
	w := &world{threads: map[int64]*state.Thread{}, users: map[uint32]*state.User{
		0:    {UID: 0, Name: "root"},
		33:   {UID: 33, Name: "www-data"},
		1000: {UID: 1000, Name: "bob"},
	}}
	th := func(tid, pid, ptid int64, comm string, uid uint32, args ...string) *state.Thread {
		x := &state.Thread{Tid: tid, Pid: pid, Ptid: ptid, Comm: comm, UID: uid, Args: args, Exe: comm}
		w.threads[tid] = x
		return x
	}
	th(1, 1, 0, "systemd", 0)
	bash := th(100, 100, 1, "bash", 0)
	nginx := th(200, 200, 100, "nginx", 33, "-g", "daemon off;")
	worker := th(201, 200, 100, "nginx", 33)
	cat := th(300, 300, 100, "cat", 1000, "/etc/passwd")
	dig := th(400, 400, 100, "dig", 1000, "example.com")

	passwd := &state.FD{Type: state.FDFile, Name: "/etc/passwd"}
	report := &state.FD{Type: state.FDFile, Name: "/tmp/Report.TXT"}
	tcp := &state.FD{Type: state.FDIPv4Sock, Name: "10.0.0.5:43210->93.184.216.34:80", L4Proto: state.L4TCP,
		SIP: ip4(10, 0, 0, 5), SPort: 43210, DIP: ip4(93, 184, 216, 34), DPort: 80, Flags: state.FDRoleClient}
	udp := &state.FD{Type: state.FDIPv4Sock, Name: "127.0.0.1:5353->127.0.0.53:53", L4Proto: state.L4UDP,
		SIP: ip4(127, 0, 0, 1), SPort: 5353, DIP: ip4(127, 0, 0, 53), DPort: 53, Flags: state.FDRoleClient}

	ev := func(num uint64, tid int64, ppme string, params ...[]byte) *event.Event {
		raw := event.Append(nil, 1_700_000_000_000_000_000+num*1000, tid, typeID(t, ppme), params...)
		return &event.Event{Raw: raw, Num: num}
	}
	add := func(e *event.Event, thr *state.Thread, fd *state.FD) {
		w.add(&state.EventContext{Ev: e, Thread: thr, FD: fd})
	}
	add(ev(1, 300, "PPME_SYSCALL_OPEN_X", event.I64(3), event.CStr("/etc/passwd"), event.U32(1), event.U32(0), event.U32(0)), cat, passwd)
	add(ev(2, 300, "PPME_SYSCALL_OPEN_E", event.CStr("/etc/passwd"), event.U32(1), event.U32(0)), cat, nil)
	add(ev(3, 100, "PPME_SYSCALL_OPENAT_2_X", event.I64(-2), event.I64(-100), event.CStr("nope"), event.U32(1), event.U32(0), event.U32(0)), bash, nil)
	add(ev(4, 201, "PPME_SYSCALL_READ_X", event.I64(14), []byte("GET / HTTP/1.1")), worker, tcp)
	add(ev(5, 200, "PPME_SOCKET_CONNECT_X", event.I64(0), nil), nginx, tcp)
	add(ev(6, 100, "PPME_SYSCALL_EXECVE_19_X", event.I64(0), event.CStr("bash")), bash, nil)
	add(ev(7, 300, "PPME_GENERIC_X", event.U16(syscallCode(t, "mlock")), event.U16(149)), cat, nil)
	add(ev(8, 300, "PPME_SYSCALL_CLOSE_X", event.I64(0)), cat, passwd)
	add(ev(9, 400, "PPME_SOCKET_SENDTO_X", event.I64(30), []byte("dns query")), dig, udp)
	add(ev(10, 300, "PPME_SYSCALL_WRITE_X", event.I64(5), []byte("hello")), cat, report)
	return w
}

// testResolver resolves names with SchemaResolver and extracts a subset of the fields
// from a world, simply, as the reference for the compiled filters.
type testResolver struct{}

func (testResolver) Lookup(expr string) (*fields.Field, int, error) {
	f, n, err := filter.SchemaResolver{}.Lookup(expr)
	if err != nil {
		return nil, 0, err
	}
	ext := testExtractor(f)
	if ext == nil {
		return nil, 0, fmt.Errorf("test resolver cannot extract %s", f.Name)
	}
	f.Extractor = ext
	return f, n, nil
}

// getter returns a field's value for an event; ok false means no value.
type getter func(ctx *state.EventContext, w *world) (fields.Value, bool)

// funcExtractor adapts a getter; it copies text into its own buffer.
type funcExtractor struct {
	get getter
	buf []byte
}

func (e *funcExtractor) Extract(ctx *state.EventContext, view state.View, v *fields.Value) bool {
	x, ok := e.get(ctx, view.(*world))
	if !ok {
		return false
	}
	if x.Kind == fields.KindString || x.Kind == fields.KindBytes || x.Kind == fields.KindIP {
		e.buf = append(e.buf[:0], x.Bytes...)
		x.Bytes = e.buf
	}
	*v = x
	return true
}

// multiExtractor yields several values per event.
type multiExtractor struct {
	funcExtractor
	all    func(ctx *state.EventContext, w *world) []fields.Value
	strict bool
	v      fields.Value
}

func (m *multiExtractor) ExtractAll(ctx *state.EventContext, view state.View, yield func(*fields.Value) bool) {
	for _, x := range m.all(ctx, view.(*world)) {
		m.v = x
		if !yield(&m.v) {
			return
		}
	}
}

func (m *multiExtractor) StrictInequality() bool { return m.strict }

func str(s string) (fields.Value, bool) {
	return fields.Value{Kind: fields.KindString, Bytes: []byte(s)}, true
}

func resOf(ctx *state.EventContext) (int64, bool) {
	if ctx.Ev.IsEnter() || ctx.Ev.NumParams() == 0 {
		return 0, false
	}
	info := ctx.Ev.Info()
	if n := info.Params[0].Name; n != "res" && n != "fd" {
		return 0, false
	}
	return ctx.Ev.Int64(0)
}

func typeName(ctx *state.EventContext) string {
	info := ctx.Ev.Info()
	if info.PPME == "PPME_GENERIC_X" || info.PPME == "PPME_GENERIC_E" {
		code, _ := ctx.Ev.Uint64(0)
		return schema.SyscallCodeName(uint16(code))
	}
	return info.Name
}

func ancestors(ctx *state.EventContext, w *world) []*state.Thread {
	var out []*state.Thread
	if ctx.Thread == nil {
		return nil
	}
	t := w.MainThread(ctx.Thread)
	for i := 0; t != nil && i < 16; i++ {
		t = w.Parent(t)
		if t != nil {
			out = append(out, t)
		}
	}
	return out
}

func sockEnds(ctx *state.EventContext) ([][16]byte, []uint16) {
	fd := ctx.FD
	if fd == nil || (fd.Type != state.FDIPv4Sock && fd.Type != state.FDIPv6Sock) {
		return nil, nil
	}
	return [][16]byte{fd.SIP, fd.DIP}, []uint16{fd.SPort, fd.DPort}
}

func addrValue(a [16]byte, v6 bool) fields.Value {
	if v6 {
		return fields.Value{Kind: fields.KindIP, Bytes: append([]byte(nil), a[:]...)}
	}
	return fields.Value{Kind: fields.KindIP, Bytes: append([]byte(nil), a[:4]...)}
}

func testExtractor(f *fields.Field) fields.Extractor {
	var get getter
	switch f.Info.Name {
	case "evt.num":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			return fields.Value{Kind: fields.KindUint, Uint: ctx.Ev.Num}, true
		}
	case "evt.type":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) { return str(typeName(ctx)) }
	case "evt.dir":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			if ctx.Ev.IsEnter() {
				return str(">")
			}
			return str("<")
		}
	case "evt.rawres":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			r, ok := resOf(ctx)
			return fields.Value{Kind: fields.KindInt, Int: r}, ok
		}
	case "evt.failed":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			r, ok := resOf(ctx)
			return fields.Value{Kind: fields.KindBool, Bool: ok && r < 0}, true
		}
	case "evt.buffer":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			i := ctx.Ev.ParamIndex("data")
			if i < 0 {
				return fields.Value{}, false
			}
			return fields.Value{Kind: fields.KindBytes, Bytes: ctx.Ev.Param(i)}, true
		}
	case "evt.buflen":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			i := ctx.Ev.ParamIndex("data")
			if i < 0 {
				return fields.Value{}, false
			}
			return fields.Value{Kind: fields.KindUint, Uint: uint64(len(ctx.Ev.Param(i)))}, true
		}
	case "proc.name":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			if ctx.Thread == nil {
				return fields.Value{}, false
			}
			return str(ctx.Thread.Comm)
		}
	case "proc.cmdline":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			if ctx.Thread == nil {
				return fields.Value{}, false
			}
			return str(strings.Join(append([]string{ctx.Thread.Comm}, ctx.Thread.Args...), " "))
		}
	case "proc.pid":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			if ctx.Thread == nil {
				return fields.Value{}, false
			}
			return fields.Value{Kind: fields.KindInt, Int: ctx.Thread.Pid}, true
		}
	case "thread.tid":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			return fields.Value{Kind: fields.KindInt, Int: ctx.Ev.Tid()}, true
		}
	case "proc.pname":
		get = func(ctx *state.EventContext, w *world) (fields.Value, bool) {
			if a := ancestors(ctx, w); len(a) > 0 {
				return str(a[0].Comm)
			}
			return fields.Value{}, false
		}
	case "proc.aname":
		if f.Arg != "" {
			n, _ := strconv.Atoi(f.Arg)
			get = func(ctx *state.EventContext, w *world) (fields.Value, bool) {
				if n == 0 && ctx.Thread != nil {
					return str(w.MainThread(ctx.Thread).Comm)
				}
				if a := ancestors(ctx, w); n >= 1 && n <= len(a) {
					return str(a[n-1].Comm)
				}
				return fields.Value{}, false
			}
			break
		}
		return &multiExtractor{all: func(ctx *state.EventContext, w *world) []fields.Value {
			var out []fields.Value
			for _, a := range ancestors(ctx, w) {
				v, _ := str(a.Comm)
				out = append(out, v)
			}
			return out
		}, funcExtractor: funcExtractor{get: func(*state.EventContext, *world) (fields.Value, bool) { return fields.Value{}, false }}}
	case "user.name":
		get = func(ctx *state.EventContext, w *world) (fields.Value, bool) {
			if ctx.Thread == nil || w.users[ctx.Thread.UID] == nil {
				return fields.Value{}, false
			}
			return str(w.users[ctx.Thread.UID].Name)
		}
	case "user.uid":
		get = func(ctx *state.EventContext, w *world) (fields.Value, bool) {
			if ctx.Thread == nil {
				return fields.Value{}, false
			}
			return fields.Value{Kind: fields.KindUint, Uint: uint64(ctx.Thread.UID)}, true
		}
	case "fd.name":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			if ctx.FD == nil {
				return fields.Value{}, false
			}
			return str(ctx.FD.Name)
		}
	case "fd.typechar":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			if ctx.FD == nil {
				return fields.Value{}, false
			}
			return str(map[int8]string{state.FDFile: "f", state.FDIPv4Sock: "4"}[ctx.FD.Type])
		}
	case "fd.type":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			if ctx.FD == nil {
				return fields.Value{}, false
			}
			return str(map[int8]string{state.FDFile: "file", state.FDIPv4Sock: "ipv4"}[ctx.FD.Type])
		}
	case "fd.l4proto":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			if ctx.FD == nil || ctx.FD.Type != state.FDIPv4Sock {
				return fields.Value{}, false
			}
			return str(map[uint8]string{state.L4TCP: "tcp", state.L4UDP: "udp"}[ctx.FD.L4Proto])
		}
	case "fd.sip":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			ips, _ := sockEnds(ctx)
			if ips == nil {
				return fields.Value{}, false
			}
			return addrValue(ips[1], false), true
		}
	case "fd.sport":
		get = func(ctx *state.EventContext, _ *world) (fields.Value, bool) {
			_, ports := sockEnds(ctx)
			if ports == nil {
				return fields.Value{}, false
			}
			return fields.Value{Kind: fields.KindUint, Uint: uint64(ports[1])}, true
		}
	case "fd.ip", "fd.net":
		return &multiExtractor{strict: true, all: func(ctx *state.EventContext, _ *world) []fields.Value {
			ips, _ := sockEnds(ctx)
			var out []fields.Value
			for _, a := range ips {
				out = append(out, addrValue(a, false))
			}
			return out
		}, funcExtractor: funcExtractor{get: func(*state.EventContext, *world) (fields.Value, bool) { return fields.Value{}, false }}}
	case "fd.port":
		return &multiExtractor{strict: true, all: func(ctx *state.EventContext, _ *world) []fields.Value {
			_, ports := sockEnds(ctx)
			var out []fields.Value
			for _, p := range ports {
				out = append(out, fields.Value{Kind: fields.KindUint, Uint: uint64(p)})
			}
			return out
		}, funcExtractor: funcExtractor{get: func(*state.EventContext, *world) (fields.Value, bool) { return fields.Value{}, false }}}
	default:
		return nil
	}
	return &funcExtractor{get: get}
}

func schemaIDs(name string) []uint16 { return schema.EventIDsByName(name) }

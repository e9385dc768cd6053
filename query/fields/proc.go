package fields

import (
	"strconv"
	"strings"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/state"
)

func isMain(t *state.Thread) bool { return t.Tid == t.Pid || t.Flags&state.IsMainThread != 0 }

// procStart is where ancestor walks start: the thread itself if it is a main thread,
// else its main thread.
func (e *ext) procStart(t *state.Thread) *state.Thread {
	if isMain(t) {
		return t
	}
	return e.mainThread(t)
}

// threadField wraps fn so the field has no value without a thread.
func threadField(fn func(e *ext, t *state.Thread, v *Value) bool) func(e *ext, v *Value) bool {
	return func(e *ext, v *Value) bool {
		t := e.thread()
		return t != nil && fn(e, t, v)
	}
}

func appendJoined(d []byte, parts []string) []byte {
	for i, p := range parts {
		if i > 0 {
			d = append(d, ' ')
		}
		d = append(d, p...)
	}
	return d
}

func appendComm(d []byte, t *state.Thread) []byte { return append(d, t.Comm...) }

func appendCmdline(d []byte, t *state.Thread) []byte {
	d = append(d, t.Comm...)
	for _, a := range t.Args {
		d = append(d, ' ')
		d = append(d, a...)
	}
	return d
}

func procFields() map[string]impl {
	id, dec := schema.FormatID, schema.FormatDec
	str := func(get func(e *ext, t *state.Thread) string) impl {
		return impl{fn: threadField(func(e *ext, t *state.Thread, v *Value) bool { return e.setText(v, get(e, t)) })}
	}
	num := func(f schema.PrintFormat, get func(e *ext, t *state.Thread) (int64, bool)) impl {
		return impl{format: f, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			x, ok := get(e, t)
			return ok && setInt(v, x)
		})}
	}
	unum := func(get func(e *ext, t *state.Thread) (uint64, bool)) impl {
		return impl{format: dec, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			x, ok := get(e, t)
			return ok && setUint(v, x)
		})}
	}
	boolean := func(get func(t *state.Thread) bool) impl {
		return impl{fn: threadField(func(e *ext, t *state.Thread, v *Value) bool { return setBool(v, get(t)) })}
	}
	buf := func(get func(e *ext, t *state.Thread, d []byte) ([]byte, bool)) impl {
		return impl{fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			d, ok := get(e, t, e.buf[:0])
			return ok && e.setBuf(v, d)
		})}
	}
	main := func(e *ext, t *state.Thread) *state.Thread { return e.mainThread(t) }
	return map[string]impl{
		"proc.pid": num(id, func(e *ext, t *state.Thread) (int64, bool) { return t.Pid, true }),
		"thread.tid": {format: id, fn: func(e *ext, v *Value) bool {
			return setInt(v, e.ev.Tid())
		}},
		"proc.exe":     str(func(e *ext, t *state.Thread) string { return t.Exe }),
		"proc.name":    str(func(e *ext, t *state.Thread) string { return t.Comm }),
		"proc.exepath": str(func(e *ext, t *state.Thread) string { return t.ExePath }),
		"proc.args":    buf(func(e *ext, t *state.Thread, d []byte) ([]byte, bool) { return appendJoined(d, t.Args), true }),
		"proc.env": buf(func(e *ext, t *state.Thread, d []byte) ([]byte, bool) {
			src := t
			if !isMain(t) {
				if m := main(e, t); m != nil {
					src = m
				}
			}
			return appendJoined(d, src.Env), true
		}),
		"proc.cmdline": buf(func(e *ext, t *state.Thread, d []byte) ([]byte, bool) { return appendCmdline(d, t), true }),
		"proc.exeline": buf(func(e *ext, t *state.Thread, d []byte) ([]byte, bool) {
			d = append(d, t.Exe...)
			d = append(d, ' ')
			return appendJoined(d, t.Args), true
		}),
		"proc.cwd": str(func(e *ext, t *state.Thread) string {
			if e.vw == nil {
				return t.Cwd
			}
			return e.vw.Cwd(t)
		}),
		"proc.nthreads": unum(func(e *ext, t *state.Thread) (uint64, bool) {
			m := main(e, t)
			if m == nil {
				return 0, false
			}
			return uint64(uint32(m.NChilds + 1)), true
		}),
		"proc.nchilds": unum(func(e *ext, t *state.Thread) (uint64, bool) { return uint64(uint32(t.NChilds)), true }),
		"proc.ppid": num(id, func(e *ext, t *state.Thread) (int64, bool) {
			if isMain(t) {
				return t.Ptid, true
			}
			m := main(e, t)
			if m == nil {
				return 0, false
			}
			return m.Ptid, true
		}),
		"proc.pname": str2(func(e *ext, t *state.Thread) (string, bool) {
			p := e.lookup(t.Ptid)
			if p == nil {
				return "", false
			}
			return p.Comm, true
		}),
		"proc.pcmdline": buf(func(e *ext, t *state.Thread, d []byte) ([]byte, bool) {
			p := e.lookup(t.Ptid)
			if p == nil {
				return d, false
			}
			return appendCmdline(d, p), true
		}),
		"proc.apid": {format: id, setup: multiSetup(ancestorsOf(ancestorPid), false), fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			x := e.ancestor(t)
			return x != nil && setInt(v, x.Pid)
		})},
		"proc.aname": {setup: multiSetup(ancestorsOf(ancestorText(appendComm)), false), fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			x := e.ancestor(t)
			return x != nil && e.setText(v, x.Comm)
		})},
		"proc.loginshellid": num(id, func(e *ext, t *state.Thread) (int64, bool) {
			x := e.procStart(t)
			var found int64
			ok := false
			for n := 0; x != nil && n < maxAncestors; n++ {
				if len(x.Comm) >= 2 && strings.HasSuffix(x.Comm, "sh") {
					found, ok = x.Pid, true
				}
				if x.Ptid == -1 {
					break
				}
				x = e.lookup(x.Ptid)
			}
			return found, ok
		}),
		"proc.duration": {format: dec, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			return t.CloneTS != 0 && setUint(v, e.ev.Ts()-t.CloneTS)
		})},
		"proc.fdopencount": unum(func(e *ext, t *state.Thread) (uint64, bool) {
			m := main(e, t)
			if m == nil || m.FDs == nil {
				return 0, m != nil
			}
			return uint64(m.FDs.Len()), true
		}),
		"proc.fdlimit": num(dec, func(e *ext, t *state.Thread) (int64, bool) {
			m := main(e, t)
			if m == nil {
				return 0, false
			}
			return m.FDLimit, true
		}),
		"proc.fdusage": {format: dec, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			m := main(e, t)
			if m == nil {
				return false
			}
			var open int
			if m.FDs != nil {
				open = m.FDs.Len()
			}
			u := 0.0
			if m.FDLimit > 0 {
				u = min(100*float64(open)/float64(m.FDLimit), 100)
			}
			v.Kind, v.Double = KindDouble, u
			return true
		})},
		"proc.vmsize":    unum(func(e *ext, t *state.Thread) (uint64, bool) { return uint64(t.VMSizeKB), true }),
		"proc.vmrss":     unum(func(e *ext, t *state.Thread) (uint64, bool) { return uint64(t.VMRSSKB), true }),
		"proc.vmswap":    unum(func(e *ext, t *state.Thread) (uint64, bool) { return uint64(t.VMSwapKB), true }),
		"thread.pfmajor": unum(func(e *ext, t *state.Thread) (uint64, bool) { return t.PFMajor, true }),
		"thread.pfminor": unum(func(e *ext, t *state.Thread) (uint64, bool) { return t.PFMinor, true }),
		"thread.ismain":  boolean(isMain),
		"thread.exectime": {format: dec, fn: func(e *ext, v *Value) bool {
			return setUint(v, e.switchDelta())
		}},
		"thread.totexectime": {format: dec, fn: func(e *ext, v *Value) bool {
			return setUint(v, e.switchDelta())
		}},
		"thread.cgroups": buf(func(e *ext, t *state.Thread, d []byte) ([]byte, bool) {
			if len(t.Cgroups) == 0 {
				return d, false
			}
			for i, c := range t.Cgroups {
				if i > 0 {
					d = append(d, ' ')
				}
				d = append(d, c.Subsys...)
				d = append(d, '=')
				d = append(d, c.Path...)
			}
			return d, true
		}),
		"thread.cgroup": str2(func(e *ext, t *state.Thread) (string, bool) {
			for _, c := range t.Cgroups {
				if c.Subsys == e.b.arg {
					return c.Path, true
				}
			}
			return "", false
		}),
		"thread.vtid": num(id, func(e *ext, t *state.Thread) (int64, bool) { return t.Vtid, t.Vtid != -1 }),
		"proc.vpid":   num(id, func(e *ext, t *state.Thread) (int64, bool) { return t.Vpid, t.Vpid != -1 }),
		"thread.vmsize": unum(func(e *ext, t *state.Thread) (uint64, bool) {
			if !isMain(t) {
				return 0, true
			}
			return uint64(t.VMSizeKB), true
		}),
		"thread.vmrss": unum(func(e *ext, t *state.Thread) (uint64, bool) {
			if !isMain(t) {
				return 0, true
			}
			return uint64(t.VMRSSKB), true
		}),
		"thread.vmsize.b": unum(func(e *ext, t *state.Thread) (uint64, bool) {
			if !isMain(t) {
				return 0, true
			}
			return uint64(t.VMSizeKB) * 1024, true
		}),
		"thread.vmrss.b": unum(func(e *ext, t *state.Thread) (uint64, bool) {
			if !isMain(t) {
				return 0, true
			}
			return uint64(t.VMRSSKB) * 1024, true
		}),
		"proc.sid": num(id, func(e *ext, t *state.Thread) (int64, bool) { return t.Sid, true }),
		"proc.sname": str2(func(e *ext, t *state.Thread) (string, bool) {
			if s := e.lookup(t.Sid); s != nil {
				return s.Comm, true
			}
			m := main(e, t)
			if m == nil {
				return "", false
			}
			x := m
			for n := 0; n < maxAncestors; n++ {
				p := e.lookup(x.Ptid)
				if p == nil || p.Sid != m.Sid || p == x {
					break
				}
				x = p
			}
			return x.Comm, true
		}),
		"proc.tty":   num(id, func(e *ext, t *state.Thread) (int64, bool) { return int64(int32(t.Tty)), true }),
		"proc.vpgid": num(id, func(e *ext, t *state.Thread) (int64, bool) { return t.Vpgid, true }),
		"thread.nametid": buf(func(e *ext, t *state.Thread, d []byte) ([]byte, bool) {
			d = append(d, t.Comm...)
			return strconv.AppendInt(d, e.ev.Tid(), 10), true
		}),
		"proc.is_container_healthcheck":     boolean(func(t *state.Thread) bool { return t.Category == state.CategoryHealthcheck }),
		"proc.is_container_liveness_probe":  boolean(func(t *state.Thread) bool { return t.Category == state.CategoryLivenessProbe }),
		"proc.is_container_readiness_probe": boolean(func(t *state.Thread) bool { return t.Category == state.CategoryReadinessProbe }),
		"proc.is_exe_writable":              boolean(func(t *state.Thread) bool { return t.ExeWritable }),
	}
}

// maxAncestors bounds ancestor walks against loops.
const maxAncestors = 1024

func str2(get func(e *ext, t *state.Thread) (string, bool)) impl {
	return impl{fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
		s, ok := get(e, t)
		return ok && e.setText(v, s)
	})}
}

// ancestor walks the bound number of parent links from the process of t.
func (e *ext) ancestor(t *state.Thread) *state.Thread {
	if !e.b.hasIndex {
		return nil
	}
	x := e.procStart(t)
	for n := 0; n < e.b.index && x != nil; n++ {
		x = e.lookup(x.Ptid)
	}
	return x
}

// switchDelta is the time since the previous switch event on the same CPU, 0 for other
// events.
func (e *ext) switchDelta() uint64 {
	t := e.ev.Type()
	if t != switch6E && t != switch1E {
		return 0
	}
	if e.perCPU == nil {
		e.perCPU = map[uint16]uint64{}
	}
	ts := e.ev.Ts()
	prev, ok := e.perCPU[e.ev.CPU]
	e.perCPU[e.ev.CPU] = ts
	if !ok {
		return 0
	}
	return ts - prev
}

// Ancestors calls fn for each ancestor of the event's process, starting at its parent,
// until fn returns true or the walk ends (missing parent, tid -1, or a loop). It reports
// whether fn returned true; filters use it for proc.aname and proc.apid without [N].
func Ancestors(ctx *state.EventContext, view state.View, fn func(*state.Thread) bool) bool {
	e := ext{ctx: ctx, ev: ctx.Ev, vw: view}
	t := e.thread()
	if t == nil {
		return false
	}
	x := e.procStart(t)
	for n := 0; x != nil && n < maxAncestors; n++ {
		if x.Ptid == -1 {
			return false
		}
		p := e.lookup(x.Ptid)
		if p == nil || p == x {
			return false
		}
		if fn(p) {
			return true
		}
		x = p
	}
	return false
}

package fields

import (
	"strconv"
	"strings"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/state"
)

// EventName returns the name sysdig shows as evt.type for an event of type id whose
// first parameter is p0 (generic events are named by their syscall code).
func EventName(typ uint16, p0 []byte) string {
	if typ <= 1 && len(p0) >= 2 {
		code := uint16(p0[0]) | uint16(p0[1])<<8
		if int(code) < len(schema.SyscallCodes) {
			return schema.SyscallCodes[code].Name
		}
		return "<unknown syscall>"
	}
	if info := schema.Info(typ); info != nil {
		return info.Name
	}
	return "UNKNOWN"
}

var categoryNames = map[schema.Category]string{
	schema.CatUnknown: "unknown", schema.CatOther: "other", schema.CatFile: "file",
	schema.CatNet: "net", schema.CatIPC: "IPC", schema.CatMemory: "memory",
	schema.CatProcess: "process", schema.CatSleep: "sleep", schema.CatSystem: "system",
	schema.CatSignal: "signal", schema.CatUser: "user", schema.CatTime: "time",
	schema.CatProcessing: "processing", schema.CatWait: "wait", schema.CatScheduler: "scheduler",
}

// ioCategory names an I/O event's category by the type of the fd it works on.
func ioCategory(fd *state.FD) string {
	if fd == nil {
		return "unknown"
	}
	switch fd.Type {
	case state.FDFile, state.FDFileV2, state.FDDirectory:
		return "file"
	case state.FDIPv4Sock, state.FDIPv6Sock, state.FDIPv4ServSock, state.FDIPv6ServSock:
		return "net"
	case state.FDFifo, state.FDUnixSock, state.FDEvent, state.FDSignalfd, state.FDInotify:
		return "ipc"
	}
	return "unknown"
}

// category returns the event's EC_* category (generic events: their syscall's).
func (e *ext) category() schema.Category {
	info := e.ev.Info()
	if info == nil {
		return schema.CatUnknown
	}
	if e.ev.Type() <= 1 {
		if p := e.ev.Param(0); len(p) >= 2 {
			code := int(p[0]) | int(p[1])<<8
			if code < len(schema.SyscallCodes) {
				return schema.SyscallCodes[code].Category
			}
		}
	}
	return info.Category
}

func (e *ext) flags() schema.EventFlags {
	if info := e.ev.Info(); info != nil {
		return info.Flags
	}
	return 0
}

// appendHumanDuration appends sysdig's evt.latency.human text of ns nanoseconds.
func appendHumanDuration(d []byte, ns uint64) []byte {
	u := func(x uint64) { d = strconv.AppendUint(d, x, 10) }
	two := func(x uint64) { d = append2(d, int64(x)) }
	switch {
	case ns >= 3600e9:
		s := ns / 1e9
		two(s / 3600)
		d = append(d, ':')
		two(s / 60 % 60)
		d = append(d, ':')
		two(s % 60)
	case ns >= 60e9:
		s := ns / 1e9
		u(s / 60)
		d = append(d, ':')
		u(s % 60)
	case ns >= 1e9:
		u(ns / 1e9)
		d = append(d, '.')
		two(ns % 1e9 / 1e7)
		d = append(d, 's')
	case ns >= 10e6:
		u(ns / 1e6)
		d = append(d, "ms"...)
	case ns >= 1e6:
		u(ns / 1e6)
		d = append(d, '.')
		two(ns % 1e6 / 1e4)
		d = append(d, "ms"...)
	case ns >= 10e3:
		u(ns / 1e3)
		d = append(d, "us"...)
	case ns >= 1e3:
		u(ns / 1e3)
		d = append(d, '.')
		two(ns % 1e3 / 10)
		d = append(d, "us"...)
	default:
		u(ns)
		d = append(d, "ns"...)
	}
	return d
}

// latency returns the thread latency sysdig reports, false for internal events.
// ownThread is the thread the event resolved itself, nil when it resolved none (an
// inverted clone's child exit): sysdig's latency fields read that thread, not the table
// entry other fields fall back to (sysdig 0.29.3 on a live recording: a vfork child's
// exit, which precedes its parent's, shows evt.latency 0 and evt.latency.human repeating
// the previous event's text).
func (e *ext) ownThread() *state.Thread {
	if e.ctx.NoOwnThread {
		return nil
	}
	return e.thread()
}

func (e *ext) latency() (uint64, bool) {
	if e.category() == schema.CatInternal {
		return 0, false
	}
	if t := e.ownThread(); t != nil {
		return t.Latency, true
	}
	return 0, true
}

func evtFields() map[string]impl {
	m := timeFields()
	dec, id := schema.FormatDec, schema.FormatID
	lat := func(f func(uint64) uint64) func(e *ext, v *Value) bool {
		return func(e *ext, v *Value) bool {
			l, ok := e.latency()
			return ok && setUint(v, f(l))
		}
	}
	delta := func(f func(uint64) uint64) func(e *ext, v *Value) bool {
		return func(e *ext, v *Value) bool {
			ts := e.ev.Ts()
			var d uint64
			if e.seen {
				d = ts - e.prev
			}
			e.prev, e.seen = ts, true
			return setUint(v, f(d))
		}
	}
	same := func(x uint64) uint64 { return x }
	secs := func(x uint64) uint64 { return x / 1e9 }
	nsec := func(x uint64) uint64 { return x % 1e9 }
	flag := func(fl schema.EventFlags) func(e *ext, v *Value) bool {
		return func(e *ext, v *Value) bool { return setBool(v, e.flags()&fl != 0) }
	}
	for k, v := range map[string]impl{
		"evt.num":        {format: id, fn: func(e *ext, v *Value) bool { return setUint(v, e.ev.Num) }},
		"evt.pluginname": {fn: naField},
		"evt.plugininfo": {fn: naField},
		"evt.latency":    {format: dec, fn: lat(same)},
		"evt.latency.s":  {format: dec, fn: lat(secs)},
		"evt.latency.ns": {format: schema.Format10PaddedDec, fn: lat(nsec)},
		"evt.latency.human": {fn: func(e *ext, v *Value) bool {
			l, ok := e.latency()
			if !ok {
				return false
			}
			if e.ownThread() == nil {
				// Without a thread sysdig repeats the field's previous text.
				return e.setBuf(v, append(e.buf[:0], e.last...))
			}
			e.last = appendHumanDuration(e.last[:0], l)
			return e.setBuf(v, append(e.buf[:0], e.last...))
		}},
		"evt.deltatime":    {format: dec, fn: delta(same)},
		"evt.deltatime.s":  {format: dec, fn: delta(secs)},
		"evt.deltatime.ns": {format: schema.Format10PaddedDec, fn: delta(nsec)},
		"evt.dir": {format: schema.FormatDir, fn: func(e *ext, v *Value) bool {
			if e.ev.IsEnter() {
				return e.setText(v, ">")
			}
			return e.setText(v, "<")
		}},
		"evt.type": {fn: func(e *ext, v *Value) bool { return e.setText(v, EventName(e.ev.Type(), e.ev.Param(0))) }},
		"evt.type.is": {fn: func(e *ext, v *Value) bool {
			t := int(e.ev.Type())
			if e.b.hasIndex {
				return setUint(v, b2u(t == e.b.index))
			}
			return setUint(v, b2u(t == e.b.index || t == e.b.index+1))
		}},
		"syscall.type": {fn: func(e *ext, v *Value) bool {
			t := e.ev.Type()
			if t == switch6E || e.flags()&schema.EFSkipParseReset != 0 || e.flags()&schema.EventFlags(schema.CatInternal) != 0 {
				return false
			}
			return e.setText(v, EventName(t, e.ev.Param(0)))
		}},
		"evt.category": {fn: func(e *ext, v *Value) bool {
			c := e.category()
			switch c {
			case schema.CatIORead, schema.CatIOWrite, schema.CatIOOther:
				return e.setText(v, ioCategory(e.ctx.FD))
			}
			if n, ok := categoryNames[c]; ok {
				return e.setText(v, n)
			}
			return e.setText(v, "unknown")
		}},
		"evt.cpu":         {format: id, fn: func(e *ext, v *Value) bool { return setInt(v, int64(int16(e.ev.CPU))) }},
		"evt.is_io":       {fn: flag(schema.EFReadsFromFD | schema.EFWritesToFD)},
		"evt.is_io_read":  {fn: flag(schema.EFReadsFromFD)},
		"evt.is_io_write": {fn: flag(schema.EFWritesToFD)},
		"evt.is_wait":     {fn: flag(schema.EFWaits)},
		"evt.io_dir": {fn: func(e *ext, v *Value) bool {
			switch f := e.flags(); {
			case f&schema.EFWritesToFD != 0:
				return e.setText(v, "write")
			case f&schema.EFReadsFromFD != 0:
				return e.setText(v, "read")
			}
			return false
		}},
		"evt.wait_latency": {format: dec, fn: func(e *ext, v *Value) bool {
			if e.flags()&schema.EFWaits == 0 || e.ev.IsEnter() {
				return false
			}
			var l uint64
			if t := e.thread(); t != nil {
				l = t.Latency
			}
			return setUint(v, l)
		}},
		"evt.is_syslog": {fn: func(e *ext, v *Value) bool {
			fd := e.ctx.FD
			return setBool(v, e.flags()&schema.EFWritesToFD != 0 && fd != nil && strings.Contains(fd.Name, "/dev/log"))
		}},
		"evt.count": {format: dec, fn: func(e *ext, v *Value) bool { return setUint(v, 1) }},
		// sysdig scales the log of the latency to a screen width it leaves unset when it
		// prints, so every exit with a latency shows 1 (sysdig 0.29.3 on a live recording:
		// 1 on exits with a latency, <NA> on enters and on exits without one).
		"evt.latency.quantized": {format: dec, fn: func(e *ext, v *Value) bool {
			l, ok := e.latency()
			return ok && !e.ev.IsEnter() && l != 0 && setUint(v, 1)
		}},
		// util.cnt counts its own extractions: 1, 2, 3 ... on the lines sysdig prints, 2,
		// 4, 6 ... with -j, which extracts every field twice.
		"util.cnt": {format: dec, fn: func(e *ext, v *Value) bool {
			e.prev++
			return setUint(v, e.prev)
		}},
		"evt.count.exit": {format: dec, fn: func(e *ext, v *Value) bool {
			return !e.ev.IsEnter() && setUint(v, 1)
		}},
		"evt.count.error":        {format: dec, fn: countError(errAny)},
		"evt.count.error.file":   {format: dec, fn: countError(errFile)},
		"evt.count.error.net":    {format: dec, fn: countError(errNet)},
		"evt.count.error.memory": {format: dec, fn: countError(errMemory)},
		"evt.count.error.other":  {format: dec, fn: countError(errOther)},
		"evt.count.procinfo":     {format: dec, fn: func(e *ext, v *Value) bool { return e.ev.Type() == procinfoE && setUint(v, 1) }},
		"evt.count.threadinfo":   {format: dec, fn: func(e *ext, v *Value) bool { return e.ev.Type() == procinfoE && setUint(v, 1) }},
		"evt.around":             {format: dec, fn: naField},
	} {
		m[k] = v
	}
	return m
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

type errClass uint8

const (
	errAny errClass = iota
	errFile
	errNet
	errMemory
	errOther
)

func countError(c errClass) func(e *ext, v *Value) bool {
	return func(e *ext, v *Value) bool {
		if !e.failed() {
			return false
		}
		fd := e.ctx.FD
		isFile := fd != nil && (fd.Type == state.FDFile || fd.Type == state.FDFileV2 || fd.Type == state.FDDirectory)
		isNet := fd != nil && (fd.Type == state.FDIPv4Sock || fd.Type == state.FDIPv6Sock ||
			fd.Type == state.FDIPv4ServSock || fd.Type == state.FDIPv6ServSock || fd.Type == state.FDUnixSock)
		if fd == nil {
			isFile = isOpenExit(e.ev.Type())
			isNet = isSocketConnExit(e.ev.Type())
		}
		isMem := e.category() == schema.CatMemory
		var ok bool
		switch c {
		case errAny:
			ok = true
		case errFile:
			ok = isFile
		case errNet:
			ok = isNet
		case errMemory:
			ok = isMem
		case errOther:
			ok = !isFile && !isNet && !isMem
		}
		return ok && setUint(v, 1)
	}
}

package render

import (
	"encoding/binary"
	"math"
	"strconv"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/state"
)

// Options says how buffers are shown.
type Options struct {
	Buffer BufferFormat
	// Truncate is the longest normal-format buffer rendering, 0 for no limit (sysdig's -v
	// and its JSON output).
	Truncate int
}

// Renderer renders the parameters of events in their state context. View may be nil
// (nothing then resolves through state). It keeps scratch space: one per goroutine.
type Renderer struct {
	View state.View
	Options
	scratch []byte
	// textCap is the size of sysdig's parameter text buffer as this renderer has grown
	// it (0: not yet, paramTextStart): a longer CHARBUF parameter grows it to its
	// length, a longer BYTEBUF one doubles it until it fits, and a path parameter's raw
	// text is cut to textCap-1 bytes.
	textCap int
	sized   []byte // growBuffer's scratch
}

// paramTextStart is the size sysdig's parameter text buffer starts with.
const paramTextStart = 1024

// growText records a CHARBUF parameter of n bytes: sysdig enlarges its parameter text
// buffer to fit it, for the rest of the run.
func (r *Renderer) growText(n int) {
	if r.textCap < paramTextStart {
		r.textCap = paramTextStart
	}
	if n > r.textCap {
		r.textCap = n
	}
}

// growBuffer records a BYTEBUF parameter p: sysdig doubles its parameter text buffer
// until the buffer's whole text in the current format fits, however much of it is then
// shown (sysdig 0.29.3 on live recordings: after an execve whose environment was some
// 1.5 KiB, path texts were cut at 2047 bytes instead of 1023, and not at all with -x or
// -b, whose texts of that environment are longer).
func (r *Renderer) growBuffer(p []byte) {
	r.growText(0)
	if 5*len(p)+128 < r.textCap {
		return // no format's text of p comes near the buffer's size
	}
	r.sized = AppendBuffer(r.sized[:0], p, r.Buffer, 0)
	for r.textCap < len(r.sized)+1 {
		r.textCap *= 2
	}
}

// cutPath cuts a path parameter to what sysdig's parameter text buffer holds: a path
// is copied into it without enlarging it, so its text shows at most textCap-1 bytes
// (sysdig 0.29.3 on a live recording: openat names of 2048 and 4000 bytes showed their
// first 1023 when nothing had grown the buffer; after a symlink target of 2048 bytes, a
// 2049-byte name showed 2048).
func (r *Renderer) cutPath(p []byte) []byte {
	r.growText(0)
	if len(p) > r.textCap-1 {
		return p[:r.textCap-1]
	}
	return p
}

// atFDCWD is the dirfd value meaning "the current directory".
const atFDCWD = -100

var le = binary.LittleEndian

// signed reads an integer parameter of 1, 2, 4 or 8 bytes as a signed value.
func signed(p []byte) (int64, bool) {
	switch len(p) {
	case 8:
		return int64(le.Uint64(p)), true
	case 4:
		return int64(int32(le.Uint32(p))), true
	case 2:
		return int64(int16(le.Uint16(p))), true
	case 1:
		return int64(int8(p[0])), true
	}
	return 0, false
}

// unsigned reads an integer parameter of 1, 2, 4 or 8 bytes as an unsigned value.
func unsigned(p []byte) (uint64, bool) {
	switch len(p) {
	case 8:
		return le.Uint64(p), true
	case 4:
		return uint64(le.Uint32(p)), true
	case 2:
		return uint64(le.Uint16(p)), true
	case 1:
		return uint64(p[0]), true
	}
	return 0, false
}

// AppendInt appends an integer parameter by print format, with C's signed conversions:
// PF_OCT "%#o", PF_HEX "%X", PF_10_PADDED_DEC "%09d", anything else "%d".
func AppendInt(dst, p []byte, f schema.PrintFormat) []byte {
	v, ok := signed(p)
	if !ok {
		return dst
	}
	switch f {
	case schema.FormatOct:
		u := uint64(v)
		if len(p) < 8 {
			u = uint64(uint32(int32(v)))
		}
		if u == 0 {
			return append(dst, '0')
		}
		dst = append(dst, '0')
		return strconv.AppendUint(dst, u, 8)
	case schema.FormatHex:
		u := uint64(v)
		if len(p) < 8 {
			u = uint64(uint32(int32(v)))
		}
		return AppendUpperHex(dst, u)
	case schema.Format10PaddedDec:
		return AppendZeroPadded(dst, v, 9)
	}
	return strconv.AppendInt(dst, v, 10)
}

// AppendUpperHex appends u in upper-case hex without a prefix, like C's "%X".
func AppendUpperHex(dst []byte, u uint64) []byte {
	const digits = "0123456789ABCDEF"
	var b [16]byte
	i := len(b)
	for {
		i--
		b[i] = digits[u&15]
		u >>= 4
		if u == 0 {
			break
		}
	}
	return append(dst, b[i:]...)
}

// AppendZeroPadded appends v zero-padded to width characters like C's "%0*d".
func AppendZeroPadded(dst []byte, v int64, width int) []byte {
	if v < 0 {
		dst = append(dst, '-')
		width--
		v = -v
	}
	n := 1
	for x := v / 10; x != 0; x /= 10 {
		n++
	}
	for ; n < width; n++ {
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, v, 10)
}

// AppendArgs appends sysdig's evt.args text of the event: "name=raw " or
// "name=raw(resolved) " for every parameter (generic syscall events give "").
func (r *Renderer) AppendArgs(dst []byte, ctx *state.EventContext) []byte {
	ev := ctx.Ev
	info := ev.Info()
	if info == nil || isGeneric(ev.Type()) {
		return dst
	}
	n := ev.NumParams()
	for i := 0; i < n; i++ {
		dst = append(dst, info.Params[i].Name...)
		dst = append(dst, '=')
		dst = r.AppendParam(dst, ctx, i)
		dst = append(dst, ' ')
	}
	return dst
}

// isGeneric reports whether type t is PPME_GENERIC_E or PPME_GENERIC_X.
func isGeneric(t uint16) bool { return t == 0 || t == 1 }

// AppendParam appends "raw" or "raw(resolved)" for parameter i.
func (r *Renderer) AppendParam(dst []byte, ctx *state.EventContext, i int) []byte {
	dst = r.AppendRaw(dst, ctx, i)
	mark := len(dst)
	dst = append(dst, '(')
	dst = r.AppendResolved(dst, ctx, i)
	if len(dst) == mark+1 {
		return dst[:mark]
	}
	return append(dst, ')')
}

// AppendPreferred appends the resolved text of parameter i, or its raw text when it
// resolves to nothing (sysdig's evt.arg.NAME).
func (r *Renderer) AppendPreferred(dst []byte, ctx *state.EventContext, i int) []byte {
	mark := len(dst)
	dst = r.AppendResolved(dst, ctx, i)
	if len(dst) > mark {
		return dst
	}
	return r.AppendRaw(dst, ctx, i)
}

// isFDParam reports whether parameter i of the event is a file descriptor.
func isFDParam(ev *event.Event, i int) bool {
	pi := paramInfo(ev, i)
	return pi != nil && (pi.Type == schema.TypeFd || pi.Type == schema.TypeFd32)
}

// paramInfo returns the table entry of parameter i, nil when the event lacks it.
func paramInfo(ev *event.Event, i int) *schema.ParamInfo {
	info := ev.Info()
	if info == nil || i < 0 || i >= ev.NumParams() {
		return nil
	}
	return &info.Params[i]
}

// dynSub resolves a PT_DYN parameter to its selected sub-type and value bytes.
func dynSub(pi *schema.ParamInfo, p []byte) (schema.ParamType, []byte, bool) {
	if pi.Dyn == nil || len(p) == 0 || int(p[0]) >= len(pi.Dyn.Entries) {
		return 0, nil, false
	}
	return pi.Dyn.Entries[p[0]].Type, p[1:], true
}

// AppendRaw appends the raw text of parameter i.
func (r *Renderer) AppendRaw(dst []byte, ctx *state.EventContext, i int) []byte {
	pi := paramInfo(ctx.Ev, i)
	if pi == nil {
		return dst
	}
	p := ctx.Ev.Param(i)
	typ := pi.Type
	if typ == schema.TypeDyn {
		var ok bool
		if typ, p, ok = dynSub(pi, p); !ok {
			return append(dst, "INVALID DYNAMIC PARAMETER"...)
		}
	}
	return r.appendRawTyped(dst, ctx, typ, pi.Format, p)
}

func (r *Renderer) appendRawTyped(dst []byte, ctx *state.EventContext, typ schema.ParamType, f schema.PrintFormat, p []byte) []byte {
	switch typ {
	case schema.TypeInt8, schema.TypeInt16, schema.TypeInt32, schema.TypeInt64,
		schema.TypeUint8, schema.TypeUint16, schema.TypeUint32, schema.TypeUint64,
		schema.TypeMode:
		return AppendInt(dst, p, f)
	case schema.TypeFd, schema.TypePid, schema.TypeErrno, schema.TypeFd32, schema.TypePid32:
		if v, ok := signed(p); ok {
			return strconv.AppendInt(dst, v, 10)
		}
		return dst
	case schema.TypeCharbuf:
		r.growText(len(p))
		return append(dst, cstr(p)...)
	case schema.TypeFspath, schema.TypeFsrelpath:
		return appendPrintable(dst, r.cutPath(p))
	case schema.TypeBytebuf:
		r.growBuffer(p)
		return AppendBuffer(dst, p, r.Buffer, r.Truncate)
	case schema.TypeSockaddr:
		return state.AppendSockaddr(dst, p)
	case schema.TypeSocktuple:
		return AppendSocktuple(dst, p)
	case schema.TypeFdlist:
		return r.appendFDList(dst, ThreadOf(ctx, r.View), p)
	case schema.TypeSyscallid, schema.TypeSigtype:
		if v, ok := unsigned(p); ok {
			return strconv.AppendUint(dst, v, 10)
		}
		return dst
	case schema.TypeReltime:
		v, ok := unsigned(p)
		if !ok {
			return dst
		}
		if v == math.MaxUint64 {
			return append(dst, "none"...)
		}
		return strconv.AppendUint(dst, v, 10)
	case schema.TypeFlags8, schema.TypeFlags16, schema.TypeFlags32,
		schema.TypeEnumflags8, schema.TypeEnumflags16, schema.TypeEnumflags32:
		if v, ok := unsigned(p); ok {
			return strconv.AppendUint(dst, v, 10)
		}
		return dst
	case schema.TypeUid, schema.TypeGid:
		v, ok := unsigned(p)
		if !ok {
			return dst
		}
		if uint32(v) == math.MaxUint32 {
			return append(dst, "-1"...)
		}
		return strconv.AppendInt(dst, int64(int32(v)), 10)
	case schema.TypeSigset:
		v, ok := unsigned(p)
		if !ok {
			return dst
		}
		first := true
		for j := uint64(0); j < 32; j++ {
			if v&(1<<j) == 0 {
				continue
			}
			if name := SignalName(j + 1); name != "" {
				if !first {
					dst = append(dst, ' ')
				}
				dst = append(dst, name...)
				first = false
			}
		}
		return dst
	case schema.TypeAbstime:
		return append(dst, "INVALID DYNAMIC PARAMETER"...)
	}
	return append(dst, "(n.a.)"...)
}

// cstr returns p up to its first NUL.
func cstr(p []byte) []byte {
	for j, c := range p {
		if c == 0 {
			return p[:j]
		}
	}
	return p
}

// AppendResolved appends the resolved text of parameter i; nothing when it has none.
func (r *Renderer) AppendResolved(dst []byte, ctx *state.EventContext, i int) []byte {
	pi := paramInfo(ctx.Ev, i)
	if pi == nil {
		return dst
	}
	p := ctx.Ev.Param(i)
	typ := pi.Type
	if typ == schema.TypeDyn {
		var ok bool
		if typ, p, ok = dynSub(pi, p); !ok {
			return dst
		}
	}
	switch typ {
	case schema.TypeFd, schema.TypeFd32:
		v, ok := signed(p)
		if !ok {
			return dst
		}
		if v == atFDCWD {
			return append(dst, "AT_FDCWD"...)
		}
		if v < 0 {
			return append(dst, ErrnoName(-v)...)
		}
		fd := LookupFD(r.View, ThreadOf(ctx, r.View), v)
		if fd == nil {
			return dst
		}
		dst = AppendFDPrefix(dst, fd)
		return AppendSanitized(dst, fd.Name)
	case schema.TypePid, schema.TypePid32:
		v, ok := signed(p)
		if !ok || r.View == nil {
			return dst
		}
		if t := r.View.Thread(v); t != nil {
			return append(dst, t.Comm...)
		}
		return dst
	case schema.TypeErrno:
		if v, ok := signed(p); ok && v < 0 {
			return append(dst, ErrnoName(-v)...)
		}
		return dst
	case schema.TypeFspath:
		t := ThreadOf(ctx, r.View)
		if t == nil {
			return dst
		}
		r.scratch = append(r.scratch[:0], r.cwd(t)...)
		return appendResolvedPath(dst, r.scratch, p)
	case schema.TypeFsrelpath:
		t := ThreadOf(ctx, r.View)
		if t == nil {
			return dst
		}
		base := r.scratch[:0]
		// openat2's enter names its own path as the dirfd (the event table's slip):
		// sysdig then resolves against the cwd, whatever the dirfd (0.29.3 on a live
		// recording: dirfd=3(<d>/etc) name=x(/tmp/df/c/x) with cwd /tmp/df/c).
		if d := int(pi.DirFD); d >= 0 && isFDParam(ctx.Ev, d) {
			dirfd, _ := signed(ctx.Ev.Param(d))
			if dirfd == atFDCWD {
				base = append(base, r.cwd(t)...)
			} else if fd := LookupFD(r.View, t, dirfd); fd != nil && fd.Name != "" {
				base = AppendSanitized(base, fd.Name)
				base = append(base, '/')
			}
		} else {
			base = append(base, r.cwd(t)...)
		}
		r.scratch = base
		return appendResolvedPath(dst, base, p)
	case schema.TypeFlags8, schema.TypeFlags16, schema.TypeFlags32, schema.TypeMode,
		schema.TypeEnumflags8, schema.TypeEnumflags16, schema.TypeEnumflags32:
		v, ok := unsigned(p)
		if !ok {
			return dst
		}
		t := pi.Flags
		if typ == schema.TypeMode && t == nil {
			t = schema.FlagTableByName("chmod_mode")
		}
		return AppendFlagNames(dst, t, uint32(v))
	case schema.TypeSyscallid:
		v, ok := unsigned(p)
		if !ok {
			return dst
		}
		if v >= uint64(len(schema.SyscallCodes)) {
			return append(dst, "<unknown syscall>"...)
		}
		return append(dst, schema.SyscallCodes[v].Name...)
	case schema.TypeSigtype:
		if v, ok := unsigned(p); ok {
			return append(dst, SignalName(v)...)
		}
		return dst
	case schema.TypeReltime:
		v, ok := unsigned(p)
		if !ok || v == math.MaxUint64 {
			return dst
		}
		dst = strconv.AppendFloat(dst, float64(v)/1e9, 'g', 6, 64)
		return append(dst, 's')
	case schema.TypeUid:
		return r.appendUserName(dst, p)
	case schema.TypeGid:
		return r.appendGroupName(dst, p)
	case schema.TypeFdlist:
		// The fd list's type letters are part of its raw text.
	}
	return dst
}

func (r *Renderer) cwd(t *state.Thread) string {
	if r.View == nil {
		return t.Cwd
	}
	return r.View.Cwd(t)
}

// appendResolvedPath appends base joined with the path parameter p when p is relative and
// does not start with "<NA>"; nothing otherwise.
func appendResolvedPath(dst, base, p []byte) []byte {
	if len(p) == 0 || p[0] == '/' || (len(p) >= 4 && string(p[:4]) == "<NA>") {
		return dst
	}
	dst, _ = AppendParamPath(dst, base, p)
	return dst
}

func (r *Renderer) appendUserName(dst, p []byte) []byte {
	v, ok := unsigned(p)
	if !ok {
		return dst
	}
	if uint32(v) == math.MaxUint32 {
		return append(dst, "<NONE>"...)
	}
	if r.View != nil {
		if u := r.View.User(uint32(v)); u != nil {
			return AppendSanitized(dst, u.Name)
		}
	}
	return append(dst, "<NA>"...)
}

func (r *Renderer) appendGroupName(dst, p []byte) []byte {
	v, ok := unsigned(p)
	if !ok {
		return dst
	}
	if uint32(v) == math.MaxUint32 {
		return append(dst, "<NONE>"...)
	}
	if r.View != nil {
		if g := r.View.Group(uint32(v)); g != nil {
			return AppendSanitized(dst, g.Name)
		}
	}
	return append(dst, "<NA>"...)
}

// appendFDList appends the entries of a PT_FDLIST parameter as "fd:<type letter><flags
// hex>" separated by spaces; the type letter is '?' for fds t's table does not hold.
func (r *Renderer) appendFDList(dst []byte, t *state.Thread, p []byte) []byte {
	if len(p) < 2 {
		return dst
	}
	n := int(le.Uint16(p))
	p = p[2:]
	for j := 0; j < n && len(p) >= 10; j++ {
		fdn := int64(le.Uint64(p))
		flags := le.Uint16(p[8:])
		p = p[10:]
		if j > 0 {
			dst = append(dst, ' ')
		}
		dst = strconv.AppendUint(dst, uint64(fdn), 10)
		dst = append(dst, ':')
		if fd := LookupFD(r.View, t, fdn); fd != nil {
			dst = append(dst, FDTypeChar(fd.Type))
		} else {
			dst = append(dst, '?')
		}
		dst = strconv.AppendUint(dst, uint64(flags), 16)
	}
	return dst
}

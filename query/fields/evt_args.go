package fields

import (
	"strconv"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields/render"
	"github.com/scrylabs/scry/state"
)

// SetRenderOptions sets how the field renders buffers (evt.args, evt.info, evt.arg.*,
// evt.buffer ...). Fields start with sysdig's defaults: normal format, cut at 80
// characters.
func (f *Field) SetRenderOptions(o render.Options) {
	if e, ok := f.Extractor.(*ext); ok {
		e.r.Options = o
	}
	if e, ok := f.json.(*ext); ok {
		e.r.Options = o
	}
}

func defaultRender() render.Options { return render.Options{Truncate: render.DefaultTruncate} }

// renderer returns the extractor's parameter renderer bound to the current view.
func (e *ext) renderer() *render.Renderer {
	e.r.View = e.vw
	return &e.r
}

// paramIndex returns the index of the parameter the binding names in the current event.
func (e *ext) paramIndex() int {
	if e.b.param == "" {
		if e.b.hasIndex && e.b.index >= 0 && e.b.index < e.ev.NumParams() {
			return e.b.index
		}
		return -1
	}
	i := e.ev.ParamIndex(e.b.param)
	if i >= e.ev.NumParams() {
		return -1
	}
	return i
}

// resParam returns the return value sysdig's evt.res family uses: the res parameter, or
// the fd parameter of an fd-creating exit.
func (e *ext) resParam() (int64, bool) {
	if i := e.ev.ParamIndex("res"); i >= 0 && i < e.ev.NumParams() {
		return e.ev.Int64(i)
	}
	if !e.ev.IsEnter() && e.flags()&schema.EFCreatesFD != 0 {
		if i := e.ev.ParamIndex("fd"); i >= 0 && i < e.ev.NumParams() {
			return e.ev.Int64(i)
		}
	}
	return 0, false
}

func (e *ext) failed() bool {
	r, ok := e.resParam()
	return ok && r < 0
}

// rawValue fills v with the raw bytes of parameter p typed as typ.
func rawValue(v *Value, typ schema.ParamType, p []byte) bool {
	switch typ {
	case schema.TypeInt8, schema.TypeInt16, schema.TypeInt32, schema.TypeInt64,
		schema.TypeFd, schema.TypePid, schema.TypeErrno, schema.TypeFd32, schema.TypePid32:
		switch len(p) {
		case 1:
			return setInt(v, int64(int8(p[0])))
		case 2:
			return setInt(v, int64(int16(le16(p))))
		case 4:
			return setInt(v, int64(int32(le32(p))))
		case 8:
			return setInt(v, int64(le64(p)))
		}
		return false
	case schema.TypeCharbuf, schema.TypeFspath, schema.TypeFsrelpath:
		return setBytes(v, cstring(p))
	case schema.TypeBytebuf, schema.TypeSockaddr, schema.TypeSocktuple, schema.TypeFdlist, schema.TypeDyn:
		// A dynamic parameter (setsockopt val) has a value too: sysdig 0.29.3 finds
		// evt.rawarg.val exists on every setsockopt exit of a live recording.
		v.Kind, v.Bytes = KindBytes, p
		return true
	case schema.TypeBool:
		return len(p) > 0 && setBool(v, p[0] != 0)
	case schema.TypeDouble:
		if len(p) != 8 {
			return false
		}
		v.Kind, v.Double = KindDouble, float64frombits(le64(p))
		return true
	}
	switch len(p) {
	case 1:
		return setUint(v, uint64(p[0]))
	case 2:
		return setUint(v, uint64(le16(p)))
	case 4:
		return setUint(v, uint64(le32(p)))
	case 8:
		return setUint(v, le64(p))
	}
	return false
}

func le16(p []byte) uint16 { return uint16(p[0]) | uint16(p[1])<<8 }
func le32(p []byte) uint32 { return uint32(le16(p)) | uint32(le16(p[2:]))<<16 }
func le64(p []byte) uint64 { return uint64(le32(p)) | uint64(le32(p[4:]))<<32 }

func argFields() map[string]impl {
	argsFn := func(e *ext, v *Value) bool {
		return e.setBuf(v, e.renderer().AppendArgs(e.buf[:0], e.ctx))
	}
	setup := func(f *Field, e *ext) { e.r.Options = defaultRender() }
	return map[string]impl{
		"evt.args": {fn: argsFn, setup: setup},
		"evt.info": {setup: setup, fn: func(e *ext, v *Value) bool {
			if d, ok := e.appendSyslogInfo(e.buf[:0]); ok {
				return e.setBuf(v, d)
			}
			return argsFn(e, v)
		}},
		"evt.arg": {setup: setup, fn: func(e *ext, v *Value) bool {
			i := e.paramIndex()
			return i >= 0 && e.setBuf(v, e.renderer().AppendPreferred(e.buf[:0], e.ctx, i))
		}},
		"evt.rawarg": {fn: func(e *ext, v *Value) bool {
			i := e.paramIndex()
			if i < 0 {
				return false
			}
			return rawValue(v, rawargType(e.b.param), e.ev.Param(i))
		}},
		"evt.buffer": {setup: setup, fn: func(e *ext, v *Value) bool {
			i := e.ev.ParamIndex("data")
			if i < 0 || i >= e.ev.NumParams() {
				return false
			}
			if e.ev.Info().Params[i].Type != schema.TypeBytebuf {
				// ptrace's data is a dynamic parameter, not a buffer: sysdig shows an
				// empty buffer (0.29.3 on a live recording: "" for every ptrace exit).
				return e.setBuf(v, e.buf[:0])
			}
			r := e.renderer()
			e.buf = render.AppendBuffer(e.buf[:0], e.ev.Param(i), r.Buffer, r.Truncate)
			v.Kind, v.Bytes = KindBytes, e.buf
			return true
		}},
		"evt.buflen":          {format: schema.FormatDec, fn: buflen(0, 0)},
		"evt.buflen.in":       {format: schema.FormatDec, fn: buflen(schema.CatIORead, 0)},
		"evt.buflen.out":      {format: schema.FormatDec, fn: buflen(schema.CatIOWrite, 0)},
		"evt.buflen.file":     {format: schema.FormatDec, fn: buflen(0, 'f')},
		"evt.buflen.file.in":  {format: schema.FormatDec, fn: buflen(schema.CatIORead, 'f')},
		"evt.buflen.file.out": {format: schema.FormatDec, fn: buflen(schema.CatIOWrite, 'f')},
		"evt.buflen.net":      {format: schema.FormatDec, fn: buflen(0, 'n')},
		"evt.buflen.net.in":   {format: schema.FormatDec, fn: buflen(schema.CatIORead, 'n')},
		"evt.buflen.net.out":  {format: schema.FormatDec, fn: buflen(schema.CatIOWrite, 'n')},
		"evt.res": {format: schema.FormatDec, fn: func(e *ext, v *Value) bool {
			r, ok := e.resParam()
			if !ok {
				return false
			}
			if r >= 0 {
				return e.setText(v, "SUCCESS")
			}
			if n := render.ErrnoName(-r); n != "" {
				return e.setText(v, n)
			}
			return e.setBuf(v, strconv.AppendInt(e.buf[:0], r, 10))
		}},
		"evt.rawres": {format: schema.FormatDec, fn: func(e *ext, v *Value) bool {
			r, ok := e.resParam()
			return ok && setInt(v, r)
		}},
		"evt.failed":        {fn: func(e *ext, v *Value) bool { return setBool(v, e.failed()) }},
		"evt.is_open_read":  {fn: openMode(0)},
		"evt.is_open_write": {fn: openMode(1)},
		"evt.is_open_exec":  {fn: openMode(2)},
		"evt.abspath":       {fn: abspath},
	}
}

func buflen(cat schema.Category, kind byte) func(e *ext, v *Value) bool {
	return func(e *ext, v *Value) bool {
		fd := e.ctx.FD
		c := e.category()
		if fd == nil || e.ev.IsEnter() || (c != schema.CatIORead && c != schema.CatIOWrite && c != schema.CatIOOther) {
			return false
		}
		if cat != 0 && c != cat {
			return false
		}
		switch kind {
		case 'f':
			// Files only: sysdig 0.29.3 shows <NA> for a directory's close.
			if fd.Type != state.FDFile && fd.Type != state.FDFileV2 {
				return false
			}
		case 'n':
			if !render.IsIPSocket(fd.Type) && !render.IsServerSocket(fd.Type) {
				return false
			}
		}
		r, ok := e.ev.Int64(0)
		return ok && r >= 0 && setUint(v, uint64(r))
	}
}

// Open flags and mode bits (PPM_O_*, PPM_S_*).
const (
	oRDONLY  = 1
	oWRONLY  = 2
	oCREAT   = 4
	oTMPFILE = 1 << 13
	sIXany   = 1<<6 | 1<<3 | 1
)

func openMode(which int) func(e *ext, v *Value) bool {
	return func(e *ext, v *Value) bool {
		var flags, mode uint64
		switch e.ev.Type() {
		case openX, openatE, openat2X, openat2NewX:
			if i := e.ev.ParamIndex("flags"); i >= 0 {
				flags, _ = e.ev.Uint64(i)
			}
			if i := e.ev.ParamIndex("mode"); i >= 0 {
				mode, _ = e.ev.Uint64(i)
			}
		case creatX:
			if i := e.ev.ParamIndex("mode"); i >= 0 {
				mode, _ = e.ev.Uint64(i)
			}
			flags = oCREAT
			if which != 2 {
				return setBool(v, false)
			}
		default:
			return setBool(v, false)
		}
		switch which {
		case 0:
			return setBool(v, flags&oRDONLY != 0)
		case 1:
			return setBool(v, flags&oWRONLY != 0)
		}
		return setBool(v, flags&(oCREAT|oTMPFILE) != 0 && mode&sIXany != 0)
	}
}

// abspathParams names the dirfd and path parameters of evt.abspath per event type:
// [0] for the plain and .src forms, [1] for .dst.
var abspathParams = map[uint16][2][2]string{
	renameatX:   {{"olddirfd", "oldpath"}, {"newdirfd", "newpath"}},
	renameat2X:  {{"olddirfd", "oldpath"}, {"newdirfd", "newpath"}},
	symlinkatX:  {{"linkdirfd", "linkpath"}, {"linkdirfd", "linkpath"}},
	openatE:     {{"dirfd", "name"}, {"dirfd", "name"}},
	openat2X:    {{"dirfd", "name"}, {"dirfd", "name"}},
	openat2NewX: {{"dirfd", "name"}, {"dirfd", "name"}},
	unlinkatE:   {{"dirfd", "name"}, {"dirfd", "name"}},
	unlinkat2X:  {{"dirfd", "name"}, {"dirfd", "name"}},
	linkatE:     {{"olddir", "oldpath"}, {"newdir", "newpath"}},
	linkat2X:    {{"olddir", "oldpath"}, {"newdir", "newpath"}},
	mkdiratX:    {{"dirfd", "path"}, {"dirfd", "path"}},
	fchmodatX:   {{"dirfd", "filename"}, {"dirfd", "filename"}},
}

func abspath(e *ext, v *Value) bool {
	names, ok := abspathParams[e.ev.Type()]
	if !ok {
		return false
	}
	pair := names[0]
	if e.b.arg == "dst" {
		pair = names[1]
	}
	di, pi := e.ev.ParamIndex(pair[0]), e.ev.ParamIndex(pair[1])
	if di < 0 || pi < 0 || di >= e.ev.NumParams() || pi >= e.ev.NumParams() {
		return false
	}
	t := e.thread()
	dirfd, _ := e.ev.Int64(di)
	path := e.ev.Param(pi)
	base := e.last[:0]
	switch {
	case len(path) > 0 && path[0] == '/':
		base = append(base, '.')
	case dirfd == -100:
		if t != nil && e.vw != nil {
			base = append(base, e.vw.Cwd(t)...)
		}
	default:
		if fd := render.LookupFD(e.vw, t, dirfd); fd != nil {
			base = append(base, fd.Name...)
			if e.flags()&(schema.EFCreatesFD|schema.EFUsesFD|schema.EFDestroysFD) != 0 {
				// sysdig makes the dirfd's entry the event's fd while it resolves a
				// relative path, so the fd.* fields extracted after evt.abspath in the
				// same event see the directory (sysdig 0.29.3 on a live recording:
				// openat(3</etc>, "hostname") shows fd.name /etc, fd.type directory
				// after %evt.abspath, /etc/hostname and file before it).
				e.ctx.FD = fd
			}
		} else {
			base = append(base, "<UNKNOWN>"...)
		}
		base = append(base, '/')
	}
	e.last = base
	out, _ := render.AppendPath(e.buf[:0], base, path)
	return e.setBuf(v, out)
}

package state

import "github.com/scrylabs/scry/formats/event"

// File flags of open-family events (PPM_O_*).
const oDirectory = 1 << 10

// atFDCWD is PPM_AT_FDCWD.
const atFDCWD = -100

const unknownDir = "<UNKNOWN>"

// parseDirFD returns the directory a *at() path is relative to: "." for an absolute
// path, the cwd for AT_FDCWD, else the name of the dirfd entry followed by "/" (and that
// entry becomes the event's fd), or "<UNKNOWN>" when the dirfd is not in the table.
func (e *Engine) parseDirFD(ctx *EventContext, name []byte, dirfd int64) string {
	if len(name) > 0 && name[0] == '/' {
		return "."
	}
	t := e.tinfo
	if t == nil {
		return ""
	}
	if dirfd == atFDCWD {
		return e.cwd(t)
	}
	f := e.getFD(t, dirfd)
	ctx.FD = f
	return dirBase(f)
}

func dirBase(f *FD) string {
	if f == nil {
		return unknownDir
	}
	return f.Name + "/"
}

// DirFDBase is the directory a *at() path name (up to its NUL) is relative to, as the
// reference resolves it: "." for an absolute name, t's cwd for AT_FDCWD (-100), else the
// name of the dirfd entry followed by "/" (dir is that entry, which sysdig then treats
// as the event's fd), or "<UNKNOWN>" when the dirfd is not in t's table. It creates
// nothing.
func (e *Engine) DirFDBase(t *Thread, name []byte, dirfd int64) (base string, dir *FD) {
	name = cstr(name)
	if len(name) > 0 && name[0] == '/' {
		return ".", nil
	}
	if t == nil {
		return "", nil
	}
	if dirfd == atFDCWD {
		return e.Cwd(t), nil
	}
	f := e.FDTable(t).Get(dirfd)
	return dirBase(f), f
}

// validOpenName reports whether an enter event's path can stand in for the exit's.
func validOpenName(p []byte) bool {
	s := cstr(p)
	return len(s) > 0 && string(s) != "(NULL)"
}

// parseOpenExit adds the fd an open, creat, openat or openat2 returned, named by its
// full path.
func (e *Engine) parseOpenExit(ctx *EventContext) {
	ev := ctx.Ev
	t := e.tinfo
	if t == nil {
		return
	}
	typ := ev.Type()
	fd := pInt(ev, 0)
	var name []byte
	var flags, dev uint32
	var base string
	enter := (*event.Event)(nil)
	if e.retrieveEnter(ctx) {
		enter = ctx.Enter
	}
	switch typ {
	case evOpenX:
		name, flags = ev.Param(1), uint32(pUint(ev, 2))
		if enter != nil && enter.NParams() >= 2 && validOpenName(enter.Param(0)) {
			name, flags = enter.Param(0), uint32(pUint(enter, 1))
		}
		if ev.NParams() > 4 {
			dev = uint32(pUint(ev, 4))
		}
		base = e.cwd(t)
	case evCreatX:
		name = ev.Param(1)
		if enter != nil && enter.NParams() >= 1 && validOpenName(enter.Param(0)) {
			name = enter.Param(0)
		}
		if ev.NParams() > 3 {
			dev = uint32(pUint(ev, 3))
		}
		base = e.cwd(t)
	case evOpenatX:
		// The reference reads the enter event even when it did not pair: then the one
		// its parsers paired last, whichever it was.
		if enter == nil {
			if enter = e.staleEnter(); enter == nil {
				return
			}
		}
		name, flags = enter.Param(1), uint32(pUint(enter, 2))
		base = e.parseDirFD(ctx, cstr(name), pInt(enter, 0))
	default: // openat_2, openat2
		name, flags = ev.Param(2), uint32(pUint(ev, 3))
		dirfd := pInt(ev, 1)
		if enter != nil && enter.NParams() >= 3 && validOpenName(enter.Param(1)) {
			name, flags, dirfd = enter.Param(1), uint32(pUint(enter, 2)), pInt(enter, 0)
		}
		if typ == evOpenatV2X && ev.NParams() > 5 {
			dev = uint32(pUint(ev, 5))
		}
		base = e.parseDirFD(ctx, cstr(name), dirfd)
	}
	if fd < 0 {
		return
	}
	e.path = appendConcat(e.path[:0], base, name)
	f := FD{Type: FDFileV2, OpenFlags: flags, Dev: dev, Name: e.names.intern(e.path)}
	if raw := cstr(name); string(raw) == f.Name {
		f.NameRaw = f.Name
	} else {
		f.NameRaw = e.names.intern(raw)
	}
	if flags&oDirectory != 0 {
		f.Type = FDDirectory
	}
	if f.Name == tracerDevice {
		f.Flags |= FDIsTracerFile
	}
	ctx.FD = e.addFD(t, fd, &f)
}

package state

// execveatEmptyPath is PPM_EXVAT_AT_EMPTY_PATH of execveat's flags.
const execveatEmptyPath = 1

// exeWritable is PPM_EXE_WRITABLE of execve's flags parameter.
const exeWritable = 1

// parseExecveExit gives the thread its new program: exe, comm, args, environment,
// cgroups and container, tty, and the executable's path when the enter event says it.
func (e *Engine) parseExecveExit(ctx *EventContext) {
	ev := ctx.Ev
	t := e.tinfo
	if t == nil || pInt(ev, 0) < 0 {
		return
	}
	typ := ev.Type()
	t.Exe = string(pStr(ev, 1))
	switch typ {
	case evExecveV8X, evExecveV13X, evExecveV14X:
		t.Comm = t.Exe
	default:
		t.Comm = string(pStr(ev, 13))
	}
	t.Args = splitArgs(argsRunOn(ev, 2))
	e.setPid(t, pInt(ev, 4))
	if t.Ptid == -1 {
		t.Ptid = pInt(ev, 5)
	}
	t.FDLimit = pInt(ev, 7)
	if typ != evExecveV8X {
		t.PFMajor, t.PFMinor = pUint(ev, 8), pUint(ev, 9)
		t.VMSizeKB, t.VMRSSKB, t.VMSwapKB = uint32(pUint(ev, 10)), uint32(pUint(ev, 11)), uint32(pUint(ev, 12))
	}
	switch typ {
	case evExecveV14X:
		t.Env = splitEnv(ev.Param(13))
	case evExecveV15X:
		t.Env = splitEnv(ev.Param(14))
	case evExecveV16X, evExecveV17X, evExecveV18X, evExecveV19X, evExecveatX:
		t.Env = splitEnv(ev.Param(15))
		t.Cgroups = e.cgroupsOf(ev.Param(14))
		e.resolveContainer(t)
	}
	switch typ {
	case evExecveV17X, evExecveV18X, evExecveV19X, evExecveatX:
		t.Tty = uint32(pInt(ev, 16))
	}
	switch typ {
	case evExecveV18X, evExecveV19X:
		if e.retrieveEnter(ctx) {
			name := ctx.Enter.Param(0)
			if hasPrefix(name, placeholderName) {
				t.ExePath = placeholderName
			} else {
				e.path = appendConcat(e.path[:0], t.Cwd, name)
				t.ExePath = string(e.path)
			}
		}
	case evExecveatX:
		if e.retrieveEnter(ctx) {
			e.execveatPath(ctx, t)
		}
	}
	if typ == evExecveV19X || typ == evExecveatX {
		t.Vpgid = pInt(ev, 17)
		if ev.NumParams() > 18 {
			t.LoginUID = uint32(pInt(ev, 18))
		}
		if ev.NumParams() > 19 {
			t.ExeWritable = pUint(ev, 19)&exeWritable != 0
		}
	}
	if typ == evExecveV19X || typ == evExecveatX {
		newerFromExecve(t, ev)
	}
	t.Flags = Active | t.Flags&(PipeSrc|PipeDst|IsMainThread|CloneInverted) | NameChanged
}

// execveatPath sets the executable path of an execveat from its enter event (dirfd,
// pathname, flags).
func (e *Engine) execveatPath(ctx *EventContext, t *Thread) {
	enter := ctx.Enter
	name := enter.Param(1)
	if hasPrefix(name, placeholderName) {
		t.ExePath = placeholderName
		return
	}
	dir := e.parseDirFD(ctx, cstr(name), pInt(enter, 0))
	if pUint(enter, 2)&execveatEmptyPath != 0 && len(cstr(name)) == 0 {
		name = append([]byte(dir), 0)
	}
	e.path = appendConcat(e.path[:0], dir, name)
	t.ExePath = string(e.path)
}

func hasPrefix(b []byte, p string) bool {
	return len(b) >= len(p) && string(b[:len(p)]) == p
}

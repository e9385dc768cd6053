package state

// rlimitNofile is PPM_RLIMIT_NOFILE.
const rlimitNofile = 7

// parseProcexit flags the thread closed and schedules its removal for the next event.
func (e *Engine) parseProcexit(ctx *EventContext) {
	t := e.tinfo
	if t == nil {
		return
	}
	t.Flags |= Closed
	e.pendingTid, e.hasPendingTid = t.Tid, true
}

func (e *Engine) parseChdirExit(ctx *EventContext) {
	if t := e.tinfo; t != nil && pInt(ctx.Ev, 0) >= 0 {
		e.setCwd(t, ctx.Ev.Param(1))
	}
}

func (e *Engine) parseFchdirExit(ctx *EventContext) {
	if t := e.tinfo; t != nil && pInt(ctx.Ev, 0) >= 0 && ctx.FD != nil {
		e.setCwd(t, cstrParam(ctx.FD.Name))
	}
}

func (e *Engine) parseGetcwdExit(ctx *EventContext) {
	if t := e.tinfo; t != nil && pInt(ctx.Ev, 0) >= 0 {
		e.setCwd(t, ctx.Ev.Param(1))
	}
}

// parseRlimitExit records a new RLIMIT_NOFILE soft limit on the main thread.
func (e *Engine) parseRlimitExit(ctx *EventContext) {
	ev := ctx.Ev
	t := e.tinfo
	if t == nil || pInt(ev, 0) < 0 || !e.retrieveEnter(ctx) {
		return
	}
	if pUint(ctx.Enter, 0) != rlimitNofile {
		return
	}
	if cur := pInt(ev, 1); cur != -1 {
		if m := e.mainThreadOrPlaceholder(t); m != nil {
			m.FDLimit = cur
		}
	}
}

// parsePrlimitExit records a new RLIMIT_NOFILE soft limit on the target process.
func (e *Engine) parsePrlimitExit(ctx *EventContext) {
	ev := ctx.Ev
	t := e.tinfo
	if t == nil || pInt(ev, 0) < 0 || !e.retrieveEnter(ctx) {
		return
	}
	if pUint(ctx.Enter, 1) != rlimitNofile {
		return
	}
	cur := pInt(ev, 1)
	if cur == -1 {
		return
	}
	tid := pInt(ctx.Enter, 0)
	if tid == 0 {
		tid = ev.Tid()
	}
	target := e.threadOrPlaceholder(tid)
	if target == nil {
		return
	}
	if m := e.mainThreadOrPlaceholder(target); m != nil {
		m.FDLimit = cur
	}
}

// parseMemoryExit records the memory counters brk, mmap and munmap report.
func (e *Engine) parseMemoryExit(ctx *EventContext) {
	ev := ctx.Ev
	if t := e.tinfo; t != nil {
		t.VMSizeKB, t.VMRSSKB, t.VMSwapKB = uint32(pUint(ev, 1)), uint32(pUint(ev, 2)), uint32(pUint(ev, 3))
	}
}

// parseSchedswitch records the page faults of the thread switched out and the memory
// counters of its process.
func (e *Engine) parseSchedswitch(ctx *EventContext) {
	ev := ctx.Ev
	t := e.tinfo
	if t == nil {
		return
	}
	t.PFMajor, t.PFMinor = pUint(ev, 1), pUint(ev, 2)
	if m := e.mainThreadOrPlaceholder(t); m != nil {
		m.VMSizeKB, m.VMRSSKB, m.VMSwapKB = uint32(pUint(ev, 3)), uint32(pUint(ev, 4)), uint32(pUint(ev, 5))
	}
}

// parseIDsExit applies setuid, setgid, setresuid and setresgid to this thread.
func (e *Engine) parseIDsExit(ctx *EventContext) {
	ev := ctx.Ev
	t := e.tinfo
	if t == nil || pInt(ev, 0) < 0 || !e.retrieveEnter(ctx) {
		return
	}
	en := ctx.Enter
	switch ev.Type() {
	case evSetuidX:
		t.UID = uint32(pUint(en, 0))
	case evSetgidX:
		t.GID = uint32(pUint(en, 0))
	case evSetresuidX:
		if id := uint32(pUint(en, 1)); id != noID {
			t.UID = id
		}
	case evSetresgidX:
		if id := uint32(pUint(en, 1)); id != noID {
			t.GID = id
		}
	}
}

// parseChrootExit records the new root (joined with the cwd when relative) and
// re-resolves the container.
func (e *Engine) parseChrootExit(ctx *EventContext) {
	ev := ctx.Ev
	t := e.tinfo
	if t == nil || pInt(ev, 0) != 0 {
		return
	}
	p := ev.Param(1)
	if len(p) > 0 && p[0] != '/' && !hasPrefix(p, placeholderName) {
		e.path = appendConcat(e.path[:0], e.cwd(t), p)
		t.Root = string(e.path)
	} else {
		t.Root = string(appendPrintable(nil, p))
	}
	e.resolveContainer(t)
}

func (e *Engine) parseSetsidExit(ctx *EventContext) {
	if t := e.tinfo; t != nil {
		if res := pInt(ctx.Ev, 0); res >= 0 {
			t.Sid = res
		}
	}
}

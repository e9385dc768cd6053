package state

// cloneStaleNS is how old a child entry's clone may be before a new clone of the same
// tid treats it as stale (CLONE_STALE_TIME_NS).
const cloneStaleNS = 2_000_000_000

// cloneLayout gives the version-dependent parameter positions of a clone-family exit.
type cloneLayout struct {
	comm, cgroups, flags, uid, gid int // -1 when the version lacks the parameter
	vids                           bool
	counters                       bool // pgft/vm parameters 8-12
}

func cloneLayoutOf(typ uint16) cloneLayout {
	switch typ {
	case evCloneV11X:
		return cloneLayout{comm: -1, cgroups: -1, flags: 8, uid: 9, gid: 10}
	case evCloneV16X, evForkX, evVforkX:
		return cloneLayout{comm: -1, cgroups: -1, flags: 13, uid: 14, gid: 15, counters: true}
	case evCloneV17X, evForkV17X, evVforkV17X:
		return cloneLayout{comm: 13, cgroups: -1, flags: 14, uid: 15, gid: 16, counters: true}
	}
	return cloneLayout{comm: 13, cgroups: 14, flags: 15, uid: 16, gid: 17, vids: true, counters: true}
}

// parseCloneExit creates the new thread or process of a clone, fork or vfork exit,
// from whichever side (caller or child) returns first.
func (e *Engine) parseCloneExit(ctx *EventContext) {
	ev := ctx.Ev
	res := pInt(ev, 0)
	if res < 0 {
		return
	}
	lay := cloneLayoutOf(ev.Type())
	tid := ev.Tid()
	flags := uint32(pUint(ev, lay.flags))
	vtid, vpid := tid, int64(-1)
	if lay.vids {
		vtid, vpid = pInt(ev, 18), pInt(ev, 19)
	}
	inContainer := flags&ChildInPidNS != 0 || tid != vtid

	var childTid, caller int64
	inverted := false
	if res == 0 {
		child := e.tinfo
		if child != nil && child.CloneTS != 0 && ev.Ts()-child.CloneTS > cloneStaleNS {
			e.removeThread(tid, true)
			child = nil
			e.tinfo, ctx.Thread = nil, nil
		}
		parent := pInt(ev, 5)
		if flags&CloneThread != 0 {
			parent = pInt(ev, 4)
		}
		if child != nil {
			if inContainer {
				child.Vtid, child.Vpid = vtid, vpid
			}
			return
		}
		childTid, caller, inverted = tid, parent, true
	} else {
		if inContainer {
			return
		}
		childTid, caller = res, tid
	}

	pt := e.threadOrPlaceholder(caller)
	if pt == nil {
		return
	}
	validParent := !pt.IsPlaceholder()
	collision := false
	if old := e.Thread(childTid); old != nil {
		if old.Flags&CloneInverted != 0 {
			return
		}
		e.removeThread(childTid, true)
		collision = true
	}

	exe := string(pStr(ev, 1))
	comm := exe
	if lay.comm >= 0 {
		comm = string(pStr(ev, lay.comm))
	}
	args := splitArgs(argsRunOn(ev, 2))

	c := newThread(childTid)
	c.Ptid = caller
	if validParent {
		copyFromParent(c, pt, flags)
	} else {
		e.removeThread(caller, true)
		pt = e.threadOrPlaceholder(caller)
		if pt == nil {
			return
		}
		pt.Comm, pt.Exe, pt.ExePath, pt.Args = comm, exe, c.ExePath, args
		collision = true
	}
	c.Pid = pInt(ev, 4)
	c.Flags = flags
	if flags&CloneThread == 0 {
		c.Pid = childTid
		if tab := e.fdTableInUse(pt); tab != nil {
			c.FDs = tab.clone()
		}
		c.Cwd = e.cwd(pt)
	}
	if inverted {
		c.Flags |= CloneInverted
	}
	c.Exe, c.Comm, c.Args = exe, comm, args
	c.FDLimit = pInt(ev, 7)
	if lay.counters {
		c.PFMajor, c.PFMinor = pUint(ev, 8), pUint(ev, 9)
		c.VMSizeKB, c.VMRSSKB, c.VMSwapKB = uint32(pUint(ev, 10)), uint32(pUint(ev, 11)), uint32(pUint(ev, 12))
	}
	c.UID, c.GID = uint32(pUint(ev, lay.uid)), uint32(pUint(ev, lay.gid))
	if inContainer {
		c.Vtid, c.Vpid = vtid, vpid
	} else {
		c.Vtid, c.Vpid = c.Tid, c.Pid
	}
	if lay.cgroups >= 0 {
		c.Cgroups = e.cgroupsOf(ev.Param(lay.cgroups))
		e.resolveContainer(c)
	}
	c.CloneTS = ev.Ts()
	newerFromClone(c, ev)
	e.addThread(c, false)
	if collision {
		e.reset(ctx, ev.Info(), ev.Type())
	}
}

// copyFromParent gives a new thread the identity its (valid) parent passes on.
func copyFromParent(c, p *Thread, flags uint32) {
	c.Comm, c.Exe, c.ExePath, c.ExeWritable = p.Comm, p.Exe, p.ExePath, p.ExeWritable
	c.Args = p.Args
	c.Root, c.Sid, c.Vpgid, c.Tty, c.LoginUID = p.Root, p.Sid, p.Vpgid, p.Tty, p.LoginUID
	if flags&CloneThread == 0 {
		c.Env = p.Env
	}
	copyNewerFromParent(c, p)
}

package state

// parsePipeExit adds the two ends of a pipe.
func (e *Engine) parsePipeExit(ctx *EventContext) {
	ev := ctx.Ev
	t := e.tinfo
	if t == nil || pInt(ev, 0) < 0 {
		return
	}
	f := FD{Type: FDFifo, Ino: pUint(ev, 3)}
	e.addFD(t, pInt(ev, 1), &f)
	ctx.FD = e.addFD(t, pInt(ev, 2), &f)
}

// parseSocketpairExit adds the two unix sockets of a socketpair.
func (e *Engine) parseSocketpairExit(ctx *EventContext) {
	ev := ctx.Ev
	t := e.tinfo
	if t == nil || pInt(ev, 0) < 0 {
		return
	}
	f := FD{Type: FDUnixSock, Source: pUint(ev, 3), Dest: pUint(ev, 4)}
	first := e.addFD(t, pInt(ev, 1), &f)
	e.addFD(t, pInt(ev, 2), &f)
	ctx.FD = first
}

// parseSimpleFDExit adds the unnamed fd of an eventfd, signalfd, timerfd_create or
// inotify_init.
func (e *Engine) parseSimpleFDExit(ctx *EventContext, typ int8) {
	t := e.tinfo
	fd := pInt(ctx.Ev, 0)
	if t == nil || fd < 0 {
		return
	}
	f := FD{Type: typ}
	ctx.FD = e.addFD(t, fd, &f)
}

// parseDupExit copies the duplicated entry to the new fd; dup onto fd 0 or 1 marks the
// thread as a pipe destination or source.
func (e *Engine) parseDupExit(ctx *EventContext) {
	t := e.tinfo
	res := pInt(ctx.Ev, 0)
	if t == nil || res < 0 {
		return
	}
	switch res {
	case 0:
		t.Flags |= PipeDst
	case 1:
		t.Flags |= PipeSrc
	}
	if ctx.FD == nil {
		return
	}
	ctx.FD = e.dupFD(t, res, ctx.FD)
}

// dupFD copies the entry src of the duplicated fd to fd. The reference hands its table
// the source entry itself: where the entry replaced at fd had its close in progress,
// the close-cancelled mark lands on the source entry too (which stops being closed), so
// a later close of the source also drops the entry saved for the cancelled close.
// Observed with sysdig 0.29.3 on a capture missing a close exit: dup onto the fd being
// closed, then closing the source, left one fd fewer than closing the source alone.
func (e *Engine) dupFD(t *Thread, fd int64, src *FD) *FD {
	old := e.fdTableInUse(t).Get(fd)
	closing := old != nil && old != src && old.Flags&FDCloseInProgress != 0
	f := *src
	n := e.addFD(t, fd, &f)
	if closing && n != nil {
		src.Flags = (src.Flags &^ FDCloseInProgress) | FDCloseCanceled
	}
	return n
}

// parseFcntlExit copies the entry an F_DUPFD / F_DUPFD_CLOEXEC duplicated.
func (e *Engine) parseFcntlExit(ctx *EventContext) {
	t := e.tinfo
	res := pInt(ctx.Ev, 0)
	if t == nil || ctx.FD == nil || !e.retrieveEnter(ctx) || res < 0 {
		return
	}
	if cmd := pUint(ctx.Enter, 1); cmd != fcntlDupFD && cmd != fcntlDupFDCloexec {
		return
	}
	ctx.FD = e.dupFD(t, res, ctx.FD)
}

// parseCloseEnter marks the entry being closed.
func (e *Engine) parseCloseEnter(ctx *EventContext) {
	if ctx.FD != nil {
		ctx.FD.Flags |= FDCloseInProgress
	}
}

// parseCloseExit schedules the removal of the closed fd for the next event (or of the
// entry a cancelled close saved), or clears the close mark when the close failed.
func (e *Engine) parseCloseExit(ctx *EventContext) {
	t := e.tinfo
	f := ctx.FD
	if f == nil || t == nil {
		return
	}
	if pInt(ctx.Ev, 0) < 0 {
		f.Flags &^= FDCloseInProgress
		return
	}
	owner := e.fdTableOwner(t)
	if f.Flags&FDCloseCanceled != 0 {
		f.Flags &^= FDCloseCanceled
		e.pendingFDs = append(e.pendingFDs, pendingFD{owner: owner, fd: savedFD})
		return
	}
	e.pendingFDs = append(e.pendingFDs, pendingFD{owner: owner, fd: t.LastEventFD})
}

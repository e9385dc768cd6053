package state

// dispatch runs the parser of the event's type. It reports whether the event must be
// hidden (a container event whose lookup did not succeed).
func (e *Engine) dispatch(ctx *EventContext, typ uint16) bool {
	ev := ctx.Ev
	switch typ {
	case evSendtoE:
		if ctx.FD == nil {
			e.inferUDPSocket(ctx)
		}
		e.storeEnter(ctx)
	case evOpenE, evCreatE, evOpenatE, evOpenatV2E, evOpenat2E, evSocketE, evEventfdE, evChdirE,
		evFchdirE, evShutdownE, evGetrlimitE, evSetrlimitE, evPrlimitE, evSendmsgE, evSendfileE,
		evSetresuidE, evSetresgidE, evSetuidE, evSetgidE, evExecveV18E, evExecveV19E,
		evExecveatE, evSetpgidE:
		e.storeEnter(ctx)
	case evFcntlE:
		if cmd := pUint(ev, 1); cmd == fcntlDupFD || cmd == fcntlDupFDCloexec {
			e.storeEnter(ctx)
		}
	case evReadX, evWriteX, evRecvX, evSendX, evRecvfromX, evRecvmsgX, evSendtoX, evSendmsgX,
		evReadvX, evWritevX, evPreadX, evPwriteX, evPreadvX, evPwritevX:
		e.parseIOExit(ctx)
	case evOpenX, evCreatX, evOpenatX, evOpenatV2X, evOpenat2X:
		e.parseOpenExit(ctx)
	case evCloneV11X, evCloneV16X, evCloneV17X, evCloneV20X, evForkX, evForkV17X, evForkV20X,
		evVforkX, evVforkV17X, evVforkV20X, evClone3X:
		e.parseCloneExit(ctx)
	case evExecveV8X, evExecveV13X, evExecveV14X, evExecveV15X, evExecveV16X, evExecveV17X,
		evExecveV18X, evExecveV19X, evExecveatX:
		e.parseExecveExit(ctx)
	case evProcexitE, evProcexitV1E:
		e.parseProcexit(ctx)
	case evPipeX:
		e.parsePipeExit(ctx)
	case evSocketX:
		e.parseSocketExit(ctx)
	case evBindX:
		e.parseBindExit(ctx)
	case evConnectE:
		e.parseConnectEnter(ctx)
	case evConnectX:
		e.parseConnectExit(ctx)
	case evAcceptX, evAcceptV5X, evAccept4X, evAccept4V5X:
		e.parseAcceptExit(ctx)
	case evCloseE:
		e.parseCloseEnter(ctx)
	case evCloseX:
		e.parseCloseExit(ctx)
	case evFcntlX:
		e.parseFcntlExit(ctx)
	case evEventfdX:
		e.parseSimpleFDExit(ctx, FDEvent)
	case evSignalfdX:
		e.parseSimpleFDExit(ctx, FDSignalfd)
	case evTimerfdCreateX:
		e.parseSimpleFDExit(ctx, FDTimerfd)
	case evInotifyInitX:
		e.parseSimpleFDExit(ctx, FDInotify)
	case evDupX:
		e.parseDupExit(ctx)
	case evSocketpairX:
		e.parseSocketpairExit(ctx)
	case evChdirX:
		e.parseChdirExit(ctx)
	case evFchdirX:
		e.parseFchdirExit(ctx)
	case evGetcwdX:
		e.parseGetcwdExit(ctx)
	case evGetrlimitX, evSetrlimitX:
		e.parseRlimitExit(ctx)
	case evPrlimitX:
		e.parsePrlimitExit(ctx)
	case evBrkV4X, evMmapX, evMmap2X, evMunmapX:
		e.parseMemoryExit(ctx)
	case evSetresuidX, evSetresgidX, evSetuidX, evSetgidX:
		e.parseIDsExit(ctx)
	case evChrootX:
		e.parseChrootExit(ctx)
	case evSetsidX:
		e.parseSetsidExit(ctx)
	case evSchedswitchV6E:
		e.parseSchedswitch(ctx)
	case evGetsockoptX:
		e.parseGetsockoptExit(ctx)
	case evContainerE:
		e.parseContainerEvent(ctx)
	case evContainerJsonE, evContainerJsonV2E:
		return e.parseContainerJSON(ctx)
	}
	return false
}

// fcntl commands that duplicate an fd (PPM_FCNTL_*).
const (
	fcntlDupFD        = 1
	fcntlDupFDCloexec = 26
)

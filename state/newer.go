package state

import (
	"encoding/binary"

	"github.com/scrylabs/scry/formats/event"
)

// NewerData is a set of the thread data that only captures written by newer libs
// carry. sysdig 0.29 ignores all of it; fields that show it have no value where a
// capture did not record it.
type NewerData uint8

// Parts of NewerData.
const (
	KnownCaps          NewerData = 1 << iota // CapInheritable, CapPermitted, CapEffective
	KnownExeUpperLayer                       // ExeUpperLayer
	KnownExeLowerLayer                       // ExeLowerLayer
	KnownExeFromMemfd                        // ExeFromMemfd
)

// Bits of the execve flags parameter beyond PPM_EXE_WRITABLE.
const (
	exeUpperLayer = 2
	exeFromMemfd  = 4
	exeLowerLayer = 8
)

// Positions of the execve and execveat exit parameters newer drivers append.
const (
	execveFlagsParam   = 19
	execveCapsParam    = 20 // inheritable, permitted, effective: libs 0.7
	execveExeInoParam  = 23 // exe_ino, exe_ino_ctime, exe_ino_mtime: libs 0.10
	execveExepathParam = 27 // trusted_exepath: libs 0.13, after exe_from_memfd (0.12)
	execvePgidParam    = 28 // pgid: libs 0.19, after exe_lower_layer (0.18)
	clonePidnsParam    = 20 // pidns_init_start_ts of clone-family exits: libs 0.10
)

// newerFromProcTail reads the newer data of a V9 process entry from the bytes after
// root. Entries of libs before 0.10 hold loginuid (4), exe_writable (1) and, since 0.7,
// the three capability sets (3×8). From 0.10 on, pidns_init_start_ts (8) and tty (4)
// come first, and the capabilities are followed by exe_upper_layer (1), exe_ino,
// exe_ino_ctime and exe_ino_mtime (3×8); 0.12 appends exe_from_memfd (1), 0.18
// exe_lower_layer (1). A tail longer than the pre-0.10 29 bytes has the newer layout,
// as newer readers decide.
func newerFromProcTail(t *Thread, tail []byte) {
	le := binary.LittleEndian
	caps := 5
	if len(tail) > 29 {
		t.PidnsInitStartTS = le.Uint64(tail)
		caps = 17
	}
	if len(tail) < caps+24 {
		return
	}
	t.CapInheritable = le.Uint64(tail[caps:])
	t.CapPermitted = le.Uint64(tail[caps+8:])
	t.CapEffective = le.Uint64(tail[caps+16:])
	t.Known |= KnownCaps
	exe := caps + 24
	if caps == 5 || len(tail) < exe+25 {
		return
	}
	t.ExeUpperLayer = tail[exe] != 0
	t.ExeIno = le.Uint64(tail[exe+1:])
	t.ExeInoCtime = le.Uint64(tail[exe+9:])
	t.ExeInoMtime = le.Uint64(tail[exe+17:])
	t.Known |= KnownExeUpperLayer
	if len(tail) > exe+25 {
		t.ExeFromMemfd = tail[exe+25] != 0
		t.Known |= KnownExeFromMemfd
	}
	if len(tail) > exe+26 {
		t.ExeLowerLayer = tail[exe+26] != 0
		t.Known |= KnownExeLowerLayer
	}
}

// procTailOf is the V9 tail that records t's capabilities in the pre-0.10 layout
// (loginuid, exe_writable, the three sets), which sysdig 0.29 also reads; nil when the
// capabilities are unknown. The executable data needs the 0.10 layout, which sysdig
// 0.29 misreads, so it is not written.
func procTailOf(t *Thread) []byte {
	if t.Known&KnownCaps == 0 {
		return nil
	}
	le := binary.LittleEndian
	b := make([]byte, 29)
	le.PutUint32(b, t.LoginUID)
	if t.ExeWritable {
		b[4] = 1
	}
	le.PutUint64(b[5:], t.CapInheritable)
	le.PutUint64(b[13:], t.CapPermitted)
	le.PutUint64(b[21:], t.CapEffective)
	return b
}

// newerFromExecve updates the newer data of t from a successful execve or execveat
// exit. What the event does not carry becomes unknown: the new program may have other
// capabilities and another executable.
func newerFromExecve(t *Thread, ev *event.Event) {
	n := int(ev.NParams()) // the wire count: the 0.29 table stops at 20
	flags := uint64(0)
	if n > execveFlagsParam {
		flags = pUint(ev, execveFlagsParam)
	}
	t.Known = 0
	t.CapInheritable, t.CapPermitted, t.CapEffective = 0, 0, 0
	t.ExeIno, t.ExeInoCtime, t.ExeInoMtime = 0, 0, 0
	t.ExeUpperLayer, t.ExeLowerLayer, t.ExeFromMemfd = false, false, false
	if n > execveCapsParam+2 {
		t.CapInheritable = pUint(ev, execveCapsParam)
		t.CapPermitted = pUint(ev, execveCapsParam+1)
		t.CapEffective = pUint(ev, execveCapsParam+2)
		t.Known |= KnownCaps
	}
	if n > execveExeInoParam+2 {
		t.ExeIno = pUint(ev, execveExeInoParam)
		t.ExeInoCtime = pUint(ev, execveExeInoParam+1)
		t.ExeInoMtime = pUint(ev, execveExeInoParam+2)
		t.ExeUpperLayer = flags&exeUpperLayer != 0
		t.Known |= KnownExeUpperLayer
	}
	// Drivers that know the memfd bit (0.12) cannot be told from 0.11 by the parameter
	// count alone: a set bit is news, a clear one only counts from 0.13's layout on.
	if flags&exeFromMemfd != 0 || n > execveExepathParam {
		t.ExeFromMemfd = flags&exeFromMemfd != 0
		t.Known |= KnownExeFromMemfd
	}
	if flags&exeLowerLayer != 0 || n > execvePgidParam {
		t.ExeLowerLayer = flags&exeLowerLayer != 0
		t.Known |= KnownExeLowerLayer
	}
}

// copyNewerFromParent gives a new thread the newer data of its parent: the same
// capabilities and executable.
func copyNewerFromParent(c, p *Thread) {
	c.CapInheritable, c.CapPermitted, c.CapEffective = p.CapInheritable, p.CapPermitted, p.CapEffective
	c.ExeIno, c.ExeInoCtime, c.ExeInoMtime = p.ExeIno, p.ExeInoCtime, p.ExeInoMtime
	c.ExeUpperLayer, c.ExeLowerLayer, c.ExeFromMemfd = p.ExeUpperLayer, p.ExeLowerLayer, p.ExeFromMemfd
	c.PidnsInitStartTS = p.PidnsInitStartTS
	c.Known = p.Known
}

// newerFromClone sets the pid namespace start a clone-family exit of libs 0.10 and
// later carries.
func newerFromClone(c *Thread, ev *event.Event) {
	if int(ev.NParams()) > clonePidnsParam {
		if ts := pUint(ev, clonePidnsParam); ts != 0 {
			c.PidnsInitStartTS = ts
		}
	}
}

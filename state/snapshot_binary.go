package state

import (
	"encoding/json"
	"fmt"

	"github.com/scrylabs/scry/formats/event"
)

// The binary state image: the magic "SCST", a format version byte, then the engine's
// globals, users, groups, interfaces, containers and container lookups, and every
// thread with its fd table and stored enter event. Integers are varints unless fixed
// width is natural (addresses, ports, ids); strings and byte strings are
// length-prefixed. A new layout gets a new version; Restore reads every version it
// knows.
const (
	stateMagic   = "SCST"
	StateVersion = 3 // 2 added the fds' socket byte images, 3 newer thread data and raw fd names
)

// MarshalBinary encodes the whole state, everything replay needs to continue from here
// as the engine itself would: take it between events (after EndEvent, or right after
// Process: the pending cleanup is recorded).
func (e *Engine) MarshalBinary() ([]byte, error) {
	w := &enc{b: make([]byte, 0, 4096)}
	w.b = append(w.b, stateMagic...)
	w.u8(StateVersion)

	w.u64(e.firstTS)
	w.bool(e.haveFirstTS)
	w.bool(e.started)
	w.bool(e.consumedContainers)
	w.bool(e.hasPendingTid)
	w.svar(e.pendingTid)
	w.uvar(uint64(len(e.pendingFDs)))
	for _, p := range e.pendingFDs {
		w.svar(p.owner)
		w.svar(p.fd)
	}
	cleanupTid, cleanup := int64(0), false
	if e.cleanupPending && e.cleanupExit && e.cleanupThread != nil && e.threads[e.cleanupThread.Tid] == e.cleanupThread {
		cleanupTid, cleanup = e.cleanupThread.Tid, true
	}
	w.bool(cleanup)
	w.svar(cleanupTid)
	w.bytes(e.lastEnter)

	uids := sortedKeys(e.users)
	w.uvar(uint64(len(uids)))
	for _, uid := range uids {
		u := e.users[uid]
		w.u32(u.UID)
		w.u32(u.GID)
		w.str(u.Name)
		w.str(u.Home)
		w.str(u.Shell)
	}
	gids := sortedKeys(e.groups)
	w.uvar(uint64(len(gids)))
	for _, gid := range gids {
		w.u32(gid)
		w.str(e.groups[gid].Name)
	}
	w.uvar(uint64(len(e.ifaces)))
	for _, i := range e.ifaces {
		w.str(i.Name)
		w.bool(i.IPv6)
		w.addr(i.Addr)
		w.addr(i.Netmask)
		w.addr(i.Bcast)
		w.u64(i.LinkSpeed)
	}
	// Containers in the order they entered the table, which restoring keeps.
	w.uvar(uint64(len(e.containers)))
	var cerr error
	e.ContainersAsAdded(func(c *Container) bool {
		j, err := json.Marshal(c)
		if err != nil {
			cerr = fmt.Errorf("encode container %s: %w", c.ID, err)
			return false
		}
		w.bytes(j)
		return true
	})
	if cerr != nil {
		return nil, cerr
	}
	w.uvar(uint64(len(e.lookups)))
	for _, k := range sortedLookupKeys(e.lookups) {
		w.str(k.id)
		w.svar(int64(k.typ))
		w.svar(int64(e.lookups[k]))
	}
	tids := sortedKeys(e.threads)
	w.uvar(uint64(len(tids)))
	for _, tid := range tids {
		encodeThread(w, e.threads[tid])
	}
	return w.b, nil
}

func sortedLookupKeys(m map[containerKey]int) []containerKey {
	keys := make([]containerKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && lessKey(keys[j], keys[j-1]); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

func lessKey(a, b containerKey) bool {
	if a.id != b.id {
		return a.id < b.id
	}
	return a.typ < b.typ
}

func encodeThread(w *enc, t *Thread) {
	w.svar(t.Tid)
	w.svar(t.Pid)
	w.svar(t.Ptid)
	w.svar(t.Sid)
	w.svar(t.Vpgid)
	w.str(t.Comm)
	w.str(t.Exe)
	w.str(t.ExePath)
	w.bool(t.ExeWritable)
	w.strs(t.Args)
	w.strs(t.Env)
	w.uvar(uint64(len(t.Cgroups)))
	for _, c := range t.Cgroups {
		w.str(c.Subsys)
		w.str(c.Path)
	}
	w.str(t.ContainerID)
	w.u32(t.Flags)
	w.svar(t.FDLimit)
	w.u32(t.UID)
	w.u32(t.GID)
	w.u32(t.LoginUID)
	w.uvar(t.NChilds)
	w.u32(t.VMSizeKB)
	w.u32(t.VMRSSKB)
	w.u32(t.VMSwapKB)
	w.uvar(t.PFMajor)
	w.uvar(t.PFMinor)
	w.svar(t.Vtid)
	w.svar(t.Vpid)
	w.str(t.Root)
	w.u32(t.Tty)
	w.u64(t.CloneTS)
	w.u8(uint8(t.Category))
	w.str(t.Cwd)
	w.svar(t.LastEventFD)
	w.u16(t.LastEventType)
	w.u64(t.LastEventTS)
	w.u64(t.PrevEventTS)
	w.u64(t.Latency)
	w.u64(t.LatencyEnter)
	w.bool(t.enterHas)
	w.bool(t.enterValid)
	w.u16(t.enterCPU)
	w.uvar(t.enterNum)
	if t.enterHas {
		w.bytes(t.enter)
	} else {
		w.bytes(nil)
	}
	w.u64(t.CapInheritable)
	w.u64(t.CapPermitted)
	w.u64(t.CapEffective)
	w.uvar(t.ExeIno)
	w.u64(t.ExeInoCtime)
	w.u64(t.ExeInoMtime)
	w.u64(t.PidnsInitStartTS)
	w.bool(t.ExeUpperLayer)
	w.bool(t.ExeLowerLayer)
	w.bool(t.ExeFromMemfd)
	w.u8(uint8(t.Known))
	fds := t.FDs.FDs()
	w.uvar(uint64(len(fds)))
	for _, fd := range fds {
		w.svar(fd)
		encodeFD(w, t.FDs.Get(fd))
	}
}

func encodeFD(w *enc, f *FD) {
	w.u8(uint8(f.Type))
	w.str(f.Name)
	w.u32(f.OpenFlags)
	w.u32(f.Dev)
	w.u32(f.MountID)
	w.uvar(f.Ino)
	w.addr(f.SIP)
	w.addr(f.DIP)
	w.u16(f.SPort)
	w.u16(f.DPort)
	w.u8(f.L4Proto)
	w.u64(f.Source)
	w.u64(f.Dest)
	w.u32(f.Flags)
	w.b = append(w.b, f.sock[:]...)
	w.str(f.NameRaw)
}

// Restore replaces the engine's state with a binary image from MarshalBinary. The
// engine's options and filter are kept. On error the engine is left empty.
func (e *Engine) Restore(b []byte) error {
	r := &dec{b: b}
	if string(r.take(len(stateMagic))) != stateMagic {
		return fmt.Errorf("restore state: %w: not a state image (magic)", ErrCorruptState)
	}
	v := r.u8()
	if v < 1 || v > StateVersion {
		return fmt.Errorf("restore state: %w: format version %d, this engine reads 1 to %d", ErrCorruptState, v, StateVersion)
	}
	r.version = v
	e.resetTables()
	e.cleanupPending, e.cleanupExit, e.cleanupThread = false, false, nil
	e.firstTS = r.u64()
	e.haveFirstTS = r.bool()
	e.started = r.bool()
	e.consumedContainers = r.bool()
	e.hasPendingTid = r.bool()
	e.pendingTid = r.svar()
	for n := r.count(2); n > 0; n-- {
		e.pendingFDs = append(e.pendingFDs, pendingFD{owner: r.svar(), fd: r.svar()})
	}
	cleanup := r.bool()
	cleanupTid := r.svar()
	e.lastEnter = r.bytes()
	if len(e.lastEnter) > 0 {
		if _, err := event.Validate(e.lastEnter); err != nil {
			r.fail(fmt.Sprintf("last paired enter event: %v", err))
		}
	}
	for n := r.count(11); n > 0; n-- {
		u := &User{UID: r.u32(), GID: r.u32(), Name: r.str(), Home: r.str(), Shell: r.str()}
		e.users[u.UID] = u
	}
	for n := r.count(5); n > 0; n-- {
		g := &Group{GID: r.u32(), Name: r.str()}
		e.groups[g.GID] = g
	}
	for n := r.count(58); n > 0; n-- {
		e.ifaces = append(e.ifaces, Interface{Name: r.str(), IPv6: r.bool(), Addr: r.addr(),
			Netmask: r.addr(), Bcast: r.addr(), LinkSpeed: r.u64()})
	}
	for n := r.count(1); n > 0 && r.err == nil; n-- {
		var c Container
		if err := json.Unmarshal(r.bytes(), &c); err != nil {
			r.fail("container: " + err.Error())
			break
		}
		e.putContainer(&c)
	}
	for n := r.count(3); n > 0; n-- {
		k := containerKey{id: r.str(), typ: int(r.svar())}
		e.lookups[k] = int(r.svar())
	}
	for n := r.count(8); n > 0 && r.err == nil; n-- {
		t := decodeThread(r)
		e.threads[t.Tid] = t
	}
	if r.err == nil && r.off != len(b) {
		r.fail(fmt.Sprintf("%d trailing bytes", len(b)-r.off))
	}
	if r.err != nil {
		e.resetTables()
		return fmt.Errorf("restore state: %w", r.err)
	}
	if cleanup {
		e.cleanupPending, e.cleanupExit, e.cleanupThread = true, true, e.threads[cleanupTid]
	}
	return nil
}

// UnmarshalBinary is Restore, for encoding.BinaryUnmarshaler.
func (e *Engine) UnmarshalBinary(b []byte) error { return e.Restore(b) }

func decodeThread(r *dec) *Thread {
	t := &Thread{}
	t.Tid, t.Pid, t.Ptid, t.Sid, t.Vpgid = r.svar(), r.svar(), r.svar(), r.svar(), r.svar()
	t.Comm, t.Exe, t.ExePath = r.str(), r.str(), r.str()
	t.ExeWritable = r.bool()
	t.Args = r.strs()
	t.Env = r.strs()
	if n := r.count(2); n > 0 {
		t.Cgroups = make([]Cgroup, n)
		for i := range t.Cgroups {
			t.Cgroups[i] = Cgroup{Subsys: r.str(), Path: r.str()}
		}
	}
	t.ContainerID = r.str()
	t.Flags = r.u32()
	t.FDLimit = r.svar()
	t.UID, t.GID, t.LoginUID = r.u32(), r.u32(), r.u32()
	t.NChilds = r.uvar()
	t.VMSizeKB, t.VMRSSKB, t.VMSwapKB = r.u32(), r.u32(), r.u32()
	t.PFMajor, t.PFMinor = r.uvar(), r.uvar()
	t.Vtid, t.Vpid = r.svar(), r.svar()
	t.Root = r.str()
	t.Tty = r.u32()
	t.CloneTS = r.u64()
	t.Category = Category(r.u8())
	t.Cwd = r.str()
	t.LastEventFD = r.svar()
	t.LastEventType = r.u16()
	t.LastEventTS, t.PrevEventTS = r.u64(), r.u64()
	t.Latency, t.LatencyEnter = r.u64(), r.u64()
	t.enterHas, t.enterValid = r.bool(), r.bool()
	t.enterCPU = r.u16()
	t.enterNum = r.uvar()
	t.enter = r.bytes()
	if r.version >= 3 {
		t.CapInheritable, t.CapPermitted, t.CapEffective = r.u64(), r.u64(), r.u64()
		t.ExeIno = r.uvar()
		t.ExeInoCtime, t.ExeInoMtime, t.PidnsInitStartTS = r.u64(), r.u64(), r.u64()
		t.ExeUpperLayer, t.ExeLowerLayer, t.ExeFromMemfd = r.bool(), r.bool(), r.bool()
		t.Known = NewerData(r.u8())
	}
	if t.enterHas {
		if _, err := event.Validate(t.enter); err != nil {
			r.fail(fmt.Sprintf("thread %d: stored enter event: %v", t.Tid, err))
		}
	}
	t.FDs = newFDTable()
	for n := r.count(2); n > 0 && r.err == nil; n-- {
		fd := r.svar()
		t.FDs.put(fd, decodeFD(r))
	}
	return t
}

func decodeFD(r *dec) *FD {
	f := &FD{Type: int8(r.u8()), Name: r.str(), OpenFlags: r.u32(), Dev: r.u32(), MountID: r.u32(),
		Ino: r.uvar(), SIP: r.addr(), DIP: r.addr(), SPort: r.u16(), DPort: r.u16(), L4Proto: r.u8(),
		Source: r.u64(), Dest: r.u64(), Flags: r.u32()}
	if r.version >= 2 {
		copy(f.sock[:], r.take(len(f.sock)))
	}
	if r.version >= 3 {
		f.NameRaw = r.str()
	}
	f.oldName = f.Name
	return f
}

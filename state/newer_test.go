package state

import (
	"encoding/binary"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// runNewer processes an event with the parameters newer drivers append beyond the
// 0.29 table, which run refuses.
func (h *harness) runNewer(tid int64, typ uint16, params ...[]byte) *EventContext {
	h.ts += 1000
	h.num++
	h.ev = event.Event{Raw: event.Append(nil, h.ts, tid, typ, params...), Num: h.num}
	return h.e.Process(&h.ev)
}

// tail010 builds a V9 tail in the layout of libs 0.10 and later: pidns start, tty,
// loginuid, exe_writable, three capability sets, upper layer, inode, ctime, mtime, then
// the optional extra bytes (memfd, lower layer).
func tail010(pidns uint64, loginuid uint32, caps [3]uint64, upper bool, ino, ctime, mtime uint64, extra ...byte) []byte {
	le := binary.LittleEndian
	b := le.AppendUint64(nil, pidns)
	b = le.AppendUint32(b, 5) // tty
	b = le.AppendUint32(b, loginuid)
	b = append(b, 1)
	for _, c := range caps {
		b = le.AppendUint64(b, c)
	}
	if upper {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = le.AppendUint64(b, ino)
	b = le.AppendUint64(b, ctime)
	b = le.AppendUint64(b, mtime)
	return append(b, extra...)
}

func TestNewerDataFromProcessList(t *testing.T) {
	const capSysAdmin = 1 << 21
	caps := [3]uint64{0, 0x3fffffffff, capSysAdmin | 1}
	newer := proc(100, 100, 1, "bash", "/")
	newer.Tail = tail010(1_600_000_000_000_000_000, 1000, caps, true, 4242, 77, 66, 1)
	old := proc(200, 200, 1, "sh", "/")
	le := binary.LittleEndian
	old.Tail = le.AppendUint32(nil, 0) // loginuid, exe_writable, then the 0.7 capabilities
	old.Tail = append(old.Tail, 0)
	for _, c := range caps {
		old.Tail = le.AppendUint64(old.Tail, c)
	}
	bare := proc(300, 300, 1, "cat", "/")
	bare.Tail = []byte{0, 0, 0, 0, 0}
	h := newHarness(t, section(proc(1, 1, 0, "init", "/"), newer, old, bare))

	n := h.e.Thread(100)
	if n.Known != KnownCaps|KnownExeUpperLayer|KnownExeFromMemfd {
		t.Errorf("0.12 entry known %b", n.Known)
	}
	if n.CapPermitted != caps[1] || n.CapEffective != caps[2] || n.CapInheritable != 0 {
		t.Errorf("0.12 entry caps %x %x %x", n.CapInheritable, n.CapPermitted, n.CapEffective)
	}
	if !n.ExeUpperLayer || !n.ExeFromMemfd || n.ExeIno != 4242 || n.ExeInoCtime != 77 || n.ExeInoMtime != 66 {
		t.Errorf("0.12 entry exe data %+v", n)
	}
	if n.PidnsInitStartTS != 1_600_000_000_000_000_000 {
		t.Errorf("pidns start %d", n.PidnsInitStartTS)
	}
	o := h.e.Thread(200)
	if o.Known != KnownCaps || o.CapEffective != caps[2] || o.ExeIno != 0 || o.PidnsInitStartTS != 0 {
		t.Errorf("0.7 entry %+v", o)
	}
	if b := h.e.Thread(300); b.Known != 0 {
		t.Errorf("0.29 entry known %b", b.Known)
	}

	// A clone passes everything on; an old-style execve makes it unknown again.
	h.run(100, evCloneV20E)
	h.run(100, evCloneV20X, cloneX(400, "bash", nil, 100, 100, 1, "bash", nil, 0, 0, 0, 100, 100)...)
	c := h.e.Thread(400)
	if c == nil || c.Known != n.Known || c.CapEffective != caps[2] || c.ExeIno != 4242 || c.PidnsInitStartTS != n.PidnsInitStartTS {
		t.Fatalf("clone child %+v", c)
	}
	h.run(400, evExecveV19X, execveX(0, "ls", nil, 400, 400, 100, "ls", nil, nil)...)
	if c.Known != 0 || c.ExeIno != 0 || c.CapEffective != 0 {
		t.Errorf("after a 0.29 execve: known %b ino %d caps %x", c.Known, c.ExeIno, c.CapEffective)
	}
}

func TestNewerDataFromExecve(t *testing.T) {
	h := newHarness(t, bashSection())
	params := execveX(0, "payload", nil, 100, 100, 1, "payload", nil, nil)
	params[19] = u32(exeUpperLayer | exeFromMemfd)
	params = append(params, u64(1), u64(1<<16), u64(1<<16|1<<21), // caps
		u64(99), u64(1000), u64(900), // exe inode, ctime, mtime
		u32(0), cs("/memfd:x (deleted)")) // uid, trusted exepath
	h.runNewer(100, evExecveV19X, params...)
	th := h.e.Thread(100)
	want := KnownCaps | KnownExeUpperLayer | KnownExeFromMemfd
	if th.Known != want || th.CapInheritable != 1 || th.CapPermitted != 1<<16 || th.CapEffective != 1<<16|1<<21 {
		t.Errorf("caps %x %x %x known %b", th.CapInheritable, th.CapPermitted, th.CapEffective, th.Known)
	}
	if !th.ExeUpperLayer || !th.ExeFromMemfd || th.ExeLowerLayer || th.ExeIno != 99 || th.ExeInoCtime != 1000 || th.ExeInoMtime != 900 {
		t.Errorf("exe data %+v", th)
	}
	// The 0.10 layout without the memfd bit: memfd stays unknown.
	params = execveX(0, "ls", nil, 100, 100, 1, "ls", nil, nil)
	params = append(params, u64(0), u64(0), u64(0), u64(5), u64(6), u64(7))
	h.runNewer(100, evExecveV19X, params...)
	if th.Known != KnownCaps|KnownExeUpperLayer || th.ExeUpperLayer || th.ExeIno != 5 {
		t.Errorf("0.10 execve: known %b upper %v ino %d", th.Known, th.ExeUpperLayer, th.ExeIno)
	}
	// A failed execve changes nothing.
	params[0] = i64(-2)
	params[23] = u64(123)
	h.runNewer(100, evExecveV19X, params...)
	if th.ExeIno != 5 {
		t.Errorf("failed execve changed the inode to %d", th.ExeIno)
	}
}

func TestOpenKeepsRawName(t *testing.T) {
	h := newHarness(t, bashSection())
	h.pair(100, evOpenE, nil, i64(7), cs("../alice//notes.txt"), u32(1), u32(0), u32(0))
	h.pair(100, evOpenE, nil, i64(8), cs("/etc/hosts"), u32(1), u32(0), u32(0))
	m := h.e.Thread(100)
	if f := m.FDs.Get(7); f == nil || f.Name != "/home/alice/notes.txt" || f.NameRaw != "../alice//notes.txt" {
		t.Errorf("relative open: %+v", f)
	}
	if f := m.FDs.Get(8); f == nil || f.NameRaw != "/etc/hosts" {
		t.Errorf("absolute open: %+v", f)
	}
	if f := m.FDs.Get(3); f == nil || f.NameRaw != "" {
		t.Errorf("fd from the fd list: %+v", f)
	}
}

func TestNewerDataSurvivesSnapshots(t *testing.T) {
	bash := proc(100, 100, 1, "bash", "/")
	bash.Tail = tail010(5, 1000, [3]uint64{1, 2, 3}, true, 11, 12, 13, 0, 1)
	h := newHarness(t, section(bash))
	h.pair(100, evOpenE, nil, i64(7), cs("a/../b"), u32(1), u32(0), u32(0))
	img, err := h.e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	e2 := New(Options{})
	if err := e2.Restore(img); err != nil {
		t.Fatal(err)
	}
	a, b := h.e.Thread(100), e2.Thread(100)
	if b.Known != a.Known || b.CapEffective != 3 || b.ExeIno != 11 || b.ExeInoMtime != 13 || b.PidnsInitStartTS != 5 || !b.ExeLowerLayer {
		t.Errorf("restored newer data %+v, want %+v", b, a)
	}
	if f := b.FDs.Get(7); f == nil || f.NameRaw != "a/../b" {
		t.Errorf("restored raw name: %+v", f)
	}
	// Capture metadata keeps the capabilities, in the layout sysdig 0.29 also reads.
	e3 := New(Options{})
	e3.LoadSection(h.e.Snapshot())
	c := e3.Thread(100)
	if c.Known != KnownCaps || c.CapPermitted != 2 || c.LoginUID != a.LoginUID {
		t.Errorf("reloaded snapshot: known %b caps %x loginuid %d", c.Known, c.CapPermitted, c.LoginUID)
	}
}

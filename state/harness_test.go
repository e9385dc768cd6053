package state

import (
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
)

// harness feeds events built with event.Append to an engine, one at a time, with
// increasing timestamps and event numbers.
type harness struct {
	t   testing.TB
	e   *Engine
	ts  uint64
	num uint64
	ev  event.Event
}

func newHarness(t testing.TB, sec *scap.Section) *harness {
	h := &harness{t: t, e: New(Options{}), ts: 1_700_000_000_000_000_000}
	h.e.LoadSection(sec)
	return h
}

// run processes one event and returns its context (valid until the next run).
func (h *harness) run(tid int64, typ uint16, params ...[]byte) *EventContext {
	h.t.Helper()
	info := schema.Info(typ)
	if info == nil {
		h.t.Fatalf("unknown event type %d", typ)
	}
	if len(params) > len(info.Params) && typ < schema.LegacyMax {
		h.t.Fatalf("%s takes %d parameters, got %d", info.PPME, len(info.Params), len(params))
	}
	h.ts += 1000
	h.num++
	h.ev = event.Event{Raw: event.Append(nil, h.ts, tid, typ, params...), Num: h.num}
	return h.e.Process(&h.ev)
}

// pair runs an enter event with its parameters, then the exit with its own.
func (h *harness) pair(tid int64, enter uint16, ep [][]byte, xp ...[]byte) *EventContext {
	h.t.Helper()
	h.run(tid, enter, ep...)
	return h.run(tid, enter+1, xp...)
}

func p(params ...[]byte) [][]byte { return params }

func ip4(s string) []byte { a := netip.MustParseAddr(s).As4(); return a[:] }
func ip6(s string) []byte { a := netip.MustParseAddr(s).As16(); return a[:] }

func port(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }

// sockaddr4 encodes a PT_SOCKADDR of an IPv4 address.
func sockaddr4(ip string, pt uint16) []byte {
	return append(append([]byte{afInet}, ip4(ip)...), port(pt)...)
}

func sockaddr6(ip string, pt uint16) []byte {
	return append(append([]byte{afInet6}, ip6(ip)...), port(pt)...)
}

// tuple4 encodes a PT_SOCKTUPLE of an IPv4 connection.
func tuple4(sip string, sport uint16, dip string, dport uint16) []byte {
	b := append([]byte{afInet}, ip4(sip)...)
	b = append(b, port(sport)...)
	b = append(b, ip4(dip)...)
	return append(b, port(dport)...)
}

func tuple6(sip string, sport uint16, dip string, dport uint16) []byte {
	b := append([]byte{afInet6}, ip6(sip)...)
	b = append(b, port(sport)...)
	b = append(b, ip6(dip)...)
	return append(b, port(dport)...)
}

func unixTuple(src, dst uint64, path string) []byte {
	b := []byte{afUnix}
	b = binary.LittleEndian.AppendUint64(b, src)
	b = binary.LittleEndian.AppendUint64(b, dst)
	return append(b, event.CStr(path)...)
}

var (
	i64 = event.I64
	u32 = event.U32
	u64 = event.U64
	u8  = event.U8
	cs  = event.CStr
)

// nul joins strings each followed by a NUL (args, env, cgroups blobs).
func nul(ss ...string) []byte { return joinNUL(ss) }

// cloneX builds the 21 parameters of a CLONE_20_X/CLONE3_X exit.
func cloneX(res int64, exe string, args []string, tid, pid, ptid int64, comm string, cgroups []string, flags uint32, uid, gid uint32, vtid, vpid int64) [][]byte {
	return p(i64(res), cs(exe), nul(args...), i64(tid), i64(pid), i64(ptid), cs(""), i64(1024),
		u64(0), u64(0), u32(0), u32(0), u32(0), cs(comm), nul(cgroups...), u32(flags),
		u32(uid), u32(gid), i64(vtid), i64(vpid))
}

// execveX builds the 20 parameters of an EXECVE_19_X exit.
func execveX(res int64, exe string, args []string, tid, pid, ptid int64, comm string, cgroups, env []string) [][]byte {
	return p(i64(res), cs(exe), nul(args...), i64(tid), i64(pid), i64(ptid), cs("/"), u64(4096),
		u64(1), u64(2), u32(300), u32(40), u32(0), cs(comm), nul(cgroups...), nul(env...),
		event.U32(0), i64(pid), event.U32(1000), u32(0))
}

// proc builds a process-list entry.
func proc(tid, pid, ptid int64, comm, cwd string, args ...string) scap.Process {
	return scap.Process{Tid: tid, Pid: pid, Ptid: ptid, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1,
		Comm: comm, Exe: comm, ExePath: "/bin/" + comm, Args: nul(args...), Cwd: cwd,
		FDLimit: 1024, UID: 1000, GID: 1000, LoginUID: -1}
}

// section builds capture metadata with one interface (eth0 10.0.0.5/24 plus lo).
func section(procs ...scap.Process) *scap.Section {
	s := &scap.Section{Processes: procs, HasInterfaces: true, HasUsers: true}
	lo := scap.Interface{Type: scap.IfIPv4, Name: "lo"}
	copy(lo.Addr[:], ip4("127.0.0.1"))
	copy(lo.Netmask[:], ip4("255.0.0.0"))
	eth := scap.Interface{Type: scap.IfIPv4, Name: "eth0"}
	copy(eth.Addr[:], ip4("10.0.0.5"))
	copy(eth.Netmask[:], ip4("255.255.255.0"))
	s.Interfaces = []scap.Interface{lo, eth}
	s.Users = []scap.User{{UID: 0, GID: 0, Name: "root", Home: "/root", Shell: "/bin/bash"},
		{UID: 1000, GID: 1000, Name: "alice", Home: "/home/alice", Shell: "/bin/zsh"}}
	s.Groups = []scap.Group{{GID: 0, Name: "root"}, {GID: 1000, Name: "alice"}}
	return s
}

// syntheticEngine is an engine whose state touches every part of the binary image:
// threads with fds and a stored enter event, a pending close and procexit, users,
// groups, interfaces, containers.
func syntheticEngine(t testing.TB) *Engine {
	bash := proc(100, 100, 1, "bash", "/home/alice", "-l")
	bash.Env = nul("HOME=/home/alice", "TERM=xterm")
	bash.Cgroups = nul("cpu=/docker/" + dockerID)
	thr := proc(101, 100, 1, "bash", "")
	thr.Flags = CloneThread | CloneFiles
	sec := section(bash, thr)
	sec.FDLists = []scap.FDList{{Tid: 100, FDs: []scap.FD{
		{Fd: 0, Type: scap.FDFileV2, Name: "/dev/pts/0", OpenFlags: 3},
		{Fd: 3, Type: scap.FDIPv4Sock, L4Proto: L4TCP, SPort: 40000, DPort: 443,
			SIP: [16]byte{10, 0, 0, 5}, DIP: [16]byte{1, 2, 3, 4}},
	}}}
	h := newHarness(t, sec)
	h.run(-1, evContainerJsonE, cs(`{"container":{"id":"`+dockerID[:12]+`","name":"web","image":"nginx","type":0,"ip":"172.17.0.2","labels":{"a":"b"}}}`))
	h.pair(100, evOpenE, nil, i64(4), cs("notes.txt"), u32(1), u32(0), u32(0))
	h.run(100, evCloseE, i64(4))
	h.run(100, evCloseX, i64(0))
	h.run(101, evSetuidE, u32(0))
	h.run(102, evProcexitV1E, i64(0), i64(0), u8(0), u8(0))
	return h.e
}

const dockerID = "4f1a7c8b9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809123"

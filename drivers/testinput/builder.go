package testinput

import (
	"strings"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// Event types the builders emit (ids of events.tsv, the versions the probe writes).
const (
	GenericE  = 0
	GenericX  = 1
	CloseE    = 4
	CloseX    = 5
	ReadE     = 6
	ReadX     = 7
	WriteE    = 8
	WriteX    = 9
	SocketE   = 18
	SocketX   = 19
	ConnectE  = 22
	ConnectX  = 23
	ProcExitE = 186
	Clone20E  = 222
	Clone20X  = 223
	Execve19E = 292
	Execve19X = 293
	OpenatE   = 306
	OpenatX   = 307
)

// Builder appends driver-format events to a buffer.
type Builder struct {
	buf []byte
}

// Bytes returns the events built so far, concatenated.
func (b *Builder) Bytes() []byte { return b.buf }

// Reset empties the buffer, keeping its memory.
func (b *Builder) Reset() { b.buf = b.buf[:0] }

// Event appends one event of any type with raw parameter values.
func (b *Builder) Event(ts uint64, tid int64, typ uint16, params ...[]byte) {
	b.buf = event.Append(b.buf, ts, tid, typ, params...)
}

// Generic appends the generic enter and exit events of syscall nr, as the probe
// reports syscalls without a dedicated event.
func (b *Builder) Generic(ts uint64, tid int64, nr uint16) {
	var code uint16
	for i := range schema.Syscalls {
		if schema.Syscalls[i].Nr == nr {
			code = schema.Syscalls[i].PPMSC
		}
	}
	b.Event(ts, tid, GenericE, event.U16(code), event.U16(nr))
	b.Event(ts+1, tid, GenericX, event.U16(code))
}

// Openat appends the openat enter and exit events of a call returning fd (or -errno).
// flags are PPM_O_* bits (file_flags), dirfd -100 is AT_FDCWD.
func (b *Builder) Openat(ts uint64, tid int64, dirfd int64, path string, flags, mode uint32, fd int64) {
	b.Event(ts, tid, OpenatE, event.I64(dirfd), event.CStr(path), event.U32(flags), event.U32(mode))
	b.Event(ts+1, tid, OpenatX, event.I64(fd), event.I64(dirfd), event.CStr(path), event.U32(flags),
		event.U32(mode), event.U32(0))
}

// Close appends close enter and exit events.
func (b *Builder) Close(ts uint64, tid int64, fd, res int64) {
	b.Event(ts, tid, CloseE, event.I64(fd))
	b.Event(ts+1, tid, CloseX, event.I64(res))
}

// Read appends read enter and exit events; data is what the call returned (the probe
// keeps at most its snaplen of it).
func (b *Builder) Read(ts uint64, tid int64, fd int64, size uint32, data []byte) {
	b.Event(ts, tid, ReadE, event.I64(fd), event.U32(size))
	b.Event(ts+1, tid, ReadX, event.I64(int64(len(data))), data)
}

// Write appends write enter and exit events.
func (b *Builder) Write(ts uint64, tid int64, fd int64, data []byte) {
	b.Event(ts, tid, WriteE, event.I64(fd), event.U32(uint32(len(data))))
	b.Event(ts+1, tid, WriteX, event.I64(int64(len(data))), data)
}

// Proc describes the process an execve or clone event reports.
type Proc struct {
	Tid, Pid, Ptid int64
	Exe            string   // argv[0]
	Args           []string // argv[1:]
	Comm           string
	Env            []string
	UID, GID       uint32
	FDLimit        uint64
}

func nulJoin(parts []string) []byte {
	if len(parts) == 0 {
		return nil
	}
	return []byte(strings.Join(parts, "\x00") + "\x00")
}

// common appends the parameters clone and execve exits share (0-14).
func common(p Proc, res int64) [][]byte {
	return [][]byte{
		event.I64(res), event.CStr(p.Exe), nulJoin(p.Args), event.I64(p.Tid), event.I64(p.Pid),
		event.I64(p.Ptid), event.CStr(""), event.U64(p.FDLimit), event.U64(0), event.U64(0),
		event.U32(0), event.U32(0), event.U32(0), event.CStr(p.Comm), nil,
	}
}

// Execve appends the execve enter event (filename) and the 20-parameter exit event.
func (b *Builder) Execve(ts uint64, filename string, p Proc, res int64) {
	b.Event(ts, p.Tid, Execve19E, event.CStr(filename))
	ps := common(p, res)
	ps = append(ps, nulJoin(p.Env), event.U32(0), event.I64(p.Pid), event.U32(0xffffffff), event.U32(0))
	b.Event(ts+1, p.Tid, Execve19X, ps...)
}

// CloneExit appends a clone exit event as seen by the thread p.Tid: res is the child's
// tid in the parent, 0 in the child. flags are PPM_CL_* bits.
func (b *Builder) CloneExit(ts uint64, p Proc, res int64, flags uint32) {
	ps := common(p, res)
	ps = append(ps, event.U32(flags), event.U32(p.UID), event.U32(p.GID), event.I64(p.Tid), event.I64(p.Pid))
	b.Event(ts, p.Tid, Clone20X, ps...)
}

// Fork appends the events of a fork as the probe records it: the parent's clone enter and
// exit, then the child's exit.
func (b *Builder) Fork(ts uint64, parent Proc, childTid int64) {
	b.Event(ts, parent.Tid, Clone20E)
	b.CloneExit(ts+1, parent, childTid, 0)
	child := parent
	child.Tid, child.Pid, child.Ptid = childTid, childTid, parent.Pid
	b.CloneExit(ts+2, child, 0, 0)
}

// ProcExit appends a process exit event with the wait status code.
func (b *Builder) ProcExit(ts uint64, tid int64, code int64) {
	b.Event(ts, tid, ProcExitE, event.I64(code), event.I64((code>>8)&0xff), event.U8(uint8(code&0x7f)),
		event.U8(0))
}

// IPv4Tuple encodes a PT_SOCKTUPLE for an IPv4 connection src -> dst.
func IPv4Tuple(sip [4]byte, sport uint16, dip [4]byte, dport uint16) []byte {
	t := []byte{2}
	t = append(t, sip[:]...)
	t = append(t, byte(sport), byte(sport>>8))
	t = append(t, dip[:]...)
	return append(t, byte(dport), byte(dport>>8))
}

// IPv4Addr encodes a PT_SOCKADDR for an IPv4 address.
func IPv4Addr(ip [4]byte, port uint16) []byte {
	a := []byte{2}
	a = append(a, ip[:]...)
	return append(a, byte(port), byte(port>>8))
}

// Connect appends socket, connect enter and connect exit events of a TCP client.
func (b *Builder) Connect(ts uint64, tid int64, fd int64, local, remote [4]byte, lport, rport uint16, res int64) {
	b.Event(ts, tid, SocketE, event.U32(2), event.U32(1), event.U32(0))
	b.Event(ts+1, tid, SocketX, event.I64(fd))
	b.Event(ts+2, tid, ConnectE, event.I64(fd), IPv4Addr(remote, rport))
	b.Event(ts+3, tid, ConnectX, event.I64(res), IPv4Tuple(local, lport, remote, rport))
}

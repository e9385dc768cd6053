package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/scrylabs/scry/formats/scap"
)

// sectionMagic starts an encoded section; sectionCodecVersion is bumped when the layout
// changes (decoders keep reading every older version).
const (
	sectionMagic        = "SCSN"
	sectionCodecVersion = 3
)

// ErrSnapshot is matched by errors about an undecodable section or state snapshot.
var ErrSnapshot = errors.New("bad snapshot")

// AppendSection appends the binary encoding of s (every field of every list, in order)
// to dst.
func AppendSection(dst []byte, s *scap.Section) []byte {
	e := enc{b: dst}
	e.raw([]byte(sectionMagic))
	e.uv(sectionCodecVersion)
	e.uv(uint64(s.Index))
	e.v(s.Offset)
	e.uv(uint64(s.Header.Major))
	e.uv(uint64(s.Header.Minor))
	e.uv(s.Header.SectionLength)
	if s.Machine == nil {
		e.uv(0)
	} else {
		m := s.Machine
		e.uv(1)
		e.uv(uint64(m.NumCPUs))
		e.uv(m.MemoryBytes)
		e.uv(m.MaxPID)
		e.str(m.Hostname)
		e.uv(m.BootTS)
		e.uv(m.Flags)
		e.uv(m.Reserved3)
		e.uv(m.Reserved4)
	}
	e.processColumns(s.Processes)
	e.fdColumns(s.FDLists)
	e.bool(s.HasInterfaces)
	e.uv(uint64(len(s.Interfaces)))
	for i := range s.Interfaces {
		it := &s.Interfaces[i]
		e.uv(uint64(it.Type))
		e.str(it.Name)
		e.raw(it.Addr[:])
		e.raw(it.Netmask[:])
		e.raw(it.Bcast[:])
		e.uv(it.LinkSpeed)
	}
	e.bool(s.HasUsers)
	e.uv(uint64(len(s.Users)))
	for i := range s.Users {
		u := &s.Users[i]
		e.uv(uint64(u.UID))
		e.uv(uint64(u.GID))
		e.str(u.Name)
		e.str(u.Home)
		e.str(u.Shell)
	}
	e.uv(uint64(len(s.Groups)))
	for i := range s.Groups {
		e.uv(uint64(s.Groups[i].GID))
		e.str(s.Groups[i].Name)
	}
	return e.b
}

// DecodeSection decodes what AppendSection encoded.
func DecodeSection(b []byte) (*scap.Section, error) {
	d := dec{b: b}
	if string(d.take(len(sectionMagic))) != sectionMagic {
		return nil, fmt.Errorf("%w: section encoding does not start with %q", ErrSnapshot, sectionMagic)
	}
	version := d.uv()
	if version < 1 || version > sectionCodecVersion {
		return nil, fmt.Errorf("%w: section encoding version %d, this build reads 1 to %d", ErrSnapshot, version, sectionCodecVersion)
	}
	s := &scap.Section{Index: int(d.uv()), Offset: d.v()}
	s.Header.Major, s.Header.Minor, s.Header.SectionLength = uint16(d.uv()), uint16(d.uv()), d.uv()
	if d.uv() == 1 {
		m := &scap.MachineInfo{NumCPUs: uint32(d.uv()), MemoryBytes: d.uv(), MaxPID: d.uv(), Hostname: d.str()}
		m.BootTS, m.Flags, m.Reserved3, m.Reserved4 = d.uv(), d.uv(), d.uv(), d.uv()
		s.Machine = m
	}
	if version >= 2 {
		s.Processes = d.processColumns(version)
		s.FDLists = d.fdColumns(version)
	} else {
		d.recordTables(s)
	}
	s.HasInterfaces = d.bool()
	if n := d.count(); n > 0 {
		s.Interfaces = make([]scap.Interface, n)
		for i := range s.Interfaces {
			it := &s.Interfaces[i]
			it.Type, it.Name = uint16(d.uv()), d.str()
			copy(it.Addr[:], d.take(16))
			copy(it.Netmask[:], d.take(16))
			copy(it.Bcast[:], d.take(16))
			it.LinkSpeed = d.uv()
		}
	}
	s.HasUsers = d.bool()
	if n := d.count(); n > 0 {
		s.Users = make([]scap.User, n)
		for i := range s.Users {
			u := &s.Users[i]
			u.UID, u.GID = uint32(d.uv()), uint32(d.uv())
			u.Name, u.Home, u.Shell = d.str(), d.str(), d.str()
		}
	}
	if n := d.count(); n > 0 {
		s.Groups = make([]scap.Group, n)
		for i := range s.Groups {
			s.Groups[i].GID, s.Groups[i].Name = uint32(d.uv()), d.str()
		}
	}
	if d.bad {
		return nil, fmt.Errorf("%w: section encoding cut short or inconsistent at byte %d of %d", ErrSnapshot, d.off, len(b))
	}
	if d.off != len(b) {
		return nil, fmt.Errorf("%w: %d bytes after the section encoding", ErrSnapshot, len(b)-d.off)
	}
	return s, nil
}

// recordTables reads the process and fd tables of version 1, one record after another.
func (d *dec) recordTables(s *scap.Section) {
	if n := d.count(); n > 0 {
		s.Processes = make([]scap.Process, n)
		for i := range s.Processes {
			d.process(&s.Processes[i])
		}
	}
	if n := d.count(); n > 0 {
		s.FDLists = make([]scap.FDList, n)
		for i := range s.FDLists {
			l := &s.FDLists[i]
			l.Tid = d.v()
			if m := d.count(); m > 0 {
				l.FDs = make([]scap.FD, m)
				for j := range l.FDs {
					d.fd(&l.FDs[j])
				}
			}
		}
	}
}

func (d *dec) process(p *scap.Process) {
	p.Tid, p.Pid, p.Ptid, p.Sid, p.Vpgid = d.v(), d.v(), d.v(), d.v(), d.v()
	p.Comm, p.Exe, p.ExePath = d.str(), d.str(), d.str()
	p.Args = d.bytes()
	p.Cwd = d.str()
	p.FDLimit = d.uv()
	p.Flags, p.UID, p.GID = uint32(d.uv()), uint32(d.uv()), uint32(d.uv())
	p.VMSizeKB, p.VMRSSKB, p.VMSwapKB = uint32(d.uv()), uint32(d.uv()), uint32(d.uv())
	p.PFMajor, p.PFMinor = d.uv(), d.uv()
	p.Env = d.bytes()
	p.Vtid, p.Vpid = d.v(), d.v()
	p.Cgroups = d.bytes()
	p.Root = d.str()
	p.LoginUID = int32(d.v())
	p.ExeWritable = d.bool()
	p.Tty = uint32(d.uv())
	p.Tail = d.nilBytes()
}

func (d *dec) fd(f *scap.FD) {
	f.Fd, f.Ino, f.Type = d.v(), d.uv(), uint8(d.uv())
	copy(f.SIP[:], d.take(16))
	copy(f.DIP[:], d.take(16))
	f.SPort, f.DPort, f.L4Proto = uint16(d.uv()), uint16(d.uv()), uint8(d.uv())
	f.Source, f.Dest = d.uv(), d.uv()
	f.Name = d.str()
	f.OpenFlags, f.Dev = uint32(d.uv()), uint32(d.uv())
	f.HasDev = d.bool()
	f.Extra = d.nilBytes()
}

// enc appends varint-framed values.
type enc struct{ b []byte }

func (e *enc) raw(p []byte)   { e.b = append(e.b, p...) }
func (e *enc) uv(v uint64)    { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) v(v int64)      { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) str(s string)   { e.uv(uint64(len(s))); e.b = append(e.b, s...) }
func (e *enc) bytes(p []byte) { e.uv(uint64(len(p))); e.b = append(e.b, p...) }

// nilBytes keeps the difference between nil and empty: 0 is nil, n+1 is n bytes.
func (e *enc) nilBytes(p []byte) {
	if p == nil {
		e.uv(0)
		return
	}
	e.uv(uint64(len(p)) + 1)
	e.b = append(e.b, p...)
}

func (e *enc) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// dec reads what enc wrote, with a sticky error: after the first bad read every
// accessor returns zero values and bad stays set.
type dec struct {
	b   []byte
	off int
	bad bool
}

func (d *dec) take(n int) []byte {
	if d.bad || n < 0 || n > len(d.b)-d.off {
		d.bad = true
		return nil
	}
	p := d.b[d.off : d.off+n]
	d.off += n
	return p
}

func (d *dec) uv() uint64 {
	if d.bad {
		return 0
	}
	v, n := binary.Uvarint(d.b[d.off:])
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.off += n
	return v
}

func (d *dec) v() int64 {
	if d.bad {
		return 0
	}
	v, n := binary.Varint(d.b[d.off:])
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.off += n
	return v
}

// count reads a list length, refusing lengths that cannot fit in what is left.
func (d *dec) count() int {
	n := d.uv()
	if n > uint64(len(d.b)-d.off) {
		d.bad = true
		return 0
	}
	return int(n)
}

func (d *dec) str() string { return string(d.take(d.count())) }

func (d *dec) bytes() []byte {
	n := d.count()
	if n == 0 {
		return nil
	}
	return append([]byte(nil), d.take(n)...)
}

func (d *dec) nilBytes() []byte {
	n := d.uv()
	if n == 0 {
		return nil
	}
	if n-1 > uint64(len(d.b)-d.off) {
		d.bad = true
		return nil
	}
	return append([]byte{}, d.take(int(n-1))...)
}

func (d *dec) bool() bool {
	p := d.take(1)
	return p != nil && p[0] != 0
}

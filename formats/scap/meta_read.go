package scap

import (
	"fmt"
	"slices"
)

// Process-list entry string limits of the reader (SCAP_MAX_PATH_SIZE, SCAP_MAX_ARGS_SIZE...).
const (
	maxPathLen = 1024
	maxArgsLen = 4096
)

func parseSectionHeader(body []byte) (SectionHeader, uint32, bool) {
	c := cursor{b: body}
	magic := c.u32()
	h := SectionHeader{Major: c.u16(), Minor: c.u16(), SectionLength: c.u64()}
	return h, magic, c.ok()
}

func parseMachineInfo(body []byte) (*MachineInfo, error) {
	if len(body) < 180 {
		return nil, fmt.Errorf("machine info body of %d bytes, want 180", len(body))
	}
	c := cursor{b: body}
	mi := &MachineInfo{NumCPUs: c.u32(), MemoryBytes: c.u64(), MaxPID: c.u64()}
	host := c.take(128)
	for i, b := range host {
		if b == 0 {
			host = host[:i]
			break
		}
	}
	mi.Hostname = string(host)
	mi.BootTS, mi.Flags, mi.Reserved3, mi.Reserved4 = c.u64(), c.u64(), c.u64(), c.u64()
	return mi, nil
}

// parseProcessList appends the entries of a process list body to out, their strings and
// blobs copied into a.
func parseProcessList(a *metaArena, out []Process, body []byte, version int) ([]Process, error) {
	c := cursor{b: body}
	if version == 9 {
		out = slices.Grow(out, countSizedEntries(body))
	}
	first := len(out)
	for c.left() >= 4 {
		start := c.off
		var subLen int
		if version == 9 {
			subLen = int(c.u32())
		}
		p := Process{Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1}
		p.Tid, p.Pid, p.Ptid = int64(c.u64()), int64(c.u64()), int64(c.u64())
		if version >= 6 {
			p.Sid = int64(c.u64())
		}
		if version >= 8 {
			p.Vpgid = int64(c.u64())
		}
		p.Comm = a.str16(&c)
		p.Exe = a.str16(&c)
		if version >= 7 {
			p.ExePath = a.str16(&c)
		}
		p.Args = a.blob16(&c, blobArgs)
		p.Cwd = a.str16(&c)
		p.FDLimit = c.u64()
		p.Flags, p.UID, p.GID = c.u32(), c.u32(), c.u32()
		if version >= 2 {
			p.VMSizeKB, p.VMRSSKB, p.VMSwapKB = c.u32(), c.u32(), c.u32()
			p.PFMajor, p.PFMinor = c.u64(), c.u64()
		}
		if version >= 3 {
			p.Env = a.blob16(&c, blobEnv)
		}
		if version >= 4 {
			p.Vtid, p.Vpid = int64(c.u64()), int64(c.u64())
			p.Cgroups = a.blob16(&c, blobCgroups)
		}
		if version >= 5 {
			p.Root = a.str16(&c)
		}
		if !c.ok() {
			return out, fmt.Errorf("process entry %d (PL_V%d) cut short at body offset %d", len(out)-first, version, start)
		}
		if len(p.Comm) > maxPathLen || len(p.Exe) > maxPathLen || len(p.Args) > maxArgsLen {
			return out, fmt.Errorf("process entry %d (tid %d): string longer than the format allows", len(out)-first, p.Tid)
		}
		if version == 9 && subLen != 0 {
			used := c.off - start
			if used > subLen {
				return out, fmt.Errorf("process entry %d (tid %d): read %d bytes, entry length is %d", len(out)-first, p.Tid, used, subLen)
			}
			p.Tail = a.keep(c.take(subLen - used))
			p.decodeTail()
		}
		out = append(out, p)
	}
	return out, nil
}

// decodeTail reads loginuid and exe_writable from a V9 entry's tail. Entries of libs
// 0.10 and later insert pidns_init_start_ts (u64) and tty (u32) first; like newer
// readers, a tail longer than the 0.29 layout's 29 bytes is taken to have them.
func (p *Process) decodeTail() {
	c := cursor{b: p.Tail}
	if len(p.Tail) > 29 {
		c.u64()
		p.Tty = c.u32()
	}
	if c.left() >= 4 {
		p.LoginUID = int32(c.u32())
	}
	if c.left() >= 1 {
		p.ExeWritable = c.u8() != 0
	}
}

// parseFDList decodes an fd list body, its names and extra bytes copied into a and its
// entries into a's fd slab.
func parseFDList(a *metaArena, body []byte, v2 bool) (FDList, error) {
	c := cursor{b: body}
	l := FDList{Tid: int64(c.u64())}
	if !c.ok() {
		return l, fmt.Errorf("fd list shorter than its tid")
	}
	fds := a.scratch[:0]
	defer func() { a.scratch = fds[:0] }()
	for c.left() >= 4 {
		start := c.off
		var subLen int
		if v2 {
			subLen = int(c.u32())
		}
		fd := FD{Fd: int64(c.u64()), Ino: c.u64(), Type: c.u8()}
		switch fd.Type {
		case FDIPv4Sock:
			copy(fd.SIP[:4], c.take(4))
			copy(fd.DIP[:4], c.take(4))
			fd.SPort, fd.DPort, fd.L4Proto = c.u16(), c.u16(), c.u8()
		case FDIPv4ServSock:
			copy(fd.SIP[:4], c.take(4))
			fd.SPort, fd.L4Proto = c.u16(), c.u8()
		case FDIPv6Sock:
			copy(fd.SIP[:], c.take(16))
			copy(fd.DIP[:], c.take(16))
			fd.SPort, fd.DPort, fd.L4Proto = c.u16(), c.u16(), c.u8()
		case FDIPv6ServSock:
			copy(fd.SIP[:], c.take(16))
			fd.SPort, fd.L4Proto = c.u16(), c.u8()
		case FDUnixSock:
			fd.Source, fd.Dest = c.u64(), c.u64()
			fd.Name = a.str16(&c)
		case FDFileV2:
			fd.OpenFlags = c.u32()
			fd.Name = a.str16(&c)
			if v2 && subLen-(c.off-start) >= 4 {
				fd.Dev, fd.HasDev = c.u32(), true
			}
		case FDFile, FDDirectory, FDFifo, FDEvent, FDUnsupported, FDSignalfd, FDEventpoll,
			FDInotify, FDTimerfd, FDNetlink, FDBPF, FDUserfaultfd, FDIOUring, FDMemfd, FDPidfd:
			fd.Name = a.str16(&c)
		default:
			if !v2 || subLen == 0 {
				return l, fmt.Errorf("fd entry %d of tid %d: unknown fd type %d", len(fds), l.Tid, fd.Type)
			}
		}
		if !c.ok() {
			return l, fmt.Errorf("fd entry %d of tid %d cut short", len(fds), l.Tid)
		}
		if v2 && subLen != 0 {
			used := c.off - start
			if used > subLen {
				return l, fmt.Errorf("fd entry %d of tid %d: read %d bytes, entry length is %d", len(fds), l.Tid, used, subLen)
			}
			if subLen > used {
				fd.Extra = a.keep(c.take(subLen - used))
			}
		}
		fds = append(fds, fd)
	}
	l.FDs = a.keepFDs(fds)
	return l, nil
}

func parseInterfaceList(a *metaArena, body []byte, v2 bool) ([]Interface, error) {
	c := cursor{b: body}
	var out []Interface
	for c.left() >= 4 {
		var entryLen int
		if v2 {
			entryLen = int(c.u32())
		}
		start := c.off
		it := Interface{Type: c.u16()}
		nameLen := int(c.u16())
		switch it.Type {
		case IfIPv4, IfIPv4NoLinkSpeed:
			copy(it.Addr[:4], c.take(4))
			copy(it.Netmask[:4], c.take(4))
			copy(it.Bcast[:4], c.take(4))
		case IfIPv6, IfIPv6NoLinkSpeed:
			copy(it.Addr[:], c.take(16))
			copy(it.Netmask[:], c.take(16))
			copy(it.Bcast[:], c.take(16))
		default:
			return out, fmt.Errorf("interface entry %d: unknown interface type %d", len(out), it.Type)
		}
		if it.Type == IfIPv4 || it.Type == IfIPv6 {
			it.LinkSpeed = c.u64()
		}
		it.Name = viewString(a.keep(c.take(nameLen)))
		if !c.ok() {
			return out, fmt.Errorf("interface entry %d cut short", len(out))
		}
		if v2 && entryLen != 0 {
			used := c.off - start
			if used > entryLen {
				return out, fmt.Errorf("interface entry %d: read %d bytes, entry length is %d", len(out), used, entryLen)
			}
			c.take(entryLen - used)
		}
		out = append(out, it)
	}
	return out, nil
}

func parseUserList(a *metaArena, body []byte, v2 bool) ([]User, []Group, error) {
	c := cursor{b: body}
	var users []User
	var groups []Group
	for c.left() >= 4 {
		start := c.off
		var subLen int
		if v2 {
			subLen = int(c.u32())
		}
		if c.u8() == 0 {
			u := User{UID: c.u32(), GID: c.u32()}
			u.Name, u.Home, u.Shell = a.str16(&c), a.str16(&c), a.str16(&c)
			users = append(users, u)
		} else {
			groups = append(groups, Group{GID: c.u32(), Name: a.str16(&c)})
		}
		if !c.ok() {
			return users, groups, fmt.Errorf("user list entry %d cut short", len(users)+len(groups))
		}
		if v2 && subLen != 0 {
			used := c.off - start
			if used > subLen {
				return users, groups, fmt.Errorf("user list entry %d: read %d bytes, entry length is %d", len(users)+len(groups), used, subLen)
			}
			c.take(subLen - used)
		}
	}
	return users, groups, nil
}

package scap

import (
	"encoding/binary"
	"fmt"
)

var le = binary.LittleEndian

// appendStr16 appends a u16-length-prefixed string or blob (no terminator).
func appendStr16[T string | []byte](b []byte, s T, limit int, what string) ([]byte, error) {
	if len(s) > limit || len(s) > 0xFFFF {
		return b, fmt.Errorf("%s of %d bytes exceeds the format's limit of %d", what, len(s), limit)
	}
	b = le.AppendUint16(b, uint16(len(s)))
	return append(b, s...), nil
}

// appendMachineInfo appends the 180-byte machine info body.
func appendMachineInfo(b []byte, mi *MachineInfo) []byte {
	b = le.AppendUint32(b, mi.NumCPUs)
	b = le.AppendUint64(b, mi.MemoryBytes)
	b = le.AppendUint64(b, mi.MaxPID)
	var host [128]byte
	copy(host[:127], mi.Hostname)
	b = append(b, host[:]...)
	b = le.AppendUint64(b, mi.BootTS)
	b = le.AppendUint64(b, mi.Flags)
	b = le.AppendUint64(b, mi.Reserved3)
	return le.AppendUint64(b, mi.Reserved4)
}

// appendProcesses appends V9 process list entries. An entry's Tail is written verbatim
// after root; without one, loginuid and exe_writable are written only when they differ
// from the reader defaults, so that entries of older versions read back unchanged.
func appendProcesses(b []byte, ps []Process) ([]byte, error) {
	for i := range ps {
		p := &ps[i]
		start := len(b)
		b = le.AppendUint32(b, 0) // entry length, filled in below
		b = le.AppendUint64(b, uint64(p.Tid))
		b = le.AppendUint64(b, uint64(p.Pid))
		b = le.AppendUint64(b, uint64(p.Ptid))
		b = le.AppendUint64(b, uint64(p.Sid))
		b = le.AppendUint64(b, uint64(p.Vpgid))
		var err error
		for _, f := range []struct {
			v     []byte
			limit int
			name  string
		}{
			{[]byte(p.Comm), maxPathLen, "comm"},
			{[]byte(p.Exe), maxPathLen, "exe"},
			{[]byte(p.ExePath), maxPathLen, "exepath"},
			{p.Args, maxArgsLen, "args"},
			{[]byte(p.Cwd), maxPathLen, "cwd"},
		} {
			if b, err = appendStr16(b, f.v, f.limit, f.name); err != nil {
				return b, fmt.Errorf("process entry %d (tid %d): %w", i, p.Tid, err)
			}
		}
		b = le.AppendUint64(b, p.FDLimit)
		b = le.AppendUint32(b, p.Flags)
		b = le.AppendUint32(b, p.UID)
		b = le.AppendUint32(b, p.GID)
		b = le.AppendUint32(b, p.VMSizeKB)
		b = le.AppendUint32(b, p.VMRSSKB)
		b = le.AppendUint32(b, p.VMSwapKB)
		b = le.AppendUint64(b, p.PFMajor)
		b = le.AppendUint64(b, p.PFMinor)
		if b, err = appendStr16(b, p.Env, maxArgsLen, "env"); err != nil {
			return b, fmt.Errorf("process entry %d (tid %d): %w", i, p.Tid, err)
		}
		b = le.AppendUint64(b, uint64(p.Vtid))
		b = le.AppendUint64(b, uint64(p.Vpid))
		if b, err = appendStr16(b, p.Cgroups, maxArgsLen, "cgroups"); err != nil {
			return b, fmt.Errorf("process entry %d (tid %d): %w", i, p.Tid, err)
		}
		if b, err = appendStr16(b, p.Root, maxPathLen, "root"); err != nil {
			return b, fmt.Errorf("process entry %d (tid %d): %w", i, p.Tid, err)
		}
		switch {
		case p.Tail != nil:
			b = append(b, p.Tail...)
		case p.LoginUID != -1 || p.ExeWritable:
			b = le.AppendUint32(b, uint32(p.LoginUID))
			w := uint8(0)
			if p.ExeWritable {
				w = 1
			}
			b = append(b, w)
		}
		le.PutUint32(b[start:], uint32(len(b)-start))
	}
	return b, nil
}

// appendFDList appends an FDL v2 body: the tid, then entries with their lengths.
func appendFDList(b []byte, l *FDList) ([]byte, error) {
	b = le.AppendUint64(b, uint64(l.Tid))
	for i := range l.FDs {
		fd := &l.FDs[i]
		start := len(b)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint64(b, uint64(fd.Fd))
		b = le.AppendUint64(b, fd.Ino)
		b = append(b, fd.Type)
		var err error
		switch fd.Type {
		case FDIPv4Sock:
			b = append(b, fd.SIP[:4]...)
			b = append(b, fd.DIP[:4]...)
			b = le.AppendUint16(b, fd.SPort)
			b = le.AppendUint16(b, fd.DPort)
			b = append(b, fd.L4Proto)
		case FDIPv4ServSock:
			b = append(b, fd.SIP[:4]...)
			b = le.AppendUint16(b, fd.SPort)
			b = append(b, fd.L4Proto)
		case FDIPv6Sock:
			b = append(b, fd.SIP[:]...)
			b = append(b, fd.DIP[:]...)
			b = le.AppendUint16(b, fd.SPort)
			b = le.AppendUint16(b, fd.DPort)
			b = append(b, fd.L4Proto)
		case FDIPv6ServSock:
			b = append(b, fd.SIP[:]...)
			b = le.AppendUint16(b, fd.SPort)
			b = append(b, fd.L4Proto)
		case FDUnixSock:
			b = le.AppendUint64(b, fd.Source)
			b = le.AppendUint64(b, fd.Dest)
			b, err = appendStr16(b, fd.Name, maxPathLen-1, "name")
		case FDFileV2:
			b = le.AppendUint32(b, fd.OpenFlags)
			b, err = appendStr16(b, fd.Name, maxPathLen-1, "name")
			if fd.HasDev {
				b = le.AppendUint32(b, fd.Dev)
			}
		case FDFile, FDDirectory, FDFifo, FDEvent, FDUnsupported, FDSignalfd, FDEventpoll,
			FDInotify, FDTimerfd, FDNetlink, FDBPF, FDUserfaultfd, FDIOUring, FDMemfd, FDPidfd:
			b, err = appendStr16(b, fd.Name, maxPathLen-1, "name")
		default:
			if len(fd.Extra) == 0 {
				return b, fmt.Errorf("fd entry %d (fd %d) of tid %d: fd type %d has no known layout", i, fd.Fd, l.Tid, fd.Type)
			}
		}
		if err != nil {
			return b, fmt.Errorf("fd entry %d (fd %d) of tid %d: %w", i, fd.Fd, l.Tid, err)
		}
		b = append(b, fd.Extra...)
		le.PutUint32(b[start:], uint32(len(b)-start))
	}
	return b, nil
}

// appendInterfaces appends IL v2 entries; each entry length excludes its own 4 bytes.
func appendInterfaces(b []byte, ifs []Interface) ([]byte, error) {
	for i := range ifs {
		it := &ifs[i]
		if len(it.Name) >= maxPathLen {
			return b, fmt.Errorf("interface entry %d: name of %d bytes exceeds the format's limit of %d", i, len(it.Name), maxPathLen-1)
		}
		start := len(b)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint16(b, it.Type)
		b = le.AppendUint16(b, uint16(len(it.Name)))
		switch it.Type {
		case IfIPv4, IfIPv4NoLinkSpeed:
			b = append(b, it.Addr[:4]...)
			b = append(b, it.Netmask[:4]...)
			b = append(b, it.Bcast[:4]...)
		case IfIPv6, IfIPv6NoLinkSpeed:
			b = append(b, it.Addr[:]...)
			b = append(b, it.Netmask[:]...)
			b = append(b, it.Bcast[:]...)
		default:
			return b, fmt.Errorf("interface entry %d (%s): unknown interface type %d", i, it.Name, it.Type)
		}
		if it.Type == IfIPv4 || it.Type == IfIPv6 {
			b = le.AppendUint64(b, it.LinkSpeed)
		}
		b = append(b, it.Name...)
		le.PutUint32(b[start:], uint32(len(b)-start-4))
	}
	return b, nil
}

// maxCredentialLen bounds user and group strings (MAX_CREDENTIALS_STR_LEN - 1).
const maxCredentialLen = 255

// appendUsers appends UL v2 entries: every user, then every group.
func appendUsers(b []byte, users []User, groups []Group) ([]byte, error) {
	var err error
	for i := range users {
		u := &users[i]
		start := len(b)
		b = le.AppendUint32(b, 0)
		b = append(b, 0)
		b = le.AppendUint32(b, u.UID)
		b = le.AppendUint32(b, u.GID)
		for _, s := range [...]string{u.Name, u.Home, u.Shell} {
			if b, err = appendStr16(b, s, maxCredentialLen, "user string"); err != nil {
				return b, fmt.Errorf("user entry %d (uid %d): %w", i, u.UID, err)
			}
		}
		le.PutUint32(b[start:], uint32(len(b)-start))
	}
	for i := range groups {
		g := &groups[i]
		start := len(b)
		b = le.AppendUint32(b, 0)
		b = append(b, 1)
		b = le.AppendUint32(b, g.GID)
		if b, err = appendStr16(b, g.Name, maxCredentialLen, "group name"); err != nil {
			return b, fmt.Errorf("group entry %d (gid %d): %w", i, g.GID, err)
		}
		le.PutUint32(b[start:], uint32(len(b)-start))
	}
	return b, nil
}

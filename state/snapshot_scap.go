package state

import "github.com/scrylabs/scry/formats/scap"

// Snapshot returns the state as capture metadata: a PL V9-ready process entry per
// thread, an fd list per thread with fds, and the user, group and interface lists, so
// that a capture written from the middle of a stream starts with the names the stream
// had (as sysdig -w does). Loading it with LoadSection rebuilds the tables (fd roles and
// pending events are not part of capture metadata).
func (e *Engine) Snapshot() *scap.Section {
	s := &scap.Section{
		Header:        scap.SectionHeader{Major: 1, Minor: 2, SectionLength: 0xFFFFFFFFFFFFFFFF},
		HasInterfaces: true,
		HasUsers:      true,
	}
	for _, i := range e.ifaces {
		si := scap.Interface{Type: scap.IfIPv4, Name: i.Name, Addr: i.Addr, Netmask: i.Netmask,
			Bcast: i.Bcast, LinkSpeed: i.LinkSpeed}
		if i.IPv6 {
			si.Type = scap.IfIPv6
		}
		s.Interfaces = append(s.Interfaces, si)
	}
	for _, uid := range sortedKeys(e.users) {
		u := e.users[uid]
		s.Users = append(s.Users, scap.User{UID: u.UID, GID: u.GID, Name: u.Name, Home: u.Home, Shell: u.Shell})
	}
	for _, gid := range sortedKeys(e.groups) {
		s.Groups = append(s.Groups, scap.Group{GID: gid, Name: e.groups[gid].Name})
	}
	for _, tid := range sortedKeys(e.threads) {
		t := e.threads[tid]
		s.Processes = append(s.Processes, processOf(t))
		if l := fdListOf(t); len(l.FDs) > 0 {
			s.FDLists = append(s.FDLists, l)
		}
	}
	s.FitLimits() // a thread may hold more than its process-list entry can
	return s
}

// processOf is the process-list entry of a thread.
func processOf(t *Thread) scap.Process {
	p := scap.Process{
		Tid: t.Tid, Pid: t.Pid, Ptid: t.Ptid, Sid: t.Sid, Vpgid: t.Vpgid,
		Comm: t.Comm, Exe: t.Exe, ExePath: t.ExePath, Args: joinNUL(t.Args),
		FDLimit: uint64(t.FDLimit), Flags: t.Flags, UID: t.UID, GID: t.GID,
		VMSizeKB: t.VMSizeKB, VMRSSKB: t.VMRSSKB, VMSwapKB: t.VMSwapKB,
		PFMajor: t.PFMajor, PFMinor: t.PFMinor, Env: joinNUL(t.Env),
		Vtid: t.Vtid, Vpid: t.Vpid, Cgroups: cgroupsBlob(t.Cgroups), Root: t.Root,
		LoginUID: int32(t.LoginUID), ExeWritable: t.ExeWritable, Tty: t.Tty,
	}
	if t.IsMainThread() {
		p.Cwd = t.Cwd
	}
	p.Tail = procTailOf(t)
	return p
}

// fdListOf is the fd list of a thread's own table.
func fdListOf(t *Thread) scap.FDList {
	l := scap.FDList{Tid: t.Tid}
	for _, fd := range t.FDs.FDs() {
		f := t.FDs.Get(fd)
		if fd == savedFD || f.Type < 0 {
			continue
		}
		s := scap.FD{Fd: fd, Ino: f.Ino, Type: uint8(f.Type), Name: f.Name}
		switch f.Type {
		case FDIPv4Sock:
			copy(s.SIP[:4], f.SIP[:4])
			copy(s.DIP[:4], f.DIP[:4])
			s.SPort, s.DPort, s.L4Proto = f.SPort, f.DPort, f.L4Proto
		case FDIPv6Sock:
			s.SIP, s.DIP = f.SIP, f.DIP
			s.SPort, s.DPort, s.L4Proto = f.SPort, f.DPort, f.L4Proto
		case FDIPv4ServSock:
			copy(s.SIP[:4], f.SIP[:4])
			s.SPort, s.L4Proto = f.SPort, f.L4Proto
		case FDIPv6ServSock:
			s.SIP = f.SIP
			s.SPort, s.L4Proto = f.SPort, f.L4Proto
		case FDUnixSock:
			s.Source, s.Dest = f.Source, f.Dest
		case FDFileV2:
			s.OpenFlags, s.Dev, s.HasDev = f.OpenFlags, f.Dev, true
		}
		l.FDs = append(l.FDs, s)
	}
	return l
}

package state

import (
	"cmp"
	"encoding/binary"
	"slices"

	"github.com/scrylabs/scry/formats/scap"
)

// tracerDevice is the file whose fds the reference marks as possible tracer fds.
const tracerDevice = "/dev/null"

// LoadSection imports the metadata of a capture section: its process list becomes the
// thread table (with the fds of its fd lists), then the interface, user and group lists
// replace the engine's. A later section (a concatenated capture) discards the tables
// and imports its own. Where sysdig refuses a capture (an fd list for a tid no process
// entry has) the engine creates a placeholder thread and goes on.
func (e *Engine) LoadSection(s *scap.Section) {
	e.resetTables()
	// The reference reopens the capture at a new section: relative times (evt.reltime,
	// -t r) count from the section's first event.
	e.haveFirstTS = false
	if s == nil {
		return
	}
	if s.HasInterfaces || len(s.Interfaces) > 0 {
		e.ifaces = convertInterfaces(s.Interfaces)
	}
	if s.HasUsers || len(s.Users) > 0 || len(s.Groups) > 0 {
		for i := range s.Users {
			u := s.Users[i]
			e.users[u.UID] = &User{UID: u.UID, GID: u.GID, Name: u.Name, Home: u.Home, Shell: u.Shell}
		}
		for i := range s.Groups {
			g := s.Groups[i]
			e.groups[g.GID] = &Group{GID: g.GID, Name: g.Name}
		}
	}

	if len(e.threads) == 0 && len(s.Processes) > 0 {
		e.threads = make(map[int64]*Thread, len(s.Processes))
	}
	ld := newSectionLoader(min(len(s.Processes), e.opts.MaxThreads))
	for i := range s.Processes {
		t := e.threadFromProcess(&s.Processes[i], ld)
		e.addThread(t, true)
	}
	serverPorts := e.loadFDLists(s.FDLists, ld)
	// Containers need the whole table (parents, ancestors' environments).
	tids := sortedKeys(e.threads)
	for _, tid := range tids {
		e.resolveContainer(e.threads[tid])
	}
	if len(tids) != len(e.threads) {
		tids = sortedKeys(e.threads)
	}
	for _, tid := range tids {
		t := e.threads[tid]
		if t.Flags&CloneThread != 0 {
			if m := e.threadOrPlaceholder(t.Pid); m != nil {
				m.NChilds++
			}
		}
	}
	e.fixSocketsFromProc(serverPorts, ld)
}

// loadFDLists imports fd lists into the tables of their threads, by ascending tid and,
// for one tid, in the order of the capture. It returns the ports of the server sockets.
func (e *Engine) loadFDLists(ls []scap.FDList, ld *sectionLoader) map[uint16]bool {
	byTid := make([]*scap.FDList, len(ls))
	for i := range ls {
		byTid[i] = &ls[i]
	}
	slices.SortStableFunc(byTid, func(a, b *scap.FDList) int { return cmp.Compare(a.Tid, b.Tid) })
	e.fds.reserve(fdEntriesNeeded(byTid, e.opts.MaxFDs))
	var lowSlab []*FD
	serverPorts := make(map[uint16]bool)
	for len(byTid) > 0 {
		tid := byTid[0].Tid
		n := 1
		for n < len(byTid) && byTid[n].Tid == tid {
			n++
		}
		lists := byTid[:n]
		byTid = byTid[n:]
		t := e.threads[tid]
		if t == nil {
			t = e.threadOrPlaceholder(tid)
			if t == nil {
				continue
			}
		}
		t.FDs.reserveLow(lists, &lowSlab)
		for _, l := range lists {
			// The reference decodes a block's entries into one record, and only
			// file entries carry a device: the others keep the device of the file
			// before them in the block. The first entries of a block, before any
			// file, show whatever the record held (nondeterministic); scry uses 0.
			var dev uint32
			for j := range l.FDs {
				if l.FDs[j].HasDev {
					dev = l.FDs[j].Dev
				}
				e.loadFD(t, &l.FDs[j], dev, serverPorts, ld)
			}
		}
	}
	return serverPorts
}

// fdEntriesNeeded bounds the entries that loading lists (sorted by tid) adds: a thread's
// table takes at most limit of them.
func fdEntriesNeeded(lists []*scap.FDList, limit int) int {
	total := 0
	for i := 0; i < len(lists); {
		n := 0
		j := i
		for ; j < len(lists) && lists[j].Tid == lists[i].Tid; j++ {
			n += len(lists[j].FDs)
		}
		total += min(n, limit)
		i = j
	}
	return total
}

// threadFromProcess builds a thread entry from a process-list entry.
func (e *Engine) threadFromProcess(p *scap.Process, ld *sectionLoader) *Thread {
	t := ld.thread(p.Tid)
	t.Pid, t.Ptid, t.Sid, t.Vpgid = p.Pid, p.Ptid, p.Sid, p.Vpgid
	t.Comm, t.Exe, t.ExePath, t.ExeWritable = p.Comm, p.Exe, p.ExePath, p.ExeWritable
	t.Args = ld.splitArgs(p.Args)
	t.Flags = NameChanged | p.Flags | Active
	t.FDLimit = int64(p.FDLimit)
	t.UID, t.GID = p.UID, p.GID
	t.VMSizeKB, t.VMRSSKB, t.VMSwapKB = p.VMSizeKB, p.VMRSSKB, p.VMSwapKB
	t.PFMajor, t.PFMinor = p.PFMajor, p.PFMinor
	t.Vtid, t.Vpid = p.Vtid, p.Vpid
	t.LoginUID = uint32(p.LoginUID)
	if p.Tail != nil {
		// sysdig 0.29 reads the V9 tail with its own layout (loginuid, exe_writable),
		// even where newer writers inserted other fields first, and knows no tty.
		t.LoginUID, t.ExeWritable = noID, false
		if len(p.Tail) >= 4 {
			t.LoginUID = binary.LittleEndian.Uint32(p.Tail)
		}
		if len(p.Tail) >= 5 {
			t.ExeWritable = p.Tail[4] != 0
		}
		newerFromProcTail(t, p.Tail)
	} else {
		t.Tty = p.Tty
	}
	t.Root = p.Root
	t.Cgroups = ld.parseCgroups(p.Cgroups)
	if t.IsMainThread() {
		t.Env = ld.splitEnv(p.Env)
		t.Cwd = ld.cwd(e, p.Cwd)
	}
	return t
}

// loadFD converts one fd-list entry into t's own table; dev is the device the entry
// shows (fd.dev). Incomplete tuples stay as they are: the reference patches them from
// the interface list, but imports that list only after the fds, so the patch finds no
// interface and changes nothing.
func (e *Engine) loadFD(t *Thread, s *scap.FD, dev uint32, serverPorts map[uint16]bool, ld *sectionLoader) {
	f := FD{Flags: FDFromProc, Ino: s.Ino, Dev: dev}
	switch s.Type {
	case scap.FDIPv4Sock:
		f.Type = FDIPv4Sock
		copy(f.SIP[:4], s.SIP[:4])
		copy(f.DIP[:4], s.DIP[:4])
		f.SPort, f.DPort, f.L4Proto = s.SPort, s.DPort, s.L4Proto
		if f.L4Proto == L4TCP {
			f.Flags |= FDSocketConnected
		}
		f.Name = ld.text(appendIPv4Tuple(ld.name[:0], &f))
	case scap.FDIPv4ServSock:
		f.Type = FDIPv4ServSock
		copy(f.SIP[:4], s.SIP[:4])
		f.SPort, f.L4Proto = s.SPort, s.L4Proto
		f.Name = ld.text(appendPort(AppendIPv4(ld.name[:0], f.SIP[:4]), f.SPort))
		serverPorts[f.SPort] = true
	case scap.FDIPv6Sock:
		if IsIPv4Mapped(&s.SIP) && IsIPv4Mapped(&s.DIP) {
			f.Type = FDIPv4Sock
			copy(f.SIP[:4], s.SIP[12:])
			copy(f.DIP[:4], s.DIP[12:])
			f.SPort, f.DPort, f.L4Proto = s.SPort, s.DPort, s.L4Proto
			if f.L4Proto == L4TCP {
				f.Flags |= FDSocketConnected
			}
			f.Name = ld.text(appendIPv4Tuple(ld.name[:0], &f))
		} else {
			f.Type = FDIPv6Sock
			f.SIP, f.DIP = s.SIP, s.DIP
			f.SPort, f.DPort, f.L4Proto = s.SPort, s.DPort, s.L4Proto
			if f.L4Proto == L4TCP {
				f.Flags |= FDSocketConnected
			}
			f.Name = ld.text(appendIPv6Tuple(ld.name[:0], &f))
		}
	case scap.FDIPv6ServSock:
		f.Type = FDIPv6ServSock
		f.SIP = s.SIP
		f.SPort, f.L4Proto = s.SPort, s.L4Proto
		f.Name = ld.text(appendPort(AppendIPv6(ld.name[:0], f.SIP[:]), f.SPort))
		serverPorts[f.SPort] = true
	case scap.FDUnixSock:
		f.Type = FDUnixSock
		f.Source, f.Dest = s.Source, s.Dest
		f.Name = s.Name
		if f.Name == "" {
			f.Flags |= FDRoleClient
		} else {
			f.Flags |= FDRoleServer
		}
	case scap.FDFileV2:
		f.Type = FDFileV2
		f.OpenFlags, f.Name = s.OpenFlags, s.Name
		f.Flags |= tracerFlag(f.Name)
	case scap.FDFile, scap.FDDirectory, scap.FDFifo, scap.FDUnsupported, scap.FDSignalfd,
		scap.FDEventpoll, scap.FDEvent, scap.FDInotify, scap.FDTimerfd, scap.FDNetlink:
		f.Type = int8(s.Type)
		f.Name = s.Name
		f.Flags |= tracerFlag(f.Name)
	default:
		return
	}
	if t.FDs.Get(s.Fd) != nil {
		ld.replaced = true
	}
	if stored := t.FDs.add(s.Fd, &f, e.opts.MaxFDs, &e.fds); stored != nil && !ld.replaced && stored.Type == FDIPv4Sock {
		ld.sockets = append(ld.sockets, stored)
	}
}

func tracerFlag(name string) uint32 {
	if name == tracerDevice {
		return FDIsTracerFile
	}
	return FDIsNotTracerFD
}

// fixSocketsFromProc orients the IPv4 connections loaded from fd lists: a connection
// whose source port is a listening port of the capture is turned around and becomes
// the server side; the others are clients.
func (e *Engine) fixSocketsFromProc(serverPorts map[uint16]bool, ld *sectionLoader) {
	if !ld.replaced {
		// Every IPv4 connection of the tables is one loadFD listed.
		for _, f := range ld.sockets {
			orientSocket(f, serverPorts, ld)
		}
		return
	}
	for _, t := range e.threads {
		for _, f := range t.FDs.all() {
			orientSocket(f, serverPorts, ld)
		}
	}
}

// orientSocket turns an IPv4 connection f around when its source port is a listening
// port of the capture, and sets its role; other entries are left alone.
func orientSocket(f *FD, serverPorts map[uint16]bool, ld *sectionLoader) {
	if f.Type != FDIPv4Sock {
		return
	}
	if serverPorts[f.SPort] {
		f.SIP, f.DIP = f.DIP, f.SIP
		f.SPort, f.DPort = f.DPort, f.SPort
		f.Name = ld.text(appendIPv4Tuple(ld.name[:0], f))
		f.Flags |= FDRoleServer
	} else {
		f.Flags |= FDRoleClient
	}
}

func convertInterfaces(in []scap.Interface) []Interface {
	out := make([]Interface, 0, len(in))
	for _, i := range in {
		out = append(out, Interface{
			Name:      i.Name,
			IPv6:      i.Type == scap.IfIPv6 || i.Type == scap.IfIPv6NoLinkSpeed,
			Addr:      i.Addr,
			Netmask:   i.Netmask,
			Bcast:     i.Bcast,
			LinkSpeed: i.LinkSpeed,
		})
	}
	return out
}

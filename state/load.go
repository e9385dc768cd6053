package state

import (
	"encoding/binary"

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

	fdls := make(map[int64][]*scap.FDList)
	for i := range s.FDLists {
		l := &s.FDLists[i]
		fdls[l.Tid] = append(fdls[l.Tid], l)
	}
	serverPorts := make(map[uint16]bool)
	for i := range s.Processes {
		t := e.threadFromProcess(&s.Processes[i])
		e.addThread(t, true)
	}
	for _, tid := range sortedKeys(fdls) {
		t := e.threads[tid]
		if t == nil {
			t = e.threadOrPlaceholder(tid)
			if t == nil {
				continue
			}
		}
		for _, l := range fdls[tid] {
			// The reference decodes a block's entries into one record, and only
			// file entries carry a device: the others keep the device of the file
			// before them in the block. The first entries of a block, before any
			// file, show whatever the record held (nondeterministic); scry uses 0.
			var dev uint32
			for j := range l.FDs {
				if l.FDs[j].HasDev {
					dev = l.FDs[j].Dev
				}
				e.loadFD(t, &l.FDs[j], dev, serverPorts)
			}
		}
	}
	// Containers need the whole table (parents, ancestors' environments).
	for _, tid := range sortedKeys(e.threads) {
		e.resolveContainer(e.threads[tid])
	}
	for _, tid := range sortedKeys(e.threads) {
		t := e.threads[tid]
		if t.Flags&CloneThread != 0 {
			if m := e.threadOrPlaceholder(t.Pid); m != nil {
				m.NChilds++
			}
		}
	}
	e.fixSocketsFromProc(serverPorts)
}

// threadFromProcess builds a thread entry from a process-list entry.
func (e *Engine) threadFromProcess(p *scap.Process) *Thread {
	t := newThread(p.Tid)
	t.Pid, t.Ptid, t.Sid, t.Vpgid = p.Pid, p.Ptid, p.Sid, p.Vpgid
	t.Comm, t.Exe, t.ExePath, t.ExeWritable = p.Comm, p.Exe, p.ExePath, p.ExeWritable
	t.Args = splitArgs(p.Args)
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
	t.Cgroups = parseCgroups(p.Cgroups)
	if t.IsMainThread() {
		t.Env = splitEnv(p.Env)
		e.path = appendConcat(e.path[:0], "", cstrParam(p.Cwd))
		if len(e.path) == 0 || e.path[len(e.path)-1] != '/' {
			e.path = append(e.path, '/')
		}
		t.Cwd = string(e.path)
	}
	return t
}

// loadFD converts one fd-list entry into t's own table; dev is the device the entry
// shows (fd.dev). Incomplete tuples stay as they are: the reference patches them from
// the interface list, but imports that list only after the fds, so the patch finds no
// interface and changes nothing.
func (e *Engine) loadFD(t *Thread, s *scap.FD, dev uint32, serverPorts map[uint16]bool) {
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
		f.Name = string(appendIPv4Tuple(nil, &f))
	case scap.FDIPv4ServSock:
		f.Type = FDIPv4ServSock
		copy(f.SIP[:4], s.SIP[:4])
		f.SPort, f.L4Proto = s.SPort, s.L4Proto
		f.Name = string(appendPort(AppendIPv4(nil, f.SIP[:4]), f.SPort))
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
			f.Name = string(appendIPv4Tuple(nil, &f))
		} else {
			f.Type = FDIPv6Sock
			f.SIP, f.DIP = s.SIP, s.DIP
			f.SPort, f.DPort, f.L4Proto = s.SPort, s.DPort, s.L4Proto
			if f.L4Proto == L4TCP {
				f.Flags |= FDSocketConnected
			}
			f.Name = string(appendIPv6Tuple(nil, &f))
		}
	case scap.FDIPv6ServSock:
		f.Type = FDIPv6ServSock
		f.SIP = s.SIP
		f.SPort, f.L4Proto = s.SPort, s.L4Proto
		f.Name = string(appendPort(AppendIPv6(nil, f.SIP[:]), f.SPort))
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
	t.FDs.add(s.Fd, &f, e.opts.MaxFDs, &e.fds)
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
func (e *Engine) fixSocketsFromProc(serverPorts map[uint16]bool) {
	for _, t := range e.threads {
		for _, f := range t.FDs.all() {
			if f.Type != FDIPv4Sock {
				continue
			}
			if serverPorts[f.SPort] {
				f.SIP, f.DIP = f.DIP, f.SIP
				f.SPort, f.DPort = f.DPort, f.SPort
				f.Name = string(appendIPv4Tuple(nil, f))
				f.Flags |= FDRoleServer
			} else {
				f.Flags |= FDRoleClient
			}
		}
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

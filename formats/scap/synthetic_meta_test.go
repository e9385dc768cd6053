package scap

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// oneEvent is a minimal EV_V2 block so that a synthetic section has an event.
func oneEvent() []byte {
	return evBlock(BlockEVV2, 0, 0, event.Append(nil, 1e9, 42, 4, event.I64(3)))
}

// plEntry encodes a process entry of a PL version the way the spec's §7.1 table lays it
// out, with the fields of p that the version carries.
func plEntry(version int, p Process, tail []byte) []byte {
	var l leb
	l.i64(p.Tid).i64(p.Pid).i64(p.Ptid)
	if version >= 6 {
		l.i64(p.Sid)
	}
	if version >= 8 {
		l.i64(p.Vpgid)
	}
	l.str(p.Comm).str(p.Exe)
	if version >= 7 {
		l.str(p.ExePath)
	}
	l.str(string(p.Args)).str(p.Cwd).u64(p.FDLimit).u32(p.Flags).u32(p.UID).u32(p.GID)
	if version >= 2 {
		l.u32(p.VMSizeKB).u32(p.VMRSSKB).u32(p.VMSwapKB).u64(p.PFMajor).u64(p.PFMinor)
	}
	if version >= 3 {
		l.str(string(p.Env))
	}
	if version >= 4 {
		l.i64(p.Vtid).i64(p.Vpid).str(string(p.Cgroups))
	}
	if version >= 5 {
		l.str(p.Root)
	}
	if version == 9 {
		l.raw(tail)
		return append(new(leb).u32(uint32(4+len(l.b))).b, l.b...)
	}
	return l.b
}

// fullProcess sets every field a process entry can carry.
func fullProcess() Process {
	return Process{
		Tid: 100, Pid: 99, Ptid: 1, Sid: 98, Vpgid: 97,
		Comm: "nginx", Exe: "/usr/sbin/nginx", ExePath: "/usr/sbin/nginx.real",
		Args: []byte("-g\x00daemon off;\x00"), Cwd: "/srv/",
		FDLimit: 1024, Flags: 0x10, UID: 33, GID: 34,
		VMSizeKB: 1000, VMRSSKB: 200, VMSwapKB: 3, PFMajor: 4, PFMinor: 5,
		Env:  []byte("HOME=/root\x00PATH=/bin\x00"),
		Vtid: 7, Vpid: 6, Cgroups: []byte("cpu=/docker/abc\x00memory=/docker/abc\x00"),
		Root: "/chroot",
	}
}

// expectProcess is what a reader must produce for version v: fields the version lacks
// hold the spec's defaults.
func expectProcess(v int, p Process) Process {
	if v < 6 {
		p.Sid = -1
	}
	if v < 8 {
		p.Vpgid = -1
	}
	if v < 7 {
		p.ExePath = ""
	}
	if v < 2 {
		p.VMSizeKB, p.VMRSSKB, p.VMSwapKB, p.PFMajor, p.PFMinor = 0, 0, 0, 0, 0
	}
	if v < 3 {
		p.Env = nil
	}
	if v < 4 {
		p.Vtid, p.Vpid, p.Cgroups = -1, -1, nil
	}
	if v < 5 {
		p.Root = ""
	}
	p.LoginUID = -1
	return p
}

func TestProcessListEveryVersion(t *testing.T) {
	codes := []struct {
		code    uint32
		version int
	}{
		{BlockPLV1, 1}, {BlockPLV1Int, 1}, {BlockPLV2, 2}, {BlockPLV2Int, 2}, {BlockPLV3, 3},
		{BlockPLV3Int, 3}, {BlockPLV4, 4}, {BlockPLV5, 5}, {BlockPLV6, 6}, {BlockPLV7, 7},
		{BlockPLV8, 8}, {BlockPLV9, 9},
	}
	for _, c := range codes {
		t.Run(BlockName(c.code), func(t *testing.T) {
			p1, p2 := fullProcess(), fullProcess()
			p2.Tid, p2.Comm, p2.Args = 101, "worker", nil
			body := append(plEntry(c.version, p1, nil), plEntry(c.version, p2, nil)...)
			data := append(shb(1, 2), block(c.code, body)...)
			data = append(data, oneEvent()...)
			r, evs := mustRead(t, data)
			if len(evs) != 1 {
				t.Fatalf("%d events, want 1", len(evs))
			}
			got := r.Section().Processes
			want := []Process{expectProcess(c.version, p1), expectProcess(c.version, p2)}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("processes of %s:\n got %+v\nwant %+v", BlockName(c.code), got, want)
			}
		})
	}
}

func TestProcessListV9Tails(t *testing.T) {
	base := fullProcess()
	cases := []struct {
		name      string
		tail      []byte
		loginUID  int32
		writable  bool
		tty       uint32
		tailIsNil bool
	}{
		{"no tail", nil, -1, false, 0, true},
		{"loginuid only", new(leb).u32(1000).b, 1000, false, 0, false},
		{"0.29 layout", new(leb).u32(1000).u8(1).b, 1000, true, 0, false},
		{"0.7 caps appended", new(leb).u32(1001).u8(0).u64(1).u64(2).u64(3).b, 1001, false, 0, false},
		{"0.10 pidns and tty inserted", new(leb).u64(555).u32(34816).u32(1002).u8(1).u64(1).u64(2).u64(3).u8(0).b, 1002, true, 34816, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := append(shb(1, 2), block(BlockPLV9, plEntry(9, base, c.tail))...)
			data = append(data, oneEvent()...)
			r, _ := mustRead(t, data)
			ps := r.Section().Processes
			if len(ps) != 1 {
				t.Fatalf("%d processes, want 1", len(ps))
			}
			p := ps[0]
			if p.LoginUID != c.loginUID || p.ExeWritable != c.writable || p.Tty != c.tty {
				t.Errorf("loginuid %d writable %v tty %d, want %d %v %d", p.LoginUID, p.ExeWritable, p.Tty, c.loginUID, c.writable, c.tty)
			}
			if (p.Tail == nil) != c.tailIsNil || !bytes.Equal(p.Tail, c.tail) {
				t.Errorf("tail %x, want %x", p.Tail, c.tail)
			}
			if p.Root != base.Root || p.Comm != base.Comm {
				t.Errorf("fields before the tail misread: %+v", p)
			}
			// The writer must keep the tail byte for byte.
			back := readCapture(t, rewrite(t, data, CompressNone))
			if got := back.sections[0].Processes[0]; !reflect.DeepEqual(got, p) {
				t.Errorf("rewritten entry %+v, want %+v", got, p)
			}
		})
	}
}

func TestProcessListRejectsOverlongEntry(t *testing.T) {
	entry := plEntry(9, fullProcess(), nil)
	// Claim an entry length shorter than the fields it holds.
	copy(entry, new(leb).u32(20).b)
	data := append(shb(1, 2), block(BlockPLV9, entry)...)
	_, err := NewReader(bytes.NewReader(append(data, oneEvent()...)), "short-entry")
	assertFormatError(t, err, "PL_V9", 28, ErrCorrupt)
}

// fdEntry encodes an fd entry as spec §8 lays it out.
func fdEntry(v2 bool, fd FD, extra []byte) []byte {
	var l leb
	l.i64(fd.Fd).u64(fd.Ino).u8(fd.Type)
	switch fd.Type {
	case FDIPv4Sock:
		l.raw(fd.SIP[:4]).raw(fd.DIP[:4]).u16(fd.SPort).u16(fd.DPort).u8(fd.L4Proto)
	case FDIPv4ServSock:
		l.raw(fd.SIP[:4]).u16(fd.SPort).u8(fd.L4Proto)
	case FDIPv6Sock:
		l.raw(fd.SIP[:]).raw(fd.DIP[:]).u16(fd.SPort).u16(fd.DPort).u8(fd.L4Proto)
	case FDIPv6ServSock:
		l.raw(fd.SIP[:]).u16(fd.SPort).u8(fd.L4Proto)
	case FDUnixSock:
		l.u64(fd.Source).u64(fd.Dest).str(fd.Name)
	case FDFileV2:
		l.u32(fd.OpenFlags).str(fd.Name)
		if fd.HasDev {
			l.u32(fd.Dev)
		}
	default:
		if fd.Name != "" || fd.Type <= FDPidfd {
			l.str(fd.Name)
		}
	}
	l.raw(extra)
	if v2 {
		return append(new(leb).u32(uint32(4+len(l.b))).b, l.b...)
	}
	return l.b
}

// everyFD has one entry of each fd type with its own fields set.
func everyFD(v2 bool) []FD {
	v4 := func(a, b, c, d byte) (ip [16]byte) { ip[0], ip[1], ip[2], ip[3] = a, b, c, d; return }
	v6 := [16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 1}
	fds := []FD{
		{Fd: 3, Ino: 11, Type: FDFile, Name: "/var/log/old"},
		{Fd: 4, Ino: 12, Type: FDDirectory, Name: "/etc"},
		{Fd: 5, Ino: 13, Type: FDIPv4Sock, SIP: v4(10, 0, 0, 1), DIP: v4(93, 184, 216, 34), SPort: 5555, DPort: 443, L4Proto: 2},
		{Fd: 6, Ino: 14, Type: FDIPv6Sock, SIP: v6, DIP: v6, SPort: 1, DPort: 2, L4Proto: 3},
		{Fd: 7, Ino: 15, Type: FDIPv4ServSock, SIP: v4(0, 0, 0, 0), SPort: 80, L4Proto: 2},
		{Fd: 8, Ino: 16, Type: FDIPv6ServSock, SIP: v6, SPort: 8080, L4Proto: 2},
		{Fd: 9, Ino: 17, Type: FDFifo, Name: "pipe:[1234]"},
		{Fd: 10, Ino: 18, Type: FDUnixSock, Source: 0xffff8800aa, Dest: 0xffff8800bb, Name: "/run/docker.sock"},
		{Fd: 11, Type: FDEvent, Name: "anon_inode:[eventfd]"},
		{Fd: 12, Type: FDUnsupported, Name: "anon_inode:[perf_event]"},
		{Fd: 13, Type: FDSignalfd, Name: "anon_inode:[signalfd]"},
		{Fd: 14, Type: FDEventpoll, Name: "anon_inode:[eventpoll]"},
		{Fd: 15, Type: FDInotify, Name: "anon_inode:inotify"},
		{Fd: 16, Type: FDTimerfd, Name: "anon_inode:[timerfd]"},
		{Fd: 17, Type: FDNetlink, Name: "socket:[999]"},
		{Fd: 18, Ino: 19, Type: FDFileV2, OpenFlags: 1, Name: "/etc/passwd"},
		{Fd: 19, Type: FDBPF, Name: "anon_inode:bpf-map"},
		{Fd: 20, Type: FDUserfaultfd, Name: "anon_inode:[userfaultfd]"},
		{Fd: 21, Type: FDIOUring, Name: "anon_inode:[io_uring]"},
		{Fd: 22, Type: FDMemfd, Name: "/memfd:x"},
		{Fd: 23, Type: FDPidfd, Name: "anon_inode:[pidfd]"},
	}
	if v2 { // dev exists in v2 entries only
		fds[15].Dev, fds[15].HasDev = 0x803, true
	}
	return fds
}

func TestFDListEveryTypeAndVersion(t *testing.T) {
	for _, c := range []struct {
		code uint32
		v2   bool
	}{{BlockFDL, false}, {BlockFDLInt, false}, {BlockFDLV2, true}} {
		t.Run(BlockName(c.code), func(t *testing.T) {
			fds := everyFD(c.v2)
			body := new(leb).i64(100).b
			for _, fd := range fds {
				body = append(body, fdEntry(c.v2, fd, nil)...)
			}
			if c.v2 {
				// A newer entry: known fields, then bytes this reader does not know.
				fd := FD{Fd: 30, Type: FDFile, Name: "/new", Extra: []byte{1, 2, 3, 4, 5}}
				body = append(body, fdEntry(true, fd, fd.Extra)...)
				fds = append(fds, fd)
				// An fd type from the future: kept as opaque bytes.
				fd = FD{Fd: 31, Ino: 7, Type: 99, Extra: []byte("future")}
				body = append(body, fdEntry(true, fd, fd.Extra)...)
				fds = append(fds, fd)
			}
			data := append(shb(1, 2), block(c.code, body)...)
			data = append(data, oneEvent()...)
			r, _ := mustRead(t, data)
			ls := r.Section().FDLists
			if len(ls) != 1 || ls[0].Tid != 100 {
				t.Fatalf("fd lists %+v, want one for tid 100", ls)
			}
			if !reflect.DeepEqual(ls[0].FDs, fds) {
				for i := range fds {
					if i < len(ls[0].FDs) && !reflect.DeepEqual(ls[0].FDs[i], fds[i]) {
						t.Errorf("fd entry %d: got %+v, want %+v", i, ls[0].FDs[i], fds[i])
					}
				}
				t.Fatalf("%d fds read, %d written", len(ls[0].FDs), len(fds))
			}
			back := readCapture(t, rewrite(t, data, CompressNone))
			if !reflect.DeepEqual(back.sections[0].FDLists, ls) {
				t.Errorf("fd lists changed by a rewrite: %+v", back.sections[0].FDLists)
			}
		})
	}
}

func TestFDListV1RejectsUnknownType(t *testing.T) {
	body := append(new(leb).i64(100).b, fdEntry(false, FD{Fd: 3, Type: 99}, nil)...)
	data := append(shb(1, 2), block(BlockFDL, body)...)
	_, err := NewReader(bytes.NewReader(append(data, oneEvent()...)), "fd99")
	assertFormatError(t, err, "FDL", 28, ErrCorrupt)
}

// ifEntry encodes an interface entry (spec §9); v2 prefixes the entry length, which
// excludes its own 4 bytes.
func ifEntry(v2 bool, it Interface, extra []byte) []byte {
	var l leb
	l.u16(it.Type).u16(uint16(len(it.Name)))
	switch it.Type {
	case IfIPv4, IfIPv4NoLinkSpeed:
		l.raw(it.Addr[:4]).raw(it.Netmask[:4]).raw(it.Bcast[:4])
	default:
		l.raw(it.Addr[:]).raw(it.Netmask[:]).raw(it.Bcast[:])
	}
	if it.Type == IfIPv4 || it.Type == IfIPv6 {
		l.u64(it.LinkSpeed)
	}
	l.raw([]byte(it.Name)).raw(extra)
	if v2 {
		return append(new(leb).u32(uint32(len(l.b))).b, l.b...)
	}
	return l.b
}

func TestInterfaceListVersions(t *testing.T) {
	ifs := []Interface{
		{Type: IfIPv4, Name: "eth0", Addr: [16]byte{10, 0, 0, 2}, Netmask: [16]byte{255, 255, 255}, Bcast: [16]byte{10, 0, 0, 255}, LinkSpeed: 1000},
		{Type: IfIPv6, Name: "eth0", Addr: [16]byte{0xfe, 0x80, 15: 2}, Netmask: [16]byte{0xff, 0xff}, LinkSpeed: 10000},
		{Type: IfIPv4NoLinkSpeed, Name: "lo", Addr: [16]byte{127, 0, 0, 1}, Netmask: [16]byte{255}},
		{Type: IfIPv6NoLinkSpeed, Name: "lo", Addr: [16]byte{15: 1}},
	}
	for _, c := range []struct {
		code uint32
		v2   bool
	}{{BlockIL, false}, {BlockILInt, false}, {BlockILV2, true}} {
		t.Run(BlockName(c.code), func(t *testing.T) {
			var body []byte
			for i, it := range ifs {
				var extra []byte
				if c.v2 && i == 1 {
					extra = []byte{9, 9, 9} // a longer, newer entry: skipped
				}
				body = append(body, ifEntry(c.v2, it, extra)...)
			}
			data := append(shb(1, 2), block(c.code, body)...)
			data = append(data, oneEvent()...)
			r, _ := mustRead(t, data)
			s := r.Section()
			if !s.HasInterfaces || !reflect.DeepEqual(s.Interfaces, ifs) {
				t.Fatalf("interfaces %+v, want %+v", s.Interfaces, ifs)
			}
			back := readCapture(t, rewrite(t, data, CompressNone))
			if !reflect.DeepEqual(back.sections[0].Interfaces, ifs) {
				t.Errorf("interfaces changed by a rewrite: %+v", back.sections[0].Interfaces)
			}
		})
	}
}

func TestUserListVersions(t *testing.T) {
	users := []User{{UID: 0, GID: 0, Name: "root", Home: "/root", Shell: "/bin/bash"}, {UID: 33, GID: 33, Name: "www-data", Home: "/var/www", Shell: "/usr/sbin/nologin"}}
	groups := []Group{{GID: 0, Name: "root"}, {GID: 27, Name: "sudo"}}
	for _, c := range []struct {
		code uint32
		v2   bool
	}{{BlockUL, false}, {BlockULInt, false}, {BlockULV2, true}} {
		t.Run(BlockName(c.code), func(t *testing.T) {
			var body []byte
			wrap := func(b []byte) []byte {
				if !c.v2 {
					return b
				}
				return append(new(leb).u32(uint32(4+len(b))).b, b...)
			}
			for _, u := range users {
				body = append(body, wrap(new(leb).u8(0).u32(u.UID).u32(u.GID).str(u.Name).str(u.Home).str(u.Shell).b)...)
			}
			for i, g := range groups {
				e := new(leb).u8(1).u32(g.GID).str(g.Name)
				if c.v2 && i == 0 {
					e.raw([]byte{7, 7}) // newer fields: skipped
				}
				body = append(body, wrap(e.b)...)
			}
			data := append(shb(1, 2), block(c.code, body)...)
			data = append(data, oneEvent()...)
			r, _ := mustRead(t, data)
			s := r.Section()
			if !s.HasUsers || !reflect.DeepEqual(s.Users, users) || !reflect.DeepEqual(s.Groups, groups) {
				t.Fatalf("users %+v groups %+v", s.Users, s.Groups)
			}
			back := readCapture(t, rewrite(t, data, CompressNone))
			if !reflect.DeepEqual(back.sections[0].Users, users) || !reflect.DeepEqual(back.sections[0].Groups, groups) {
				t.Errorf("users or groups changed by a rewrite")
			}
		})
	}
}

func TestMachineInfoCodes(t *testing.T) {
	mi := &MachineInfo{NumCPUs: 4, MemoryBytes: 8 << 30, MaxPID: 32768, Hostname: "host-1", BootTS: 1690556576768000000, Flags: 1, Reserved3: 3, Reserved4: 4}
	for _, code := range []uint32{BlockMI, BlockMIInt} {
		body := new(leb).u32(mi.NumCPUs).u64(mi.MemoryBytes).u64(mi.MaxPID)
		var host [128]byte
		copy(host[:], mi.Hostname)
		body.raw(host[:]).u64(mi.BootTS).u64(mi.Flags).u64(mi.Reserved3).u64(mi.Reserved4)
		if len(body.b) != 180 {
			t.Fatalf("machine info body of %d bytes", len(body.b))
		}
		data := append(shb(1, 0), block(code, body.b)...)
		r, _ := mustRead(t, append(data, oneEvent()...))
		if got := r.Section().Machine; !reflect.DeepEqual(got, mi) {
			t.Errorf("%s: got %+v, want %+v", BlockName(code), got, mi)
		}
	}
}

func TestUnknownMetadataBlockSkipped(t *testing.T) {
	data := append(shb(1, 2), block(0x12345, []byte("opaque future metadata"))...)
	data = append(data, block(BlockULV2, nil)...)
	data = append(data, oneEvent()...)
	r, evs := mustRead(t, data)
	if len(evs) != 1 || !r.Section().HasUsers {
		t.Fatalf("%d events, users block seen %v", len(evs), r.Section().HasUsers)
	}
	runs := r.Blocks()
	if len(runs) != 4 || runs[1].Type != 0x12345 {
		t.Errorf("inventory %v does not list the unknown block", runs)
	}
}

func TestUnknownBlockAmongEventsIsAnError(t *testing.T) {
	data := append(shb(1, 2), oneEvent()...)
	bad := len(data)
	data = append(data, block(0x12345, []byte("xx"))...)
	data = append(data, oneEvent()...)
	r, err := NewReader(bytes.NewReader(data), "mixed")
	if err != nil {
		t.Fatal(err)
	}
	evs, err := readAllEvents(r)
	if len(evs) != 1 {
		t.Errorf("%d events before the damage, want 1", len(evs))
	}
	assertFormatError(t, err, "0x12345", int64(bad), ErrCorrupt)
}

func TestLargeUnknownBlockSkippedByStreaming(t *testing.T) {
	huge := block(0x54321, bytes.Repeat([]byte{0xAB}, 3*readBufferSize+5))
	data := append(append(shb(1, 2), huge...), oneEvent()...)
	r, evs := mustRead(t, data)
	if len(evs) != 1 || r.in.buffered() > len(data) || len(r.in.buf) > readBufferSize {
		t.Fatalf("%d events; window grew to %d bytes for a skipped block", len(evs), len(r.in.buf))
	}
	huge[len(huge)-1] ^= 1 // break the trailer
	data = append(append(shb(1, 2), huge...), oneEvent()...)
	_, err := NewReader(bytes.NewReader(data), "bad-trailer")
	assertFormatError(t, err, "0x54321", 28, ErrCorrupt)
}

package state

import "testing"

func TestOpenRelativeAndFailed(t *testing.T) {
	h := newHarness(t, bashSection())
	ctx := h.pair(100, evOpenE, nil, i64(4), cs("docs/../a.txt"), u32(1), u32(0), u32(0x801))
	if ctx.FD == nil || ctx.FD.Name != "/home/alice/a.txt" || ctx.FD.Type != FDFileV2 || ctx.FD.Dev != 0x801 {
		t.Fatalf("open: fd %+v", ctx.FD)
	}
	if !ctx.FDNameChanged {
		t.Error("a new entry's name counts as changed")
	}
	if h.e.Thread(100).LastEventFD != 4 {
		t.Error("lastevent_fd not the new fd")
	}
	ctx = h.pair(100, evOpenE, nil, i64(-2), cs("missing"), u32(1), u32(0), u32(0))
	if ctx.FD != nil || ctx.ErrorCode != 2 {
		t.Errorf("failed open: fd %+v errorcode %d", ctx.FD, ctx.ErrorCode)
	}
	if h.e.Thread(100).FDs.Len() != 2 {
		t.Error("failed open added an fd")
	}
	ctx = h.pair(100, evOpenE, nil, i64(5), cs("/srv"), u32(oDirectory|1), u32(0), u32(0))
	if ctx.FD.Type != FDDirectory {
		t.Errorf("O_DIRECTORY open gives type %d", ctx.FD.Type)
	}
}

func TestOpenatRelativeToDirFD(t *testing.T) {
	h := newHarness(t, bashSection())
	h.pair(100, evOpenE, nil, i64(9), cs("/var/lib/"), u32(oDirectory), u32(0), u32(0))
	ctx := h.pair(100, evOpenatV2E, p(i64(9), cs("db/x.sqlite"), u32(2), u32(0)),
		i64(10), i64(9), cs("db/x.sqlite"), u32(2), u32(0), u32(0))
	if ctx.FD == nil || ctx.FD.Name != "/var/lib/db/x.sqlite" {
		t.Fatalf("openat via dirfd: %+v", ctx.FD)
	}
	ctx = h.pair(100, evOpenatV2E, p(i64(-100), cs("rel"), u32(1), u32(0)),
		i64(11), i64(-100), cs("rel"), u32(1), u32(0), u32(0))
	if ctx.FD.Name != "/home/alice/rel" {
		t.Errorf("openat AT_FDCWD: %q", ctx.FD.Name)
	}
	ctx = h.pair(100, evOpenatV2E, p(i64(77), cs("x"), u32(1), u32(0)),
		i64(12), i64(77), cs("x"), u32(1), u32(0), u32(0))
	if ctx.FD.Name != "<UNKNOWN>x" {
		t.Errorf("openat with an unknown dirfd: %q", ctx.FD.Name)
	}
	// A failed openat relative to a real dirfd leaves the directory as the event's fd.
	ctx = h.pair(100, evOpenatV2E, p(i64(9), cs("nope"), u32(1), u32(0)),
		i64(-2), i64(9), cs("nope"), u32(1), u32(0), u32(0))
	if ctx.FD == nil || ctx.FD.Name != "/var/lib" {
		t.Errorf("failed openat: fd %+v, want the dirfd's entry", ctx.FD)
	}
	// Old OPENAT_X takes everything from its enter event.
	h.run(100, evOpenatE, i64(-100), cs("old.txt"), u32(1), u32(0))
	ctx = h.run(100, evOpenatX, i64(13))
	if ctx.FD == nil || ctx.FD.Name != "/home/alice/old.txt" {
		t.Errorf("old openat: %+v", ctx.FD)
	}
}

func TestDirFDBase(t *testing.T) {
	h := newHarness(t, bashSection())
	th := h.e.Thread(101)
	cases := []struct {
		name  string
		dirfd int64
		base  string
		dir   bool
	}{
		{"/abs", 3, ".", false},
		{"rel", atFDCWD, "/home/alice/", false},
		{"rel", 3, "/home/alice/notes.txt/", true},
		{"rel", 42, "<UNKNOWN>", false},
	}
	for _, c := range cases {
		base, dir := h.e.DirFDBase(th, cs(c.name), c.dirfd)
		if base != c.base || (dir != nil) != c.dir {
			t.Errorf("DirFDBase(%q, %d) = %q, %v", c.name, c.dirfd, base, dir)
		}
	}
}

func TestDupOntoOpenFD(t *testing.T) {
	h := newHarness(t, bashSection())
	h.pair(100, evOpenE, nil, i64(4), cs("/tmp/log"), u32(2), u32(0), u32(0))
	ctx := h.pair(100, evDupE, p(i64(4)), i64(3))
	tab := h.e.Thread(100).FDs
	if ctx.FD == nil || tab.Get(3).Name != "/tmp/log" || tab.Get(4).Name != "/tmp/log" {
		t.Fatalf("dup2(4, 3): fd 3 = %+v", tab.Get(3))
	}
	if ctx.FD != tab.Get(3) {
		t.Error("dup's event fd is not the new entry")
	}
	h.pair(100, evDupE, p(i64(4)), i64(1))
	if h.e.Thread(100).Flags&PipeSrc == 0 {
		t.Error("dup onto 1 must flag the thread PIPE_SRC")
	}
	h.pair(100, evDupE, p(i64(99)), i64(20))
	if tab.Get(20) != nil {
		t.Error("dup of an unknown fd created an entry")
	}
}

func TestFcntlDup(t *testing.T) {
	h := newHarness(t, bashSection())
	h.pair(100, evFcntlE, p(i64(3), u8(fcntlDupFDCloexec)), i64(12))
	if f := h.e.Thread(100).FDs.Get(12); f == nil || f.Name != "/home/alice/notes.txt" {
		t.Errorf("F_DUPFD_CLOEXEC copy: %+v", f)
	}
	h.pair(100, evFcntlE, p(i64(3), u8(4)), i64(13)) // F_GETFL returns flags, not an fd
	if h.e.Thread(100).FDs.Get(13) != nil {
		t.Error("F_GETFL created an fd")
	}
}

func TestCloseIsDeferred(t *testing.T) {
	h := newHarness(t, bashSection())
	tab := h.e.Thread(100).FDs
	h.run(100, evCloseE, i64(3))
	if tab.Get(3).Flags&FDCloseInProgress == 0 {
		t.Error("close enter does not mark the entry")
	}
	ctx := h.run(100, evCloseX, i64(0))
	if ctx.FD == nil || ctx.FD.Name != "/home/alice/notes.txt" || tab.Get(3) == nil {
		t.Fatal("the close exit must still see its fd")
	}
	h.run(100, evGetuidE)
	if tab.Get(3) != nil {
		t.Error("fd still present after the event following the close")
	}
	// A failed close keeps the fd and clears the mark.
	h.pair(100, evOpenE, nil, i64(3), cs("/a"), u32(1), u32(0), u32(0))
	h.run(100, evCloseE, i64(3))
	h.run(100, evCloseX, i64(-9))
	h.run(100, evGetuidE)
	if f := tab.Get(3); f == nil || f.Flags&FDCloseInProgress != 0 {
		t.Errorf("after a failed close: %+v", f)
	}
}

func TestCloseCancelledByReuse(t *testing.T) {
	h := newHarness(t, bashSection())
	tab := h.e.Thread(100).FDs
	h.run(100, evCloseE, i64(3))
	// Another thread of the process opens fd 3 before the close returns.
	h.pair(101, evOpenE, nil, i64(3), cs("/new"), u32(1), u32(0), u32(0))
	if f := tab.Get(3); f.Name != "/new" || f.Flags&FDCloseCanceled == 0 {
		t.Fatalf("reused fd %+v", f)
	}
	if old := tab.Get(savedFD); old == nil || old.Name != "/home/alice/notes.txt" {
		t.Fatalf("closing entry not saved: %+v", old)
	}
	// At the close exit, the exit's fd lookup clears CLOSE_CANCELED and schedules the
	// saved entry's removal; the close parser then no longer sees the flag and also
	// schedules fd 3: as in the reference, the re-created fd goes too.
	ctx := h.run(100, evCloseX, i64(0))
	if ctx.FD == nil || ctx.FD.Name != "/new" || ctx.FD.Flags&FDCloseCanceled != 0 {
		t.Errorf("close exit fd %+v", ctx.FD)
	}
	h.run(100, evGetuidE)
	if tab.Get(savedFD) != nil || tab.Get(3) != nil {
		t.Errorf("after the close: saved %+v, fd 3 %+v", tab.Get(savedFD), tab.Get(3))
	}
}

func TestPipeSocketpairAndAnonymousFDs(t *testing.T) {
	h := newHarness(t, bashSection())
	ctx := h.pair(100, evPipeE, nil, i64(0), i64(5), i64(6), u64(4242))
	tab := h.e.Thread(100).FDs
	if tab.Get(5).Type != FDFifo || tab.Get(6).Ino != 4242 || ctx.FD != tab.Get(6) {
		t.Errorf("pipe: %+v %+v", tab.Get(5), tab.Get(6))
	}
	ctx = h.pair(100, evSocketpairE, p(u32(afUnix), u32(1), u32(0)), i64(0), i64(7), i64(8), u64(0xa), u64(0xb))
	if f := tab.Get(8); f.Type != FDUnixSock || f.Source != 0xa || f.Dest != 0xb || ctx.FD != tab.Get(7) {
		t.Errorf("socketpair: %+v", f)
	}
	if h.e.Thread(100).LastEventFD != 8 {
		t.Errorf("socketpair lastevent_fd %d, want the second fd", h.e.Thread(100).LastEventFD)
	}
	for typ, want := range map[uint16]int8{evEventfdX: FDEvent, evSignalfdX: FDSignalfd,
		evTimerfdCreateX: FDTimerfd, evInotifyInitX: FDInotify} {
		ctx := h.run(100, typ, i64(30))
		if ctx.FD == nil || ctx.FD.Type != want {
			t.Errorf("event %d: fd %+v", typ, ctx.FD)
		}
	}
}

func TestFDTableLimit(t *testing.T) {
	h := newHarness(t, section(proc(1, 1, 0, "init", "/")))
	h.e.opts.MaxFDs = 3
	for fd := int64(0); fd < 5; fd++ {
		h.pair(1, evOpenE, nil, i64(fd), cs("/f"), u32(1), u32(0), u32(0))
	}
	if n := h.e.Thread(1).FDs.Len(); n != 3 {
		t.Errorf("table holds %d entries, limit 3", n)
	}
	// Replacing an existing fd is still allowed.
	ctx := h.pair(1, evOpenE, nil, i64(1), cs("/g"), u32(1), u32(0), u32(0))
	if ctx.FD == nil || ctx.FD.Name != "/g" {
		t.Error("full table refused to replace an fd")
	}
}

package state

import "testing"

func TestPlaceholderThreads(t *testing.T) {
	h := newHarness(t, section(proc(100, 100, 1, "bash", "/")))
	ctx := h.run(777, evGetuidE)
	th := ctx.Thread
	if th == nil || th.Tid != 777 || th.Pid != 777 || th.Ptid != -1 || th.Comm != "<NA>" || th.Exe != "<NA>" {
		t.Fatalf("placeholder %+v", th)
	}
	if th.UID != noID || th.GID != noID || th.LoginUID != noID || th.Cwd != "" || th.Vtid != -1 || !th.IsPlaceholder() {
		t.Errorf("placeholder defaults %+v", th)
	}
	if th.Flags&Active == 0 || th.FDs.Len() != 0 {
		t.Errorf("placeholder flags %#x fds %d", th.Flags, th.FDs.Len())
	}
	if h.e.User(th.UID) != nil {
		t.Error("uid 0xFFFFFFFF must never resolve")
	}
	// Clone exits and switches do not create threads.
	h.run(888, evSchedswitchV6E, i64(1), u64(0), u64(0), u32(0), u32(0), u32(0))
	h.run(889, evCloneV20X, cloneX(5, "x", nil, 889, 889, 1, "x", nil, 0, 0, 0, 889, 889)...)
	if h.e.Thread(888) != nil {
		t.Error("a switch created a thread")
	}
	// A thread whose main thread is unknown gets a placeholder main thread that counts
	// the entries of its pid.
	h.run(100, evCloneV20X, cloneX(901, "bash", nil, 100, 950, 1, "bash", nil, CloneThread|CloneFiles, 0, 0, 100, 100)...)
	if m := h.e.Thread(950); m == nil || !m.IsPlaceholder() || m.NChilds != 1 {
		t.Errorf("placeholder main thread %+v", m)
	}
}

func TestProcexitIsDeferred(t *testing.T) {
	h := newHarness(t, section(proc(1, 1, 0, "init", "/"), proc(200, 200, 1, "sleep", "/")))
	ctx := h.run(200, evProcexitV1E, i64(0), i64(0), u8(0), u8(0))
	if ctx.Thread == nil || ctx.Thread.Comm != "sleep" || ctx.Thread.Flags&Closed == 0 {
		t.Fatalf("procexit must still show its thread: %+v", ctx.Thread)
	}
	if h.e.Thread(200) == nil {
		t.Fatal("thread removed during its procexit")
	}
	h.run(1, evGetuidE)
	if h.e.Thread(200) != nil {
		t.Error("thread still present after the next event")
	}
}

func TestProcexitWithLiveThreads(t *testing.T) {
	h := newHarness(t, bashSection())
	h.run(100, evProcexitV1E, i64(0), i64(0), u8(0), u8(0))
	h.run(101, evGetuidE)
	m := h.e.Thread(100)
	if m == nil || m.Flags&Closed == 0 {
		t.Fatal("a main thread with live threads must stay (flagged closed)")
	}
	if h.e.FDTable(h.e.Thread(101)).Get(3) == nil {
		t.Error("the surviving thread lost the process's fds")
	}
	h.run(101, evProcexitV1E, i64(0), i64(0), u8(0), u8(0))
	h.run(1, evGetuidE)
	if h.e.Thread(101) != nil || m.NChilds != 0 {
		t.Errorf("last thread's exit: thread kept %v, main nchilds %d", h.e.Thread(101) != nil, m.NChilds)
	}
	if h.e.Thread(100) == nil {
		t.Error("the closed main thread is only removed by its own procexit (no purge in replay)")
	}
}

func TestReapClosedProcesses(t *testing.T) {
	h := newHarness(t, nil)
	h.e = New(Options{ReapClosedProcesses: true})
	h.e.LoadSection(bashSection())
	h.run(100, evProcexitV1E, i64(0), i64(0), u8(0), u8(0))
	h.run(101, evGetuidE)
	if h.e.Thread(100) == nil {
		t.Fatal("main thread removed while a thread lives")
	}
	h.run(101, evProcexitV1E, i64(0), i64(0), u8(0), u8(0))
	h.run(1, evGetuidE)
	if h.e.Thread(100) != nil || h.e.Thread(101) != nil {
		t.Error("the closed main thread must go with its last thread")
	}
}

func TestCwdEvents(t *testing.T) {
	h := newHarness(t, bashSection())
	h.pair(101, evChdirE, nil, i64(0), cs("src/../lib"))
	if cwd := h.e.Cwd(h.e.Thread(101)); cwd != "/home/alice/lib/" || h.e.Thread(100).Cwd != cwd {
		t.Errorf("chdir from a thread: process cwd %q", cwd)
	}
	h.pair(100, evChdirE, nil, i64(-2), cs("/nope"))
	if cwd := h.e.Thread(100).Cwd; cwd != "/home/alice/lib/" {
		t.Errorf("failed chdir changed cwd to %q", cwd)
	}
	h.pair(100, evOpenE, nil, i64(8), cs("/var/tmp"), u32(oDirectory), u32(0), u32(0))
	h.pair(100, evFchdirE, p(i64(8)), i64(0))
	if cwd := h.e.Thread(100).Cwd; cwd != "/var/tmp/" {
		t.Errorf("fchdir: %q", cwd)
	}
	h.pair(100, evGetcwdE, nil, i64(5), cs("/"))
	if cwd := h.e.Thread(100).Cwd; cwd != "/" {
		t.Errorf("getcwd: %q", cwd)
	}
}

func TestIDChanges(t *testing.T) {
	h := newHarness(t, bashSection())
	h.pair(101, evSetuidE, p(u32(0)), i64(0))
	if h.e.Thread(101).UID != 0 || h.e.Thread(100).UID != 1000 {
		t.Error("setuid must change only the calling thread")
	}
	h.pair(100, evSetresuidE, p(u32(5), u32(noID), u32(5)), i64(0))
	if h.e.Thread(100).UID != 1000 {
		t.Error("setresuid with euid -1 changed the uid")
	}
	h.pair(100, evSetresgidE, p(u32(5), u32(6), u32(5)), i64(0))
	if h.e.Thread(100).GID != 6 {
		t.Error("setresgid did not set the effective gid")
	}
	h.pair(100, evSetgidE, p(u32(9)), i64(-1))
	if h.e.Thread(100).GID != 6 {
		t.Error("failed setgid changed the gid")
	}
	// Unpaired: the exit cannot know the id.
	h.run(100, evSetuidX, i64(0))
	if h.e.Thread(100).UID != 1000 {
		t.Error("unpaired setuid changed the uid")
	}
	h.run(100, evSetsidE)
	h.run(100, evSetsidX, i64(100))
	if h.e.Thread(100).Sid != 100 {
		t.Error("setsid")
	}
}

func TestRlimits(t *testing.T) {
	h := newHarness(t, bashSection())
	h.pair(101, evSetrlimitE, p(u8(rlimitNofile)), i64(0), i64(4096), i64(8192))
	if h.e.Thread(100).FDLimit != 4096 {
		t.Errorf("setrlimit from a thread: main fdlimit %d", h.e.Thread(100).FDLimit)
	}
	h.pair(100, evSetrlimitE, p(u8(3)), i64(0), i64(1), i64(1))
	if h.e.Thread(100).FDLimit != 4096 {
		t.Error("RLIMIT_STACK changed fdlimit")
	}
	h.pair(100, evPrlimitE, p(i64(0), u8(rlimitNofile)), i64(0), i64(100), i64(100), i64(4096), i64(8192))
	if h.e.Thread(100).FDLimit != 100 {
		t.Errorf("prlimit(0): fdlimit %d", h.e.Thread(100).FDLimit)
	}
	h.pair(100, evPrlimitE, p(i64(1), u8(rlimitNofile)), i64(0), i64(-1), i64(-1), i64(4096), i64(8192))
	if h.e.Thread(1).FDLimit != 1024 {
		t.Error("prlimit with newcur -1 changed the limit")
	}
	h.pair(100, evPrlimitE, p(i64(1), u8(rlimitNofile)), i64(0), i64(64), i64(64), i64(1024), i64(1024))
	if h.e.Thread(1).FDLimit != 64 {
		t.Error("prlimit on another process")
	}
}

func TestMemoryCounters(t *testing.T) {
	h := newHarness(t, bashSection())
	h.pair(101, evBrkV4E, p(u64(0)), u64(0x1000), u32(10), u32(20), u32(30))
	if th := h.e.Thread(101); th.VMSizeKB != 10 || th.VMRSSKB != 20 || th.VMSwapKB != 30 {
		t.Errorf("brk counters %+v", th)
	}
	h.run(101, evSchedswitchV6E, i64(1), u64(3), u64(4), u32(100), u32(200), u32(300))
	th, m := h.e.Thread(101), h.e.Thread(100)
	if th.PFMajor != 3 || th.PFMinor != 4 || m.VMSizeKB != 100 || m.VMRSSKB != 200 {
		t.Errorf("switch: thread pf %d/%d, main vm %d/%d", th.PFMajor, th.PFMinor, m.VMSizeKB, m.VMRSSKB)
	}
}

func TestChroot(t *testing.T) {
	h := newHarness(t, bashSection())
	h.pair(100, evChrootE, nil, i64(0), cs("jail"))
	if r := h.e.Thread(100).Root; r != "/home/alice/jail" {
		t.Errorf("relative chroot root %q", r)
	}
	h.pair(100, evChrootE, nil, i64(0), cs("/srv"))
	if r := h.e.Thread(100).Root; r != "/srv" {
		t.Errorf("absolute chroot root %q", r)
	}
}

func TestThreadTableLimit(t *testing.T) {
	h := newHarness(t, section(proc(1, 1, 0, "init", "/")))
	h.e.opts.MaxThreads = 3
	for tid := int64(10); tid < 20; tid++ {
		h.run(tid, evGetuidE)
	}
	if n := h.e.NumThreads(); n != 3 {
		t.Errorf("%d threads, limit 3", n)
	}
	if ctx := h.run(30, evGetuidE); ctx.Thread != nil {
		t.Error("a full table still produced a thread")
	}
}

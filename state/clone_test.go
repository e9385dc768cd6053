package state

import (
	"testing"
)

// bashSection is a capture with init (1), a bash process (100) whose cwd is /home/alice
// and an open file, and a second bash thread (101).
func bashSection() *tsection {
	bash := proc(100, 100, 1, "bash", "/home/alice", "-l")
	bash.Env = nul("HOME=/home/alice")
	thr := proc(101, 100, 1, "bash", "")
	thr.Flags = CloneThread | CloneFiles
	s := section(proc(1, 1, 0, "init", "/"), bash, thr)
	s.FDLists = append(s.FDLists, fdList(100, fileFD(3, "/home/alice/notes.txt")))
	return s
}

func TestCloneProcessCallerFirst(t *testing.T) {
	h := newHarness(t, bashSection())
	h.run(100, evCloneV20E)
	ctx := h.run(100, evCloneV20X, cloneX(200, "bash", []string{"-l"}, 100, 100, 1, "bash", nil, 0, 1000, 1000, 100, 100)...)
	if ctx.Thread == nil || ctx.Thread.Tid != 100 {
		t.Fatalf("caller side: event thread %+v", ctx.Thread)
	}
	if ctx.NoOwnThread {
		t.Error("caller side: NoOwnThread true, want false")
	}
	c := h.e.Thread(200)
	if c == nil {
		t.Fatal("child 200 not created by the caller's exit")
	}
	if c.Pid != 200 || c.Ptid != 100 || c.Comm != "bash" || c.ExePath != "/bin/bash" || c.CloneTS != ctx.Ev.Ts() {
		t.Errorf("child %+v", c)
	}
	if h.e.Cwd(c) != "/home/alice/" || len(c.Env) != 1 {
		t.Errorf("child cwd %q env %q, want the parent's", h.e.Cwd(c), c.Env)
	}
	if f := c.FDs.Get(3); f == nil || f.Name != "/home/alice/notes.txt" || f.Flags&FDIsCloned == 0 {
		t.Errorf("child fd 3 = %+v, want a cloned copy of the parent's", f)
	}
	if c.Flags&CloneInverted != 0 {
		t.Error("child marked inverted")
	}
	// The child's own exit finds it and changes nothing.
	h.run(200, evCloneV20X, cloneX(0, "bash", []string{"-l"}, 200, 200, 100, "bash", nil, 0, 1000, 1000, 200, 200)...)
	if h.e.Thread(200) != c {
		t.Error("child's exit replaced the entry")
	}
}

func TestCloneInvertedChildFirst(t *testing.T) {
	h := newHarness(t, bashSection())
	// The child's exit comes before the parent's: it creates itself from its parent.
	ctx := h.run(200, evCloneV20X, cloneX(0, "bash", []string{"-c", "ls"}, 200, 200, 100, "bash", nil, 0, 1000, 1000, 200, 200)...)
	c := h.e.Thread(200)
	if c == nil || c.Flags&CloneInverted == 0 {
		t.Fatalf("inverted child %+v", c)
	}
	if c.Ptid != 100 || c.Pid != 200 || len(c.Args) != 2 || c.Args[1] != "ls" {
		t.Errorf("inverted child %+v", c)
	}
	if ctx.Thread != c {
		t.Errorf("event thread %p, want the new child %p (table lookup of the tid)", ctx.Thread, c)
	}
	if !ctx.NoOwnThread {
		t.Error("inverted child's exit: NoOwnThread false, want true (the event resolved no thread itself)")
	}
	if f := c.FDs.Get(3); f == nil {
		t.Error("inverted child did not copy the parent's fds")
	}
	// The parent's exit then finds an inverted child and leaves it alone.
	h.run(100, evCloneV20X, cloneX(200, "bash", []string{"-l"}, 100, 100, 1, "bash", nil, 0, 1000, 1000, 100, 100)...)
	if h.e.Thread(200) != c || len(c.Args) != 2 {
		t.Error("parent's exit recreated the inverted child")
	}
}

func TestCloneThreadSharesFDsAndCountsChild(t *testing.T) {
	h := newHarness(t, bashSection())
	m := h.e.Thread(100)
	if m.NChilds != 1 {
		t.Fatalf("main thread nchilds %d after import, want 1 (thread 101)", m.NChilds)
	}
	h.run(100, evCloneV20X, cloneX(102, "bash", nil, 100, 100, 1, "bash", nil, CloneThread|CloneFiles|CloneVM, 1000, 1000, 100, 100)...)
	th := h.e.Thread(102)
	if th == nil || th.Pid != 100 || th.IsMainThread() {
		t.Fatalf("thread %+v", th)
	}
	if m.NChilds != 2 {
		t.Errorf("main nchilds %d, want 2", m.NChilds)
	}
	if th.FDs.Len() != 0 || h.e.FDTable(th) != m.FDs {
		t.Errorf("new thread must use its main thread's table")
	}
	// An fd opened by the thread lands in the process table.
	h.pair(102, evOpenE, nil, i64(5), cs("/etc/hosts"), u32(1), u32(0), u32(0))
	if m.FDs.Get(5) == nil {
		t.Error("thread's open not visible in the main thread's table")
	}
}

func TestCloneInContainerCallerCreatesNothing(t *testing.T) {
	h := newHarness(t, bashSection())
	// Caller in a pid namespace (tid 100 is vtid 1): its exit reports the child's
	// namespace tid only.
	h.run(100, evCloneV20X, cloneX(6, "bash", nil, 100, 100, 1, "bash", nil, 0, 0, 0, 1, 1)...)
	if h.e.Thread(6) != nil {
		t.Error("caller side in a container created a child from the namespace tid")
	}
	h.run(300, evCloneV20X, cloneX(0, "bash", nil, 300, 300, 100, "bash", []string{"cpu=/docker/" + dockerID}, 0, 0, 0, 6, 6)...)
	c := h.e.Thread(300)
	if c == nil || c.Vtid != 6 || c.Vpid != 6 || c.ContainerID != dockerID[:12] {
		t.Fatalf("container child %+v", c)
	}
	if ct := h.e.Container(dockerID[:12]); ct == nil || ct.Type != ContainerDocker {
		t.Errorf("container entry %+v", ct)
	}
}

func TestCloneFromPlaceholderParent(t *testing.T) {
	h := newHarness(t, section())
	// Nothing is known of 500: the clone's caller becomes a placeholder, then takes the
	// identity the event gives.
	ctx := h.run(500, evCloneV20X, cloneX(501, "nginx", []string{"-g"}, 500, 500, 1, "nginx", nil, 0, 33, 33, 500, 500)...)
	pt := h.e.Thread(500)
	if pt == nil || pt.Comm != "nginx" || pt.Exe != "nginx" || len(pt.Args) != 1 || pt.UID != noID {
		t.Fatalf("placeholder parent after clone: %+v", pt)
	}
	if ctx.Thread != pt {
		t.Error("event thread not re-resolved after the parent was replaced")
	}
	c := h.e.Thread(501)
	if c == nil || c.Comm != "nginx" || c.UID != 33 || c.ExePath != "" {
		t.Errorf("child of placeholder %+v", c)
	}
}

func TestCloneStaleChildAndCollision(t *testing.T) {
	h := newHarness(t, bashSection())
	h.run(100, evCloneV20X, cloneX(200, "bash", nil, 100, 100, 1, "bash", nil, 0, 1000, 1000, 100, 100)...)
	old := h.e.Thread(200)
	h.ts += 3_000_000_000 // more than 2 s later the tid is reused
	h.run(200, evCloneV20X, cloneX(0, "sh", nil, 200, 200, 100, "sh", nil, 0, 1000, 1000, 200, 200)...)
	c := h.e.Thread(200)
	if c == old || c.Comm != "sh" || c.Flags&CloneInverted == 0 {
		t.Errorf("stale child not replaced: %+v", c)
	}
	// A caller-side clone onto a tid that holds a non-inverted entry replaces it.
	h.run(100, evCloneV20X, cloneX(101, "bash", nil, 100, 100, 1, "worker", nil, 0, 1000, 1000, 100, 100)...)
	if n := h.e.Thread(101); n == nil || n.Comm != "worker" || n.Pid != 101 {
		t.Errorf("tid collision: %+v", n)
	}
	if m := h.e.Thread(100); m.NChilds != 0 {
		t.Errorf("main nchilds %d after its thread 101 was replaced by a process", m.NChilds)
	}
}

func TestCloneFailedAndOldVersions(t *testing.T) {
	h := newHarness(t, bashSection())
	h.run(100, evCloneV20X, cloneX(-11, "bash", nil, 100, 100, 1, "bash", nil, 0, 1000, 1000, 100, 100)...)
	if h.e.NumThreads() != 3 {
		t.Errorf("failed clone created a thread")
	}
	// CLONE_16_X: no comm (comm = exe), no cgroups, flags at 13, uid/gid at 14/15.
	h.run(100, evCloneV16X, i64(201), cs("/usr/bin/env"), nul(), i64(100), i64(100), i64(1), cs("/"),
		i64(512), u64(0), u64(0), u32(1), u32(2), u32(3), u32(0), u32(7), u32(8))
	c := h.e.Thread(201)
	if c == nil || c.Comm != "/usr/bin/env" || c.UID != 7 || c.GID != 8 || c.VMSizeKB != 1 || c.FDLimit != 512 || c.Vtid != 201 {
		t.Errorf("CLONE_16 child %+v", c)
	}
}

package state

import "testing"

func TestExecveExePathFromEnterAndCwd(t *testing.T) {
	h := newHarness(t, bashSection())
	h.run(100, evExecveV19E, cs("../bin/./tool"))
	ctx := h.run(100, evExecveV19X, execveX(0, "tool", []string{"--x"}, 100, 100, 1, "tool",
		[]string{"cpu=/user.slice"}, []string{"A=1"})...)
	th := ctx.Thread
	if th.Comm != "tool" || th.Exe != "tool" || th.ExePath != "/home/bin/tool" {
		t.Errorf("after execve: comm %q exe %q exepath %q", th.Comm, th.Exe, th.ExePath)
	}
	if len(th.Env) != 1 || th.Env[0] != "A=1" || th.Cgroups[0].Path != "/user.slice" || th.LoginUID != 1000 {
		t.Errorf("env %q cgroups %+v loginuid %d", th.Env, th.Cgroups, th.LoginUID)
	}
	if th.UID != 1000 || h.e.Cwd(th) != "/home/alice/" || th.FDs.Get(3) == nil {
		t.Error("execve must keep uid, cwd and fds")
	}
	if ctx.Enter == nil || ctx.Enter.Type() != evExecveV19E {
		t.Error("the paired enter event is not in the context")
	}
	h.e.EndEvent(ctx)
	if ctx.Enter != nil {
		t.Error("EndEvent keeps the enter event")
	}
}

func TestExecveUnpairedKeepsExePath(t *testing.T) {
	h := newHarness(t, bashSection())
	// No enter event: exepath stays what the process had.
	h.run(100, evExecveV19X, execveX(0, "ls", nil, 100, 100, 1, "ls", nil, nil)...)
	if th := h.e.Thread(100); th.ExePath != "/bin/bash" || th.Comm != "ls" {
		t.Errorf("unpaired execve: comm %q exepath %q", th.Comm, th.ExePath)
	}
	h.run(100, evExecveV19E, cs("<NA>"))
	h.run(100, evExecveV19X, execveX(0, "ls", nil, 100, 100, 1, "ls", nil, nil)...)
	if th := h.e.Thread(100); th.ExePath != "<NA>" {
		t.Errorf("exepath from a <NA> filename: %q", th.ExePath)
	}
	h.run(100, evExecveV19E, cs("/bin/false"))
	h.run(100, evExecveV19X, execveX(-2, "false", nil, 100, 100, 1, "false", nil, nil)...)
	if th := h.e.Thread(100); th.Comm != "ls" {
		t.Errorf("failed execve changed comm to %q", th.Comm)
	}
}

func TestExecveMultiThreadedProcess(t *testing.T) {
	h := newHarness(t, bashSection())
	m := h.e.Thread(100)
	m.Flags |= PipeSrc
	h.run(100, evExecveV19E, cs("/usr/bin/python3"))
	h.run(100, evExecveV19X, execveX(0, "python3", nil, 100, 100, 1, "python3", nil, nil)...)
	if m.Flags&(CloneThread|CloneFiles) != 0 || m.Flags&PipeSrc == 0 || m.Flags&Active == 0 {
		t.Errorf("flags after exec %#x: clone flags cleared, pipe flags kept", m.Flags)
	}
	// The other thread stays until its own procexit; the main thread keeps counting it.
	th := h.e.Thread(101)
	if th == nil || m.NChilds != 1 || h.e.FDTable(th) != m.FDs {
		t.Fatalf("sibling thread %+v, main nchilds %d", th, m.NChilds)
	}
	if th.Comm != "bash" {
		t.Errorf("sibling thread renamed to %q", th.Comm)
	}
	h.run(101, evProcexitV1E, i64(0), i64(0), u8(9), u8(0))
	h.run(100, evGetuidE)
	if h.e.Thread(101) != nil || m.NChilds != 0 {
		t.Errorf("sibling's procexit: thread left %v, main nchilds %d", h.e.Thread(101) != nil, m.NChilds)
	}
}

func TestExecveatPathFromDirFD(t *testing.T) {
	h := newHarness(t, bashSection())
	h.pair(100, evOpenE, nil, i64(7), cs("/opt/app"), u32(1<<10|1), u32(0), u32(0))
	h.run(100, evExecveatE, i64(7), cs("run.sh"), u32(0))
	h.run(100, evExecveatX, execveX(0, "run.sh", nil, 100, 100, 1, "run.sh", nil, nil)...)
	if th := h.e.Thread(100); th.ExePath != "/opt/app/run.sh" {
		t.Errorf("execveat exepath %q", th.ExePath)
	}
	h.run(100, evExecveatE, i64(7), cs(""), u32(execveatEmptyPath))
	h.run(100, evExecveatX, execveX(0, "app", nil, 100, 100, 1, "app", nil, nil)...)
	if th := h.e.Thread(100); th.ExePath != "/opt/app" {
		t.Errorf("execveat AT_EMPTY_PATH exepath %q", th.ExePath)
	}
}

func TestOldExecveVersions(t *testing.T) {
	h := newHarness(t, bashSection())
	// EXECVE_14_X: comm is exe, env at 13.
	h.run(100, evExecveV14X, i64(0), cs("/bin/sh"), nul("-c"), i64(100), i64(100), i64(1), cs("/"),
		u64(64), u64(1), u64(2), u32(3), u32(4), u32(5), nul("X=1", "Y=2"))
	th := h.e.Thread(100)
	if th.Comm != "/bin/sh" || len(th.Env) != 2 || th.FDLimit != 64 || th.VMRSSKB != 4 {
		t.Errorf("EXECVE_14: %+v", th)
	}
}

package state

import (
	"testing"

	"github.com/scrylabs/scry/formats/scap"
)

func TestLoadSectionProcesses(t *testing.T) {
	bash := proc(100, 100, 1, "bash", "/home/alice/./src/..", "-l", "-i")
	bash.Env = nul("A=1", "B=2")
	bash.Cgroups = nul("cpu=/docker/" + dockerID)
	thr := proc(101, 100, 1, "bash", "/ignored")
	thr.Flags = CloneThread | CloneFiles
	thr.Env = nul("IGNORED=1")
	nocwd := proc(300, 300, 1, "daemon", "")
	dup1 := proc(400, 400, 1, "first", "/")
	dup2 := proc(400, 400, 1, "second", "/")
	s := section(bash, thr, nocwd, dup1, dup2)
	s.FDLists = []scap.FDList{fdList(100, fileFD(3, "/dev/null")), fdList(999, fileFD(0, "/orphan"))}
	e := New(Options{})
	e.LoadSection(s)

	m := e.Thread(100)
	if m.Cwd != "/home/alice/" || len(m.Env) != 2 || len(m.Args) != 2 || m.Flags&(Active|NameChanged) != Active|NameChanged {
		t.Errorf("main thread %+v", m)
	}
	if m.ContainerID != dockerID[:12] {
		t.Errorf("container %q", m.ContainerID)
	}
	th := e.Thread(101)
	if th.Cwd != "" || th.Env != nil || m.NChilds != 1 || e.Cwd(th) != "/home/alice/" {
		t.Errorf("thread: cwd %q env %q; main nchilds %d", th.Cwd, th.Env, m.NChilds)
	}
	if c := e.Thread(300).Cwd; c != "/" {
		t.Errorf("empty process-list cwd gives %q, want /", c)
	}
	if c := e.Thread(400).Comm; c != "second" {
		t.Errorf("duplicate tid: %q, want the later entry", c)
	}
	if f := m.FDs.Get(3); f == nil || f.Flags&(FDFromProc|FDIsTracerFile) != FDFromProc|FDIsTracerFile {
		t.Errorf("/dev/null fd %+v", f)
	}
	if o := e.Thread(999); o == nil || !o.IsPlaceholder() || o.FDs.Get(0) == nil {
		t.Errorf("fd list of an unknown tid: %+v", o)
	}
	if u := e.User(1000); u == nil || u.Home != "/home/alice" {
		t.Errorf("user %+v", u)
	}
	if len(e.Interfaces()) != 2 || e.Interfaces()[1].Name != "eth0" {
		t.Errorf("interfaces %+v", e.Interfaces())
	}
	// A new section replaces everything.
	e.LoadSection(section(proc(1, 1, 0, "init", "/")))
	if e.NumThreads() != 1 || e.Thread(100) != nil {
		t.Errorf("second section: %d threads", e.NumThreads())
	}
}

func TestLoadNilSection(t *testing.T) {
	e := New(Options{})
	e.LoadSection(nil)
	if e.NumThreads() != 0 || e.Interfaces() != nil {
		t.Error("empty section")
	}
}

package state

import (
	"bytes"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/scap"
)

// A thread whose command line, environment, paths or fd names exceed what capture
// metadata holds still snapshots into a writable section: the long strings are cut the
// way libscap cuts them.
func TestScapSnapshotFitsLongStrings(t *testing.T) {
	long := strings.Repeat("x", 25000)
	e := New(Options{})
	e.LoadSection(&scap.Section{
		Processes: []scap.Process{{Tid: 7, Pid: 7, Comm: "sh", Exe: "/bin/sh", ExePath: "/" + long,
			Args: []byte("-c\x00" + long + "\x00tail\x00"), Env: []byte("A=" + long + "\x00"),
			Cwd: "/" + long, Root: "/"}},
		FDLists: []scap.FDList{{Tid: 7, FDs: []scap.FD{{Fd: 3, Type: scap.FDFile, Name: "/" + long}}}},
		Users:   []scap.User{{UID: 1, Name: long, Home: "/", Shell: "/bin/sh"}},
	})
	s := e.Snapshot()
	if len(s.Processes) != 1 || len(s.FDLists) != 1 {
		t.Fatalf("snapshot: %d processes, %d fd lists", len(s.Processes), len(s.FDLists))
	}
	p := s.Processes[0]
	if len(p.Args) != 4096 || !bytes.HasPrefix(p.Args, []byte("-c\x00xxx")) || p.Args[len(p.Args)-1] != 0 {
		t.Errorf("args: %d bytes", len(p.Args))
	}
	if len(p.Env) != 4096 || len(p.ExePath) != 1024 || len(s.FDLists[0].FDs[0].Name) != 1023 {
		t.Errorf("env %d, exepath %d, fd name %d bytes", len(p.Env), len(p.ExePath), len(s.FDLists[0].FDs[0].Name))
	}
	var buf bytes.Buffer
	w, err := scap.NewWriter(&buf, scap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteSection(s); err != nil {
		t.Fatalf("write the snapshot: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

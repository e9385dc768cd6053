package scap

import (
	"bytes"
	"strings"
	"testing"
)

func TestFitLimitsMakesASectionWritable(t *testing.T) {
	long := strings.Repeat("z", 9000)
	args := []byte("-c\x00" + long + "\x00")
	s := &Section{
		Processes:  []Process{{Tid: 1, Pid: 1, Comm: long, Exe: long, ExePath: long, Args: args, Env: []byte(long), Cgroups: []byte(long), Cwd: long, Root: long}},
		FDLists:    []FDList{{Tid: 1, FDs: []FD{{Fd: 3, Type: FDFile, Name: long}}}},
		Interfaces: []Interface{{Type: IfIPv4, Name: long}},
		Users:      []User{{UID: 1, Name: long, Home: long, Shell: long}},
		Groups:     []Group{{GID: 1, Name: long}},
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteSection(s); err == nil {
		t.Fatal("the writer took a process entry over the format's limits")
	}
	s.FitLimits()
	if len(args) != 9004 || args[9003] != 0 {
		t.Error("FitLimits changed the caller's args bytes")
	}
	p := s.Processes[0]
	if len(p.Args) != maxArgsLen || p.Args[maxArgsLen-1] != 0 || !bytes.HasPrefix(p.Args, []byte("-c\x00zz")) {
		t.Errorf("args cut to %d bytes, last %q", len(p.Args), p.Args[len(p.Args)-1])
	}
	if len(p.Comm) != maxPathLen || len(s.FDLists[0].FDs[0].Name) != maxPathLen-1 || len(s.Users[0].Shell) != maxCredentialLen {
		t.Errorf("comm %d, fd name %d, shell %d bytes", len(p.Comm), len(s.FDLists[0].FDs[0].Name), len(s.Users[0].Shell))
	}
	buf.Reset()
	if w, err = NewWriter(&buf, WriterOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteSection(s); err != nil {
		t.Fatalf("write after FitLimits: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(bytes.NewReader(buf.Bytes()), "fit.scap")
	if err != nil {
		t.Fatal(err)
	}
	got := r.Section()
	if got == nil || len(got.Processes) != 1 || !bytes.Equal(got.Processes[0].Args, p.Args) {
		t.Fatalf("read back %+v", got)
	}
}

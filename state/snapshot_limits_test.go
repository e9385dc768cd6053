package state

import (
	"bytes"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/scap"
)

func TestJoinNULCapped(t *testing.T) {
	for _, c := range []struct {
		in    []string
		limit int
		want  string
	}{
		{[]string{"a", "bc"}, 10, "a\x00bc\x00"},
		{[]string{"a", "bc"}, 5, "a\x00bc\x00"},
		{[]string{"a", "bcd"}, 5, "a\x00bc\x00"},
		{[]string{"a", "bcd", "e"}, 5, "a\x00bc\x00"},
		{[]string{"ab", "c"}, 3, "ab\x00"},
		{[]string{"ab", "c"}, 4, "ab\x00\x00"},
		{nil, 4, ""},
	} {
		if got := string(joinNULCapped(c.in, c.limit)); got != c.want {
			t.Errorf("joinNULCapped(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
	}
}

// A thread whose command line, environment or paths exceed what a process-list entry
// holds still snapshots into a scap file: the long strings are cut the way libs cuts them.
func TestScapSnapshotTruncatesLongStrings(t *testing.T) {
	long := strings.Repeat("x", 25000)
	th := &Thread{Tid: 7, Pid: 7, Comm: "sh", Exe: "/bin/sh", ExePath: "/" + long,
		Args: []string{"-c", long, "tail"}, Env: []string{"A=" + long},
		Cwd: "/" + long, Root: "/"}
	th.FDs = newFDTable()
	th.FDs.put(3, &FD{Type: FDFile, Name: "/" + long})
	p := processOf(th)
	if len(p.Args) != maxArgsBlob || !bytes.HasPrefix(p.Args, []byte("-c\x00xxx")) || p.Args[len(p.Args)-1] != 0 {
		t.Errorf("args: %d bytes, prefix %q", len(p.Args), p.Args[:8])
	}
	if len(p.Env) != maxArgsBlob || len(p.ExePath) != maxPathBlob {
		t.Errorf("env %d bytes, exepath %d bytes", len(p.Env), len(p.ExePath))
	}
	l := fdListOf(th)
	if len(l.FDs) != 1 || len(l.FDs[0].Name) != maxPathBlob-1 {
		t.Fatalf("fd list %+v", l.FDs)
	}
	var buf bytes.Buffer
	w, err := scap.NewWriter(&buf, scap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteSection(&scap.Section{Processes: []scap.Process{p}, FDLists: []scap.FDList{l}}); err != nil {
		t.Fatalf("write process list: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

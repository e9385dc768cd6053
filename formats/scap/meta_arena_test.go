package scap

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// arenaSection builds a section of n processes whose args, environments and cgroups
// cycle through a few distinct blobs (as threads of one process and processes of one
// program do), each with fdsPer fds of several types.
func arenaSection(n, fdsPer int) *Section {
	s := &Section{Machine: &MachineInfo{NumCPUs: 2, Hostname: "arena"}, HasUsers: true,
		Users: []User{{UID: 0, Name: "root", Home: "/root", Shell: "/bin/sh"}}}
	for i := range n {
		k := i % 7
		tid := int64(1000 + i)
		s.Processes = append(s.Processes, Process{
			Tid: tid, Pid: tid - int64(i%3), Ptid: 1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1,
			Comm: fmt.Sprintf("comm%d", k), Exe: fmt.Sprintf("/bin/prog%d", k), ExePath: "/usr/bin/prog",
			Args:    []byte(fmt.Sprintf("-n\x00%d\x00", k)),
			Cwd:     fmt.Sprintf("/srv/%d/", i),
			Env:     []byte(fmt.Sprintf("HOME=/root\x00K=%d\x00", k)),
			Cgroups: []byte(fmt.Sprintf("cpu=/docker/%d\x00memory=/docker/%d\x00", k, k)),
			Root:    "/", FDLimit: 1024,
		})
		l := FDList{Tid: tid}
		for j := range fdsPer {
			fd := FD{Fd: int64(j), Ino: uint64(i*100 + j), Type: FDFileV2, Name: fmt.Sprintf("/var/log/f%d-%d", i, j)}
			switch j % 4 {
			case 1:
				fd = FD{Fd: int64(j), Type: FDIPv4Sock, L4Proto: 2, SPort: 80, DPort: uint16(1000 + j)}
				copy(fd.SIP[:4], []byte{10, 0, 0, 1})
			case 2:
				fd = FD{Fd: int64(j), Type: FDUnixSock, Source: 1, Dest: 2, Name: "/run/sock"}
			}
			l.FDs = append(l.FDs, fd)
		}
		s.FDLists = append(s.FDLists, l)
	}
	return s
}

// captureOf writes s and one event as a plain capture.
func captureOf(t testing.TB, s *Section) []byte {
	t.Helper()
	var out bytes.Buffer
	w, err := NewWriter(&out, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteSection(s); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteEvent(&event.Event{Raw: event.Append(nil, 1e9, 1000, 4, event.I64(3))}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// readSection opens a capture from memory and reads its first event, which reads the
// section's metadata.
func readSection(t testing.TB, data []byte) *Section {
	r, err := NewReader(bytes.NewReader(data), "arena")
	if err != nil {
		t.Fatal(err)
	}
	var ev event.Event
	if err := r.Next(&ev); err != nil {
		t.Fatal(err)
	}
	return r.Section()
}

func TestArenaKeepsEveryValue(t *testing.T) {
	want := arenaSection(300, 6)
	got := readSection(t, captureOf(t, want))
	if len(got.Processes) != len(want.Processes) || len(got.FDLists) != len(want.FDLists) {
		t.Fatalf("%d processes, %d fd lists; want %d, %d", len(got.Processes), len(got.FDLists), len(want.Processes), len(want.FDLists))
	}
	for i := range want.Processes {
		w, g := &want.Processes[i], &got.Processes[i]
		if g.Tid != w.Tid || g.Comm != w.Comm || g.Exe != w.Exe || g.ExePath != w.ExePath || g.Cwd != w.Cwd ||
			g.Root != w.Root || !bytes.Equal(g.Args, w.Args) || !bytes.Equal(g.Env, w.Env) || !bytes.Equal(g.Cgroups, w.Cgroups) {
			t.Fatalf("process %d: %+v, want %+v", i, g, w)
		}
	}
	for i := range want.FDLists {
		w, g := want.FDLists[i], got.FDLists[i]
		if g.Tid != w.Tid || len(g.FDs) != len(w.FDs) {
			t.Fatalf("fd list %d: tid %d with %d fds, want %d with %d", i, g.Tid, len(g.FDs), w.Tid, len(w.FDs))
		}
		for j := range w.FDs {
			if g.FDs[j].Fd != w.FDs[j].Fd || g.FDs[j].Type != w.FDs[j].Type || g.FDs[j].Name != w.FDs[j].Name ||
				g.FDs[j].SIP != w.FDs[j].SIP || g.FDs[j].DPort != w.FDs[j].DPort {
				t.Fatalf("fd list %d entry %d: %+v, want %+v", i, j, g.FDs[j], w.FDs[j])
			}
		}
	}
	if got.Users[0].Home != "/root" || got.Machine.Hostname != "arena" {
		t.Errorf("users %+v, machine %+v", got.Users, got.Machine)
	}
}

// TestArenaBlobsAreShared shows that equal blobs share one copy, capped so that
// appending to one entry's blob leaves the others as they were.
func TestArenaBlobsAreShared(t *testing.T) {
	s := readSection(t, captureOf(t, arenaSection(20, 1)))
	a, b := &s.Processes[3], &s.Processes[10] // same blobs (3 = 10 mod 7)
	if &a.Env[0] != &b.Env[0] || &a.Args[0] != &b.Args[0] || &a.Cgroups[0] != &b.Cgroups[0] {
		t.Errorf("equal blobs of processes 3 and 10 are separate copies")
	}
	if &a.Env[0] == &s.Processes[4].Env[0] {
		t.Errorf("different environments share memory")
	}
	if cap(a.Env) != len(a.Env) {
		t.Errorf("env blob has capacity %d beyond its length %d", cap(a.Env), len(a.Env))
	}
	// Consecutive entries with the same blob (the threads of a process) share it too.
	rep := arenaSection(4, 0)
	for i, k := range []int{1, 1, 2, 1} {
		rep.Processes[i].Env = []byte(fmt.Sprintf("K=%d\x00", k))
	}
	rs := readSection(t, captureOf(t, rep)).Processes
	if &rs[0].Env[0] != &rs[1].Env[0] || &rs[1].Env[0] != &rs[3].Env[0] || &rs[2].Env[0] == &rs[1].Env[0] || string(rs[2].Env) != "K=2\x00" {
		t.Errorf("environments of consecutive entries: %q", []string{string(rs[0].Env), string(rs[1].Env), string(rs[2].Env), string(rs[3].Env)})
	}
	before := string(b.Env)
	a.Env = append(a.Env, "EXTRA=1\x00"...)
	if string(b.Env) != before || string(s.Processes[4].Env) == string(a.Env) {
		t.Errorf("appending to one environment changed another: %q", b.Env)
	}
}

// TestReadSectionAllocations shows that reading metadata allocates per section, not per
// entry: ten times the processes and fds cost a few more chunks, not ten times the
// allocations.
func TestReadSectionAllocations(t *testing.T) {
	allocs := func(n int) float64 {
		data := captureOf(t, arenaSection(n, 5))
		return testing.AllocsPerRun(5, func() { readSection(t, data) })
	}
	small, large := allocs(200), allocs(2000)
	t.Logf("allocations: %.0f for 200 processes and 1 000 fds, %.0f for 2 000 and 10 000", small, large)
	if large-small > 40 || large > 100 {
		t.Errorf("reading 2 000 processes allocates %.0f times, 200 processes %.0f: allocations grow with the entries", large, small)
	}
}

func BenchmarkReadSection(b *testing.B) {
	data := captureOf(b, arenaSection(2000, 5))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		readSection(b, data)
	}
}

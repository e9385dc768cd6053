package state

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/scap"
)

// The byte-by-byte definitions of the blob splits, as the documentation states them.

func defSplitArgs(b []byte) []string {
	var out []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, 0)
		if i < 0 {
			return append(out, string(b))
		}
		out = append(out, string(b[:i]))
		b = b[i+1:]
	}
	return out
}

func defSplitEnv(b []byte) []string {
	var out []string
	for len(b) > 0 {
		if len(bytes.Trim(b, "\x00")) == 0 {
			break
		}
		i := bytes.IndexByte(b, 0)
		if i < 0 {
			return append(out, string(b))
		}
		out = append(out, string(b[:i]))
		b = b[i+1:]
	}
	return out
}

func defParseCgroups(b []byte) []Cgroup {
	var out []Cgroup
	for _, s := range defSplitArgs(b) {
		eq := strings.LastIndexByte(s, '=')
		if eq < 0 {
			break
		}
		sub := strings.Replace(s[:eq], "_cgroup", "", 1)
		if long, ok := map[string]string{"perf": "perf_event", "mem": "memory", "io": "blkio"}[sub]; ok {
			sub = long
		}
		out = append(out, Cgroup{Subsys: sub, Path: s[eq+1:]})
	}
	return out
}

// randomBlob draws a blob of NUL-separated pieces from an alphabet that exercises the
// splits: empty entries, trailing padding, '=' signs, "_cgroup" and renamed subsystems.
func randomBlob(rng *rand.Rand) []byte {
	pieces := []string{"\x00", "\x00\x00", "a", "=", "cpu", "perf", "mem", "io", "_cgroup", "/docker/x", "A=1", "x=y=z"}
	var b []byte
	for range rng.IntN(12) {
		b = append(b, pieces[rng.IntN(len(pieces))]...)
	}
	return b
}

func TestBlobSplitsMatchTheirDefinitions(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	ld := newSectionLoader(0)
	for range 20000 {
		b := randomBlob(rng)
		if got, want := splitArgs(b), defSplitArgs(b); !reflect.DeepEqual(got, want) {
			t.Fatalf("splitArgs(%q) = %q, want %q", b, got, want)
		}
		if got, want := splitEnv(b), defSplitEnv(b); !reflect.DeepEqual(got, want) {
			t.Fatalf("splitEnv(%q) = %q, want %q", b, got, want)
		}
		if got, want := parseCgroups(b), defParseCgroups(b); !reflect.DeepEqual(got, want) {
			t.Fatalf("parseCgroups(%q) = %q, want %q", b, got, want)
		}
		// The loader's shared decodings give the same values, first and later times.
		for range 2 {
			if got, want := ld.splitArgs(b), defSplitArgs(b); !reflect.DeepEqual(got, want) {
				t.Fatalf("loader splitArgs(%q) = %q, want %q", b, got, want)
			}
			if got, want := ld.splitEnv(b), defSplitEnv(b); !reflect.DeepEqual(got, want) {
				t.Fatalf("loader splitEnv(%q) = %q, want %q", b, got, want)
			}
			if got, want := ld.parseCgroups(b), defParseCgroups(b); !reflect.DeepEqual(got, want) {
				t.Fatalf("loader parseCgroups(%q) = %q, want %q", b, got, want)
			}
		}
	}
}

// TestLoaderThreadIsNewThread keeps the slab's thread entries in step with newThread.
func TestLoaderThreadIsNewThread(t *testing.T) {
	ld := newSectionLoader(1)
	for _, got := range []*Thread{ld.thread(42), ld.thread(43)} { // the slab, then past it
		want := newThread(got.Tid)
		if got.FDs == nil || got.FDs.Len() != 0 {
			t.Fatalf("thread %d: fd table %+v", got.Tid, got.FDs)
		}
		g, w := *got, *want
		g.FDs, w.FDs = nil, nil
		if !reflect.DeepEqual(g, w) {
			t.Errorf("loader thread %+v\nnewThread      %+v", g, w)
		}
	}
}

// sharedSection is a section of n processes (a main thread and two threads each) whose
// args, environments, cgroups and cwds cycle through five distinct values, each process
// with fdsPer fds: files and, as fd 1, a socket.
func sharedSection(n, fdsPer int) *scap.Section {
	var procs []scap.Process
	var lists []scap.FDList
	for i := range n {
		k := i % 5
		pid := int64(1000 + 10*i)
		for j := range 3 {
			p := proc(pid+int64(j), pid, 1, fmt.Sprintf("prog%d", k), fmt.Sprintf("/srv/%d/../%d", k, k), "-n", fmt.Sprint(k))
			p.Env = nul("HOME=/root", fmt.Sprintf("K=%d", k))
			p.Cgroups = nul(fmt.Sprintf("cpu=/user.slice/%d", k), "perf_cgroup=/")
			if j > 0 {
				p.Flags = CloneThread | CloneFiles
			}
			procs = append(procs, p)
		}
		l := scap.FDList{Tid: pid}
		for fd := range fdsPer {
			e := fileFD(int64(fd), fmt.Sprintf("/var/log/%d/%d", i, fd))
			if fd == 1 {
				e = scap.FD{Fd: int64(fd), Type: scap.FDIPv4Sock, L4Proto: L4TCP, SPort: 80, DPort: uint16(2000 + fd)}
				copy(e.SIP[:4], ip4("10.0.0.5"))
				copy(e.DIP[:4], ip4("10.0.0.9"))
			}
			l.FDs = append(l.FDs, e)
		}
		lists = append(lists, l)
	}
	s := section(procs...)
	s.FDLists = lists
	return s
}

// TestLoadSectionDecodesEveryEntry compares every thread the loader built with its
// process entry decoded on its own, and shows that equal blobs are decoded once.
func TestLoadSectionDecodesEveryEntry(t *testing.T) {
	s := sharedSection(40, 6)
	e := New(Options{})
	e.LoadSection(s)
	byBlob := map[string]*Thread{}
	for i := range s.Processes {
		p := &s.Processes[i]
		th := e.Thread(p.Tid)
		if th == nil {
			t.Fatalf("no thread %d", p.Tid)
		}
		if !reflect.DeepEqual(th.Args, splitArgs(p.Args)) || !reflect.DeepEqual(th.Cgroups, parseCgroups(p.Cgroups)) {
			t.Fatalf("thread %d: args %q cgroups %q", p.Tid, th.Args, th.Cgroups)
		}
		if th.IsMainThread() {
			if !reflect.DeepEqual(th.Env, splitEnv(p.Env)) {
				t.Fatalf("thread %d: env %q", p.Tid, th.Env)
			}
			want := string(appendConcat(nil, "", cstrParam(p.Cwd)))
			if !strings.HasSuffix(want, "/") {
				want += "/"
			}
			if th.Cwd != want {
				t.Fatalf("thread %d: cwd %q, want %q", p.Tid, th.Cwd, want)
			}
		} else if th.Env != nil || th.Cwd != "" {
			t.Fatalf("thread %d (not main): env %q cwd %q", p.Tid, th.Env, th.Cwd)
		}
		if o := byBlob[string(p.Args)]; o != nil && &o.Args[0] != &th.Args[0] {
			t.Errorf("threads %d and %d: equal args decoded twice", o.Tid, th.Tid)
		}
		byBlob[string(p.Args)] = th
	}
	m := e.Thread(1000)
	if m.NChilds != 2 || m.FDs.Len() != 6 || m.FDs.Get(1).Name != "10.0.0.5:80->10.0.0.9:2001" || m.FDs.Get(0).Name != "/var/log/0/0" {
		t.Errorf("main thread 1000: nchilds %d, %d fds, fd 0 %+v, fd 1 %+v", m.NChilds, m.FDs.Len(), m.FDs.Get(0), m.FDs.Get(1))
	}
}

// TestSharedArgsStayPerThread shows that an execve replacing one thread's args leaves
// the threads that shared the same decoded args as they were.
func TestSharedArgsStayPerThread(t *testing.T) {
	h := newHarness(t, sharedSection(10, 0))
	other := h.e.Thread(1050) // same blobs as 1000 (5 = 0 mod 5)
	before := slices.Clone(other.Args)
	h.run(1000, evExecveV19X, execveX(0, "/bin/ls", []string{"-l"}, 1000, 1000, 1, "ls", []string{"cpu=/x"}, []string{"A=2"})...)
	if got := h.e.Thread(1000).Args; !reflect.DeepEqual(got, []string{"-l"}) {
		t.Fatalf("execve args %q", got)
	}
	if !reflect.DeepEqual(other.Args, before) || other.Comm != "prog0" {
		t.Errorf("thread 1050 changed with 1000's execve: args %q comm %q", other.Args, other.Comm)
	}
}

// TestLoadSectionAllocations shows that loading allocates per section and per distinct
// blob, not per entry: ten times the processes and fds cost a few more slabs.
func TestLoadSectionAllocations(t *testing.T) {
	allocs := func(n int) float64 {
		s := sharedSection(n, 8)
		return testing.AllocsPerRun(5, func() { New(Options{}).LoadSection(s) })
	}
	small, large := allocs(100), allocs(1000)
	t.Logf("allocations: %.0f for 300 threads and 800 fds, %.0f for 3 000 threads and 8 000 fds", small, large)
	// Socket names are strings of their own, one per process here.
	if large-small > 900+60 {
		t.Errorf("loading 3 000 threads allocates %.0f times, 300 threads %.0f: allocations grow with the entries", large, small)
	}
}

func BenchmarkLoadSection(b *testing.B) {
	s := sharedSection(550, 5) // 1 650 threads, 2 750 fds
	b.ReportAllocs()
	for b.Loop() {
		New(Options{}).LoadSection(s)
	}
}

// TestLoadSectionOrientsSockets: connections whose source port is a listening port of
// the capture are turned around, also where an fd list entry replaces an earlier one of
// the same fd (which makes the loader check every table instead of its own list).
func TestLoadSectionOrientsSockets(t *testing.T) {
	conn := func(fd int64, sport, dport uint16) scap.FD {
		e := scap.FD{Fd: fd, Type: scap.FDIPv4Sock, L4Proto: L4TCP, SPort: sport, DPort: dport}
		copy(e.SIP[:4], ip4("10.0.0.5"))
		copy(e.DIP[:4], ip4("10.0.0.9"))
		return e
	}
	listen := scap.FD{Fd: 3, Type: scap.FDIPv4ServSock, L4Proto: L4TCP, SPort: 80}
	for _, replace := range []bool{false, true} {
		s := section(proc(100, 100, 1, "httpd", "/"), proc(200, 200, 1, "client", "/"))
		served := []scap.FD{listen, conn(4, 80, 2001)}
		if replace {
			served = []scap.FD{listen, fileFD(4, "/tmp/x"), conn(4, 80, 2001), conn(6, 5000, 80), fileFD(6, "/tmp/y")}
		}
		s.FDLists = []scap.FDList{fdList(100, served...), fdList(200, conn(5, 5000, 443))}
		e := New(Options{})
		e.LoadSection(s)
		if got := e.Thread(100).FDs.Get(4); got.Name != "10.0.0.9:2001->10.0.0.5:80" || got.Flags&FDRoleServer == 0 {
			t.Errorf("replace %v: accepted connection %q flags %#x", replace, got.Name, got.Flags)
		}
		if got := e.Thread(200).FDs.Get(5); got.Name != "10.0.0.5:5000->10.0.0.9:443" || got.Flags&FDRoleClient == 0 || got.Flags&FDRoleServer != 0 {
			t.Errorf("replace %v: outgoing connection %q flags %#x", replace, got.Name, got.Flags)
		}
		if got := e.Thread(100).FDs.Get(6); replace && (got.Name != "/tmp/y" || got.Flags&(FDRoleClient|FDRoleServer) != 0) {
			t.Errorf("a connection replaced by a file: %q flags %#x", got.Name, got.Flags)
		}
	}
}

// TestLoadSectionReservesWhatTablesTake: fd entries are reserved for what the tables can
// hold, not for every entry of a list longer than MaxFDs.
func TestLoadSectionReservesWhatTablesTake(t *testing.T) {
	s := section(proc(100, 100, 1, "many", "/"), proc(200, 200, 1, "few", "/"))
	var many []scap.FD
	for fd := range 500 {
		many = append(many, fileFD(int64(fd), fmt.Sprintf("/f/%d", fd)))
	}
	s.FDLists = []scap.FDList{fdList(100, many[:300]...), fdList(200, fileFD(0, "/x")), fdList(100, many[300:]...)}
	e := New(Options{MaxFDs: 100})
	e.LoadSection(s)
	if n := e.Thread(100).FDs.Len(); n != 100 || e.Thread(200).FDs.Len() != 1 {
		t.Fatalf("tables hold %d and %d entries, want 100 and 1", n, e.Thread(200).FDs.Len())
	}
	if len(e.fds.spare) != 0 {
		t.Errorf("%d fd entries reserved and left unused", len(e.fds.spare))
	}
}

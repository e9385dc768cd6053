package probe

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cilium/ebpf"

	"github.com/scrylabs/scry/formats/schema"
)

// specProgramNames lists the programs compiled into the embedded probe (no kernel needed).
func specProgramNames(t *testing.T) []string {
	spec, err := loadBtf()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for n := range spec.Programs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// TestDedicatedCoverage checks that the syscalls the probe must report with their own
// events get their 0.29 event pair, and that every filler matches an event of the 0.29
// table with the right direction.
func TestDedicatedCoverage(t *testing.T) {
	fi := indexFillers(specProgramNames(t))
	tab, err := buildSyscallTable(fi, Options{})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]syscallEntry{}
	for i := range schema.Syscalls {
		for _, e := range tab {
			if e.Nr == schema.Syscalls[i].Nr {
				byName[schema.Syscalls[i].Name] = e
			}
		}
	}
	required := []string{"open", "openat", "openat2", "creat", "close", "read", "write", "pread64", "pwrite64",
		"readv", "writev", "preadv", "pwritev", "sendfile", "socket", "socketpair", "bind", "listen", "connect",
		"accept", "accept4", "sendto", "recvfrom", "sendmsg", "recvmsg", "shutdown", "getsockopt", "setsockopt",
		"pipe", "pipe2", "eventfd", "eventfd2", "dup", "dup2", "dup3", "fcntl", "execve", "execveat", "clone",
		"clone3", "fork", "vfork", "chdir", "fchdir", "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat",
		"rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat", "chmod", "fchmod",
		"fchmodat", "setuid", "setgid", "setresuid", "setresgid", "kill", "tkill", "tgkill", "ptrace", "mmap",
		"munmap", "mprotect", "mount", "umount2", "bpf", "unshare", "setns"}
	for _, name := range required {
		e, ok := byName[name]
		if !ok {
			t.Errorf("%s: not in the syscall table", name)
			continue
		}
		if e.EnterType == genericEnter || e.ExitType == genericExit {
			t.Errorf("%s: reported as a generic event", name)
		}
		if e.Flags != scEnter|scExit {
			t.Errorf("%s: flags %d", name, e.Flags)
		}
	}
	// Syscalls 0.29 reports generically (prctl, capset, the chown family) stay generic.
	for _, name := range []string{"prctl", "capset", "chown", "fchown", "lchown", "fchownat", "getpid"} {
		if e := byName[name]; e.EnterType != genericEnter || e.PPMSC == 0 {
			t.Errorf("%s: enter %d code %d, want generic with its PPM_SC code", name, e.EnterType, e.PPMSC)
		}
	}
	for id, name := range fi.enter {
		if info := schema.Info(id); info == nil || !info.Legacy || !info.IsEnter() {
			t.Errorf("enter filler %s: event %d is no 0.29 enter event", name, id)
		}
	}
	for id, name := range fi.exit {
		if info := schema.Info(id); info == nil || !info.Legacy || info.IsEnter() {
			t.Errorf("exit filler %s: event %d is no 0.29 exit event", name, id)
		}
	}
}

func TestDropEnterKeepsEnterEventsWithOwnParams(t *testing.T) {
	fi := indexFillers(specProgramNames(t))
	tab, err := buildSyscallTable(fi, Options{DropEnter: true, Syscalls: []string{"open", "read", "execve", "chdir"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[uint16]uint8{2: scExit, 0: scEnter | scExit, 59: scEnter | scExit, 80: scExit, 39: 0}
	for _, e := range tab {
		if w, ok := want[e.Nr]; ok && e.Flags != w {
			t.Errorf("syscall %d: flags %d, want %d", e.Nr, e.Flags, w)
		}
	}
	if _, err := buildSyscallTable(fi, Options{Syscalls: []string{"nosuchcall"}}); err == nil {
		t.Error("an unknown syscall name was accepted")
	}
}

func TestDropSlotNames(t *testing.T) {
	for i, want := range map[int]string{0: "other_enter", 3: "clone_fork_exit", 9: "open_exit", 15: "procexit"} {
		if got := dropSlotName(i); got != want {
			t.Errorf("slot %d: %q, want %q", i, got, want)
		}
	}
}

// TestSyscallTPBuildHasEveryFiller checks that the syscall_tp build of the probe carries
// the same fillers as the dispatcher builds, as tracepoint programs, plus the generic
// ones, and that keepPrograms keeps only what is attached and the scheduler programs.
func TestSyscallTPBuildHasEveryFiller(t *testing.T) {
	btf, err := loadBtf()
	if err != nil {
		t.Fatal(err)
	}
	systp, err := loadSystp()
	if err != nil {
		t.Fatal(err)
	}
	fillers := func(spec map[string]*ebpf.ProgramSpec) []string {
		var out []string
		for name := range spec {
			if _, err := strconv.Atoi(strings.SplitN(name[1:], "_", 2)[0]); err == nil && (name[0] == 'e' || name[0] == 'x') {
				out = append(out, name)
			}
		}
		sort.Strings(out)
		return out
	}
	a, b := fillers(btf.Programs), fillers(systp.Programs)
	if len(a) == 0 || strings.Join(a, " ") != strings.Join(b, " ") {
		t.Fatalf("fillers differ:\ndispatcher build %v\nsyscall_tp build %v", a, b)
	}
	for _, name := range append(b, genericEnterProg, genericExitProg) {
		if ps := systp.Programs[name]; ps == nil || ps.Type != ebpf.TracePoint {
			t.Fatalf("syscall_tp program %s missing or not a tracepoint program", name)
		}
	}
	keepPrograms(systp, []syscallTracepoint{{event: "sys_enter_openat", prog: "e306_openat"}, {event: "sys_exit_uname", prog: genericExitProg, exit: true}})
	var kept []string
	for name := range systp.Programs {
		kept = append(kept, name)
	}
	sort.Strings(kept)
	want := []string{"e306_openat", "sched_process_exec", "sched_process_exit", "sched_process_fork", genericExitProg}
	sort.Strings(want)
	if strings.Join(kept, " ") != strings.Join(want, " ") {
		t.Fatalf("kept %v, want %v", kept, want)
	}
}

func TestTracepointNames(t *testing.T) {
	for syscall, want := range map[string]string{"openat": "openat", "stat": "newstat", "uname": "newuname", "umount2": "umount"} {
		if got := tracepointName(syscall); got != want {
			t.Errorf("tracepointName(%s) = %s, want %s", syscall, got, want)
		}
	}
}

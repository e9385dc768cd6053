package probe

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"
)

// maxAutoSyscallTP is the most syscalls AttachAuto records on their own tracepoints.
// Attaching to a tracepoint takes tens of milliseconds (the kernel waits for an RCU grace
// period), so a long list starts faster with the dispatchers; and recording every syscall
// through its own tracepoint costs more per syscall than the dispatchers do (the kernel's
// per-syscall path copies the arguments twice before it runs the program).
const maxAutoSyscallTP = 16

// Generic programs of the syscall_tp build: syscalls without a dedicated event.
const (
	genericEnterProg = "sys_enter_generic"
	genericExitProg  = "sys_exit_generic"
)

// syscallTracepoint is a program to attach to one per-syscall tracepoint.
type syscallTracepoint struct {
	event string // e.g. sys_enter_openat
	prog  string
	exit  bool
}

// tracepointNames are the x86-64 syscalls whose tracepoints are named after the kernel
// function rather than the syscall.
var tracepointNames = map[string]string{
	"stat": "newstat", "fstat": "newfstat", "lstat": "newlstat", "uname": "newuname",
	"sendfile": "sendfile64", "umount2": "umount",
}

// tracepointName is the name of a syscall in its tracepoints' names.
func tracepointName(syscall string) string {
	if n, ok := tracepointNames[syscall]; ok {
		return n
	}
	return syscall
}

// tracefsRoots are where tracefs is usually mounted.
var tracefsRoots = []string{"/sys/kernel/tracing", "/sys/kernel/debug/tracing"}

// syscallEventsDir finds the per-syscall tracepoints in tracefs. Where tracefs is not
// mounted it mounts it on /sys/kernel/tracing, as perf does (root only), and leaves it
// mounted.
func syscallEventsDir() (string, error) {
	for attempt := 0; attempt < 2; attempt++ {
		for _, root := range tracefsRoots {
			dir := filepath.Join(root, "events", "syscalls")
			if st, err := os.Stat(dir); err == nil && st.IsDir() {
				return dir, nil
			}
		}
		if attempt == 0 && unix.Mount("tracefs", tracefsRoots[0], "tracefs", 0, "") != nil {
			break
		}
	}
	return "", &LoadError{Step: "find the syscall tracepoints", Kind: ErrNotSupported,
		Err: fmt.Errorf("no events/syscalls under %v: tracefs is not mounted, or the kernel lacks CONFIG_FTRACE_SYSCALLS", tracefsRoots)}
}

// syscallTracepoints lists the tracepoints the syscall_tp build attaches to: for each
// syscall the table records, its enter and exit events' fillers (or the generic
// programs) on its sys_enter_<name> and sys_exit_<name> tracepoints. A syscall asked for
// by name must have its tracepoints; when every syscall is recorded, those the kernel
// has no tracepoint for (syscalls it does not implement) are left out.
func syscallTracepoints(fi fillerIndex, table []syscallEntry, asked []string) ([]syscallTracepoint, error) {
	dir, err := syscallEventsDir()
	if err != nil {
		return nil, err
	}
	var tps []syscallTracepoint
	for _, e := range table {
		for _, d := range []struct {
			flag          uint8
			prefix, prog  string
			generic, exit bool
		}{
			{scEnter, "sys_enter_", fi.enter[e.EnterType], e.EnterType == genericEnter, false},
			{scExit, "sys_exit_", fi.exit[e.ExitType], e.ExitType == genericExit, true},
		} {
			if e.Flags&d.flag == 0 {
				continue
			}
			prog := d.prog
			if d.generic {
				prog = genericEnterProg
				if d.exit {
					prog = genericExitProg
				}
			}
			event := d.prefix + tracepointName(e.Name)
			if _, err := os.Stat(filepath.Join(dir, event)); err != nil {
				if len(asked) == 0 {
					continue
				}
				return nil, &LoadError{Step: "find the syscall tracepoints", Kind: ErrNotSupported,
					Err: fmt.Errorf("syscall %s has no tracepoint %s: %w", e.Name, event, err)}
			}
			tps = append(tps, syscallTracepoint{event: event, prog: prog, exit: d.exit})
		}
	}
	return tps, nil
}

// keepPrograms drops from spec every syscall program the tracepoints do not use, so
// that only those are verified and loaded; the scheduler programs stay.
func keepPrograms(spec *ebpf.CollectionSpec, tps []syscallTracepoint) {
	used := map[string]bool{}
	for _, tp := range tps {
		used[tp.prog] = true
	}
	for name, ps := range spec.Programs {
		if ps.Type == ebpf.TracePoint && !used[name] {
			delete(spec.Programs, name)
		}
	}
}

// attachSyscallTracepoints attaches the programs of tps and records which run at enter
// and at exit, for Cost.
func (p *Probe) attachSyscallTracepoints(tps []syscallTracepoint) error {
	seen := map[string]bool{}
	for _, tp := range tps {
		prog := p.coll.Programs[tp.prog]
		if prog == nil {
			return fmt.Errorf("probe has no program %s", tp.prog)
		}
		l, err := link.Tracepoint("syscalls", tp.event, prog, nil)
		if err != nil {
			kind := error(nil)
			if errors.Is(err, os.ErrNotExist) {
				kind = ErrNotSupported
			}
			if le := classify("attach "+tp.event, err).(*LoadError); le.Kind != nil || kind == nil {
				return le
			}
			return &LoadError{Step: "attach " + tp.event, Kind: kind, Err: err}
		}
		p.detach.Lock()
		p.links = append(p.links, l)
		p.detach.Unlock()
		if !seen[tp.prog] {
			seen[tp.prog] = true
			if tp.exit {
				p.exitProgs = append(p.exitProgs, tp.prog)
			} else {
				p.enterProgs = append(p.enterProgs, tp.prog)
			}
		}
	}
	return nil
}

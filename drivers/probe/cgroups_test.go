package probe

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/internal/testcgroup"
)

// execCgroupsParam is the index of the cgroups parameter of EXECVE_19_X (and of the
// clone exits).
const execCgroupsParam = 14

// TestExecReportsCgroups runs cat twice while the probe records, in each of its builds:
// once where the test runs, once after its shell moved into a new cgroup named like a
// docker container's. The cgroups parameter of each execve exit lists the reported
// controllers in order, with the paths /proc gives for this process, the moved
// controller's being the new cgroup.
func TestExecReportsCgroups(t *testing.T) {
	for _, o := range []Options{
		{Attach: AttachBTF},
		{Attach: AttachRaw},
		{Attach: AttachSyscallTP, Syscalls: []string{"execve"}},
	} {
		t.Run(o.Attach.String(), func(t *testing.T) {
			o.RingBytes = 4 << 20
			p, err := Load(o)
			if o.Attach == AttachSyscallTP && errors.Is(err, ErrNotSupported) && os.Getenv("SCRY_REQUIRE_BPF") == "" {
				t.Skipf("per-syscall tracepoints unavailable here: %v", err)
			}
			skipIfNoBPF(t, err)
			defer p.Close()
			checkExecCgroups(t, p)
		})
	}
}

func checkExecCgroups(t *testing.T, p *Probe) {
	c := testcgroup.NewContainer(t)
	self, v2, err := testcgroup.Of(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	tag := fmt.Sprintf("/nonexistent-scry-cgroups-%d", os.Getpid())
	go func() {
		time.Sleep(50 * time.Millisecond)
		exec.Command("cat", tag+"-host").Run()
		exec.Command("/bin/sh", "-c", fmt.Sprintf("echo $$ > %s && exec cat %s-moved", c.Procs(), tag)).Run()
	}()
	got := map[string]string{}
	var clone string // the cgroups of a clone-family exit
	drainFor(t, p, 3*time.Second, func(ev *event.Event) bool {
		switch ev.Type() {
		case 223, 225, 227, 335: // clone, fork, vfork, clone3 exits
			if clone == "" {
				clone = string(ev.Param(execCgroupsParam))
			}
			return false
		case 293:
		default:
			return false
		}
		args := string(bytes.TrimRight(ev.Param(2), "\x00"))
		if strings.HasPrefix(args, tag) {
			got[strings.TrimPrefix(args, tag+"-")] = string(ev.Param(execCgroupsParam))
		}
		return len(got) == 2
	})
	t.Logf("cgroups: %q", got)
	if p.Mode() != AttachSyscallTP { // that build records execve alone here
		parseCgroups(t, clone)
	}
	for _, where := range []string{"host", "moved"} {
		param, ok := got[where]
		if !ok {
			t.Fatalf("no execve exit of the %s cat seen", where)
		}
		entries := parseCgroups(t, param)
		var names []string
		for _, e := range entries {
			names = append(names, e[0])
		}
		if !inOrder(names, testcgroup.Reported) {
			t.Errorf("%s: controllers %v are not in the order %v", where, names, testcgroup.Reported)
		}
		for name := range self {
			if slices.Contains(testcgroup.Reported, name) && !slices.Contains(names, name) {
				t.Errorf("%s: no %s entry in %q", where, name, param)
			}
		}
		for _, e := range entries {
			name, path := e[0], e[1]
			wantPath, v1 := self[name]
			if where == "moved" && name == c.Controller {
				wantPath, v1 = c.Path, true
			}
			switch {
			case v1 && path != wantPath:
				t.Errorf("%s: %s=%s, want %s", where, name, path, wantPath)
			case !v1 && !isAncestor(path, v2):
				t.Errorf("%s: %s=%s is not the cgroup v2 path %s or above it", where, name, path, v2)
			}
		}
	}
}

// parseCgroups splits a cgroups parameter into its controller and path pairs, failing
// on an entry that is not NUL-terminated "name=/path".
func parseCgroups(t *testing.T, param string) [][2]string {
	t.Helper()
	if param == "" || !strings.HasSuffix(param, "\x00") {
		t.Fatalf("cgroups parameter %q is empty or not NUL-terminated", param)
	}
	var out [][2]string
	for _, e := range strings.Split(strings.TrimSuffix(param, "\x00"), "\x00") {
		name, path, ok := strings.Cut(e, "=")
		if !ok || name == "" || !strings.HasPrefix(path, "/") {
			t.Fatalf("cgroups entry %q of %q is not name=/path", e, param)
		}
		out = append(out, [2]string{name, path})
	}
	return out
}

// inOrder reports whether names appear in order, without repeats, in all.
func inOrder(names, all []string) bool {
	i := 0
	for _, n := range names {
		for i < len(all) && all[i] != n {
			i++
		}
		if i == len(all) {
			return false
		}
		i++
	}
	return true
}

func isAncestor(path, of string) bool {
	return path == "/" || path == of || strings.HasPrefix(of, path+"/")
}

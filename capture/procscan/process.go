package procscan

import (
	"bytes"
	"os"
	"strconv"
	"strings"

	"github.com/scrylabs/scry/formats/scap"
)

// Thread flags of the process list (PPM_CL_*).
const (
	clCloneFiles  = 1 << 0
	clCloneThread = 1 << 13
)

func readFile(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return b
}

// maxListBytes is how much of /proc/PID/cmdline and environ a process-list entry keeps,
// as libscap reads them.
const maxListBytes = 4096

// readCapped reads at most limit bytes of a file.
func readCapped(path string, limit int) []byte {
	b := readFile(path)
	if len(b) > limit {
		b = b[:limit:limit]
	}
	return b
}

func readLink(path string) string {
	s, err := os.Readlink(path)
	if err != nil {
		return ""
	}
	return s
}

// statFields returns the fields of a /proc stat line after the command name, so that
// index 0 is the state (field 3 of proc(5)).
func statFields(b []byte) []string {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(string(b[i+1:]))
}

func atoi64(s string) int64 {
	v, _ := strconv.ParseInt(s, 10, 64)
	return v
}

// statusValues returns the values of the "Key:" lines of a /proc status file.
func statusValues(b []byte) map[string][]string {
	m := map[string][]string{}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok {
			m[k] = strings.Fields(v)
		}
	}
	return m
}

func last(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// readProcess reads one thread's entry; pid's own entry carries the process-wide fields.
func readProcess(o Options, pid, tid int) (scap.Process, bool) {
	dir := o.path("proc", strconv.Itoa(pid), "task", strconv.Itoa(tid))
	stat := readFile(dir + "/stat")
	f := statFields(stat)
	if len(f) < 22 {
		return scap.Process{}, false
	}
	p := scap.Process{
		Tid: int64(tid), Pid: int64(pid), Ptid: atoi64(f[1]),
		Vpgid: atoi64(f[2]), Sid: atoi64(f[3]),
		Comm:     strings.TrimRight(string(readFile(dir+"/comm")), "\n"),
		LoginUID: -1,
		Vtid:     int64(tid), Vpid: int64(pid),
	}
	p.PFMinor, _ = strconv.ParseUint(f[7], 10, 64)
	p.PFMajor, _ = strconv.ParseUint(f[9], 10, 64)
	p.Tty = uint32(atoi64(f[4]))
	st := statusValues(readFile(dir + "/status"))
	if v := st["Uid"]; len(v) >= 2 {
		u, _ := strconv.ParseUint(v[1], 10, 32)
		p.UID = uint32(u)
	}
	if v := st["Gid"]; len(v) >= 2 {
		g, _ := strconv.ParseUint(v[1], 10, 32)
		p.GID = uint32(g)
	}
	kb := func(k string) uint32 {
		if v := st[k]; len(v) > 0 {
			n, _ := strconv.ParseUint(v[0], 10, 32)
			return uint32(n)
		}
		return 0
	}
	p.VMSizeKB, p.VMRSSKB, p.VMSwapKB = kb("VmSize"), kb("VmRSS"), kb("VmSwap")
	if v := last(st["NSpid"]); v != "" {
		p.Vtid = atoi64(v)
	}
	pdir := o.path("proc", strconv.Itoa(pid))
	if v := last(statusValues(readFile(pdir + "/status"))["NSpid"]); v != "" {
		p.Vpid = atoi64(v)
	}
	if v := last(st["NSpgid"]); v != "" {
		p.Vpgid = atoi64(v)
	}
	cmd := readCapped(pdir+"/cmdline", maxListBytes)
	if i := bytes.IndexByte(cmd, 0); i >= 0 {
		p.Exe = string(cmd[:i])
		p.Args = cmd[i+1:]
	} else {
		p.Exe = string(cmd)
	}
	if p.Exe == "" {
		p.Exe = p.Comm // kernel threads
	}
	p.ExePath = readLink(pdir + "/exe")
	p.Cwd = readLink(pdir + "/cwd")
	p.Root = readLink(pdir + "/root")
	p.Env = readCapped(pdir+"/environ", maxListBytes)
	p.Cgroups = cgroups(readFile(pdir + "/cgroup"))
	p.FDLimit = fdLimit(readFile(pdir + "/limits"))
	if b := readFile(pdir + "/loginuid"); len(b) > 0 {
		if v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil {
			p.LoginUID = int32(v)
		}
	}
	if tid != pid {
		p.Flags = clCloneThread | clCloneFiles
	}
	return p, true
}

// readThread reads a non-main thread, taking the process-wide fields from main.
func readThread(o Options, main scap.Process, tid int) (scap.Process, bool) {
	return readProcess(o, int(main.Pid), tid)
}

// cgroups turns /proc/PID/cgroup into "subsys=path\0" entries for every named
// controller (cgroup v1 hierarchies; the v2 unified hierarchy has none). A named
// hierarchy keeps its "name=" prefix ("name=systemd=/init.scope"), as in the process
// lists of sysdig's own recordings.
func cgroups(b []byte) []byte {
	var out []byte
	for _, line := range strings.Split(string(b), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 || parts[1] == "" {
			continue
		}
		for _, ctrl := range strings.Split(parts[1], ",") {
			out = append(out, ctrl+"="+parts[2]...)
			out = append(out, 0)
		}
	}
	return out
}

// fdLimit is the soft "Max open files" limit of /proc/PID/limits.
func fdLimit(b []byte) uint64 {
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "Max open files") {
			f := strings.Fields(line[len("Max open files"):])
			if len(f) > 0 {
				v, _ := strconv.ParseUint(f[0], 10, 64)
				return v
			}
		}
	}
	return 0
}

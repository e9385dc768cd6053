package state

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/schema"
)

// stateField renders one sysdig field from the engine's state for the event of ctx,
// after EndEvent; "<NA>" when the field has no value.
type stateField struct {
	name string
	get  func(e *Engine, ctx *EventContext) string
}

const na = "<NA>"

func withThread(f func(e *Engine, t *Thread, ctx *EventContext) string) func(*Engine, *EventContext) string {
	return func(e *Engine, ctx *EventContext) string {
		if ctx.Thread == nil {
			return na
		}
		return f(e, ctx.Thread, ctx)
	}
}

func withMain(f func(m *Thread) string) func(*Engine, *EventContext) string {
	return withThread(func(e *Engine, t *Thread, _ *EventContext) string {
		if m := e.MainThread(t); m != nil {
			return f(m)
		}
		return na
	})
}

func itoa(v int64) string  { return strconv.FormatInt(v, 10) }
func utoa(v uint64) string { return strconv.FormatUint(v, 10) }

func optID(v int64) string {
	if v == -1 {
		return na
	}
	return itoa(v)
}

// fieldFD is the fd entry fd.* fields read (§4.0), nil if none.
func fieldFD(e *Engine, ctx *EventContext) (*FD, bool) {
	info := ctx.Ev.Info()
	if info.Flags&(schema.EFCreatesFD|schema.EFUsesFD|schema.EFDestroysFD) == 0 || ctx.Thread == nil {
		return nil, false
	}
	if ctx.FD != nil {
		return ctx.FD, true
	}
	if ctx.Thread.LastEventFD != -1 {
		return e.FDTable(ctx.Thread).Get(ctx.Thread.LastEventFD), true
	}
	return nil, true
}

func withFD(f func(e *Engine, fd *FD, ctx *EventContext) string) func(*Engine, *EventContext) string {
	return func(e *Engine, ctx *EventContext) string {
		if fd, _ := fieldFD(e, ctx); fd != nil {
			return f(e, fd, ctx)
		}
		return na
	}
}

func hasRole(f *FD) bool { return f.Flags&(FDRoleClient|FDRoleServer) != 0 }

func ipText(a []byte) string {
	if len(a) == 4 {
		return string(AppendIPv4(nil, a))
	}
	return string(AppendIPv6(nil, a))
}

var fdTypeNames = map[int8]string{
	FDFile: "file", FDFileV2: "file", FDDirectory: "directory", FDIPv4Sock: "ipv4",
	FDIPv4ServSock: "ipv4", FDIPv6Sock: "ipv6", FDIPv6ServSock: "ipv6", FDUnixSock: "unix",
	FDFifo: "pipe", FDEvent: "event", FDSignalfd: "signalfd", FDEventpoll: "eventpoll",
	FDInotify: "inotify", FDTimerfd: "timerfd", FDNetlink: "netlink",
}

func l4Name(f *FD) string {
	var p uint8
	switch f.Type {
	case FDIPv4Sock, FDIPv6Sock:
		switch {
		case f.L4Proto == L4Raw:
			p = L4Raw
		case !hasRole(f):
			p = L4NA
		default:
			p = f.L4Proto
		}
	case FDIPv4ServSock, FDIPv6ServSock:
		p = f.L4Proto
	default:
		p = L4NA
	}
	switch p {
	case L4TCP:
		return "tcp"
	case L4UDP:
		return "udp"
	case L4ICMP:
		return "icmp"
	case L4Raw:
		return "raw"
	}
	return na
}

func addrs(f *FD) (src, dst []byte) {
	if f.Type == FDIPv4Sock || f.Type == FDIPv4ServSock {
		return f.SIP[:4], f.DIP[:4]
	}
	return f.SIP[:], f.DIP[:]
}

var categoryNames = map[schema.Category]string{
	schema.CatUnknown: "unknown", schema.CatOther: "other", schema.CatFile: "file",
	schema.CatNet: "net", schema.CatIPC: "IPC", schema.CatMemory: "memory",
	schema.CatProcess: "process", schema.CatSleep: "sleep", schema.CatSystem: "system",
	schema.CatSignal: "signal", schema.CatUser: "user", schema.CatTime: "time",
	schema.CatProcessing: "processing", schema.CatWait: "wait", schema.CatScheduler: "scheduler",
}

func category(ctx *EventContext) string {
	info := ctx.Ev.Info()
	cat := info.Category
	if info.ID <= 1 {
		if code, ok := ctx.Ev.Uint64(0); ok && int(code) < len(schema.SyscallCodes) {
			cat = schema.SyscallCodes[code].Category
		}
	}
	switch cat {
	case schema.CatIORead, schema.CatIOWrite, schema.CatIOOther:
		if ctx.FD == nil {
			return "unknown"
		}
		switch ctx.FD.Type {
		case FDFile, FDFileV2, FDDirectory:
			return "file"
		case FDIPv4Sock, FDIPv6Sock, FDIPv4ServSock, FDIPv6ServSock:
			return "net"
		case FDFifo, FDUnixSock, FDEvent, FDSignalfd, FDInotify:
			return "ipc"
		}
		return "unknown"
	}
	if n, ok := categoryNames[cat]; ok {
		return n
	}
	return "unknown"
}

// stateFields are the sysdig fields the comparison covers: every one reads state the
// engine keeps.
var stateFields = []stateField{
	{"proc.pid", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return itoa(t.Pid) })},
	{"proc.ppid", withThread(func(e *Engine, t *Thread, _ *EventContext) string {
		if t.IsMainThread() {
			return itoa(t.Ptid)
		}
		if m := e.MainThread(t); m != nil {
			return itoa(m.Ptid)
		}
		return na
	})},
	{"proc.exe", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return t.Exe })},
	{"proc.exepath", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return t.ExePath })},
	{"proc.args", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return strings.Join(t.Args, " ") })},
	{"proc.cwd", withThread(func(e *Engine, t *Thread, _ *EventContext) string { return e.Cwd(t) })},
	{"proc.sid", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return itoa(t.Sid) })},
	{"proc.vpgid", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return itoa(t.Vpgid) })},
	{"thread.vtid", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return optID(t.Vtid) })},
	{"proc.vpid", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return optID(t.Vpid) })},
	{"thread.ismain", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return strconv.FormatBool(t.IsMainThread()) })},
	{"user.uid", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return utoa(uint64(t.UID)) })},
	{"user.name", withThread(func(e *Engine, t *Thread, _ *EventContext) string {
		if u := e.User(t.UID); u != nil {
			return u.Name
		}
		return na
	})},
	{"user.loginuid", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return itoa(int64(int32(t.LoginUID))) })},
	{"group.gid", withThread(func(_ *Engine, t *Thread, _ *EventContext) string {
		return utoa(uint64(t.GID) + uint64(uint32(t.NChilds))<<32)
	})},
	{"group.name", withThread(func(e *Engine, t *Thread, _ *EventContext) string {
		if g := e.Group(t.GID); g != nil {
			return g.Name
		}
		return na
	})},
	{"proc.nthreads", withMain(func(m *Thread) string { return utoa(m.NChilds + 1) })},
	{"proc.nchilds", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return utoa(t.NChilds) })},
	{"proc.fdlimit", withMain(func(m *Thread) string { return itoa(m.FDLimit) })},
	{"proc.fdopencount", withMain(func(m *Thread) string { return utoa(uint64(m.FDs.Len())) })},
	{"proc.pname", withThread(func(e *Engine, t *Thread, _ *EventContext) string {
		if p := e.Thread(t.Ptid); p != nil {
			return p.Comm
		}
		return na
	})},
	{"proc.duration", withThread(func(_ *Engine, t *Thread, ctx *EventContext) string {
		if t.CloneTS == 0 {
			return na
		}
		return utoa(ctx.Ev.Ts() - t.CloneTS)
	})},
	{"proc.vmsize", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return utoa(uint64(t.VMSizeKB)) })},
	{"proc.vmrss", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return utoa(uint64(t.VMRSSKB)) })},
	{"thread.pfminor", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return utoa(t.PFMinor) })},
	{"proc.tty", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return itoa(int64(int32(t.Tty))) })},
	{"proc.is_exe_writable", withThread(func(_ *Engine, t *Thread, _ *EventContext) string { return strconv.FormatBool(t.ExeWritable) })},
	{"thread.cgroups", withThread(func(_ *Engine, t *Thread, _ *EventContext) string {
		if len(t.Cgroups) == 0 {
			return na
		}
		var s []string
		for _, c := range t.Cgroups {
			s = append(s, c.Subsys+"="+c.Path)
		}
		return strings.Join(s, " ")
	})},
	{"container.id", withThread(func(_ *Engine, t *Thread, _ *EventContext) string {
		if t.ContainerID == "" {
			return "host"
		}
		return t.ContainerID
	})},
	{"container.name", withThread(func(e *Engine, t *Thread, _ *EventContext) string {
		if t.ContainerID == "" {
			return "host"
		}
		if c := e.Container(t.ContainerID); c != nil && c.Name != "" {
			return c.Name
		}
		return na
	})},
	{"proc.is_container_healthcheck", withThread(func(_ *Engine, t *Thread, _ *EventContext) string {
		return strconv.FormatBool(t.Category == CategoryHealthcheck)
	})},
	{"fd.num", func(e *Engine, ctx *EventContext) string {
		if _, ok := fieldFD(e, ctx); !ok {
			return na
		}
		return itoa(ctx.Thread.LastEventFD)
	}},
	{"fd.name", func(e *Engine, ctx *EventContext) string { return displayFDName(e, ctx) }},
	{"fd.type", withFD(func(_ *Engine, f *FD, _ *EventContext) string {
		if n, ok := fdTypeNames[f.Type]; ok {
			return n
		}
		return na
	})},
	{"fd.l4proto", withFD(func(_ *Engine, f *FD, _ *EventContext) string { return l4Name(f) })},
	{"fd.cip", withFD(func(_ *Engine, f *FD, _ *EventContext) string {
		if !hasRole(f) || (f.Type != FDIPv4Sock && f.Type != FDIPv6Sock) {
			return na
		}
		s, _ := addrs(f)
		return ipText(s)
	})},
	{"fd.sip", withFD(func(_ *Engine, f *FD, _ *EventContext) string {
		if !hasRole(f) {
			return na
		}
		s, d := addrs(f)
		switch f.Type {
		case FDIPv4Sock, FDIPv6Sock:
			return ipText(d)
		case FDIPv4ServSock, FDIPv6ServSock:
			return ipText(s)
		}
		return na
	})},
	{"fd.cport", withFD(func(_ *Engine, f *FD, _ *EventContext) string {
		if !hasRole(f) {
			return na
		}
		if f.Type == FDIPv4Sock || f.Type == FDIPv6Sock {
			return utoa(uint64(f.SPort))
		}
		return "0"
	})},
	{"fd.sport", withFD(func(_ *Engine, f *FD, _ *EventContext) string {
		switch f.Type {
		case FDIPv4Sock, FDIPv6Sock:
			if hasRole(f) {
				return utoa(uint64(f.DPort))
			}
		case FDIPv4ServSock, FDIPv6ServSock:
			return utoa(uint64(f.SPort))
		}
		return na
	})},
	{"fd.is_server", withFD(func(e *Engine, f *FD, ctx *EventContext) string {
		switch f.Type {
		case FDIPv4ServSock, FDIPv6ServSock:
			return "true"
		case FDIPv4Sock, FDIPv6Sock:
			_, d := addrs(f)
			return strconv.FormatBool(e.IsLocalAddr(ctx.Thread, d))
		}
		return "false"
	})},
	{"fd.connected", withFD(func(_ *Engine, f *FD, _ *EventContext) string {
		return strconv.FormatBool(f.Flags&FDSocketConnected != 0)
	})},
	{"fd.name_changed", withFD(func(_ *Engine, f *FD, ctx *EventContext) string {
		return strconv.FormatBool(ctx.FDNameChanged)
	})},
	{"evt.category", func(_ *Engine, ctx *EventContext) string { return category(ctx) }},
	{"evt.latency", func(_ *Engine, ctx *EventContext) string {
		if ctx.Ev.Info().Category == schema.CatInternal {
			return na
		}
		if ctx.Thread == nil {
			return "0"
		}
		return utoa(ctx.Thread.Latency)
	}},
}

// sysdigFieldValues runs sysdig on a capture with the state fields and returns, per
// printed event number, the field values.
func runSysdigFields(path string, filter ...string) (map[uint64][]string, error) {
	const sep = "\x1f"
	var format strings.Builder
	format.WriteString("*%evt.num")
	for _, f := range stateFields {
		format.WriteString(sep + "%" + f.name)
	}
	format.WriteString(sep + "\x1e")
	args := append([]string{"-r", path, "-p", format.String()}, filter...)
	out, err := exec.Command("sysdig", args...).Output()
	if err != nil {
		return nil, fmt.Errorf("sysdig -r %s: %w", path, err)
	}
	vals := map[uint64][]string{}
	for _, rec := range bytes.Split(out, []byte(sep+"\x1e\n")) {
		if len(rec) == 0 {
			continue
		}
		cols := strings.Split(string(rec), sep)
		n, err := strconv.ParseUint(cols[0], 10, 64)
		if err != nil || len(cols) != len(stateFields)+1 {
			return nil, fmt.Errorf("unexpected sysdig record %q", rec)
		}
		vals[n] = cols[1:]
	}
	return vals, nil
}

// sysdigJob is one prefetched sysdig run.
type sysdigJob struct {
	vals map[uint64][]string
	err  error
	done chan struct{}
}

// prefetchSysdig starts the sysdig runs of (path, filter) pairs, a few at a time (each
// run mostly waits), and returns them by "filter|path".
func prefetchSysdig(paths, filters []string) map[string]*sysdigJob {
	jobs := map[string]*sysdigJob{}
	sem := make(chan struct{}, 8)
	for _, f := range filters {
		for _, path := range paths {
			j := &sysdigJob{done: make(chan struct{})}
			jobs[f+"|"+path] = j
			go func() {
				sem <- struct{}{}
				defer func() { <-sem; close(j.done) }()
				if f == "" {
					j.vals, j.err = runSysdigFields(path)
				} else {
					j.vals, j.err = runSysdigFields(path, f)
				}
			}()
		}
	}
	return jobs
}

// TestSysdigStateFields compares, event by event, the state-derived fields the engine
// gives with what the installed sysdig prints for every corpus capture.
func TestSysdigStateFields(t *testing.T) {
	needSysdig(t)
	files := corpusFiles(t)
	jobs := prefetchSysdig(files, []string{""})
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".scap"), func(t *testing.T) {
			t.Parallel()
			compareWithSysdig(t, jobs["|"+path], path, nil)
		})
	}
}

func needSysdig(t *testing.T) {
	if _, err := exec.LookPath("sysdig"); err != nil {
		t.Skip("sysdig is not installed: the comparison with the reference needs it")
	}
}

// compareWithSysdig replays path with filter (a Go rendition of sysdigFilter) and
// compares the printed events and their state fields with sysdig's.
func compareWithSysdig(t *testing.T, job *sysdigJob, path string, filter func(e *Engine, ctx *EventContext) bool) {
	<-job.done
	if job.err != nil {
		t.Fatal(job.err)
	}
	want := job.vals
	e := New(Options{})
	if filter != nil {
		e.SetFilter(func(ctx *EventContext) bool { return filter(e, ctx) })
	}
	bad := map[string]int{}
	examples := map[string]string{}
	n := 0
	replay(t, path, e, func(ctx *EventContext, num uint64) {
		if !printed(ctx) {
			return
		}
		e.EndEvent(ctx)
		w, ok := want[num]
		if !ok {
			bad["(printed)"]++
			if _, ok := examples["(printed)"]; !ok {
				examples["(printed)"] = fmt.Sprintf("event %d (%s) printed by scry only", num, ctx.Ev.Info().Name)
			}
			return
		}
		n++
		for i, f := range stateFields {
			if got := f.get(e, ctx); got != w[i] {
				bad[f.name]++
				if _, ok := examples[f.name]; !ok {
					examples[f.name] = fmt.Sprintf("event %d (%s): want %q, got %q", num, ctx.Ev.Info().Name, w[i], got)
				}
			}
		}
	})
	if n != len(want) {
		t.Errorf("compared %d events, sysdig printed %d", n, len(want))
	}
	for f, c := range bad {
		t.Errorf("%s: %d/%d events differ; first: %s", f, c, n, examples[f])
	}
	t.Logf("%d events compared", n)
}

// filterFDName is fd.name as a filter sees it (before EndEvent, raw bytes).
func filterFDName(e *Engine, ctx *EventContext) string {
	if ctx.Ev.Type() == evOpenatX && ctx.FD == nil && ctx.Enter != nil && ctx.Thread != nil {
		th := ctx.Thread
		if th.LastEventFD == -1 || e.FDTable(th).Get(th.LastEventFD) == nil {
			name := ctx.Enter.Param(1)
			base, _ := e.DirFDBase(th, name, pInt(ctx.Enter, 0))
			return string(appendConcat(nil, base, name))
		}
	}
	return displayFDName(e, ctx)
}

func fieldByName(name string) func(*Engine, *EventContext) string {
	for _, f := range stateFields {
		if f.name == name {
			return f.get
		}
	}
	panic("no field " + name)
}

// TestSysdigFilteredState replays captures with filters installed: events the filter
// rejects change later state (un-paired exits), and the printed events and their
// fields must still be sysdig's.
func TestSysdigFilteredState(t *testing.T) {
	needSysdig(t)
	procName := func(ctx *EventContext) string {
		if ctx.Thread == nil {
			return na
		}
		return ctx.Thread.Comm
	}
	fdType, pname, l4 := fieldByName("fd.type"), fieldByName("proc.pname"), fieldByName("fd.l4proto")
	filters := []struct {
		sysdig string
		f      func(e *Engine, ctx *EventContext) bool
	}{
		{"proc.name=bash and evt.dir=<", func(_ *Engine, ctx *EventContext) bool {
			return procName(ctx) == "bash" && !ctx.Ev.IsEnter()
		}},
		{"fd.type=ipv4", func(e *Engine, ctx *EventContext) bool { return fdType(e, ctx) == "ipv4" }},
		{"fd.name startswith /etc", func(e *Engine, ctx *EventContext) bool {
			return strings.HasPrefix(filterFDName(e, ctx), "/etc")
		}},
		{"proc.pname=bash", func(e *Engine, ctx *EventContext) bool { return pname(e, ctx) == "bash" }},
		{"evt.dir=< and evt.type=read and fd.num>=3", func(e *Engine, ctx *EventContext) bool {
			th := ctx.Thread
			return !ctx.Ev.IsEnter() && ctx.Ev.Type() == evReadX && th != nil && th.LastEventFD >= 3
		}},
		{"fd.l4proto=tcp and evt.type in (connect, accept, accept4)", func(e *Engine, ctx *EventContext) bool {
			switch ctx.Ev.Info().Name {
			case "connect", "accept", "accept4":
				return l4(e, ctx) == "tcp"
			}
			return false
		}},
	}
	files := corpusFiles(t)
	var names []string
	for _, fl := range filters {
		names = append(names, fl.sysdig)
	}
	jobs := prefetchSysdig(files, names)
	for _, fl := range filters {
		for _, path := range files {
			t.Run(fl.sysdig+"/"+strings.TrimSuffix(filepath.Base(path), ".scap"), func(t *testing.T) {
				t.Parallel()
				compareWithSysdig(t, jobs[fl.sysdig+"|"+path], path, fl.f)
			})
		}
	}
}

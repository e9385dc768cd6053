package fields

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
)

// Process-list tails (the bytes after root of a V9 entry) as libs writes them.
func tail029(loginuid uint32) []byte {
	return append(binary.LittleEndian.AppendUint32(nil, loginuid), 0)
}

func tail07(caps [3]uint64) []byte {
	b := tail029(0)
	for _, c := range caps {
		b = binary.LittleEndian.AppendUint64(b, c)
	}
	return b
}

func tail012(pidns uint64, caps [3]uint64, upper bool, ino, ctime, mtime uint64, memfd bool) []byte {
	le := binary.LittleEndian
	b := le.AppendUint64(nil, pidns)
	b = le.AppendUint32(b, 0) // tty
	b = append(b, tail07(caps)...)
	b = append(b, b2b(upper))
	b = le.AppendUint64(b, ino)
	b = le.AppendUint64(b, ctime)
	b = le.AppendUint64(b, mtime)
	return append(b, b2b(memfd))
}

func b2b(x bool) byte {
	if x {
		return 1
	}
	return 0
}

func process(tid, pid, ptid int64, comm, exepath string, args ...string) scap.Process {
	var a []byte
	for _, s := range args {
		a = append(append(a, s...), 0)
	}
	return scap.Process{Tid: tid, Pid: pid, Ptid: ptid, Sid: -1, Vpgid: -1, Vtid: tid, Vpid: pid,
		Comm: comm, Exe: comm, ExePath: exepath, Args: a, Cwd: "/", FDLimit: 1024, LoginUID: -1}
}

// lineageReplay loads init(1) ← sshd(10) ← bash(100) ← sh(200) ← sleep(300) with sessions
// and process groups, and stands on an event of sleep.
func lineageReplay(t *testing.T) *replay {
	t.Helper()
	initP := process(1, 1, 0, "systemd", "/usr/lib/systemd/systemd")
	sshd := process(10, 10, 1, "sshd", "/usr/sbin/sshd", "-D")
	bash := process(100, 100, 10, "bash", "/usr/bin/bash", "-l")
	bash.Sid, bash.Vpgid = 100, 100
	sh := process(200, 200, 100, "sh", "/usr/bin/dash", "run.sh", "--fast")
	sh.Sid, sh.Vpgid = 100, 200
	sleep := process(300, 300, 200, "sleep", "/usr/bin/sleep", "5")
	sleep.Sid, sleep.Vpgid = 100, 200
	r := newReplay()
	r.eng.LoadSection(&scap.Section{Processes: []scap.Process{initP, sshd, bash, sh, sleep}})
	r.feed(event.Append(nil, 5000, 300, 6, event.I64(0), event.U32(10)))
	return r
}

func TestLineageFields(t *testing.T) {
	r := lineageReplay(t)
	want := map[string]string{
		"proc.pexe":              "sh",
		"proc.pexepath":          "/usr/bin/dash",
		"proc.aexe[0]":           "sleep",
		"proc.aexe[2]":           "bash",
		"proc.aexepath[3]":       "/usr/sbin/sshd",
		"proc.aexepath[9]":       "<NA>",
		"proc.acmdline[1]":       "sh run.sh --fast",
		"proc.cmdnargs":          "1",
		"proc.cmdlenargs":        "1",
		"proc.pvpid":             "200",
		"proc.sid.exe":           "bash",
		"proc.sid.exepath":       "/usr/bin/bash",
		"proc.vpgid.name":        "sh",
		"proc.vpgid.exe":         "sh",
		"proc.vpgid.exepath":     "/usr/bin/dash",
		"proc.is_vpgid_leader":   "false",
		"proc.is_sid_leader":     "false",
		"proc.ppid.duration":     "<NA>", // process-list entries carry no start time
		"proc.exe_ino":           "<NA>",
		"thread.cap_effective":   "<NA>",
		"proc.is_exe_from_memfd": "<NA>",
	}
	for name, w := range want {
		if got := text(t, r, name); got != w {
			t.Errorf("%s = %q, want %q", name, got, w)
		}
	}
	// sh leads its group, not its session.
	r.feed(event.Append(nil, 6000, 200, 6, event.I64(0), event.U32(10)))
	if got := text(t, r, "proc.is_vpgid_leader"); got != "true" {
		t.Errorf("group leader: proc.is_vpgid_leader = %s", got)
	}
	if got := text(t, r, "proc.is_sid_leader"); got != "false" {
		t.Errorf("group leader: proc.is_sid_leader = %s", got)
	}

	// Without an index proc.aexe walks every ancestor, from the parent up.
	f, _, err := Lookup("proc.aexe")
	if err != nil {
		t.Fatal(err)
	}
	m, ok := f.Extractor.(multiValued)
	if !ok || m.StrictInequality() {
		t.Fatal("proc.aexe without index is not a non-strict multi-valued field")
	}
	r.feed(event.Append(nil, 7000, 300, 6, event.I64(0), event.U32(10)))
	var got []string
	m.ExtractAll(r.ctx, r.eng, func(v *Value) bool {
		got = append(got, string(v.Bytes))
		return true
	})
	if strings.Join(got, ",") != "sh,bash,sshd,systemd" {
		t.Errorf("proc.aexe values %v", got)
	}
	// In an output format it shows the process itself, and consumes its name.
	d, n, err := LookupDisplay("proc.aexepath rest")
	if err != nil || n != len("proc.aexepath") {
		t.Fatalf("LookupDisplay: %d, %v", n, err)
	}
	var v Value
	d.Extract(r.ctx, r.eng, &v)
	if got := string(AppendText(nil, d, &v)); got != "/usr/bin/sleep" {
		t.Errorf("displayed proc.aexepath = %q", got)
	}
}

func TestCapabilityAndExecutableFields(t *testing.T) {
	const (
		capChown    = 1 << 0
		capSysAdmin = 1 << 21
		capBPF      = 1 << 39
	)
	newer := process(100, 100, 1, "runc", "/usr/bin/runc")
	newer.Tail = tail012(1_000_000_000, [3]uint64{0, capChown | capSysAdmin | capBPF | 1<<63, capSysAdmin},
		true, 777, 5_000_000_000, 4_000_000_000, true)
	caps07 := process(200, 200, 1, "old", "/bin/old")
	caps07.Tail = tail07([3]uint64{capChown, capChown, 0})
	plain := process(300, 300, 1, "plain", "/bin/plain")
	plain.Tail = tail029(1000)
	r := newReplay()
	r.eng.LoadSection(&scap.Section{Processes: []scap.Process{process(1, 1, 0, "init", "/sbin/init"), newer, caps07, plain}})

	r.feed(event.Append(nil, 9_000_000_000, 100, 6, event.I64(0), event.U32(10)))
	want := map[string]string{
		"thread.cap_permitted":                    "CAP_CHOWN CAP_SYS_ADMIN CAP_BPF",
		"thread.cap_effective":                    "CAP_SYS_ADMIN",
		"thread.cap_inheritable":                  "",
		"proc.is_exe_upper_layer":                 "true",
		"proc.is_exe_from_memfd":                  "true",
		"proc.is_exe_lower_layer":                 "<NA>",
		"proc.exe_ino":                            "777",
		"proc.exe_ino.ctime":                      "5000000000",
		"proc.exe_ino.mtime":                      "4000000000",
		"proc.exe_ino.ctime_duration_pidns_start": "4000000000",
		"proc.exe_ino.ctime_duration_proc_start":  "<NA>",
		"proc.pidns_init_start_ts":                "1000000000",
	}
	for name, w := range want {
		if got := text(t, r, name); got != w {
			t.Errorf("0.12 process %s = %q, want %q", name, got, w)
		}
	}
	r.feed(event.Append(nil, 9_000_000_100, 200, 6, event.I64(0), event.U32(10)))
	for name, w := range map[string]string{"thread.cap_effective": "", "thread.cap_permitted": "CAP_CHOWN",
		"proc.is_exe_upper_layer": "<NA>", "proc.exe_ino": "<NA>"} {
		if got := text(t, r, name); got != w {
			t.Errorf("0.7 process %s = %q, want %q", name, got, w)
		}
	}
	r.feed(event.Append(nil, 9_000_000_200, 300, 6, event.I64(0), event.U32(10)))
	for _, name := range []string{"thread.cap_effective", "proc.is_exe_upper_layer", "proc.pidns_init_start_ts", "proc.exe_ino.mtime"} {
		if got := text(t, r, name); got != NA {
			t.Errorf("0.29 process %s = %q, want <NA>", name, got)
		}
	}
	// The types a filter compares by.
	for name, typ := range map[string]schema.ParamType{"proc.exe_ino": schema.TypeInt64,
		"proc.exe_ino.ctime": schema.TypeAbstime, "proc.is_exe_upper_layer": schema.TypeBool} {
		if f, _, err := Lookup(name); err != nil || f.Type != typ {
			t.Errorf("%s: type %v, err %v", name, f.Type, err)
		}
	}
}

func TestNameRaw(t *testing.T) {
	r := newReplay()
	// A relative open: fd.name is absolute (the placeholder thread has no cwd), nameraw
	// the path as given with repeated slashes collapsed.
	r.feed(event.Append(nil, 1000, tid, openat2E, event.I64(-100), event.CStr("../etc//x/../passwd"), event.U32(1), event.U32(0)))
	r.feed(event.Append(nil, 2000, tid, openat2X, event.I64(5), event.I64(-100), event.CStr("../etc//x/../passwd"), event.U32(1), event.U32(0), event.U32(0)))
	if got := text(t, r, "fd.nameraw"); got != "../etc/x/../passwd" {
		t.Errorf("open exit fd.nameraw = %q", got)
	}
	r.feed(event.Append(nil, 3000, tid, 6, event.I64(5), event.U32(10)))
	if got := text(t, r, "fd.nameraw"); got != "../etc/x/../passwd" {
		t.Errorf("read enter fd.nameraw = %q", got)
	}
	// A failed open has no entry: the parameter counts.
	r.feed(event.Append(nil, 3500, tid, openat2E, event.I64(-100), event.CStr("a//b"), event.U32(1), event.U32(0)))
	r.feed(event.Append(nil, 4000, tid, openat2X, event.I64(-2), event.I64(-100), event.CStr("a//b"), event.U32(1), event.U32(0), event.U32(0)))
	if got := text(t, r, "fd.nameraw"); got != "a/b" {
		t.Errorf("failed open fd.nameraw = %q", got)
	}
	// An fd not opened by path has an empty raw name; events without fds none.
	tuple := []byte{2, 10, 0, 0, 7, 0x6c, 0x9e, 10, 0, 0, 1, 0x90, 0x1f}
	r.feed(event.Append(nil, 5000, tid, 26))
	r.feed(event.Append(nil, 6000, tid, 27, event.I64(6), tuple, event.U8(0)))
	r.feed(event.Append(nil, 7000, tid, 6, event.I64(6), event.U32(10)))
	if got := text(t, r, "fd.nameraw"); got != "" {
		t.Errorf("socket fd.nameraw = %q", got)
	}
	r.feed(event.Append(nil, 8000, tid, 134, event.U64(0)))
	if got := text(t, r, "fd.nameraw"); got != NA {
		t.Errorf("nanosleep fd.nameraw = %q", got)
	}
}

func TestThreadCPU(t *testing.T) {
	r := newReplay()
	r.feed(event.Append(nil, 1000, tid, 6, event.I64(0), event.U32(10)))
	fields := map[string]*Field{}
	for _, name := range []string{"thread.cpu", "thread.cpu.user", "thread.cpu.system"} {
		f, _, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		fields[name] = f
	}
	extract := func(name string) string {
		var v Value
		fields[name].Extract(r.ctx, r.eng, &v)
		return string(AppendText(nil, fields[name], &v))
	}
	if got := extract("thread.cpu"); got != NA {
		t.Errorf("thread.cpu on a read = %s", got)
	}
	steps := []struct {
		usr, sys          uint64
		cpu, user, system string
	}{
		{100, 50, "0.0", "0.0", "0.0"}, // the first reading
		{130, 60, "40.0", "30.0", "10.0"},
		{130, 60, "0.0", "0.0", "0.0"},
		{10, 5, "0.0", "0.0", "0.0"}, // a counter going back
	}
	for i, s := range steps {
		r.feed(event.Append(nil, uint64(2000+i), tid, procinfoE, event.U64(s.usr), event.U64(s.sys)))
		if got := [3]string{extract("thread.cpu"), extract("thread.cpu.user"), extract("thread.cpu.system")}; got != [3]string{s.cpu, s.user, s.system} {
			t.Errorf("procinfo %d: cpu, user, system = %v, want %s %s %s", i, got, s.cpu, s.user, s.system)
		}
	}
}

func TestExtensionCatalogue(t *testing.T) {
	for _, info := range Extensions() {
		if !IsExtension(info) {
			t.Errorf("%s is not reported as an extension", info.Name)
		}
		for i := range schema.Fields {
			if schema.Fields[i].Name == info.Name {
				t.Errorf("%s is a sysdig 0.29 field, not an extension", info.Name)
			}
		}
		expr := info.Name
		if info.ArgSyntax == "[N]" {
			expr += "[1]"
		}
		f, n, err := Lookup(expr + " = x")
		if err != nil || n != len(expr) || f.Info != info {
			t.Errorf("Lookup(%q) = %v, %d, %v", expr, f, n, err)
		}
		if info.TypeName == "" || info.Description == "" {
			t.Errorf("%s lacks a type name or description", info.Name)
		}
	}
	f, _, _ := Lookup("proc.exe")
	if IsExtension(f.Info) {
		t.Error("proc.exe is reported as an extension")
	}
	// Longer extension names do not change how sysdig's own fields resolve.
	for _, expr := range []string{"proc.exe", "proc.exepath", "proc.pid", "proc.vpgid", "proc.sid", "fd.name"} {
		if f, n, err := Lookup(expr); err != nil || n != len(expr) || IsExtension(f.Info) {
			t.Errorf("Lookup(%q) = %v, %d, %v", expr, f, n, err)
		}
	}
	if got := Nearest("proc.pexepaht"); got != "proc.pexepath" {
		t.Errorf("Nearest = %s", got)
	}
}

func TestContainerStartTS(t *testing.T) {
	const id = "4f1a7c8b9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809123"
	web := process(100, 100, 1, "nginx", "/usr/sbin/nginx")
	web.Cgroups = append([]byte("cpu=/docker/"+id), 0)
	r := newReplay()
	r.eng.LoadSection(&scap.Section{Processes: []scap.Process{process(1, 1, 0, "init", "/sbin/init"), web}})
	r.feed(event.Append(nil, 1000, 100, 6, event.I64(0), event.U32(10)))
	if got := text(t, r, "container.start_ts"); got != NA {
		t.Errorf("before the container event: container.start_ts = %s", got)
	}
	r.feed(event.Append(nil, 2000, -1, containerJSE, event.CStr(`{"container":{"id":"`+id[:12]+`","type":0,"name":"web","image":"nginx","created_time":1700000000}}`)))
	r.feed(event.Append(nil, 3000, 100, 6, event.I64(0), event.U32(10)))
	if got := text(t, r, "container.name"); got != "web" {
		t.Fatalf("container.name = %s", got)
	}
	if got := text(t, r, "container.start_ts"); got != "1700000000000000000" {
		t.Errorf("container.start_ts = %s", got)
	}
	r.feed(event.Append(nil, 4000, 1, 6, event.I64(0), event.U32(10)))
	if got := text(t, r, "container.start_ts"); got != NA {
		t.Errorf("host: container.start_ts = %s", got)
	}
}

func TestExtensionExtractionDoesNotAllocate(t *testing.T) {
	p := process(100, 100, 1, "runc", "/usr/bin/runc")
	p.Tail = tail012(1, [3]uint64{1, 1 << 21, 1 << 21}, false, 9, 2, 3, false)
	r := newReplay()
	r.eng.LoadSection(&scap.Section{Processes: []scap.Process{process(1, 1, 0, "init", "/sbin/init"), p}})
	r.feed(event.Append(nil, 1000, 100, openat2E, event.I64(-100), event.CStr("a//b"), event.U32(1), event.U32(0)))
	r.feed(event.Append(nil, 2000, 100, openat2X, event.I64(5), event.I64(-100), event.CStr("a//b"), event.U32(1), event.U32(0), event.U32(0)))
	var fs []*Field
	for _, name := range []string{"thread.cap_effective", "thread.cap_permitted", "proc.pexe", "proc.aexepath[1]",
		"proc.acmdline[0]", "proc.exe_ino", "proc.exe_ino.ctime", "proc.is_exe_upper_layer", "proc.is_vpgid_leader",
		"proc.vpgid.name", "fd.nameraw", "proc.cmdlenargs"} {
		f, _, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	var v Value
	buf := make([]byte, 0, 1024)
	run := func() {
		b := buf[:0]
		for _, f := range fs {
			f.Extract(r.ctx, r.eng, &v)
			b = AppendText(b, f, &v)
		}
	}
	run()
	if a := testing.AllocsPerRun(100, run); a != 0 {
		t.Errorf("extension fields allocate %.1f times per event", a)
	}
}

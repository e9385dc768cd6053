package chisel

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

// writeTestCapture writes a capture with a process list (fds listed out of order),
// a user list and a few file and socket events, and returns its path.
func writeTestCapture(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "test.scap")
	w, err := scap.Create(path, scap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	proc := func(tid, ptid int64, comm string, uid uint32) scap.Process {
		return scap.Process{Tid: tid, Pid: tid, Ptid: ptid, Sid: tid, Vpgid: tid, Comm: comm, Exe: comm,
			ExePath: "/usr/bin/" + comm, Cwd: "/", FDLimit: 1024, UID: uid, GID: uid, VMSizeKB: 4096,
			VMRSSKB: 1024, Vtid: tid, Vpid: tid, LoginUID: -1}
	}
	file := func(fd int64, name string) scap.FD { return scap.FD{Fd: fd, Type: scap.FDFile, Name: name} }
	sec := &scap.Section{
		Machine:   &scap.MachineInfo{NumCPUs: 2, MemoryBytes: 1 << 30, Hostname: "box"},
		Processes: []scap.Process{proc(1, 0, "init", 0), proc(4242, 1, "sh", 1000), proc(77, 1, "server", 0)},
		FDLists: []scap.FDList{
			{Tid: 4242, FDs: []scap.FD{file(10, "/tmp/b"), file(2, "/dev/tty"), file(0, "/dev/tty"), file(1, "/dev/tty")}},
			{Tid: 77, FDs: []scap.FD{
				{Fd: 5, Type: scap.FDIPv4ServSock, L4Proto: 2, SIP: [16]byte{0, 0, 0, 0}, SPort: 8080},
				file(900, "/var/log/server.log"),
			}},
		},
		Users:    []scap.User{{UID: 0, GID: 0, Name: "root"}, {UID: 1000, GID: 1000, Name: "alice"}},
		HasUsers: true,
	}
	if err := w.WriteSection(sec); err != nil {
		t.Fatal(err)
	}
	const sec0 = uint64(1_600_000_000_000_000_000)
	evs := [][]byte{
		event.Append(nil, sec0+10, 4242, openE, event.CStr("/etc/hosts"), event.U32(1), event.U32(0)),
		event.Append(nil, sec0+20, 4242, openX, event.I64(3), event.CStr("/etc/hosts"), event.U32(1), event.U32(0), event.U32(0)),
		event.Append(nil, sec0+30, 4242, readE, event.I64(3), event.U32(512)),
		event.Append(nil, sec0+40, 4242, readX, event.I64(200), []byte("127.0.0.1 localhost")),
		event.Append(nil, sec0+1e9+50, 77, 8, event.I64(900), event.U32(10)),
		event.Append(nil, sec0+1e9+60, 77, writeX, event.I64(10), []byte("started ok")),
		event.Append(nil, sec0+2e9+70, 4242, readE, event.I64(3), event.U32(512)),
		event.Append(nil, sec0+2e9+80, 4242, readX, event.I64(60), []byte("::1 localhost")),
	}
	for _, raw := range evs {
		if err := w.WriteEvent(&event.Event{Raw: raw}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// Chisels written for the test (not sysdig's): per-file bytes, and an lsof-like dump.
var testChisels = map[string]string{
	"bytes_by_file": `
description = "bytes read and written per file"
short_description = "bytes per file"
category = "Test"
args = {}
totals = {}
order = {}
function on_init()
	fname = chisel.request_field("fd.name")
	fres = chisel.request_field("evt.rawarg.res")
	fproc = chisel.request_field("proc.name")
	chisel.set_filter("evt.is_io=true and evt.dir=<")
	chisel.set_interval_s(1)
	return true
end
function on_event()
	local n = evt.field(fname)
	if totals[n] == nil then totals[n] = 0 order[#order + 1] = n end
	totals[n] = totals[n] + evt.field(fres)
	print(evt.field(fproc), n, evt.field(fres))
	return true
end
function on_interval(s, ns, delta) print("tick", delta) return true end
function on_capture_end(s, ns, delta)
	for _, n in ipairs(order) do print(string.format("%-12s %5d", n, totals[n])) end
	print("span", delta)
end
`,
	"open_fds": `
description = "open fds at the first event"
short_description = "fds"
category = "Test"
args = {}
function on_event() sysdig.end_capture() return false end
function on_capture_end()
	for tid, p in pairs(sysdig.get_thread_table()) do
		for fd, f in pairs(p.fdtable) do print(p.comm, p.username, fd, f.type, f.name) end
	end
end
`,
}

func TestRunOverWrittenCapture(t *testing.T) {
	dir := t.TempDir()
	path := writeTestCapture(t, dir)
	chisels := chiselDir(t, testChisels)
	run := func(name string, src *CaptureSource) string {
		t.Helper()
		var out bytes.Buffer
		r, err := New(Options{Dirs: []string{chisels}, Out: &out, Toolkit: DefaultToolkit()})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Load(name, nil); err != nil {
			t.Fatal(err)
		}
		if err := r.Run(src); err != nil {
			t.Fatal(err)
		}
		r.Close()
		src.Close()
		return out.String()
	}
	open := func() *CaptureSource {
		src, err := OpenCapture(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		return src
	}
	got := run("bytes_by_file", open())
	want := "sh\t/etc/hosts\t200\n" +
		"tick\t0\n" +
		"server\t/var/log/server.log\t10\n" +
		"tick\t1000000020\n" +
		"sh\t/etc/hosts\t60\n" +
		"/etc/hosts     260\n" +
		"/var/log/server.log    10\n" +
		"span\t2000000070\n"
	if got != want {
		t.Errorf("bytes_by_file:\ngot\n%s\nwant\n%s", got, want)
	}

	// The thread table comes in the reference's order: process-list order through the
	// C++ hash map, then LuaJIT's layout; fds 0-2 sit in the array part, 10 after them.
	// (Both outputs are what sysdig 0.29.3 prints for this capture and these chisels.)
	got = run("open_fds", open())
	want = "server\troot\t5\tipv4\t0.0.0.0:8080\n" +
		"server\troot\t900\tfile\t/var/log/server.log\n" +
		"sh\talice\t0\tfile\t/dev/tty\n" +
		"sh\talice\t1\tfile\t/dev/tty\n" +
		"sh\talice\t2\tfile\t/dev/tty\n" +
		"sh\talice\t10\tfile\t/tmp/b\n"
	if got != want {
		t.Errorf("open_fds:\ngot\n%s\nwant\n%s", got, want)
	}

	// The same capture as a Parquet file gives the same output.
	pq := filepath.Join(dir, "test.parquet")
	r, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ToParquet(r, pq, store.ConvertOptions{}); err != nil {
		t.Fatal(err)
	}
	r.Close()
	src, err := OpenCapture(pq, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := run("bytes_by_file", src); !strings.HasSuffix(got, "span\t2000000070\n") || !strings.Contains(got, "/etc/hosts     260\n") {
		t.Errorf("bytes_by_file over Parquet:\n%s", got)
	}
}

func TestCaptureFilterAndMissingFiles(t *testing.T) {
	path := writeTestCapture(t, t.TempDir())
	m, err := compileFilter("proc.name=server")
	if err != nil {
		t.Fatal(err)
	}
	src, err := OpenCapture(path, m)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	n := 0
	for {
		ctx, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if ctx.Thread == nil || ctx.Thread.Comm != "server" {
			t.Errorf("event %d of %v passed the filter", ctx.Ev.Num, ctx.Thread)
		}
		n++
	}
	if n != 2 {
		t.Errorf("%d events passed proc.name=server, want 2", n)
	}
	if _, err := OpenCapture(filepath.Join(t.TempDir(), "absent.scap"), nil); err == nil {
		t.Error("opening a missing capture: no error")
	}
	if _, err := OpenStore(filepath.Join(t.TempDir(), "absent"), 0, 0, nil); err == nil {
		t.Error("opening a missing store: no error")
	}
}

func TestTieEquivalence(t *testing.T) {
	want := []byte("Bytes  Key\n---\n10B a\n5B b\n5B c\n1B d\n1B e\n")
	cases := []struct {
		got  string
		same bool
	}{
		{"Bytes  Key\n---\n10B a\n5B c\n5B b\n1B d\n1B e\n", true}, // tie swapped
		{"Bytes  Key\n---\n10B a\n5B b\n5B c\n1B e\n1B x\n", true}, // last group cut elsewhere
		{"Bytes  Key\n---\n10B a\n5B b\n5B x\n1B d\n1B e\n", false},
		{"Bytes  Key\n---\n10B a\n5B b\n1B c\n1B d\n1B e\n", false},
		{"Bytes  Key\n---\n10B a\n5B b\n5B c\n1B d\n", false},
	}
	for _, c := range cases {
		if got := tieEquivalent(want, []byte(c.got), firstColumn); got != c.same {
			t.Errorf("tieEquivalent(%q) = %v, want %v", c.got, got, c.same)
		}
	}
}

// With sysdig installed, the written capture is also run through sysdig itself.
func TestWrittenCaptureMatchesSysdig(t *testing.T) {
	sysdig := needSysdig(t)
	dir := t.TempDir()
	path := writeTestCapture(t, dir)
	cwd := t.TempDir()
	for name, src := range testChisels {
		if err := os.MkdirAll(filepath.Join(cwd, "chisels"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(cwd, "chisels", name+".lua"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name := range testChisels {
		cmd := exec.Command(sysdig, "-r", path, "-c", name)
		cmd.Dir = cwd
		want, err := cmd.Output()
		if err != nil {
			t.Fatalf("sysdig -c %s: %v", name, err)
		}
		src, err := OpenCapture(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		r, err := New(Options{Dirs: []string{filepath.Join(cwd, "chisels")}, Out: &out, Toolkit: DefaultToolkit()})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Load(name, nil); err != nil {
			t.Fatal(err)
		}
		if err := r.Run(src); err != nil {
			t.Fatal(err)
		}
		r.Close()
		src.Close()
		if !bytes.Equal(want, out.Bytes()) {
			t.Errorf("%s: scry and sysdig differ:\n%s", name, firstDifference(want, out.Bytes()))
		}
	}
}

// writeTestStore imports the test capture into a store of one-segment-per-three-events,
// with the state tracker recording each segment's start state.
func writeTestStore(t *testing.T, dir string) string {
	t.Helper()
	path := writeTestCapture(t, dir)
	root := filepath.Join(dir, "store")
	tr, err := enrich.New()
	if err != nil {
		t.Fatal(err)
	}
	w, err := store.NewWriter(root, store.WriterOptions{Host: "box", MaxEvents: 3, Tracker: tr})
	if err != nil {
		t.Fatal(err)
	}
	r, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var ev event.Event
	for first := true; ; first = false {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if first {
			if err := w.BeginSection(r.Section()); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Write(&ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(w.Segments()); n < 2 {
		t.Fatalf("%d segments, want several", n)
	}
	return root
}

func TestStoreRanges(t *testing.T) {
	root := writeTestStore(t, t.TempDir())
	chisels := chiselDir(t, testChisels)
	run := func(from, to uint64) string {
		t.Helper()
		src, err := OpenStore(root, from, to, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		var out bytes.Buffer
		r, err := New(Options{Dirs: []string{chisels}, Out: &out, Toolkit: DefaultToolkit()})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Load("bytes_by_file", nil); err != nil {
			t.Fatal(err)
		}
		if err := r.Run(src); err != nil {
			t.Fatal(err)
		}
		r.Close()
		return out.String()
	}
	const sec0 = uint64(1_600_000_000_000_000_000)
	all := run(0, 0)
	if !strings.Contains(all, "/etc/hosts     260\n") || !strings.HasSuffix(all, "span\t2000000070\n") {
		t.Errorf("whole store:\n%s", all)
	}
	// From the second second on: the first read is left out, and the state from the
	// earlier segments (fd 3 is /etc/hosts) carries over.
	late := run(sec0+1e9, 0)
	want := "server\t/var/log/server.log\t10\n" +
		"tick\t0\n" +
		"sh\t/etc/hosts\t60\n" +
		"/var/log/server.log    10\n" +
		"/etc/hosts      60\n" +
		"span\t1000000030\n"
	if late != want {
		t.Errorf("from the second second:\ngot\n%s\nwant\n%s", late, want)
	}
	if got := run(sec0+1e9, sec0+1e9+100); !strings.HasSuffix(got, "/var/log/server.log    10\nspan\t10\n") {
		t.Errorf("one second:\n%s", got)
	}
	if got := run(sec0+10e9, 0); got != "span\t0\n" {
		t.Errorf("a range without events: %q", got)
	}
}

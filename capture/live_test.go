package capture_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cilium/ebpf"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/capture/procscan"
	"github.com/scrylabs/scry/capture/recorder"
	"github.com/scrylabs/scry/drivers/probe"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/state"
)

// openLive starts live capture or skips the test where BPF is truly unavailable (not
// root, no BTF, an old kernel). A verifier rejection always fails; so does any skip when
// SCRY_REQUIRE_BPF is set.
func openLive(t *testing.T, o capture.LiveOptions) *capture.Live {
	t.Helper()
	l, err := capture.OpenLive(o)
	if err == nil {
		return l
	}
	var ve *ebpf.VerifierError
	if errors.As(err, &ve) {
		t.Fatalf("verifier rejected the probe: %+v", ve)
	}
	if os.Getenv("SCRY_REQUIRE_BPF") == "" &&
		(errors.Is(err, probe.ErrPermission) || errors.Is(err, probe.ErrNotSupported) || errors.Is(err, probe.ErrNoBTF)) {
		t.Skipf("BPF unavailable here: %v", err)
	}
	t.Fatalf("open live capture: %v", err)
	return nil
}

// workload is what the test runs while recording, tagged so its events can be found.
type workload struct {
	tag      string
	file     string // a temp file cat reads
	missing  string // a path whose open fails
	port     int    // a loopback listener the shell connects to
	script   string
	pipeData string
}

func newWorkload(t *testing.T) *workload {
	w := &workload{tag: fmt.Sprintf("scrytag%d", os.Getpid())}
	dir := t.TempDir()
	w.file = filepath.Join(dir, w.tag+".txt")
	if err := os.WriteFile(w.file, []byte("hello "+w.tag+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.missing = filepath.Join(dir, "missing-"+w.tag)
	w.pipeData = "piped-" + w.tag
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	w.port = ln.Addr().(*net.TCPAddr).Port
	w.script = fmt.Sprintf(`cat %s >/dev/null
cat %s 2>/dev/null
/bin/sh -c '/bin/echo first %s'  >/dev/null
echo %s | cat >/dev/null
exec 3<>/dev/tcp/127.0.0.1/%d
exec 3>&-
`, w.file, w.missing, w.tag, w.pipeData, w.port)
	return w
}

// TestRecordWorkload records the host while a known workload runs, then checks the
// recording three ways: its raw events, scry's state engine, and sysdig reading it.
func TestRecordWorkload(t *testing.T) {
	// The whole host is recorded while other test packages may load both cores, so the
	// rings are large enough to hold the whole recording even if the reader falls behind:
	// a drop here would mean an event lost, not a busy machine.
	live := openLive(t, capture.LiveOptions{Probe: probe.Options{RingBytes: 64 << 20}})
	defer live.Close()
	w := newWorkload(t)
	out := filepath.Join(t.TempDir(), "live.scap")
	if d := os.Getenv("SCRY_KEEP_RECORDING"); d != "" {
		out = d
	}

	res := recordWhile(t, live, out, exec.Command("/bin/bash", "-c", w.script))
	if st := live.Stats(); st.Drops != 0 {
		t.Errorf("probe dropped %d events: %+v", st.Drops, st)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("capture file mode %v, want 0600", fi.Mode().Perm())
	}
	t.Logf("recorded %d events", res.Events)

	got := scanRecording(t, out, w)
	got.check(t, w)
	compareWithSysdig(t, out, w, got)
}

// recordWhile records live into the scap file out while cmd runs, from 200 ms before it
// starts to 300 ms after it ends, with the /proc scan as the initial state.
func recordWhile(t *testing.T, live *capture.Live, out string, cmd *exec.Cmd) recorder.Result {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		time.Sleep(200 * time.Millisecond)
		err := cmd.Run()
		time.Sleep(300 * time.Millisecond)
		live.Stop()
		done <- err
	}()
	res, err := recorder.Record(live, recorder.Options{
		Path:     out,
		Snapshot: func() (*scap.Section, error) { return procscan.Scan(procscan.Options{}) },
	})
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("workload %s: %v", cmd, err)
	}
	return res
}

// observed holds what the test found in the recording for the workload.
type observed struct {
	catOpen        string // scry's "proc.name ppid fd.name res" of cat's open of the file
	catPpid        int64
	missingRes     int64
	echoArgs       []string
	echoPpid       int64
	echoProc       string
	connectTuple   string
	connectProc    string
	pipeWrite      int64 // res of the echo builtin's write into the pipe
	pipeWriteFound bool
	readData       string
	readEnterSize  uint64 // size asked by cat's read of the file
	catClosed      bool   // cat's close of the file (enter fd 3, then exit res 0)
	catClosing     int64  // tid of the cat closing the file
}

func scanRecording(t *testing.T, path string, w *workload) *observed {
	r, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	eng := state.New(state.Options{})
	eng.LoadSection(r.Section())
	o := &observed{missingRes: 1}
	var ev event.Event
	for {
		if err := r.Next(&ev); err != nil {
			break
		}
		ctx := eng.Process(&ev)
		th := ctx.Thread
		switch ev.Type() {
		case 307: // openat exit
			name := string(ev.Str(2))
			fd, _ := ev.Int64(0)
			if name == w.file && th != nil && fd >= 0 && ctx.FD != nil {
				o.catOpen = fmt.Sprintf("%s %s %d", th.Comm, ctx.FD.Name, fd)
				if p := eng.Parent(th); p != nil {
					o.catPpid = eng.MainThread(p).Pid
				}
			}
			if name == w.missing {
				o.missingRes = fd
			}
		case 7: // read exit
			if n, _ := ev.Int64(0); n > 0 && th != nil && th.Comm == "cat" && ctx.FD != nil && ctx.FD.Name == w.file {
				o.readData = string(ev.Param(1))
			}
		case 6: // read enter
			if fd, _ := ev.Int64(0); fd == 3 && th != nil && th.Comm == "cat" && ctx.FD != nil && ctx.FD.Name == w.file {
				o.readEnterSize, _ = ev.Uint64(1)
			}
		case 4: // close enter
			if fd, _ := ev.Int64(0); fd == 3 && th != nil && th.Comm == "cat" && ctx.FD != nil && ctx.FD.Name == w.file {
				o.catClosing = th.Tid
			}
		case 5: // close exit
			if res, _ := ev.Int64(0); th != nil && th.Tid == o.catClosing && res == 0 {
				o.catClosed = true
			}
		case 293: // execve exit
			if th != nil && th.Comm == "echo" && len(th.Args) > 0 && th.Args[len(th.Args)-1] == w.tag {
				o.echoArgs = th.Args
				o.echoProc = th.Comm
				if p := eng.Parent(th); p != nil {
					o.echoPpid = eng.MainThread(p).Pid
				}
			}
		case 23: // connect exit
			tup := ev.Param(1)
			if len(tup) == 13 && binary.LittleEndian.Uint16(tup[11:]) == uint16(w.port) {
				o.connectTuple = fmt.Sprintf("%s:%d->%s:%d", net.IP(tup[1:5]), binary.LittleEndian.Uint16(tup[5:]),
					net.IP(tup[7:11]), w.port)
				if th != nil {
					o.connectProc = th.Comm
				}
			}
		case 9: // write exit
			if bytes.HasPrefix(ev.Param(1), []byte(w.pipeData)) && ctx.FD != nil && ctx.FD.Type == int8(scap.FDFifo) {
				o.pipeWrite, _ = ev.Int64(0)
				o.pipeWriteFound = true
			}
		}
		eng.EndEvent(ctx)
	}
	return o
}

func (o *observed) check(t *testing.T, w *workload) {
	t.Helper()
	if want := fmt.Sprintf("cat %s 3", w.file); o.catOpen != want {
		t.Errorf("open of the tagged file: got %q, want %q", o.catOpen, want)
	}
	if o.catPpid <= 0 {
		t.Errorf("cat's parent pid not resolved: %d", o.catPpid)
	}
	if o.readData != "hello "+w.tag+"\n" {
		t.Errorf("cat read %q", o.readData)
	}
	if o.readEnterSize == 0 {
		t.Errorf("no read enter event of cat on the file with a buffer size")
	}
	if !o.catClosed {
		t.Errorf("no close of the file by cat (enter fd 3, exit res 0)")
	}
	if o.missingRes != -2 {
		t.Errorf("failed open returned %d, want -2 (ENOENT)", o.missingRes)
	}
	if strings.Join(o.echoArgs, " ") != "first "+w.tag || o.echoProc != "echo" {
		t.Errorf("exec of echo: proc %q args %q", o.echoProc, o.echoArgs)
	}
	if o.echoPpid <= 0 {
		t.Errorf("echo's parent pid not resolved")
	}
	if !strings.HasPrefix(o.connectTuple, "127.0.0.1:") || !strings.HasSuffix(o.connectTuple, "->127.0.0.1:"+strconv.Itoa(w.port)) {
		t.Errorf("connect tuple %q", o.connectTuple)
	}
	if o.connectProc != "bash" {
		t.Errorf("connect by %q, want bash", o.connectProc)
	}
	if !o.pipeWriteFound || o.pipeWrite != int64(len(w.pipeData)+1) {
		t.Errorf("write into the pipe: found %v res %d", o.pipeWriteFound, o.pipeWrite)
	}
}

// compareWithSysdig reads the recording with sysdig and checks it shows the same
// values for the workload's events.
func compareWithSysdig(t *testing.T, path string, w *workload, o *observed) {
	if _, err := exec.LookPath("sysdig"); err != nil {
		t.Log("sysdig not installed: skipping the comparison with sysdig")
		return
	}
	run := func(format, filter string) []string {
		out, err := exec.Command("sysdig", "-r", path, "-p", format, filter).CombinedOutput()
		if err != nil {
			t.Fatalf("sysdig -r %s: %v\n%s", path, err, out)
		}
		return strings.Split(strings.TrimSpace(string(out)), "\n")
	}
	open := run("%proc.name %proc.ppid %fd.name %evt.res", "evt.type=openat and evt.dir=< and fd.name="+w.file)
	if want := fmt.Sprintf("cat %d %s SUCCESS", o.catPpid, w.file); len(open) != 1 || open[0] != want {
		t.Errorf("sysdig open: %q, want %q", open, want)
	}
	missing := run("%evt.res", "evt.type=openat and evt.dir=< and fd.name="+w.missing)
	if len(missing) != 1 || missing[0] != "ENOENT" {
		t.Errorf("sysdig failed open: %q", missing)
	}
	execs := run("%proc.name %proc.ppid %proc.args", "evt.type=execve and evt.dir=< and proc.name=echo and proc.args contains "+w.tag)
	if want := fmt.Sprintf("echo %d first %s", o.echoPpid, w.tag); len(execs) != 1 || execs[0] != want {
		t.Errorf("sysdig exec: %q, want %q", execs, want)
	}
	conn := run("%proc.name %fd.name %evt.res", fmt.Sprintf("evt.type=connect and evt.dir=< and fd.sport=%d", w.port))
	if want := fmt.Sprintf("bash %s SUCCESS", o.connectTuple); len(conn) != 1 || conn[0] != want {
		t.Errorf("sysdig connect: %q, want %q", conn, want)
	}
	pipe := run("%fd.typechar %evt.rawres", "evt.type=write and evt.dir=< and fd.typechar=p and evt.buffer contains "+w.pipeData)
	if want := fmt.Sprintf("p %d", o.pipeWrite); len(pipe) != 1 || pipe[0] != want {
		t.Errorf("sysdig pipe write: %q, want %q", pipe, want)
	}
}

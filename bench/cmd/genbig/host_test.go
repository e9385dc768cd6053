package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

var testStart = time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)

// writeHost generates a host timeline of n events from templates into a temporary file.
func writeHost(t *testing.T, templates []*template, n int) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "host.scap")
	w, err := scap.Create(out, scap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := generateHost(w, templates, hostOptions{n: n, span: 24 * time.Hour, start: testStart, seed: 7, hostname: "test-host"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

// readAll returns a capture's section and events.
func readAll(t *testing.T, path string) (*scap.Section, []event.Event) {
	t.Helper()
	r, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var evs []event.Event
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			return r.Section(), evs
		}
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, ev.Clone())
	}
}

// TestHostTimeline checks the synthetic host: times never go back, every thread an event
// names was started by a clone event and had not exited, jobs get new pids each session
// while daemons keep theirs, workloads run in their hours and rare ones the fixed number
// of times.
func TestHostTimeline(t *testing.T) {
	const n = 80000
	sec, evs := readAll(t, writeHost(t, syntheticTemplates(), n))
	if len(evs) != n {
		t.Fatalf("%d events, want %d", len(evs), n)
	}
	if sec.Machine == nil || sec.Machine.Hostname != "test-host" {
		t.Errorf("machine %+v", sec.Machine)
	}
	idle := map[int64]bool{}
	for _, p := range sec.Processes {
		idle[p.Tid] = true
	}
	alive := map[int64]bool{}
	started := map[int64]string{} // every thread started, by name
	startedAt := map[string][]int{}
	var last uint64
	for i := range evs {
		ev := &evs[i]
		if ev.Ts() < last || ev.Ts() < uint64(testStart.UnixNano()) {
			t.Fatalf("event %d at %d after %d: time goes back", i, ev.Ts(), last)
		}
		last = ev.Ts()
		tid := ev.Tid()
		switch ev.Type() {
		case typeCloneX:
			if res, _ := ev.Int64(0); res != 0 {
				t.Fatalf("event %d: clone exit with res %d, want the child side", i, res)
			}
			if _, ok := started[tid]; ok {
				t.Fatalf("event %d: thread %d started twice", i, tid)
			}
			ptid, _ := ev.Int64(5)
			if !idle[ptid] && !alive[ptid] {
				t.Errorf("event %d: thread %d forked from %d, neither idle nor running", i, tid, ptid)
			}
			name := string(ev.Str(13))
			started[tid], alive[tid] = name, true
			startedAt[name] = append(startedAt[name], int(ev.Ts()/uint64(time.Hour)%24))
			continue
		}
		if idle[tid] {
			t.Fatalf("event %d: idle process %d has an event", i, tid)
		}
		if !alive[tid] {
			t.Fatalf("event %d (type %d): thread %d not running", i, ev.Type(), tid)
		}
		if ev.Type() == typeProcexit1E {
			delete(alive, tid)
		}
	}
	for name, hours := range startedAt {
		for _, h := range hours {
			switch name {
			case "tar", "gzip":
				if h < 1 || h >= 5 {
					t.Errorf("%s started at %d:00, outside the nightly batch window", name, h)
				}
			case "bash", "vim", "git":
				if h < 8 || h >= 18 {
					t.Errorf("%s started at %d:00, outside office hours", name, h)
				}
			}
		}
	}
	if got := len(startedAt["nc"]); got != 2 {
		t.Errorf("the rare workload ran %d times, want 2", got)
	}
	if got := len(startedAt["nginx"]); got != 3 {
		t.Errorf("%d nginx processes started, want the daemon's 3 once", got)
	}
	// Jobs end their processes: what still runs at the end belongs to daemons or to the
	// few sessions the last event cut short.
	left := map[string]int{}
	for tid := range alive {
		left[started[tid]]++
	}
	for _, job := range []string{"tar", "gzip", "bash", "vim", "git", "logrotate", "nc"} {
		if left[job] > 2 {
			t.Errorf("%d %s processes never exited (started %d)", left[job], job, len(startedAt[job]))
		}
	}
	if len(startedAt["tar"]) < 4 || len(startedAt["bash"]) < 4 {
		t.Errorf("jobs ran too few times: tar %d, bash %d", len(startedAt["tar"]), len(startedAt["bash"]))
	}
}

// TestTemplateRewrite checks one session of a template that forks a child and signals
// it: thread ids in the header and in pid parameters move to the host's pids together,
// the child gets a pid of its own, vtid and vpid follow only outside containers, and
// the child's exit is not repeated at the session's end.
func TestTemplateRewrite(t *testing.T) {
	t0 := uint64(1.7e18)
	parent := syntheticProcess(50, "sh", 0)
	var evs []event.Event
	add := func(ts uint64, tid int64, typ uint16, params ...[]byte) {
		evs = append(evs, event.Event{Raw: event.Append(nil, ts, tid, typ, params...)})
	}
	cloneParams := func(res, tid, pid, ptid, vtid, vpid int64) [][]byte {
		return [][]byte{event.I64(res), event.CStr("sh"), nil, event.I64(tid), event.I64(pid), event.I64(ptid),
			event.CStr("/"), event.I64(1024), event.U64(0), event.U64(0), event.U32(0), event.U32(0), event.U32(0),
			event.CStr("sh"), nil, event.U32(0), event.U32(0), event.U32(0), event.I64(vtid), event.I64(vpid)}
	}
	add(t0, 50, typeCloneX, cloneParams(51, 50, 50, 1, 50, 50)...)
	add(t0+10, 51, typeCloneX, cloneParams(0, 51, 51, 50, 7, 1)...) // the child, in a pid namespace
	add(t0+20, 50, 128, event.I64(51), event.U8(9))                 // kill(51, SIGKILL)
	add(t0+30, 51, typeProcexit1E, event.I64(0), event.I64(0), event.U8(9), event.U8(0))
	tpl := &template{name: "fork", prof: profile{weight: 1, hours: allDay, stretch: [2]float64{1, 1}}, events: evs}
	tpl.setSection(&scap.Section{Processes: []scap.Process{parent}})
	tpl.index()
	h := &hostState{pids: newPidAllocator(1000), images: map[*template]map[int64]int64{}, daemons: map[*template]*daemonState{}}
	h.section([]*template{tpl}, "x")
	s := h.newSession(tpl, 5e18, 2)
	var out []event.Event
	for {
		ev, ok := s.pop(h)
		if !ok {
			break
		}
		out = append(out, ev.Clone())
	}
	// spawn sh, the template's 4 events, sh's exit (the child exited in the template)
	if len(out) != 6 {
		t.Fatalf("%d events, want 6", len(out))
	}
	sh := out[0].Tid()
	if sh == 50 || out[1].Tid() != sh || out[2].Tid() == sh || out[2].Tid() == 51 {
		t.Fatalf("tids: spawn %d, clone caller %d, child %d", sh, out[1].Tid(), out[2].Tid())
	}
	child := out[2].Tid()
	if res, _ := out[1].Int64(0); res != child {
		t.Errorf("caller's clone res %d, want the child's new pid %d", res, child)
	}
	if v, _ := out[1].Int64(18); v != sh {
		t.Errorf("caller vtid %d, want %d (outside a container vtid follows tid)", v, sh)
	}
	if v, _ := out[2].Int64(18); v != 7 {
		t.Errorf("child vtid %d, want its namespace id 7", v)
	}
	if v, _ := out[3].Int64(0); v != child {
		t.Errorf("kill target %d, want %d", v, child)
	}
	if out[5].Type() != typeProcexit1E || out[5].Tid() != sh {
		t.Errorf("last event type %d tid %d, want sh's exit", out[5].Type(), out[5].Tid())
	}
	if out[1].Ts() != 5e18 || out[4].Ts() != 5e18+60 {
		t.Errorf("times %d, %d: want the session start and 30 ns stretched twice", out[1].Ts(), out[4].Ts())
	}
}

// TestRepeatZeroTimestamps checks the repeat mode on a capture whose first event carries
// timestamp 0 (a container event): copies follow each other in time without overflow.
func TestRepeatZeroTimestamps(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.scap")
	w, err := scap.Create(src, scap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w.WriteSection(&scap.Section{Machine: &scap.MachineInfo{NumCPUs: 1, Hostname: "z"}})
	t0 := uint64(1.7e18)
	for i, ts := range []uint64{0, t0, t0 + 1000, t0 + 5000} {
		raw := event.Append(nil, ts, 10, 6, event.I64(3), event.U32(64)) // read enter
		if i == 0 {
			raw = event.Append(nil, ts, -1, 324, event.CStr(`{"container":{}}`)) // container JSON 2
		}
		ev := event.Event{Raw: raw}
		if err := w.WriteEvent(&ev); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	out := filepath.Join(dir, "out.scap")
	if err := runRepeat(12, out, src, 2); err != nil {
		t.Fatal(err)
	}
	_, evs := readAll(t, out)
	var last uint64
	for i := range evs {
		if ts := evs[i].Ts(); ts < last || ts < t0 || ts > t0+1e6 {
			t.Fatalf("event %d at %d (previous %d): want increasing times near %d", i, ts, last, t0)
		}
		last = evs[i].Ts()
	}
}

// TestCorpusHostReadBySysdig generates a host from the corpus and checks that sysdig
// names every process the sessions started as their clone events say.
func TestCorpusHostReadBySysdig(t *testing.T) {
	corpus := filepath.Join(repoRoot(t), "..", "shared", "corpus", "raw")
	templates, err := loadTemplates(corpus)
	if err != nil {
		t.Skipf("corpus %s is absent: %v", corpus, err)
	}
	if _, err := exec.LookPath("sysdig"); err != nil {
		t.Skip("sysdig is not installed: the comparison needs it")
	}
	path := writeHost(t, templates, 40000)
	_, evs := readAll(t, path)
	want := map[int64]string{}
	for i := range evs {
		if evs[i].Type() == typeCloneX {
			if res, _ := evs[i].Int64(0); res == 0 {
				want[evs[i].Tid()] = string(evs[i].Str(13))
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("no process started")
	}
	out, err := exec.Command("sysdig", "-r", path, "-p", "%thread.tid %proc.name", "evt.type=clone and evt.dir=< and evt.rawres=0").Output()
	if err != nil {
		t.Fatalf("sysdig: %v", err)
	}
	got := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 {
			continue
		}
		tid, _ := strconv.ParseInt(f[0], 10, 64)
		name, ok := want[tid]
		if !ok {
			continue // a clone of the recorded workloads themselves
		}
		got++
		if f[1] != name {
			t.Errorf("sysdig names thread %d %q, its clone event %q", tid, f[1], name)
		}
	}
	if got != len(want) {
		t.Errorf("sysdig shows %d of the %d started processes", got, len(want))
	}
}

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root (go.mod) not found")
		}
		dir = parent
	}
}

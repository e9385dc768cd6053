package recorder

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/store"
)

// killWorkload is what the killed recorder records: an execve, then 24 000 I/O events.
func killWorkload() []byte { return workload(4000) }

// stormWorkload is what the recorder killed mid-storm records: an execve, then 120 000
// I/O events.
func stormWorkload() []byte { return workload(20000) }

// TestRecorderProcess is the recorder that the kill tests run and kill: it records into
// the store named by SCRY_RECORDER_STORE and prints "synced N" after each spool sync, N
// being the last event made durable. By default it records killWorkload slowly; with
// SCRY_RECORDER_MODE=storm it records stormWorkload fast while its builder is slowed
// down, so the builder lags far behind the spool; with SCRY_RECORDER_MODE=commit it
// records killWorkload slowly, and after its third segment is committed prints
// "committed" and stops there; with SCRY_RECORDER_MODE=recover it records nothing, and
// stops after the second segment its recovery of the store's leftovers commits.
func TestRecorderProcess(t *testing.T) {
	root := os.Getenv("SCRY_RECORDER_STORE")
	if root == "" {
		t.Skip("run by TestRecoveryAfterKill")
	}
	o := StoreOptions{Root: root, Section: section(),
		Segment:   store.WriterOptions{MaxEvents: 1000},
		SyncEvery: 50 * time.Millisecond,
		OnSync:    func(n uint64) { fmt.Printf("synced %d\n", n) }}
	raw, every := killWorkload(), 10
	if os.Getenv("SCRY_RECORDER_MODE") == "storm" {
		raw, every = stormWorkload(), 500
		n := 0
		o.throttle = func() {
			if n++; n%100 == 0 {
				time.Sleep(time.Millisecond)
			}
		}
	}
	switch os.Getenv("SCRY_RECORDER_MODE") {
	case "commit":
		n := 0
		o.committedHook = func() {
			if n++; n == 3 {
				fmt.Println("committed")
				select {}
			}
		}
	case "recover":
		raw, every = nil, 0
		n := 0
		o.committedHook = func() {
			if n++; n == 2 {
				fmt.Println("committed")
				select {}
			}
		}
	}
	src, err := capture.NewTestSource(raw)
	if err != nil {
		t.Fatal(err)
	}
	paced := &pacedSource{Source: src, every: every, pause: time.Millisecond}
	if _, err = RecordStore(paced, o); err != nil {
		t.Fatal(err)
	}
	fmt.Println("finished")
}

// killRecorder runs TestRecorderProcess in mode, kills it with SIGKILL once done says
// so (given the last event synced and the number of syncs), and returns the last event
// the recorder reported synced.
func killRecorder(t *testing.T, root, mode string, done func(lastSynced uint64, syncs int) bool) uint64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRecorderProcess$", "-test.v")
	cmd.Env = append(os.Environ(), "SCRY_RECORDER_STORE="+root, "SCRY_RECORDER_MODE="+mode)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var lastSynced uint64
	syncs := 0
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		line := lines.Text()
		if line == "finished" {
			t.Fatal("the recorder finished before it was killed: slow the workload down")
		}
		if line == "committed" {
			break
		}
		n, ok := strings.CutPrefix(line, "synced ")
		if !ok {
			continue
		}
		v, err := strconv.ParseUint(n, 10, 64)
		if err != nil {
			t.Fatalf("recorder printed %q", line)
		}
		lastSynced = max(lastSynced, v)
		if syncs++; done(lastSynced, syncs) {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Syncs that completed between the last line read and the kill only add events.
	for lines.Scan() {
	}
	cmd.Wait()
	if lastSynced == 0 && mode != "recover" {
		t.Fatal("the recorder reported no sync")
	}
	return lastSynced
}

// leftFiles lists what a recording left in the store's journal folder, but its lock.
func leftFiles(t *testing.T, root string) []string {
	t.Helper()
	ents, _ := os.ReadDir(filepath.Join(root, JournalDir))
	var names []string
	for _, e := range ents {
		if e.Name() != "lock" {
			names = append(names, e.Name())
		}
	}
	return names
}

// TestRecoveryAfterKill SIGKILLs a recorder in the middle of a segment and shows that
// the next start recovers every event up to the last sync the recorder reported, with
// nothing lost or repeated before it and the open segment's snapshot intact.
func TestRecoveryAfterKill(t *testing.T) {
	root := filepath.Join(t.TempDir(), "store")
	// Kill past the first segments, in the middle of one.
	lastSynced := killRecorder(t, root, "", func(last uint64, syncs int) bool {
		return syncs >= 8 && last > 2500 && last%1000 > 100 && last%1000 < 900
	})
	if left := leftFiles(t, root); len(left) == 0 {
		t.Fatal("the killed recorder left no spool or checkpoint")
	}
	_, _, before := storedEvents(t, root)
	res := recoverStore(t, root, 1000)
	if len(res.Recovered) == 0 {
		t.Fatal("recovered no segment")
	}
	got, snaps, segs := storedEvents(t, root)
	samePrefix(t, got, split(t, killWorkload()))
	if uint64(len(got)) < lastSynced {
		t.Fatalf("recovered the first %d events; the recorder had synced %d", len(got), lastSynced)
	}
	t.Logf("killed after sync of event %d; the store holds the first %d events (%d segments, %d committed before the kill)",
		lastSynced, len(got), len(segs), len(before))
	// Every segment but the first starts with the state the engine tracked, recovered
	// ones too: cat, from the execve at the start of the first segment, with a binary
	// state image.
	for i, snap := range snaps[1:] {
		found := false
		for _, p := range snap.Section.Processes {
			found = found || (p.Tid == 7 && p.Comm == "cat")
		}
		if !found || len(snap.State) == 0 {
			t.Fatalf("segment %d's snapshot: cat found %v, %d state bytes", i+1, found, len(snap.State))
		}
	}
}

// TestRecoveryAfterKillMidStorm SIGKILLs a recorder while its source still runs ahead
// of a builder slowed down, with a backlog of events in the spool, and shows that the
// next start converts every event up to the last sync: the backlog lived on disk.
func TestRecoveryAfterKillMidStorm(t *testing.T) {
	root := filepath.Join(t.TempDir(), "store")
	lastSynced := killRecorder(t, root, "storm", func(last uint64, syncs int) bool { return syncs >= 3 && last > 20000 })
	before, _, _ := storedEvents(t, root)
	if uint64(len(before)) >= lastSynced {
		t.Fatalf("the builder had stored %d events of %d synced: no backlog to recover", len(before), lastSynced)
	}
	res := recoverStore(t, root, 0)
	got, _, segs := storedEvents(t, root)
	samePrefix(t, got, split(t, stormWorkload()))
	if uint64(len(got)) < lastSynced {
		t.Fatalf("recovered the first %d events; the recorder had synced %d", len(got), lastSynced)
	}
	t.Logf("killed after sync of event %d with %d events in segments; the store holds the first %d events after recovering %d segments (%d in all)",
		lastSynced, len(before), len(got), len(res.Recovered), len(segs))
}

// TestRecoveryAfterKillDuringRecovery kills a recorder mid-storm, then the next one
// while it recovers the backlog, after two segments: the third start stores every event
// synced by the first, once.
func TestRecoveryAfterKillDuringRecovery(t *testing.T) {
	root := filepath.Join(t.TempDir(), "store")
	lastSynced := killRecorder(t, root, "storm", func(last uint64, syncs int) bool { return syncs >= 3 && last > 20000 })
	before, _, segs := storedEvents(t, root)
	killRecorder(t, root, "recover", func(uint64, int) bool { return false })
	during, _, segsDuring := storedEvents(t, root)
	if len(segsDuring) != len(segs)+2 || len(during) != len(before)+2000 || len(leftFiles(t, root)) == 0 {
		t.Fatalf("the interrupted recovery took the store from %d segments (%d events) to %d (%d), leaving %v",
			len(segs), len(before), len(segsDuring), len(during), leftFiles(t, root))
	}
	recoverStore(t, root, 0)
	got, _, _ := storedEvents(t, root)
	samePrefix(t, got, split(t, stormWorkload())) // nothing stored twice
	if uint64(len(got)) < lastSynced {
		t.Fatalf("recovered the first %d events; the recorder had synced %d", len(got), lastSynced)
	}
}

// TestRecoveryAfterKillAtCommit SIGKILLs a recorder just after a segment was moved into
// the store, before the next segment's checkpoint was written: recovery must see that
// the segment of the latest checkpoint is there, and store every later event once.
func TestRecoveryAfterKillAtCommit(t *testing.T) {
	root := filepath.Join(t.TempDir(), "store")
	lastSynced := killRecorder(t, root, "commit", func(uint64, int) bool { return false })
	before, _, segs := storedEvents(t, root)
	if len(segs) != 3 || len(before) != 3000 {
		t.Fatalf("%d segments, %d events before recovery; want the 3 of 1000 committed before the kill", len(segs), len(before))
	}
	res := recoverStore(t, root, 0)
	got, _, _ := storedEvents(t, root)
	samePrefix(t, got, split(t, killWorkload())) // nothing stored twice
	if uint64(len(got)) < lastSynced || len(res.Recovered) != 1 || res.Recovered[0].FirstNum != 3001 {
		t.Fatalf("recovered %+v; the store holds the first %d events, the recorder had synced %d", res.Recovered, len(got), lastSynced)
	}
}

// recoverStore starts a recording of nothing on root, with segments of segEvents events
// (0: the default), which recovers what a killed recorder left, and checks that it
// leaves nothing behind.
func recoverStore(t *testing.T, root string, segEvents int64) StoreResult {
	t.Helper()
	empty, _ := capture.NewTestSource()
	res, err := RecordStore(empty, StoreOptions{Root: root, Section: section(), Segment: store.WriterOptions{MaxEvents: segEvents}})
	if err != nil {
		t.Fatal(err)
	}
	if left := leftFiles(t, root); len(left) != 0 {
		t.Fatalf("files left after recovery: %v", left)
	}
	return res
}

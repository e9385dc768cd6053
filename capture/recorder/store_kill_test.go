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

// TestRecorderProcess is the recorder that TestRecoveryAfterKill runs and kills: it
// records killWorkload slowly into the store named by SCRY_RECORDER_STORE and prints
// "synced N" after each journal sync, N being the last event made durable.
func TestRecorderProcess(t *testing.T) {
	root := os.Getenv("SCRY_RECORDER_STORE")
	if root == "" {
		t.Skip("run by TestRecoveryAfterKill")
	}
	src, err := capture.NewTestSource(killWorkload())
	if err != nil {
		t.Fatal(err)
	}
	paced := &pacedSource{Source: src, every: 10, pause: time.Millisecond}
	_, err = RecordStore(paced, StoreOptions{Root: root, Section: section(),
		Segment:   store.WriterOptions{MaxEvents: 1000},
		SyncEvery: 50 * time.Millisecond,
		OnSync:    func(n uint64) { fmt.Printf("synced %d\n", n) }})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("finished")
}

// TestRecoveryAfterKill SIGKILLs a recorder in the middle of a segment and shows that
// the next start recovers every event up to the last sync the recorder reported, with
// nothing lost or repeated before it and the open segment's snapshot intact.
func TestRecoveryAfterKill(t *testing.T) {
	root := filepath.Join(t.TempDir(), "store")
	cmd := exec.Command(os.Args[0], "-test.run=^TestRecorderProcess$", "-test.v")
	cmd.Env = append(os.Environ(), "SCRY_RECORDER_STORE="+root)
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
		n, ok := strings.CutPrefix(line, "synced ")
		if !ok {
			continue
		}
		v, err := strconv.ParseUint(n, 10, 64)
		if err != nil {
			t.Fatalf("recorder printed %q", line)
		}
		lastSynced = max(lastSynced, v)
		// Kill past the first segments, in the middle of one.
		if syncs++; syncs >= 8 && lastSynced > 2500 && lastSynced%1000 > 100 && lastSynced%1000 < 900 {
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
	if lastSynced == 0 {
		t.Fatal("the recorder reported no sync")
	}
	if j := journals(t, root); len(j) != 1 {
		t.Fatalf("journals after the kill: %v, want the open segment's", j)
	}
	_, _, before := storedEvents(t, root)

	// The next start: a recording of nothing recovers the journal first.
	empty, _ := capture.NewTestSource()
	res, err := RecordStore(empty, StoreOptions{Root: root, Section: section()})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Recovered) != 1 {
		t.Fatalf("recovered %d segments, want 1", len(res.Recovered))
	}
	got, snaps, segs := storedEvents(t, root)
	if len(segs) != len(before)+1 {
		t.Fatalf("%d segments after recovery, %d before", len(segs), len(before))
	}
	samePrefix(t, got, split(t, killWorkload()))
	if uint64(len(got)) < lastSynced {
		t.Fatalf("recovered the first %d events; the recorder had synced %d", len(got), lastSynced)
	}
	t.Logf("killed after sync of event %d; the store holds the first %d events (%d segments, %d committed before the kill)",
		lastSynced, len(got), len(segs), len(before))
	// The recovered segment starts with the state the engine tracked: cat, from the
	// execve at the start of the first segment, with a binary state image.
	snap := snaps[len(snaps)-1]
	found := false
	for _, p := range snap.Section.Processes {
		found = found || (p.Tid == 7 && p.Comm == "cat")
	}
	if !found || len(snap.State) == 0 {
		t.Fatalf("recovered segment's snapshot: cat found %v, %d state bytes", found, len(snap.State))
	}
	if j := journals(t, root); len(j) != 0 {
		t.Fatalf("journals left after recovery: %v", j)
	}
}

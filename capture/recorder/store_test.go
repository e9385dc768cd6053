package recorder

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/capture/journal"
	"github.com/scrylabs/scry/drivers/testinput"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
)

// pacedSource slows a source down: it sleeps pause before every every-th event, so a
// recording lasts long enough for syncs, retention and signals to happen during it.
type pacedSource struct {
	capture.Source
	every int
	pause time.Duration
	n     int
}

func (p *pacedSource) Next(ev *event.Event) error {
	if p.n++; p.every > 0 && p.n%p.every == 0 {
		time.Sleep(p.pause)
	}
	return p.Source.Next(ev)
}

// storedEvents reads every segment of the store in time order and returns copies of
// their events and each segment's snapshot.
func storedEvents(t *testing.T, root string) ([]event.Event, []*store.Snapshot, []store.Segment) {
	t.Helper()
	s, err := store.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if p := s.Problems(); len(p) > 0 {
		t.Fatalf("store problems: %v", p)
	}
	var evs []event.Event
	var snaps []*store.Snapshot
	for _, seg := range s.Segments() {
		r, err := store.OpenSegment(seg.Path)
		if err != nil {
			t.Fatal(err)
		}
		snap, err := r.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, snap)
		var ev event.Event
		for {
			err := r.Next(&ev)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			c := ev
			c.Raw = append([]byte(nil), ev.Raw...)
			evs = append(evs, c)
		}
		r.Close()
	}
	return evs, snaps, s.Segments()
}

// split returns the events of a buffer of wire-format events.
func split(t *testing.T, raw []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for off := 0; off < len(raw); {
		n, err := event.Validate(raw[off:])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, raw[off:off+n])
		off += n
	}
	return out
}

// samePrefix checks that got holds the first len(got) events of want, numbered from 1.
func samePrefix(t *testing.T, got []event.Event, want [][]byte) {
	t.Helper()
	if len(got) > len(want) {
		t.Fatalf("%d events stored, only %d recorded", len(got), len(want))
	}
	for i, ev := range got {
		if ev.Num != uint64(i+1) || !bytes.Equal(ev.Raw, want[i]) {
			t.Fatalf("stored event %d (num %d) is not recorded event %d", i, ev.Num, i+1)
		}
	}
}

func journals(t *testing.T, root string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(root, JournalDir, "*"+journalExt))
	return m
}

func TestRecordStoreRollsSegmentsWithTrackedSnapshots(t *testing.T) {
	root := filepath.Join(t.TempDir(), "store")
	raw := workload(100) // an execve of cat (tid 7, unknown to the section), then its I/O
	src, err := capture.NewTestSource(raw)
	if err != nil {
		t.Fatal(err)
	}
	var synced []uint64
	var mu sync.Mutex
	res, err := RecordStore(src, StoreOptions{Root: root, Section: section(),
		Segment: store.WriterOptions{MaxEvents: 150},
		OnSync:  func(n uint64) { mu.Lock(); synced = append(synced, n); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	want := split(t, raw)
	if res.Events != uint64(len(want)) || res.Seen != res.Events || len(res.Segments) != (len(want)+149)/150 {
		t.Fatalf("result %d events, %d seen, %d segments; recorded %d events", res.Events, res.Seen, len(res.Segments), len(want))
	}
	got, snaps, segs := storedEvents(t, root)
	if len(got) != len(want) {
		t.Fatalf("store holds %d events, want %d", len(got), len(want))
	}
	samePrefix(t, got, want)
	// The first segment starts from the scan; later ones from the state the engine built,
	// which knows cat from its execve.
	if p := snaps[0].Section.Processes; len(p) != 1 || p[0].Tid != 1 {
		t.Fatalf("first segment's snapshot: %+v", p)
	}
	for i, snap := range snaps[1:] {
		var cat *scap.Process
		for j := range snap.Section.Processes {
			if p := &snap.Section.Processes[j]; p.Tid == 7 {
				cat = p
			}
		}
		if cat == nil || cat.Comm != "cat" || len(snap.State) == 0 || snap.Kind != store.SnapshotState {
			t.Fatalf("segment %d's snapshot lacks the tracked state: kind %s, %d state bytes, cat %+v", i+1, snap.Kind, len(snap.State), cat)
		}
	}
	for _, seg := range segs {
		fi, _ := os.Stat(seg.Path)
		if fi.Mode().Perm() != 0o600 {
			t.Fatalf("segment %s has mode %v, want 0600", seg.Rel, fi.Mode().Perm())
		}
		if seg.Host != "test" {
			t.Fatalf("segment host %q, want the section's host name", seg.Host)
		}
	}
	if j := journals(t, root); len(j) != 0 {
		t.Fatalf("journals left after a clean end: %v", j)
	}
	if fi, _ := os.Stat(root); fi.Mode().Perm() != 0o700 {
		t.Fatalf("new store created with mode %v, want 0700", fi.Mode().Perm())
	}
}

func TestRecordStoreStopsAfterAndKeeps(t *testing.T) {
	root := t.TempDir()
	src, _ := capture.NewTestSource(workload(50))
	onlyReads := func(ev *event.Event) bool { return ev.Type() == testinput.ReadX }
	res, err := RecordStore(src, StoreOptions{Root: root, Section: section(), Keep: onlyReads, StopAfter: 10})
	if err != nil {
		t.Fatal(err)
	}
	got, _, _ := storedEvents(t, root)
	if res.Events != 10 || len(got) != 10 {
		t.Fatalf("stored %d (result %d), want 10", len(got), res.Events)
	}
	for _, ev := range got {
		if ev.Type() != testinput.ReadX {
			t.Fatalf("Keep let through type %d", ev.Type())
		}
	}
}

func TestRecordStoreAppliesRetention(t *testing.T) {
	root := t.TempDir()
	// An old recording, two days ago.
	old := time.Now().Add(-48 * time.Hour)
	var b testinput.Builder
	for i := 0; i < 20; i++ {
		b.Close(uint64(old.UnixNano())+uint64(i), 7, 3, 0)
	}
	src, _ := capture.NewTestSource(b.Bytes())
	if _, err := RecordStore(src, StoreOptions{Root: root, Section: section()}); err != nil {
		t.Fatal(err)
	}
	if _, _, segs := storedEvents(t, root); len(segs) != 1 {
		t.Fatalf("%d segments after the old recording", len(segs))
	}
	// A new one with a day's retention removes it at the start, and a size limit keeps
	// removing the oldest segments while it runs.
	b.Reset()
	now := uint64(time.Now().UnixNano())
	for i := 0; i < 3000; i++ {
		b.Read(now+uint64(i)*1000, 7, 3, 4096, bytes.Repeat([]byte{byte(i)}, 64))
	}
	src, _ = capture.NewTestSource(b.Bytes())
	paced := &pacedSource{Source: src, every: 100, pause: 20 * time.Millisecond}
	var warned []error
	res, err := RecordStore(paced, StoreOptions{Root: root, Section: section(),
		Segment:   store.WriterOptions{MaxEvents: 200},
		Retention: store.PruneOptions{MaxAge: 24 * time.Hour, MaxSize: 1}, RetentionEvery: 50 * time.Millisecond,
		Warn: func(err error) { warned = append(warned, err) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(warned) > 0 {
		t.Fatalf("warnings: %v", warned)
	}
	_, _, segs := storedEvents(t, root)
	for _, seg := range segs {
		if seg.Stats.MinTs < now {
			t.Fatalf("the old segment %s survived a day's retention", seg.Rel)
		}
	}
	if res.Pruned < 2 || len(segs) >= len(res.Segments) {
		t.Fatalf("retention removed %d segments during the recording; %d of its %d segments are left", res.Pruned, len(segs), len(res.Segments))
	}
}

func TestRecordStoreRefusesASecondRecorder(t *testing.T) {
	root := t.TempDir()
	unlock, err := lockStore(root)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	src, _ := capture.NewTestSource(workload(1))
	if _, err := RecordStore(src, StoreOptions{Root: root, Section: section()}); !errors.Is(err, ErrStoreBusy) {
		t.Fatalf("second recorder: %v, want ErrStoreBusy", err)
	}
}

// writeJournal leaves a version 1 journal in the store as a crashed recording of an
// earlier build would: the snapshot and the events of raw, synced.
func writeJournal(t *testing.T, root string, seq int, raw []byte) string {
	t.Helper()
	dir, err := journalDir(root)
	if err != nil {
		t.Fatal(err)
	}
	path := journalName(dir, time.Now().UnixNano(), seq)
	tr, _ := NewStateTracker()
	tr.LoadSection(section())
	_, img, err := tr.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	j, err := journal.Create(path, journal.Snapshot{Host: "test", Section: section(), State: img}, journal.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := capture.NewTestSource(raw)
	var ev event.Event
	for src.Next(&ev) == nil {
		j.Append(&ev)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRecoveryHandlesLeftovers(t *testing.T) {
	root := t.TempDir()
	raw := workload(10)
	recovered := writeJournal(t, root, 1, raw)
	// A journal whose segment was committed just before the crash.
	committed := writeJournal(t, root, 2, raw)
	var b testinput.Builder
	b.Close(5, 7, 3, 0)
	// A journal cut inside its snapshot, and one that is not a journal.
	dir := filepath.Dir(recovered)
	os.WriteFile(filepath.Join(dir, "0000000000000000003-000003.journal"), []byte("SCRYJRNL\x01\x00\x00\x00"), 0o600)
	os.WriteFile(filepath.Join(dir, "0000000000000000004-000004.journal"), []byte("garbage, not a journal"), 0o600)
	_ = committed
	var warned []error
	src, _ := capture.NewTestSource()
	res, err := RecordStore(src, StoreOptions{Root: root, Section: section(), NewTracker: NewStateTracker,
		Warn: func(err error) { warned = append(warned, err) }})
	if err != nil {
		t.Fatal(err)
	}
	// The two journals hold the same events: the second is taken for the segment the
	// first one became, committed before its journal could be removed.
	if len(res.Recovered) != 1 {
		t.Fatalf("recovered %d segments, want 1", len(res.Recovered))
	}
	got, snaps, _ := storedEvents(t, root)
	samePrefix(t, got, split(t, raw))
	if len(got) != len(split(t, raw)) || snaps[0].Section.Machine.Hostname != "test" {
		t.Fatalf("recovered %d events of %d; snapshot %+v", len(got), len(split(t, raw)), snaps[0].Section.Machine)
	}
	if len(warned) != 1 || !strings.Contains(warned[0].Error(), "corrupt") {
		t.Fatalf("warnings %v, want one about the corrupt journal", warned)
	}
	left, _ := os.ReadDir(dir)
	var names []string
	for _, e := range left {
		names = append(names, e.Name())
	}
	if len(names) != 2 || !strings.HasSuffix(names[0], ".corrupt") || names[1] != "lock" {
		t.Fatalf("journal folder after recovery: %v", names)
	}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, store.SegmentExt) {
			if fi, _ := d.Info(); fi.Mode().Perm() != 0o600 {
				t.Errorf("recovered segment %s has mode %v", p, fi.Mode().Perm())
			}
		}
		return nil
	})
}

package recorder

import (
	"io"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/drivers/testinput"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/store"
)

// endSignal calls onEnd once, from Next, when its source ends.
type endSignal struct {
	capture.Source
	onEnd func()
	ended bool
}

func (e *endSignal) Next(ev *event.Event) error {
	err := e.Source.Next(ev)
	if err == io.EOF && !e.ended {
		e.ended = true
		e.onEnd()
	}
	return err
}

// lagWorkload is an execve of cat, then n rounds of cat opening /etc/hosts, reading
// 2 000 bytes that do not compress, and closing it.
func lagWorkload(n int) []byte {
	var b testinput.Builder
	b.Execve(1, "/bin/cat", testinput.Proc{Tid: 7, Pid: 7, Ptid: 1, Exe: "cat", Args: []string{"/etc/hosts"}, Comm: "cat"}, 0)
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 2000)
	for i := 0; i < n; i++ {
		for j := range data {
			data[j] = byte(rng.Uint32())
		}
		b.Openat(uint64(10+10*i), 7, -100, "/etc/hosts", 1, 0, 3)
		b.Read(uint64(12+10*i), 7, 3, 4096, data)
		b.Close(uint64(14+10*i), 7, 3, 0)
	}
	return b.Bytes()
}

func liveHeap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

func folderBytes(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// TestLaggingBuilderKeepsItsBacklogOnDisk holds the builder after its first thousand
// events until the source has ended, so the whole recording waits in the spool: the
// heap must not hold that backlog, and once the builder goes on, every event of the
// source must end in segments, in order, numbered, with its state columns filled from
// the state tracked across the segments.
func TestLaggingBuilderKeepsItsBacklogOnDisk(t *testing.T) {
	raw := lagWorkload(20000) // 120 002 events, 46 MB
	want := split(t, raw)
	src, err := capture.NewTestSource(raw)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "store")
	var built atomic.Int64
	release := make(chan struct{})
	var growth, backlog, spooled int64
	base := liveHeap()
	ends := &endSignal{Source: src, onEnd: func() {
		growth = liveHeap() - base
		backlog = int64(len(want)) - built.Load()
		spooled = folderBytes(filepath.Join(root, JournalDir))
		close(release)
	}}
	res, err := RecordStore(ends, StoreOptions{Root: root, Section: section(),
		Segment: store.WriterOptions{MaxEvents: 50_000, MaxBytes: 1 << 40},
		throttle: func() {
			if built.Add(1) == 1000 {
				<-release
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("when the source ended: %d events (%d bytes) waiting, %d bytes of spool on disk, heap grown by %d bytes",
		backlog, len(raw), spooled, growth)
	if backlog < int64(len(want))-1000 {
		t.Fatalf("only %d of %d events waited for the builder", backlog, len(want))
	}
	if spooled < int64(len(raw))/2 {
		t.Fatalf("%d bytes of spool on disk for a backlog of %d bytes of events", spooled, len(raw))
	}
	if growth > int64(len(raw))/4 {
		t.Fatalf("the heap grew by %d bytes with a backlog of %d bytes of events: the backlog is in memory", growth, len(raw))
	}

	got, snaps, _ := storedEvents(t, root)
	if len(got) != len(want) || res.Events != uint64(len(want)) {
		t.Fatalf("%d events stored (result %d), %d recorded", len(got), res.Events, len(want))
	}
	samePrefix(t, got, want)
	s, err := store.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	segs := s.Segments()
	if len(segs) != (len(want)+49_999)/50_000 || len(snaps) != len(segs) {
		t.Fatalf("%d segments for %d events of 50 000 per segment", len(segs), len(want))
	}
	// Every segment after the first starts with cat in its snapshot, and its events are
	// cat's, on /etc/hosts.
	for _, seg := range segs[1:] {
		ps, ok := seg.Column(parquet.ColProcName)
		if !ok || !ps.Complete || len(ps.Strs) != 1 || string(ps.Strs[0]) != "cat" {
			t.Fatalf("%s: proc_name summary %+v, want only cat", seg.Rel, ps)
		}
		fs, ok := seg.Column(parquet.ColFdName)
		if !ok || !fs.Complete || !slices.ContainsFunc(fs.Strs, func(b []byte) bool { return string(b) == "/etc/hosts" }) {
			t.Fatalf("%s: fd_name summary %+v, want /etc/hosts among its values", seg.Rel, fs)
		}
	}
	if left := leftFiles(t, root); len(left) != 0 {
		t.Fatalf("files left after a clean end: %v", left)
	}
}

// TestSpoolMaxBytesBoundsTheDisk records a source far faster than the builder with a
// small SpoolMaxBytes: draining waits for the builder, so the spool on disk stays near
// the bound (plus the open segment's events, which it keeps until the next checkpoint)
// instead of holding the whole source, and every event is stored.
func TestSpoolMaxBytesBoundsTheDisk(t *testing.T) {
	raw := lagWorkload(20000) // 46 MB that does not compress
	want := split(t, raw)
	src, err := capture.NewTestSource(raw)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "store")
	var most int64
	n := 0
	_, err = RecordStore(src, StoreOptions{Root: root, Section: section(), NewTracker: NewStateTracker,
		Segment:        store.WriterOptions{MaxEvents: 3000, MaxBytes: 1 << 40},
		SpoolMaxBytes:  2 << 20,
		SpoolFileBytes: 512 << 10,
		throttle: func() {
			if n++; n%500 == 0 {
				most = max(most, folderBytes(filepath.Join(root, JournalDir)))
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	// 2 MiB of backlog, a segment of 3000 events (2.3 MB), a spool file, a frame.
	if most > 6<<20 {
		t.Fatalf("the spool reached %d bytes on disk with a bound of 2 MiB", most)
	}
	got, _, _ := storedEvents(t, root)
	if len(got) != len(want) {
		t.Fatalf("%d events stored, %d recorded", len(got), len(want))
	}
	samePrefix(t, got, want)
	t.Logf("the spool peaked at %d bytes on disk for %d bytes of events", most, len(raw))
}

// TestLeaveKeepsTheBacklogForTheNextStart tells a lagging builder to leave: RecordStore
// returns without storing the backlog, which stays in the spool. The next start is told
// to leave during its recovery, and the one after stores the rest, every event once.
func TestLeaveKeepsTheBacklogForTheNextStart(t *testing.T) {
	raw := workload(20000)
	want := split(t, raw)
	src, err := capture.NewTestSource(raw)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "store")
	leave, reached, release := make(chan struct{}), make(chan struct{}), make(chan struct{})
	n := 0
	// The source ends once the builder is at event 2500; it is told to leave then.
	ends := &endSignal{Source: src, onEnd: func() { <-reached; close(leave); close(release) }}
	res, err := RecordStore(ends, StoreOptions{Root: root, Section: section(), Leave: leave,
		Segment: store.WriterOptions{MaxEvents: 1000},
		throttle: func() {
			if n++; n == 2500 {
				close(reached)
				<-release
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	before, _, _ := storedEvents(t, root)
	if res.Events != uint64(len(want)) || len(before) != 2000 || res.Left != uint64(len(want)-2000) {
		t.Fatalf("left %d of %d events with %d stored; want 2 segments of 1000 stored and the rest left", res.Left, res.Events, len(before))
	}
	if len(leftFiles(t, root)) == 0 {
		t.Fatal("nothing left in the spool")
	}
	// The next start is told to leave too, once its recovery has committed a segment.
	leave = make(chan struct{})
	empty, _ := capture.NewTestSource()
	rec, err := RecordStore(empty, StoreOptions{Root: root, Section: section(), Leave: leave,
		Segment: store.WriterOptions{MaxEvents: 1000}, committedHook: func() { close(leave) }})
	if err != nil {
		t.Fatal(err)
	}
	during, _, _ := storedEvents(t, root)
	if len(rec.Recovered) != 1 || len(during) != 3000 || len(leftFiles(t, root)) == 0 {
		t.Fatalf("a recovery told to leave recovered %+v, the store holds %d events, left %v", rec.Recovered, len(during), leftFiles(t, root))
	}
	rec = recoverStore(t, root, 0)
	got, _, _ := storedEvents(t, root)
	if len(got) != len(want) || len(rec.Recovered) != 1 || rec.Recovered[0].FirstNum != 3001 {
		t.Fatalf("after the third start the store holds %d events of %d; recovered %+v", len(got), len(want), rec.Recovered)
	}
	samePrefix(t, got, want)
}

package journal

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scrylabs/scry/drivers/testinput"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// events returns n wire-format events with distinct timestamps and contents.
func events(n int) []event.Event {
	var b testinput.Builder
	for i := 0; i < n; i++ {
		switch i % 3 {
		case 0:
			b.Openat(uint64(1000+i), 7, -100, "/etc/hosts", 1, 0, int64(3+i%5))
		case 1:
			b.Read(uint64(1000+i), 7, 3, 4096, bytes.Repeat([]byte{byte(i)}, i%50))
		default:
			b.Close(uint64(1000+i), 8, 3, 0)
		}
	}
	raw := b.Bytes()
	var out []event.Event
	for off := 0; off < len(raw); {
		n, err := event.Validate(raw[off:])
		if err != nil {
			panic(err)
		}
		out = append(out, event.Event{Raw: raw[off : off+n], Num: uint64(len(out) + 1), CPU: uint16(len(out) % 3), Flags: uint32(len(out) % 2)})
		off += n
	}
	return out
}

func snapshot() Snapshot {
	return Snapshot{
		Host: "host-a",
		Section: &scap.Section{
			Machine:   &scap.MachineInfo{NumCPUs: 2, Hostname: "host-a"},
			Processes: []scap.Process{{Tid: 7, Pid: 7, Ptid: 1, Comm: "cat", Exe: "/bin/cat", LoginUID: -1, Vtid: 7, Vpid: 7}},
			FDLists:   []scap.FDList{{Tid: 7, FDs: []scap.FD{{Fd: 3, Type: 1, Name: "/etc/hosts"}}}},
		},
		State: []byte("engine image"),
	}
}

// readAll opens a journal and returns its snapshot, copies of its events and Torn.
func readAll(t *testing.T, path string) (Snapshot, []event.Event, error) {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []event.Event
	var ev event.Event
	for {
		err := r.Next(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("event %d: %v", len(out)+1, err)
		}
		c := ev
		c.Raw = append([]byte(nil), ev.Raw...)
		out = append(out, c)
	}
	return r.Snapshot(), out, r.Torn()
}

func sameEvents(t *testing.T, got, want []event.Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if !bytes.Equal(g.Raw, w.Raw) || g.Num != w.Num || g.CPU != w.CPU || g.Flags != w.Flags {
			t.Fatalf("event %d: got num %d cpu %d flags %d %x, want num %d cpu %d flags %d %x",
				i, g.Num, g.CPU, g.Flags, g.Raw, w.Num, w.CPU, w.Flags, w.Raw)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	w, err := Create(path, snapshot(), Options{SyncEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	evs := events(500)
	for i := range evs {
		if err := w.Append(&evs[i]); err != nil {
			t.Fatal(err)
		}
		if i%170 == 0 {
			if err := w.Sync(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("journal mode %v, want 0600", fi.Mode().Perm())
	}
	snap, got, torn := readAll(t, path)
	if torn != nil {
		t.Fatalf("a cleanly closed journal reads as torn: %v", torn)
	}
	want := snapshot()
	if snap.Host != want.Host || string(snap.State) != string(want.State) || snap.Section == nil ||
		len(snap.Section.Processes) != 1 || snap.Section.Processes[0].Exe != "/bin/cat" ||
		len(snap.Section.FDLists) != 1 || snap.Section.FDLists[0].FDs[0].Name != "/etc/hosts" ||
		snap.Section.Machine == nil || snap.Section.Machine.Hostname != "host-a" {
		t.Fatalf("snapshot read back as %+v", snap)
	}
	sameEvents(t, got, evs)
}

func TestSnapshotWithoutStateOrEvents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	snap := snapshot()
	snap.State = nil
	w, err := Create(path, snap, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, evs, torn := readAll(t, path)
	if got.State != nil || got.Section == nil || len(evs) != 0 || torn != nil {
		t.Fatalf("state %q, section %v, %d events, torn %v", got.State, got.Section != nil, len(evs), torn)
	}
}

func TestCreateRefusesAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	os.WriteFile(path, []byte("keep"), 0o600)
	if _, err := Create(path, snapshot(), Options{}); !errors.Is(err, os.ErrExist) {
		t.Fatalf("Create over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep" {
		t.Fatal("Create clobbered an existing file")
	}
}

// TestTornTail cuts a journal at every byte of its last frames and checks that reading
// returns exactly the events of the frames before the cut.
func TestTornTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	w, err := Create(path, snapshot(), Options{SyncEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	evs := events(60)
	var ends []int64 // file size after each sync
	var counts []int // events durable at that size
	st, _ := os.Stat(path)
	snapEnd := st.Size()
	for i := range evs {
		w.Append(&evs[i])
		if (i+1)%20 == 0 {
			if err := w.Sync(); err != nil {
				t.Fatal(err)
			}
			st, _ := os.Stat(path)
			ends = append(ends, st.Size())
			counts = append(counts, i+1)
		}
	}
	w.Close()
	full, _ := os.ReadFile(path)
	cut := filepath.Join(t.TempDir(), "cut")
	for size := snapEnd; size <= int64(len(full)); size++ {
		near := false
		for _, e := range append(ends, snapEnd) {
			near = near || (size >= e-2 && size <= e+frameHeaderLen+2)
		}
		if !near && size%5 != 0 {
			continue // every byte near a frame's edges, every fifth byte elsewhere
		}
		os.WriteFile(cut, full[:size], 0o600)
		want := 0
		boundary := size == snapEnd
		for i, e := range ends {
			if size >= e {
				want = counts[i]
			}
			boundary = boundary || size == e
		}
		_, got, torn := readAll(t, cut)
		sameEvents(t, got, evs[:want])
		if boundary != (torn == nil) {
			t.Fatalf("cut at %d (frame boundary %v): torn %v", size, boundary, torn)
		}
	}
	// Cut inside the snapshot: nothing to recover.
	for _, size := range []int64{0, 5, fileHeaderLen, fileHeaderLen + 3, snapEnd - 1} {
		os.WriteFile(cut, full[:size], 0o600)
		if _, err := Open(cut); !errors.Is(err, ErrNoSnapshot) {
			t.Fatalf("cut at %d: %v, want ErrNoSnapshot", size, err)
		}
	}
}

func TestCorruptFrameStopsReading(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	w, _ := Create(path, snapshot(), Options{SyncEvery: time.Hour})
	evs := events(40)
	for i := range evs[:20] {
		w.Append(&evs[i])
	}
	w.Sync()
	st, _ := os.Stat(path)
	for i := range evs[20:] {
		w.Append(&evs[20+i])
	}
	w.Close()
	b, _ := os.ReadFile(path)
	b[st.Size()+frameHeaderLen+3] ^= 0x40 // a data byte of the second events frame
	os.WriteFile(path, b, 0o600)
	_, got, torn := readAll(t, path)
	sameEvents(t, got, evs[:20])
	if !errors.Is(torn, ErrCorrupt) {
		t.Fatalf("torn = %v, want ErrCorrupt", torn)
	}
	b[3] = 'X'
	os.WriteFile(path, b, 0o600)
	if _, err := Open(path); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("bad magic: %v", err)
	}
}

// TestSyncsOnItsOwn shows that appended events become durable within SyncEvery without
// any call after Append, and that another reader sees them while the writer is open.
func TestSyncsOnItsOwn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	var synced atomic.Uint64
	w, err := Create(path, snapshot(), Options{SyncEvery: 20 * time.Millisecond, OnSync: func(n uint64) { synced.Store(n) }})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Discard()
	evs := events(30)
	for i := range evs {
		w.Append(&evs[i])
	}
	deadline := time.Now().Add(5 * time.Second)
	for synced.Load() != evs[len(evs)-1].Num {
		if time.Now().After(deadline) {
			t.Fatalf("last synced event %d, want %d", synced.Load(), evs[len(evs)-1].Num)
		}
		time.Sleep(5 * time.Millisecond)
	}
	_, got, torn := readAll(t, path)
	if torn != nil {
		t.Fatal(torn)
	}
	sameEvents(t, got, evs)
}

func TestFlushBytesTriggersAnEarlySync(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	done := make(chan uint64, 16)
	w, err := Create(path, snapshot(), Options{SyncEvery: time.Hour, FlushBytes: 256, OnSync: func(n uint64) { done <- n }})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Discard()
	evs := events(30)
	for i := range evs {
		w.Append(&evs[i])
	}
	select {
	case n := <-done:
		if n == 0 {
			t.Fatal("sync reported event 0")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no sync although more than FlushBytes were waiting")
	}
}

func TestDiscardRemovesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	w, _ := Create(path, snapshot(), Options{})
	evs := events(3)
	w.Append(&evs[0])
	if err := w.Discard(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("journal still there after Discard: %v", err)
	}
	if err := w.Sync(); err != nil {
		t.Fatalf("Sync after Discard: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close after Discard: %v", err)
	}
}

func TestAppendAndNextAllocateNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	w, err := Create(path, snapshot(), Options{SyncEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	evs := events(300)
	// Two rounds grow both of the writer's buffers to hold every event.
	for round := 0; round < 2; round++ {
		for i := range evs {
			w.Append(&evs[i])
		}
		w.Sync()
	}
	i := 0
	if a := testing.AllocsPerRun(len(evs)-1, func() { w.Append(&evs[i]); i++ }); a != 0 {
		t.Fatalf("Append allocates %.1f times per event", a)
	}
	w.Close()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var ev event.Event
	r.Next(&ev) // the first frame holds 300 events
	if a := testing.AllocsPerRun(200, func() { r.Next(&ev) }); a != 0 {
		t.Fatalf("Next allocates %.1f times per event", a)
	}
}

func BenchmarkAppend(b *testing.B) {
	w, err := Create(filepath.Join(b.TempDir(), "j"), snapshot(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Discard()
	evs := events(1000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		w.Append(&evs[i%len(evs)])
		i++
	}
}

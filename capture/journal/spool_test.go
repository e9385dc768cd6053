package journal

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
)

// copyEvent returns ev with its own bytes.
func copyEvent(ev *event.Event) event.Event {
	c := *ev
	c.Raw = append([]byte(nil), ev.Raw...)
	return c
}

// readSpool reads every event ReadSpool finds from p, and Torn.
func readSpool(t *testing.T, dir, prefix string, p Position) ([]event.Event, []Position, error) {
	t.Helper()
	r, err := ReadSpool(dir, prefix, p)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []event.Event
	var pos []Position
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			return out, pos, r.Torn()
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, copyEvent(&ev))
		pos = append(pos, r.Position())
	}
}

// TestSpoolFollowedWhileWritten reads a spool from another goroutine while it is
// written across several files, and again after it is closed, from the start and from
// the positions the first reading reported.
func TestSpoolFollowedWhileWritten(t *testing.T) {
	dir := t.TempDir()
	var synced atomic.Uint64
	s, err := CreateSpool(dir, "rec", SpoolOptions{FrameBytes: 2 << 10, FileBytes: 8 << 10, SyncEvery: 10 * time.Millisecond,
		OnSync: func(n uint64) { synced.Store(n) }})
	if err != nil {
		t.Fatal(err)
	}
	evs := events(3000)
	rd, err := s.Follow(Position{})
	if err != nil {
		t.Fatal(err)
	}
	var got []event.Event
	var pos []Position
	var rerr error
	var wg sync.WaitGroup
	wg.Go(func() {
		defer rd.Close()
		var ev event.Event
		for {
			if rerr = rd.Next(&ev); rerr != nil {
				return
			}
			got = append(got, copyEvent(&ev))
			pos = append(pos, rd.Position())
		}
	})
	for i := range evs {
		if err := s.Append(&evs[i]); err != nil {
			t.Fatal(err)
		}
		if i == 1500 {
			time.Sleep(30 * time.Millisecond) // a sync writes the frame being filled
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if !errors.Is(rerr, io.EOF) {
		t.Fatalf("following reader ended with %v", rerr)
	}
	sameEvents(t, got, evs)
	if synced.Load() != uint64(len(evs)) {
		t.Fatalf("last sync reported event %d, want %d", synced.Load(), len(evs))
	}
	files, _ := SpoolFiles(dir, "rec")
	if len(files) < 5 {
		t.Fatalf("%d spool files for ~90 KiB of events at 8 KiB a file", len(files))
	}
	for _, f := range files {
		if fi, _ := os.Stat(filepath.Join(dir, f)); fi.Mode().Perm() != 0o600 {
			t.Fatalf("spool file %s has mode %v", f, fi.Mode().Perm())
		}
	}
	all, _, torn := readSpool(t, dir, "rec", Position{})
	if torn != nil {
		t.Fatalf("a closed spool reads as torn: %v", torn)
	}
	sameEvents(t, all, evs)
	for _, i := range []int{0, 1, 777, 1501, 2999} {
		from, _, _ := readSpool(t, dir, "rec", pos[i])
		sameEvents(t, from, evs[i:])
	}

	// Release removes the files before a position's; reading from it still works.
	if err := s.Release(pos[2000]); err != nil {
		t.Fatal(err)
	}
	left, _ := SpoolFiles(dir, "rec")
	if len(left) >= len(files) || left[0] != pos[2000].File {
		t.Fatalf("after Release up to %s: %v", pos[2000].File, left)
	}
	from, _, _ := readSpool(t, dir, "rec", pos[2000])
	sameEvents(t, from, evs[2000:])
	if err := s.RemoveFiles(); err != nil {
		t.Fatal(err)
	}
	if left, _ := SpoolFiles(dir, "rec"); len(left) != 0 {
		t.Fatalf("files after RemoveFiles: %v", left)
	}
}

// TestSpoolTornTail cuts the last spool file at every byte of its last frames: reading
// returns the events of the frames before the cut, and says it was torn.
func TestSpoolTornTail(t *testing.T) {
	dir := t.TempDir()
	s, err := CreateSpool(dir, "rec", SpoolOptions{FrameBytes: 1 << 10, SyncEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	evs := events(200)
	for i := range evs {
		s.Append(&evs[i])
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, pos, _ := readSpool(t, dir, "rec", Position{})
	name := filepath.Join(dir, SpoolFileName("rec", 0))
	full, _ := os.ReadFile(name)
	// Frame starts, and how many events come before each.
	var starts []int64
	var before []int
	for i, p := range pos {
		if len(starts) == 0 || starts[len(starts)-1] != p.Offset {
			starts, before = append(starts, p.Offset), append(before, i)
		}
	}
	starts, before = append(starts, int64(len(full))), append(before, len(evs))
	for size := starts[len(starts)-3]; size < int64(len(full)); size++ {
		os.WriteFile(name, full[:size], 0o600)
		want := 0
		for i, s := range starts {
			if size >= s {
				want = before[i]
			}
		}
		got, _, torn := readSpool(t, dir, "rec", Position{})
		sameEvents(t, got, evs[:want])
		if boundary := slices.Contains(starts, size); boundary != (torn == nil) {
			t.Fatalf("cut at %d (frame boundary %v): torn %v", size, boundary, torn)
		}
	}
	// A flipped byte in a frame fails its checksum: reading stops before it.
	bad := append([]byte(nil), full...)
	bad[starts[1]+frameHeaderLen+3] ^= 0x40
	os.WriteFile(name, bad, 0o600)
	got, _, torn := readSpool(t, dir, "rec", Position{})
	sameEvents(t, got, evs[:before[1]])
	if !errors.Is(torn, ErrCorrupt) {
		t.Fatalf("corrupt frame: torn %v, want ErrCorrupt", torn)
	}
}

// TestSpoolAppendWaitsForBuffers shows the spool's memory is bounded: with the writing
// goroutine held, Append blocks once every frame buffer is full instead of growing.
func TestSpoolAppendWaitsForBuffers(t *testing.T) {
	dir := t.TempDir()
	s, err := CreateSpool(dir, "rec", SpoolOptions{FrameBytes: 1 << 10, Frames: 3, SyncEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	// Hold the writing goroutine: it needs the lock publish takes.
	s.pmu.Lock()
	evs := events(2000)
	appended := make(chan int, len(evs))
	go func() {
		for i := range evs {
			if s.Append(&evs[i]) != nil {
				return
			}
			appended <- i
		}
	}()
	time.Sleep(100 * time.Millisecond)
	n := len(appended)
	if n == 0 || n == len(evs) {
		s.pmu.Unlock()
		t.Fatalf("%d of %d events appended while the spool could not write", n, len(evs))
	}
	var bytes int
	for i := range n {
		bytes += recordLen + len(evs[i].Raw)
	}
	if bytes > 4*(1<<10+64<<10) {
		s.pmu.Unlock()
		t.Fatalf("%d bytes of events appended into 3 frame buffers of 1 KiB", bytes)
	}
	s.pmu.Unlock()
	for deadline := time.Now().Add(10 * time.Second); len(appended) < len(evs); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d events appended once the spool could write again", len(appended), len(evs))
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got, _, _ := readSpool(t, dir, "rec", Position{})
	sameEvents(t, got, evs)
}

func TestCheckpointRoundTripAndCommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rec-000001"+CheckpointExt)
	want := Checkpoint{Snapshot: snapshot(), Start: Position{File: SpoolFileName("rec", 3), Offset: 4242, Num: 77}}
	if err := WriteCheckpoint(path, want); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("checkpoint mode %v", fi.Mode().Perm())
	}
	c, commit, err := ReadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	if commit != nil || c.Start != want.Start || c.Host != want.Host || string(c.State) != string(want.State) ||
		len(c.Section.Processes) != 1 || c.Section.Processes[0].Exe != "/bin/cat" || c.Section.FDLists[0].FDs[0].Name != "/etc/hosts" {
		t.Fatalf("read back %+v, commit %+v", c, commit)
	}
	st, _ := os.Stat(path)
	mark := Commit{Segment: "host=a/date=2026-11-27/hour=13/1-2.parquet", LastNum: 1234}
	if err := MarkCommit(path, mark); err != nil {
		t.Fatal(err)
	}
	if _, commit, err = ReadCheckpoint(path); err != nil || commit == nil || *commit != mark {
		t.Fatalf("commit read back as %+v (%v)", commit, err)
	}
	// A commit mark torn by a crash did not happen.
	full, _ := os.ReadFile(path)
	for size := st.Size(); size < int64(len(full)); size++ {
		os.WriteFile(path, full[:size], 0o600)
		c, commit, err := ReadCheckpoint(path)
		if err != nil || commit != nil || c.Start != want.Start {
			t.Fatalf("cut at %d inside the commit mark: %+v, commit %+v, %v", size, c.Start, commit, err)
		}
	}
	// A checkpoint without its position is corrupt.
	os.WriteFile(path, full[:st.Size()-5], 0o600)
	if _, _, err := ReadCheckpoint(path); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("cut checkpoint: %v, want ErrCorrupt", err)
	}
}

func TestSpoolAppendAndReadAllocateNothing(t *testing.T) {
	dir := t.TempDir()
	s, err := CreateSpool(dir, "rec", SpoolOptions{FrameBytes: 64 << 10, SyncEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	evs := events(300)
	i := 0
	if a := testing.AllocsPerRun(len(evs)-1, func() { s.Append(&evs[i]); i++ }); a != 0 {
		t.Fatalf("Append allocates %.1f times per event", a)
	}
	s.Close()
	r, err := ReadSpool(dir, "rec", Position{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var ev event.Event
	r.Next(&ev) // the first frame holds every event
	if a := testing.AllocsPerRun(200, func() { r.Next(&ev) }); a != 0 {
		t.Fatalf("Next allocates %.1f times per event", a)
	}
}

func BenchmarkSpoolAppend(b *testing.B) {
	s, err := CreateSpool(b.TempDir(), "rec", SpoolOptions{})
	if err != nil {
		b.Fatal(err)
	}
	evs := events(1000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Append(&evs[i%len(evs)])
		i++
	}
	b.StopTimer()
	s.Close()
}

// TestSpoolBacklogIsBounded follows a spool with a slow reader: the bytes written ahead
// of the reader never pass MaxBacklog by more than a frame, Append waits, and every event
// arrives. Once the reader stops following, the spool writes on unbounded.
func TestSpoolBacklogIsBounded(t *testing.T) {
	dir := t.TempDir()
	const limit = 8 << 10
	s, err := CreateSpool(dir, "rec", SpoolOptions{FrameBytes: 1 << 10, Frames: 2, MaxBacklog: limit, SyncEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	rd, err := s.Follow(Position{})
	if err != nil {
		t.Fatal(err)
	}
	evs := events(3000)
	var got []event.Event
	var most int64
	var wg sync.WaitGroup
	wg.Go(func() {
		var ev event.Event
		for rd.Next(&ev) == nil {
			got = append(got, copyEvent(&ev))
			most = max(most, s.written.Load()-s.consumed.Load())
			if len(got)%50 == 0 {
				time.Sleep(time.Millisecond)
			}
		}
	})
	start := time.Now()
	for i := range evs {
		if err := s.Append(&evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	appending := time.Since(start)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	rd.Close()
	sameEvents(t, got, evs)
	if most > limit+2<<10 {
		t.Fatalf("%d bytes written ahead of the reader, bound %d", most, limit)
	}
	if appending < 20*time.Millisecond {
		t.Fatalf("appending took %v: it did not wait for the slow reader", appending)
	}

	// Not followed any more: no bound.
	s, err = CreateSpool(dir, "rec2", SpoolOptions{FrameBytes: 1 << 10, Frames: 2, MaxBacklog: limit, SyncEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	rd, _ = s.Follow(Position{})
	rd.Close()
	for i := range evs {
		s.Append(&evs[i])
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	all, _, _ := readSpool(t, dir, "rec2", Position{})
	sameEvents(t, all, evs)
}

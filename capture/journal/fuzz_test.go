package journal

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
)

// drainFuzzed reads every event a reader gives, for at most limit events; a decoder of
// damaged bytes may stop with an error but must not panic or loop.
func drainFuzzed(next func(*event.Event) error, limit int) {
	var ev event.Event
	for i := 0; i < limit; i++ {
		err := next(&ev)
		if errors.Is(err, io.EOF) || err != nil {
			return
		}
		_ = ev.Type()
		_ = ev.NumParams()
	}
}

// writeSeed appends 40 events to w, closes it and returns the bytes of the file at path
// it wrote.
func writeSeed(f *testing.F, w interface {
	Append(ev *event.Event) error
	Close() error
}, path string) []byte {
	f.Helper()
	evs := events(40)
	for i := range evs {
		if err := w.Append(&evs[i]); err != nil {
			f.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		f.Fatal(err)
	}
	seed, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return seed
}

// FuzzSpoolReader feeds arbitrary bytes to the spool reader as a spool's only file.
func FuzzSpoolReader(f *testing.F) {
	dir := f.TempDir()
	s, err := CreateSpool(dir, "rec", SpoolOptions{FrameBytes: 1 << 10, SyncEvery: time.Hour})
	if err != nil {
		f.Fatal(err)
	}
	seed := writeSeed(f, s, filepath.Join(dir, SpoolFileName("rec", 0)))
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, SpoolFileName("rec", 0)), b, 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := ReadSpool(dir, "rec", Position{})
		if err != nil {
			return
		}
		defer r.Close()
		drainFuzzed(r.Next, 1<<16)
	})
}

// FuzzJournalReader feeds arbitrary bytes to the journal reader.
func FuzzJournalReader(f *testing.F) {
	path := filepath.Join(f.TempDir(), "seed.journal")
	w, err := Create(path, snapshot(), Options{SyncEvery: time.Hour})
	if err != nil {
		f.Fatal(err)
	}
	seed := writeSeed(f, w, path)
	f.Add(seed)
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "x.journal")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := Open(path)
		if err != nil {
			return
		}
		defer r.Close()
		drainFuzzed(r.Next, 1<<16)
	})
}

// FuzzCheckpoint feeds arbitrary bytes to the checkpoint reader.
func FuzzCheckpoint(f *testing.F) {
	path := filepath.Join(f.TempDir(), "seed.checkpoint")
	if err := WriteCheckpoint(path, Checkpoint{Snapshot: snapshot(), Start: Position{File: SpoolFileName("rec", 3), Offset: 42, Num: 7}}); err != nil {
		f.Fatal(err)
	}
	if err := MarkCommit(path, Commit{Segment: "host=h/x.parquet", LastNum: 99}); err != nil {
		f.Fatal(err)
	}
	seed, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "x.checkpoint")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, _ = ReadCheckpoint(path)
	})
}

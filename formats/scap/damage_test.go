package scap

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// indexedEvent is an event of a full read with the stream offset where its block ends.
type indexedEvent struct {
	ev  event.Event
	end int64
}

// readIndexed reads a whole stream, recording where each event's block ends.
func readIndexed(t testing.TB, data []byte) (meta int64, evs []indexedEvent) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), "full")
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	meta = r.Offset()
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			return meta, evs
		}
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		evs = append(evs, indexedEvent{ev.Clone(), r.Offset()})
	}
}

// readDamaged reads a damaged stream to its end, touching every parameter of every
// event, and returns the events and the final error (nil at a clean end).
func readDamaged(data []byte, name string) ([]event.Event, error) {
	return readDamagedLimited(data, name, -1)
}

// readDamagedLimited is readDamaged reading at most limit decompressed bytes.
func readDamagedLimited(data []byte, name string, limit int64) ([]event.Event, error) {
	r, err := newReader(bytes.NewReader(data), name, limit)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []event.Event
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		touch(&ev)
		out = append(out, ev.Clone())
	}
}

// touch reads every accessor of an event, so that a bad view would panic here.
func touch(ev *event.Event) {
	_, _, _, _ = ev.Ts(), ev.Tid(), ev.Len(), ev.Info()
	for i := 0; i < int(ev.NParams())+1; i++ {
		ev.Param(i)
		ev.Str(i)
		ev.Int64(i)
		ev.Uint64(i)
	}
}

// sameEvent reports whether two events are the same block's event.
func sameEvent(a, b *event.Event) bool {
	return a.Num == b.Num && a.CPU == b.CPU && a.Flags == b.Flags && bytes.Equal(a.Raw, b.Raw)
}

// TestTruncatedCorpus cuts every corpus capture (decompressed) at 50 seeded offsets: the
// reader must yield exactly the events whose blocks end before the cut, then a
// truncation error at the cut block's offset, unless the cut falls between blocks.
func TestTruncatedCorpus(t *testing.T) {
	dir, names := corpusFiles(t)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data := decompress(t, filepath.Join(dir, "raw", name+".scap"))
			meta, full := readIndexed(t, data)
			rng := rand.New(rand.NewPCG(uint64(len(data)), 2))
			boundaries := map[int64]bool{meta: true}
			for _, e := range full {
				boundaries[e.end] = true
			}
			errs := 0
			for i := 0; i < 50; i++ {
				cut := rng.Int64N(int64(len(data)))
				if i == 0 {
					cut = meta + 3 // inside the first event block's header
				}
				got, err := readDamaged(data[:cut], name)
				want := 0
				for want < len(full) && full[want].end <= cut {
					want++
				}
				if len(got) != want {
					t.Fatalf("cut at %d: %d events, want %d", cut, len(got), want)
				}
				for j := range got {
					if !sameEvent(&got[j], &full[j].ev) {
						t.Fatalf("cut at %d: event %d differs from the full read", cut, j)
					}
				}
				if boundaries[cut] {
					if err != nil {
						t.Fatalf("cut at block boundary %d: %v", cut, err)
					}
					continue
				}
				var fe *FormatError
				if !errors.As(err, &fe) || !errors.Is(err, ErrTruncated) || fe.File != name {
					t.Fatalf("cut at %d: error %v, want a truncation *FormatError", cut, err)
				}
				blockStart := int64(0)
				if want > 0 {
					blockStart = full[want-1].end
				} else if cut >= meta {
					blockStart = meta
				}
				if cut >= meta && fe.Offset != blockStart {
					t.Fatalf("cut at %d: error at offset %d, want the cut block's offset %d: %v", cut, fe.Offset, blockStart, err)
				}
				errs++
			}
			t.Logf("%s: 50 cuts of %d bytes, %d truncation errors, events before each cut intact", name, len(data), errs)
		})
	}
}

// TestTruncatedCompressedCorpus cuts the compressed corpus files: the events read are a
// prefix of the full read and the reader reports the damage.
func TestTruncatedCompressedCorpus(t *testing.T) {
	dir, names := corpusFiles(t)
	for _, name := range names {
		path := filepath.Join(dir, "raw", name+".scap")
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if sniff(raw) != CompressGzip {
			continue
		}
		t.Run(name, func(t *testing.T) {
			_, full := readIndexed(t, decompress(t, path))
			rng := rand.New(rand.NewPCG(uint64(len(raw)), 3))
			for i := 0; i < 50; i++ {
				cut := 2 + rng.IntN(len(raw)-2)
				got, err := readDamaged(raw[:cut], name)
				if err == nil {
					t.Fatalf("cut at %d of %d gzip bytes: no error", cut, len(raw))
				}
				var fe *FormatError
				if !errors.As(err, &fe) || !fe.Decompressed || !strings.Contains(err.Error(), "decompressed") {
					t.Fatalf("cut at %d: error %v is not a *FormatError about the decompressed stream", cut, err)
				}
				if len(got) > len(full) {
					t.Fatalf("cut at %d: more events than the whole file", cut)
				}
				for j := range got {
					if !sameEvent(&got[j], &full[j].ev) {
						t.Fatalf("cut at %d: event %d differs from the full read", cut, j)
					}
				}
			}
		})
	}
}

// TestCorruptedCorpus flips seeded bytes of every corpus capture: no panic, a *FormatError
// or a clean end, and every event whose block ends before the first flipped byte intact.
func TestCorruptedCorpus(t *testing.T) {
	dir, names := corpusFiles(t)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data := decompress(t, filepath.Join(dir, "raw", name+".scap"))
			_, full := readIndexed(t, data)
			rng := rand.New(rand.NewPCG(uint64(len(data)), 5))
			damaged := make([]byte, len(data))
			for i := 0; i < 50; i++ {
				copy(damaged, data)
				first := int64(len(data))
				for k := 0; k < 1+rng.IntN(4); k++ {
					at := rng.Int64N(int64(len(data)))
					damaged[at] ^= byte(1 + rng.IntN(255))
					first = min(first, at)
				}
				got, err := readDamaged(damaged, name)
				var fe *FormatError
				if err != nil && !errors.As(err, &fe) {
					t.Fatalf("flip at %d: error %v is not a *FormatError", first, err)
				}
				intact := 0
				for intact < len(full) && full[intact].end <= first {
					intact++
				}
				if len(got) < intact && err == nil {
					t.Fatalf("flip at %d: stopped silently after %d events", first, len(got))
				}
				for j := 0; j < intact && j < len(got); j++ {
					if !sameEvent(&got[j], &full[j].ev) {
						t.Fatalf("flip at %d: event %d before the damage differs", first, j)
					}
				}
			}
		})
	}
}

// TestCorruptedSynthetic flips bytes of synthetic captures of every block kind and of
// their compressed forms.
func TestCorruptedSynthetic(t *testing.T) {
	base := append(twoSections(), evBlock(BlockEVFV2Large, 0, 1, event.Append(nil, 1, -1, 322, event.U32(1), []byte("data")))...)
	inputs := [][]byte{base, gzipBytes(t, base), zstdBytes(t, base), specVectorBytes(t)}
	rng := rand.New(rand.NewPCG(7, 7))
	for _, in := range inputs {
		buf := make([]byte, len(in))
		for i := 0; i < 2000; i++ {
			copy(buf, in)
			for k := 0; k < 1+rng.IntN(3); k++ {
				buf[rng.IntN(len(buf))] ^= byte(1 + rng.IntN(255))
			}
			_, err := readDamaged(buf, "flip")
			var fe *FormatError
			if err != nil && !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FormatError", err)
			}
		}
	}
}

package scap

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// fuzzSeeds are small captures built by this package's own code, one per feature.
func fuzzSeeds(t testing.TB) [][]byte {
	seeds := [][]byte{twoSections(), specVectorBytes(t.(*testing.T))}
	for _, v := range []struct {
		code uint32
		ver  int
	}{{BlockPLV1, 1}, {BlockPLV4, 4}, {BlockPLV9, 9}} {
		seeds = append(seeds, append(append(shb(1, 2), block(v.code, plEntry(v.ver, fullProcess(), nil))...), oneEvent()...))
	}
	fdl := new(leb).i64(100).b
	for _, fd := range everyFD(true) {
		fdl = append(fdl, fdEntry(true, fd, nil)...)
	}
	seeds = append(seeds, append(append(shb(1, 2), block(BlockFDLV2, fdl)...), oneEvent()...))
	large := append(shb(1, 2), evBlock(BlockEVFV2Large, 1, 1, event.Append(nil, 1, -1, 324, event.CStr(`{"container":{}}`)))...)
	seeds = append(seeds, large, gzipBytes(t, twoSections()), zstdBytes(t, twoSections()))
	return seeds
}

// FuzzReader feeds arbitrary bytes to the reader: it must never panic, must end with a
// clean end or a *FormatError, and whatever it reads cleanly must survive a rewrite.
func FuzzReader(f *testing.F) {
	f.Add([]byte{})
	f.Add(shb(1, 2))
	f.Fuzz(func(t *testing.T, data []byte) {
		evs, err := readDamagedLimited(data, "fuzz", 4<<20)
		var fe *FormatError
		if err != nil {
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T) is not a *FormatError", err, err)
			}
			return
		}
		r, err := newReader(bytes.NewReader(data), "fuzz", 4<<20)
		if err != nil {
			t.Fatalf("second open: %v", err)
		}
		var out bytes.Buffer
		w, _ := NewWriter(&out, WriterOptions{})
		if _, err := Copy(w, r); err != nil {
			return // metadata the writer cannot express (e.g. an fd name over the limit)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		back, err := readDamaged(out.Bytes(), "rewrite")
		if err != nil {
			t.Fatalf("rewrite unreadable: %v", err)
		}
		if len(back) < len(evs) {
			t.Fatalf("rewrite has %d events, original %d", len(back), len(evs))
		}
		for i := range evs {
			if !sameEvent(&evs[i], &back[i]) {
				t.Fatalf("event %d changed by a rewrite", i)
			}
		}
	})
}

// FuzzWriterRoundTrip writes one event built from fuzzed parts and reads it back.
func FuzzWriterRoundTrip(f *testing.F) {
	f.Add(uint64(1e9), int64(42), uint16(3), uint16(1), uint32(0), []byte("/etc/passwd\x00"), uint8(3))
	f.Add(uint64(5), int64(-1), uint16(324), uint16(0), uint32(1), []byte(`{"a":1}`+"\x00"), uint8(1))
	f.Add(uint64(0), int64(0), uint16(999), uint16(7), uint32(2), []byte{}, uint8(0))
	f.Fuzz(func(t *testing.T, ts uint64, tid int64, typ, cpu uint16, flags uint32, payload []byte, nparams uint8) {
		flags &^= event.FlagLarge
		var params [][]byte
		for i := 0; i < int(nparams%8); i++ {
			lo, hi := len(payload)*i/8, len(payload)*(i+1)/8
			params = append(params, payload[lo:hi])
		}
		ev := event.Event{Raw: event.Append(nil, ts, tid, typ, params...), CPU: cpu, Flags: flags}
		var out bytes.Buffer
		w, _ := NewWriter(&out, WriterOptions{})
		if err := w.WriteEvent(&ev); err != nil {
			return // too large for a non-large block
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		r, err := NewReader(bytes.NewReader(out.Bytes()), "fuzz")
		if err != nil {
			t.Fatal(err)
		}
		r.ReturnUnknown(true)
		got, err := readAllEvents(r)
		if err != nil || len(got) != 1 {
			t.Fatalf("read back %d events: %v", len(got), err)
		}
		ev.Num = 1
		if !sameEvent(&got[0], &ev) {
			t.Fatalf("event changed: %+v / %+v", got[0], ev)
		}
	})
}

// TestWriteFuzzSeeds regenerates testdata/fuzz/FuzzReader from fuzzSeeds when
// SCRY_WRITE_FUZZ_SEEDS=1, and otherwise checks the committed seeds are still current.
func TestWriteFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzReader")
	for i, s := range fuzzSeeds(t) {
		path := filepath.Join(dir, fmt.Sprintf("seed-%02d", i))
		content := []byte("go test fuzz v1\n[]byte(" + strconv.Quote(string(s)) + ")\n")
		if os.Getenv("SCRY_WRITE_FUZZ_SEEDS") == "1" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, content, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("fuzz seed missing (run with SCRY_WRITE_FUZZ_SEEDS=1): %v", err)
		}
		if !bytes.Equal(got, content) {
			t.Errorf("fuzz seed %s is stale (run with SCRY_WRITE_FUZZ_SEEDS=1)", path)
		}
	}
}

package scap

import (
	"bytes"
	"io"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// syntheticEvents builds n event blocks of a realistic mix: syscall pairs with small
// parameters, some flagged, a few v1 blocks and occasional large container events.
func syntheticEvents(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	data := shb(1, 2)
	var raw []byte
	for i := 0; i < n; i++ {
		ts := uint64(1e18) + uint64(i)*1000
		tid := int64(1000 + rng.IntN(50))
		switch i % 10 {
		case 0, 1:
			raw = event.Append(raw[:0], ts, tid, 6, event.I64(int64(rng.IntN(64))), event.U32(4096))
		case 2, 3:
			raw = event.Append(raw[:0], ts, tid, 7, event.I64(512), bytes.Repeat([]byte{'a'}, 80))
		case 4:
			raw = event.Append(raw[:0], ts, tid, 2, event.CStr("/etc/ld.so.cache"), event.U32(1), event.U32(0))
		case 5:
			raw = event.Append(raw[:0], ts, tid, 3, event.I64(3), event.CStr("/etc/ld.so.cache"), event.U32(1), event.U32(0), event.U32(0x803))
		case 6:
			raw = event.Append(raw[:0], ts, tid, 4, event.I64(3))
		case 7:
			raw = event.Append(raw[:0], ts, tid, 5, event.I64(0))
		case 8:
			raw = event.Append(raw[:0], ts, tid, 23, event.I64(0), []byte{2, 1, 2, 3, 4, 0xb3, 0x15, 10, 0, 0, 1, 0x50, 0})
		case 9:
			raw = event.Append(raw[:0], ts, tid, 1, event.U16(uint16(rng.IntN(300))))
		}
		switch {
		case i%1000 == 999:
			data = append(data, evBlock(BlockEVV2Large, 0, 0, event.Append(nil, ts, -1, 324, event.CStr(`{"container":{"id":"abc"}}`)))...)
		case i%50 == 7:
			data = append(data, evBlock(BlockEVFV2, uint16(i%4), event.FlagStateOnly, raw)...)
		default:
			data = append(data, evBlock(BlockEVV2, uint16(i%4), 0, raw)...)
		}
	}
	return data
}

// TestNextAllocatesNothing proves that steady-state iteration allocates nothing per
// event, for plain and gzip input.
func TestNextAllocatesNothing(t *testing.T) {
	plain := syntheticEvents(60000)
	inputs := map[string][]byte{"plain": plain, "gzip": gzipBytes(t, plain), "zstd": zstdBytes(t, plain)}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			r, err := NewReader(bytes.NewReader(data), name)
			if err != nil {
				t.Fatal(err)
			}
			var ev event.Event
			for i := 0; i < 5000; i++ { // warm up: buffers reach their working size
				if err := r.Next(&ev); err != nil {
					t.Fatal(err)
				}
			}
			allocs := testing.AllocsPerRun(50000, func() {
				if err := r.Next(&ev); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("%s: %.2f allocations per event, want 0", name, allocs)
			}
		})
	}
}

// TestNextAllocatesNothingOnCorpus repeats the proof on the largest corpus capture.
func TestNextAllocatesNothingOnCorpus(t *testing.T) {
	dir := sharedPath(t, "corpus")
	path := filepath.Join(dir, "raw", "libs-sdk-go--httpd.scap")
	plain := decompress(t, path)
	for name, data := range map[string][]byte{"plain": plain, "gzip": gzipBytes(t, plain)} {
		r, err := NewReader(bytes.NewReader(data), name)
		if err != nil {
			t.Fatal(err)
		}
		var ev event.Event
		for i := 0; i < 2000; i++ {
			if err := r.Next(&ev); err != nil {
				t.Fatal(err)
			}
		}
		allocs := testing.AllocsPerRun(30000, func() {
			if err := r.Next(&ev); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %.2f allocations per event, want 0", name, allocs)
		}
	}
}

// TestWriteEventAllocatesNothing proves that writing an event allocates nothing.
func TestWriteEventAllocatesNothing(t *testing.T) {
	w, err := NewWriter(io.Discard, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	evs := []event.Event{
		{Raw: event.Append(nil, 1, 2, 3, event.I64(3), event.CStr("/etc/passwd"), event.U32(1), event.U32(0), event.U32(0))},
		{Raw: event.Append(nil, 1, 2, 4, event.I64(3)), Flags: event.FlagStateOnly},
		{Raw: event.Append(nil, 1, -1, 324, event.CStr(`{"container":{}}`))},
	}
	i := 0
	allocs := testing.AllocsPerRun(10000, func() {
		if err := w.WriteEvent(&evs[i%len(evs)]); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("%.2f allocations per written event, want 0", allocs)
	}
}

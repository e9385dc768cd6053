package scap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// readLog is what a read of a whole stream saw: every event (copied) with the index of
// the section it was read in, the error that ended the read, the block inventory and
// the counters.
type readLog struct {
	events   []event.Event
	sections []int
	err      string
	blocks   []BlockRun
	read     uint64
	skipped  uint64
	offset   int64
}

func logRead(t testing.TB, data []byte, returnUnknown bool, batch int) readLog {
	t.Helper()
	var l readLog
	r, err := NewReader(bytes.NewReader(data), "mem")
	if err != nil {
		l.err = err.Error()
		return l
	}
	defer r.Close()
	r.ReturnUnknown(returnUnknown)
	evs := make([]event.Event, max(batch, 1))
	for {
		n := 1
		if batch > 0 {
			n, err = r.NextBatch(evs)
		} else {
			err = r.Next(&evs[0])
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				l.err = err.Error()
			}
			break
		}
		if n < 1 || n > len(evs) {
			t.Fatalf("NextBatch returned %d events for a batch of %d", n, len(evs))
		}
		for i := range evs[:n] {
			touch(&evs[i])
			l.events = append(l.events, evs[i].Clone())
			l.sections = append(l.sections, r.Section().Index)
		}
	}
	l.blocks = slices.Clone(r.Blocks())
	l.read, l.skipped, l.offset = r.EventsRead(), r.Skipped(), r.Offset()
	return l
}

func sameLog(t *testing.T, what string, want, got readLog) {
	t.Helper()
	if len(want.events) != len(got.events) {
		t.Fatalf("%s: %d events in batches, %d one by one", what, len(got.events), len(want.events))
	}
	for i := range want.events {
		if !sameEvent(&want.events[i], &got.events[i]) || want.sections[i] != got.sections[i] {
			t.Fatalf("%s: event %d differs in batches", what, i)
		}
	}
	if want.err != got.err {
		t.Fatalf("%s: error %q in batches, %q one by one", what, got.err, want.err)
	}
	if !slices.Equal(want.blocks, got.blocks) || want.read != got.read || want.skipped != got.skipped || want.offset != got.offset {
		t.Fatalf("%s: inventory %v read %d skipped %d offset %d in batches; %v %d %d %d one by one",
			what, got.blocks, got.read, got.skipped, got.offset, want.blocks, want.read, want.skipped, want.offset)
	}
}

// randomCapture builds a section of n events in EV_V2 and EVF_V2 blocks with random
// parameters, some of a type no table knows and some with large payloads, then a second
// section with a few more.
func randomCapture(rng *rand.Rand, n int) []byte {
	data := shb(1, 2)
	for i := range n {
		typ := uint16(rng.IntN(20))
		switch rng.IntN(40) {
		case 0:
			typ = 999
		case 1:
			typ = largeType()
		}
		params := make([][]byte, rng.IntN(6))
		for j := range params {
			params[j] = make([]byte, rng.IntN(300))
		}
		raw := event.Append(nil, uint64(i), int64(rng.IntN(5)), typ, params...)
		code := BlockEVV2
		if rng.IntN(3) == 0 {
			code = BlockEVFV2
		}
		data = append(data, evBlock(code, uint16(rng.IntN(4)), uint32(rng.IntN(3)), raw)...)
	}
	data = append(data, shb(1, 2)...)
	for i := range 5 {
		data = append(data, evBlock(BlockEVV2, 0, 0, event.Append(nil, uint64(n+i), 1, 4, event.I64(1)))...)
	}
	return data
}

func largeType() uint16 {
	for i := range 400 {
		if e := (&event.Event{Raw: event.Append(nil, 0, 0, uint16(i))}); e.Info() != nil && e.Info().LargePayload() {
			return uint16(i)
		}
	}
	return 3
}

// NextBatch reads exactly what Next reads, in every batch size: the same events with the
// same numbers, cpus and flags, in the same sections, the same inventory and counters,
// and on damaged or truncated input the same error after the same events; with and
// without ReturnUnknown, plain and compressed.
func TestNextBatchReadsWhatNextReads(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	inputs := map[string][]byte{"two sections": twoSections()}
	big := randomCapture(rng, 6000) // several windows of the reader
	inputs["random"] = big
	for i := range 20 {
		b := slices.Clone(big[:rng.IntN(len(big))])
		inputs[fmt.Sprintf("truncated %d", i)] = b
		c := slices.Clone(big)
		for range 3 {
			c[rng.IntN(len(c))] = byte(rng.IntN(256))
		}
		inputs[fmt.Sprintf("damaged %d", i)] = c
	}
	inputs["random gzip"] = gzipBytes(t, big)
	inputs["random zstd"] = zstdBytes(t, big)
	for name, data := range inputs {
		for _, unknown := range []bool{false, true} {
			want := logRead(t, data, unknown, 0)
			for _, batch := range []int{1, 7, 256} {
				sameLog(t, fmt.Sprintf("%s, unknown %v, batch %d", name, unknown, batch), want, logRead(t, data, unknown, batch))
			}
		}
	}
}

// The same on the corpus captures.
func TestNextBatchOnCorpus(t *testing.T) {
	dir, names := corpusFiles(t)
	for _, name := range names {
		data := decompress(t, filepath.Join(dir, "raw", name+".scap"))
		sameLog(t, name, logRead(t, data, false, 0), logRead(t, data, false, 256))
	}
}

// Reading in batches allocates nothing per event.
func TestNextBatchAllocatesNothing(t *testing.T) {
	data := randomCapture(rand.New(rand.NewPCG(5, 6)), 50000)
	r, err := NewReader(bytes.NewReader(data), "mem")
	if err != nil {
		t.Fatal(err)
	}
	evs := make([]event.Event, 64)
	allocs := testing.AllocsPerRun(500, func() {
		if _, err := r.NextBatch(evs); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("NextBatch allocates %.2f times per batch", allocs)
	}
}

// The shortcut for events of few parameters accepts what event.ValidLen accepts, with
// the same length, whole, cut short, and with header, count, length or parameter length
// bytes changed, for 0 to 12 parameters (the shortcut takes up to 8).
func TestValidEventLenAgreesWithValidLen(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 100000 {
		params := make([][]byte, rng.IntN(13))
		for i := range params {
			params[i] = make([]byte, rng.IntN(20))
		}
		typ := uint16(rng.IntN(30))
		if rng.IntN(10) == 0 {
			typ = largeType()
		}
		raw := append(event.Append(nil, 1, 2, typ, params...), make([]byte, rng.IntN(12))...)
		switch rng.IntN(5) {
		case 0, 1:
			raw[min(len(raw)-1, 16+rng.IntN(event.HeaderLen-16+2*len(params)+1))] = byte(rng.IntN(256))
		case 2:
			binary.LittleEndian.PutUint32(raw[22:], uint32(rng.IntN(14))) // another count
		case 3:
			raw = raw[:rng.IntN(len(raw)+1)]
		}
		n, ok := validEventLen(raw)
		m, ok2 := event.ValidLen(raw)
		if ok != ok2 || (ok && n != m) {
			t.Fatalf("validEventLen(%x) = %d, %v; ValidLen: %d, %v", raw, n, ok, m, ok2)
		}
	}
}

package scap

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
)

// v1Section is a section of v1 event blocks (converted by the Reader, so copied by a
// FrameAhead) between v2 ones.
func v1Section(n int) []byte {
	data := shb(1, 0)
	for i := range n {
		raw := event.Append(nil, uint64(100+i), 7, 4, event.I64(int64(i)))
		if i%3 == 0 {
			v1 := append([]byte(nil), raw[:22]...)
			v1 = append(v1, raw[26:]...)
			raw = append(v1[:16], append(new(leb).u32(uint32(len(v1))).b, v1[20:]...)...)
			data = append(data, evBlock(BlockEV, 1, 0, raw)...)
			continue
		}
		data = append(data, evBlock(BlockEVV2, 0, 0, raw)...)
	}
	return data
}

// framedAhead reads path through a FrameAhead (see drainFrameAhead).
func framedAhead(t *testing.T, path string) ([]event.Event, []*Section, error) {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return drainFrameAhead(t, r)
}

// drainFrameAhead reads the mapped Reader r through a FrameAhead to its end, recording
// every event (cloned) with its section and the error that ended it (nil at a clean
// end).
func drainFrameAhead(t *testing.T, r *Reader) ([]event.Event, []*Section, error) {
	t.Helper()
	a, err := NewFrameAhead(r)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var evs []event.Event
	var secs []*Section
	for {
		batch, err := a.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = nil
			}
			return evs, secs, err
		}
		if len(batch) == 0 {
			t.Fatal("Next returned an empty batch without an error")
		}
		for i := range batch {
			evs = append(evs, batch[i].Clone())
			secs = append(secs, a.Section())
		}
	}
}

// TestFrameAheadSameEvents checks that a FrameAhead returns what a Reader returns, event
// for event and section for section, ending with the same error: many batches,
// concatenated sections (mid-batch), converted v1 events, truncation and damage.
func TestFrameAheadSameEvents(t *testing.T) {
	mapEverything(t, 1<<16)
	many := syntheticEvents(30000)
	mixed := append(append(append(twoSections(), v1Section(5000)...), many...), v1Section(7)...)
	bad := bytes.Clone(many)
	bad[len(bad)/2] ^= 0xff
	bad[len(bad)/2+1] ^= 0xff
	inputs := map[string][]byte{
		"synthetic": many,
		"mixed":     mixed,
		"truncated": mixed[:len(mixed)-3],
		"cut":       mixed[:len(mixed)/3],
		"corrupted": bad,
	}
	for name, data := range inputs {
		path := writeCapture(t, data)
		r, err := NewReader(bytes.NewReader(data), path)
		if err != nil {
			t.Fatal(err)
		}
		want, wantSec, wantErr := readRecorded(r)
		got, gotSec, gotErr := framedAhead(t, path)
		if len(got) != len(want) {
			t.Fatalf("%s: %d events framed ahead, want %d", name, len(got), len(want))
		}
		for i := range want {
			if !sameEvent(&got[i], &want[i]) {
				t.Fatalf("%s: event %d differs: %x, want %x", name, i, got[i].Raw, want[i].Raw)
			}
			if gotSec[i].Index != wantSec[i].Index {
				t.Fatalf("%s: event %d in section %d, want %d", name, i, gotSec[i].Index, wantSec[i].Index)
			}
		}
		if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Fatalf("%s: ends with %v, want %v", name, gotErr, wantErr)
		}
	}
}

// TestFrameAheadViewsStayValid checks that a batch's events keep their bytes until the
// following Next while the goroutine frames ahead, converted events included.
func TestFrameAheadViewsStayValid(t *testing.T) {
	mapEverything(t, 1<<30)
	data := append(v1Section(3*frameBatchEvents), syntheticEvents(3*frameBatchEvents)...)
	r, err := Open(writeCapture(t, data))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	a, err := NewFrameAhead(r)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for {
		batch, err := a.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatal(err)
			}
			return
		}
		copies := make([][]byte, len(batch))
		for i := range batch {
			copies[i] = bytes.Clone(batch[i].Raw)
		}
		time.Sleep(time.Millisecond) // let the goroutine fill the other batches
		for i := range batch {
			if !bytes.Equal(batch[i].Raw, copies[i]) {
				t.Fatalf("event %d of a batch changed before the next call", i)
			}
		}
	}
}

// TestFrameAheadCloseEarly stops a FrameAhead mid-capture: the goroutine ends, the
// Reader is usable again, and an unmapped Reader is refused.
func TestFrameAheadCloseEarly(t *testing.T) {
	mapEverything(t, 1<<30)
	path := writeCapture(t, syntheticEvents(50000))
	before := runtime.NumGoroutine()
	for range 5 {
		r, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		a, err := NewFrameAhead(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Next(); err != nil {
			t.Fatal(err)
		}
		a.Close()
		a.Close()
		if r.EventsRead() == 0 {
			t.Error("the Reader counted no event behind the frame-ahead")
		}
		r.Close()
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after closing, %d before", n, before)
	}
	r, err := NewReader(bytes.NewReader(syntheticEvents(10)), "small")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewFrameAhead(r); err == nil {
		t.Error("NewFrameAhead took a Reader that is not mapped")
	}
}

// FuzzMappedFrameAhead reads arbitrary bytes as a mapped capture (the mapped reader over
// them, without a file), framed ahead with a small sliding window, and checks that it yields what a Reader over the same bytes
// yields: the same events in the same sections, then the same error.
func FuzzMappedFrameAhead(f *testing.F) {
	f.Add(syntheticEvents(20))
	f.Add(twoSections())
	f.Add(v1Section(10))
	f.Fuzz(func(t *testing.T, data []byte) {
		if sniff(data) != CompressNone {
			return // Open maps only plain captures
		}
		old := mapWindow
		mapWindow = 4093
		defer func() { mapWindow = old }()
		r, err := NewReader(bytes.NewReader(data), "fuzz")
		m, errM := newMappedReader(data, "fuzz")
		if err != nil || errM != nil {
			if err == nil || errM == nil || err.Error() != errM.Error() {
				t.Fatalf("NewReader fails with %v, the mapped reader with %v", err, errM)
			}
			return
		}
		want, wantSec, wantErr := readRecorded(r)
		got, gotSec, gotErr := drainFrameAhead(t, m)
		if len(got) != len(want) {
			t.Fatalf("%d events framed ahead, want %d", len(got), len(want))
		}
		for i := range want {
			if !sameEvent(&got[i], &want[i]) || gotSec[i].Index != wantSec[i].Index {
				t.Fatalf("event %d differs", i)
			}
		}
		if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Fatalf("ends with %v, want %v", gotErr, wantErr)
		}
	})
}

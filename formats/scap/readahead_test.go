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

// eventSource is what Reader and ReadAhead have in common.
type eventSource interface {
	Next(ev *event.Event) error
	Section() *Section
}

// readRecorded reads src to its end, recording every event (cloned) with its section.
func readRecorded(src eventSource) (evs []event.Event, sections []*Section, err error) {
	var ev event.Event
	for {
		err := src.Next(&ev)
		if errors.Is(err, io.EOF) {
			return evs, sections, nil
		}
		if err != nil {
			return evs, sections, err
		}
		evs = append(evs, ev.Clone())
		sections = append(sections, src.Section())
	}
}

// compareReadAhead reads data with a Reader and with a ReadAhead and checks that both
// return the same events, sections and final error.
func compareReadAhead(t *testing.T, name string, data []byte) {
	t.Helper()
	r1, err := NewReader(bytes.NewReader(data), name)
	if err != nil {
		t.Fatal(err)
	}
	want, wantSec, wantErr := readRecorded(r1)
	r2, err := NewReader(bytes.NewReader(data), name)
	if err != nil {
		t.Fatal(err)
	}
	a := NewReadAhead(r2)
	got, gotSec, gotErr := readRecorded(a)
	a.Close()
	if len(got) != len(want) {
		t.Fatalf("%s: read ahead %d events, want %d", name, len(got), len(want))
	}
	for i := range want {
		if !sameEvent(&got[i], &want[i]) {
			t.Fatalf("%s: event %d differs: %+v, want %+v", name, i, got[i], want[i])
		}
		if gotSec[i].Index != wantSec[i].Index {
			t.Fatalf("%s: event %d in section %d, want %d", name, i, gotSec[i].Index, wantSec[i].Index)
		}
	}
	if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
		t.Fatalf("%s: read ahead ends with %v, want %v", name, gotErr, wantErr)
	}
	if r2.EventsRead() != r1.EventsRead() {
		t.Errorf("%s: reader counted %d events behind the read-ahead, want %d", name, r2.EventsRead(), r1.EventsRead())
	}
}

func TestReadAheadSameEvents(t *testing.T) {
	many := syntheticEvents(20000) // several batches, flags, large-payload events
	compareReadAhead(t, "synthetic", many)
	compareReadAhead(t, "synthetic.gz", gzipBytes(t, many))
	compareReadAhead(t, "two sections", twoSections())
	// An event larger than a read-ahead buffer.
	big := shb(1, 2)
	small := event.Append(nil, 1, 7, 4, event.I64(1))
	huge := event.Append(nil, 2, 7, 2, event.CStr(string(bytes.Repeat([]byte{'x'}, aheadBufferSize+100))), event.U32(0), event.U32(0))
	big = append(big, evBlock(BlockEVV2, 0, 0, small)...)
	big = append(big, evBlock(BlockEVV2Large, 0, 0, huge)...)
	big = append(big, evBlock(BlockEVV2, 0, 0, small)...)
	compareReadAhead(t, "event larger than a buffer", big)
}

func TestReadAheadDamage(t *testing.T) {
	data := syntheticEvents(5000)
	for _, cut := range []int{len(data) - 3, len(data) / 2, len(data) / 3} {
		compareReadAhead(t, "truncated", data[:cut])
	}
	bad := bytes.Clone(data)
	bad[len(bad)/2] ^= 0xff
	bad[len(bad)/2+1] ^= 0xff
	compareReadAhead(t, "corrupted", bad)
}

func TestReadAheadErrorIsSticky(t *testing.T) {
	data := syntheticEvents(100)
	r, err := NewReader(bytes.NewReader(data[:len(data)-5]), "cut")
	if err != nil {
		t.Fatal(err)
	}
	a := NewReadAhead(r)
	defer a.Close()
	_, _, first := readRecorded(a)
	if first == nil {
		t.Fatal("no error from a truncated capture")
	}
	var ev event.Event
	if again := a.Next(&ev); again == nil || again.Error() != first.Error() {
		t.Errorf("Next after the error: %v, want %v again", again, first)
	}
}

func TestReadAheadCloseEarly(t *testing.T) {
	data := syntheticEvents(50000)
	before := runtime.NumGoroutine()
	for range 5 {
		r, err := NewReader(bytes.NewReader(data), "early")
		if err != nil {
			t.Fatal(err)
		}
		a := NewReadAhead(r)
		var ev event.Event
		for range 10 {
			if err := a.Next(&ev); err != nil {
				t.Fatal(err)
			}
		}
		a.Close()
		a.Close() // a second Close is harmless
		r.Close()
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after closing, %d before", n, before)
	}
}

// TestReadAheadViewsStayValid checks that an event's bytes stay unchanged until the next
// call of Next while the read-ahead goroutine runs ahead, through enough data for every
// buffer to be read into several times.
func TestReadAheadViewsStayValid(t *testing.T) {
	data := syntheticEvents(100000)
	if len(data) < 2*aheadBuffers*aheadBufferSize {
		t.Fatalf("%d bytes do not cycle the read-ahead buffers twice", len(data))
	}
	r, err := NewReader(bytes.NewReader(data), "views")
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := readRecorded(r)
	if err != nil {
		t.Fatal(err)
	}
	r, err = NewReader(bytes.NewReader(data), "views")
	if err != nil {
		t.Fatal(err)
	}
	a := NewReadAhead(r)
	defer a.Close()
	var ev event.Event
	for i := range want {
		if err := a.Next(&ev); err != nil {
			t.Fatal(err)
		}
		if i%2000 == 0 {
			time.Sleep(time.Millisecond) // let the read-ahead run ahead
		}
		if !bytes.Equal(ev.Raw, want[i].Raw) {
			t.Fatalf("event %d changed before the next call of Next", i)
		}
	}
}

func TestReadAheadNextAllocatesNothing(t *testing.T) {
	data := syntheticEvents(200000)
	r, err := NewReader(bytes.NewReader(data), "allocs")
	if err != nil {
		t.Fatal(err)
	}
	a := NewReadAhead(r)
	defer a.Close()
	var ev event.Event
	if n := testing.AllocsPerRun(100000, func() {
		if err := a.Next(&ev); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("ReadAhead.Next allocates %.2f times per event, want 0", n)
	}
}

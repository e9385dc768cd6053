package capture

import (
	"errors"
	"io"
	"testing"

	"github.com/scrylabs/scry/drivers/testinput"
	"github.com/scrylabs/scry/formats/event"
)

// TestMergeOrdersByTimestamp feeds two simulated CPUs whose events interleave and checks
// that the source hands them out in timestamp order, each with its CPU.
func TestMergeOrdersByTimestamp(t *testing.T) {
	var cpu0, cpu1 testinput.Builder
	for i := uint64(0); i < 50; i++ {
		cpu0.Close(1000+20*i, 10, 3, 0)  // ts 1000+20i and +1
		cpu1.Close(1005+20*i, 11, 4, -9) // ts 1005+20i and +1
	}
	src, err := NewTestSource(cpu0.Bytes(), cpu1.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var ev event.Event
	var last uint64
	n := 0
	for {
		err := src.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if ev.Ts() < last {
			t.Fatalf("event %d at %d after %d", n, ev.Ts(), last)
		}
		last = ev.Ts()
		wantCPU := uint16(0)
		if ev.Tid() == 11 {
			wantCPU = 1
		}
		if ev.CPU != wantCPU {
			t.Fatalf("event of tid %d on cpu %d", ev.Tid(), ev.CPU)
		}
		n++
		if ev.Num != uint64(n) {
			t.Fatalf("event number %d, want %d", ev.Num, n)
		}
	}
	if n != 200 {
		t.Fatalf("got %d events, want 200", n)
	}
	if src.Stats().Delivered != 200 {
		t.Fatalf("stats say %d delivered", src.Stats().Delivered)
	}
}

// TestMergeEmptyAndUneven covers streams that are empty or much longer than others.
func TestMergeEmptyAndUneven(t *testing.T) {
	var a, c testinput.Builder
	for i := uint64(0); i < 10; i++ {
		a.Generic(100*i, 1, 39) // getpid
	}
	c.Generic(50, 2, 39)
	src, err := NewTestSource(a.Bytes(), nil, c.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var ev event.Event
	var order []int64
	for src.Next(&ev) == nil {
		order = append(order, ev.Tid())
	}
	if len(order) != 22 {
		t.Fatalf("got %d events, want 22", len(order))
	}
	// tid 2's events (ts 50, 51) come after tid 1's first pair (ts 0, 1).
	if order[0] != 1 || order[1] != 1 || order[2] != 2 || order[3] != 2 {
		t.Fatalf("order %v", order[:4])
	}
}

func TestTestSourceRejectsMalformedInput(t *testing.T) {
	var b testinput.Builder
	b.Close(1, 1, 3, 0)
	raw := b.Bytes()
	if _, err := NewTestSource(raw[:len(raw)-3]); err == nil {
		t.Fatal("a truncated event was accepted")
	}
}

// TestTestSourceNextAllocatesNothing proves the merge path hands out views without
// allocating.
func TestTestSourceNextAllocatesNothing(t *testing.T) {
	var a, b testinput.Builder
	for i := uint64(0); i < 2000; i++ {
		a.Close(2*i, 1, 3, 0)
		b.Close(2*i+1, 2, 3, 0)
	}
	src, err := NewTestSource(a.Bytes(), b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var ev event.Event
	allocs := testing.AllocsPerRun(1000, func() {
		if err := src.Next(&ev); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("Next allocates %.1f times per event", allocs)
	}
}

func BenchmarkTestSourceMerge(b *testing.B) {
	var c0, c1 testinput.Builder
	for i := uint64(0); i < 10000; i++ {
		c0.Close(2*i, 1, 3, 0)
		c1.Close(2*i+1, 2, 3, 0)
	}
	var ev event.Event
	b.ReportAllocs()
	for b.Loop() {
		src, _ := NewTestSource(c0.Bytes(), c1.Bytes())
		for src.Next(&ev) == nil {
		}
	}
}

package bench

import (
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// capturedEvents reads up to max events of the capture named by SCRY_BENCH_FILE into
// memory, with its first section.
func capturedEvents(b *testing.B, max int) (*scap.Section, []event.Event) {
	path := os.Getenv("SCRY_BENCH_FILE")
	if path == "" {
		b.Skip("skipping: set SCRY_BENCH_FILE to a capture (go run ./bench/cmd/genbig -o /tmp/big.scap)")
	}
	r, err := scap.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	section := r.Section()
	var evs []event.Event
	var ev event.Event
	var arena []byte
	for len(evs) < max {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		if r.Section() != section {
			break
		}
		if len(arena)+len(ev.Raw) > cap(arena) {
			arena = make([]byte, 0, 16<<20)
		}
		arena = append(arena, ev.Raw...)
		ev.Raw = arena[len(arena)-len(ev.Raw) : len(arena) : len(arena)]
		evs = append(evs, ev)
	}
	return section, evs
}

// BenchmarkStateFilter runs the first million events of SCRY_BENCH_FILE, held in
// memory, through the state engine and the filter `proc.name=none_such`: the work of
// `scry read BIG proc.name=none_such` after decoding. It reports nanoseconds per event
// of the event loop (building the engine and loading the capture's tables excluded).
func BenchmarkStateFilter(b *testing.B) {
	section, evs := capturedEvents(b, 1_000_000)
	f, err := filter.Compile("proc.name=none_such", nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	kept := 0
	var elapsed time.Duration
	for b.Loop() {
		eng := state.New(state.Options{})
		eng.SetFilter(func(ctx *state.EventContext) bool { return f.Match(ctx, eng) })
		eng.LoadSection(section)
		start := time.Now()
		for i := range evs {
			ctx := eng.Process(&evs[i])
			if ctx.Filtered || ctx.Hidden {
				continue
			}
			eng.EndEvent(ctx)
			kept++
		}
		elapsed += time.Since(start)
	}
	if kept != 0 {
		b.Fatalf("%d events passed a filter that matches none", kept)
	}
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N*len(evs)), "ns/event")
}

package capture

import (
	"os"

	"github.com/scrylabs/scry/formats/event"
)

// ErrClosed is returned by Next after Close.
var ErrClosed = os.ErrClosed

// Source is a stream of events in the capture wire format.
type Source interface {
	// Next stores the next event in ev. ev.Raw aliases memory owned by the source and
	// stays valid until the following call to Next or Close. Next returns io.EOF when
	// the source is exhausted or has been stopped and drained.
	Next(ev *event.Event) error
	// Stop asks a live source to finish: Next returns what is already buffered, then
	// io.EOF. It may be called from any goroutine; finite sources ignore it.
	Stop()
	// Stats reports the source's counters; safe from any goroutine.
	Stats() Stats
	// Close releases the source.
	Close() error
}

// Stats are a source's counters, as libscap reports capture statistics.
type Stats struct {
	Delivered uint64 // events handed out by Next
	// The rest come from the kernel probe and are zero for other sources.
	Events          uint64 // events the probe wrote to its rings
	Drops           uint64 // events lost, all causes
	DropsBuffer     uint64 // events lost because a ring was full
	DropsPF         uint64 // parameters whose user memory could not be read
	Filtered        uint64 // syscalls filtered out in the kernel
	DropsByCategory map[string]uint64
}

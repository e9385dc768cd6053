package state

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// TestLoadSectionRestartsRelativeTime: relative times count from the first event of the
// section being read. sysdig 0.29.3 reading two recordings concatenated into one file
// printed evt.reltime 0 (and -t r 0.000000000) for the first event of the second
// section, whether its clock was ahead of or behind the first section's.
func TestLoadSectionRestartsRelativeTime(t *testing.T) {
	e := New(Options{})
	closeE := func(ts uint64) *event.Event {
		return &event.Event{Raw: event.Append(nil, ts, 100, 4, event.I64(3))}
	}
	e.LoadSection(section(proc(100, 100, 1, "a", "/")))
	e.Process(closeE(5_000))
	e.Process(closeE(7_000))
	if got := e.FirstEventTS(); got != 5_000 {
		t.Fatalf("first section: first event at %d, want 5000", got)
	}
	e.LoadSection(section(proc(100, 100, 1, "a", "/")))
	e.Process(closeE(2_000))
	e.Process(closeE(3_000))
	if got := e.FirstEventTS(); got != 2_000 {
		t.Errorf("second section: first event at %d, want 2000 (its own first event)", got)
	}
}

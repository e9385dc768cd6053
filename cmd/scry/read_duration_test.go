package main

import (
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// TestReadDuration: -M stops at the first event kept more than the given seconds after
// the first event kept (capture time), the filter deciding which events count. sysdig
// 0.29.3 -r F -M 1 stopped before the first event 1.03 s after the capture's first, and
// with a filter counted from the first event the filter kept.
func TestReadDuration(t *testing.T) {
	const s = 1_000_000_000
	evs := [][]byte{
		event.Append(nil, 10*s, 200, 4, event.I64(3)),        // 1, rejected by the filter below
		event.Append(nil, 10*s+s/2, 100, 4, event.I64(3)),    // 2
		event.Append(nil, 11*s+s/5, 100, 4, event.I64(4)),    // 3: 1.2 s after event 1, 0.7 s after 2
		event.Append(nil, 11*s+s*7/10, 100, 4, event.I64(5)), // 4: 1.2 s after event 2
		event.Append(nil, 11*s+s*8/10, 100, 4, event.I64(6)), // 5
	}
	path := writeCatCapture(t, "duration.scap", evs)
	got := readLines(t, readOptions{file: path, format: "%evt.num", duration: 1}, "")
	if strings.Join(got, ",") != "1,2" {
		t.Errorf("-M 1: %q, want 1,2", got)
	}
	got = readLines(t, readOptions{file: path, format: "%evt.num", duration: 1}, "thread.tid=100")
	if strings.Join(got, ",") != "2,3" {
		t.Errorf("-M 1 with a filter: %q, want 2,3", got)
	}
}

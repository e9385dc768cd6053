package state

import "testing"

// TestDupOntoClosingFDMarksTheSource: a dup onto an fd whose close exit is missing (the
// close is still in progress) saves the replaced entry and marks the new one
// close-cancelled, and the duplicated source entry takes the mark too, so closing the
// source afterwards drops both the source and the saved entry. Observed with sysdig
// 0.29.3 on a recording missing one close exit: `close(1)` (exit lost), `dup(3) = 1`,
// `close(3)`: proc.fdopencount went 4, 5 (at the dup), then 3 at the event after the
// close of fd 3, not 4.
func TestDupOntoClosingFDMarksTheSource(t *testing.T) {
	for _, fcntl := range []bool{false, true} {
		h := newHarness(t, bashSection())
		tab := h.e.Thread(100).FDs
		h.pair(100, evOpenE, nil, i64(5), cs("/tmp/out"), u32(2), u32(0), u32(0))
		h.pair(100, evOpenE, nil, i64(4), cs("/dev/null"), u32(2), u32(0), u32(0))
		n0 := tab.Len()
		h.run(100, evCloseE, i64(5)) // its exit is lost
		if fcntl {
			// fcntl(4, F_DUPFD) returning 5.
			h.pair(100, evFcntlE, p(i64(4), u8(fcntlDupFD)), i64(5))
		} else {
			h.pair(100, evDupE, p(i64(4)), i64(5))
		}
		if tab.Len() != n0+1 || tab.Get(5).Name != "/dev/null" {
			t.Fatalf("fcntl %v: after the dup %d entries (want %d), fd 5 %+v", fcntl, tab.Len(), n0+1, tab.Get(5))
		}
		h.pair(100, evCloseE, p(i64(4)), i64(0))
		h.run(100, evCloseE, i64(99)) // pending removals take effect at the next event
		if tab.Len() != n0-1 || tab.Get(4) != nil || tab.Get(5) == nil {
			t.Errorf("fcntl %v: after closing the source %d entries, want %d (fd 4 and the saved entry gone, fd 5 kept)",
				fcntl, tab.Len(), n0-1)
		}
	}
}

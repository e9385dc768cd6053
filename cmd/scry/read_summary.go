package main

import (
	"bufio"
	"strconv"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// legacySyscallCodes is the number of PPM_SC codes of the 0.29-era table (PPM_SC_MAX).
const legacySyscallCodes = 329

// summaryEntry is one row of the -S table: an event type below schema.LegacyMax, or the
// enter (even id) or exit (odd id) of a syscall generic events report.
type summaryEntry struct {
	id      uint16
	generic bool
	calls   uint64
}

// newSummary returns the table -S counts into: one entry per event type, then two per
// syscall code, in that order (the order decides how ties are printed).
func newSummary() []summaryEntry {
	t := make([]summaryEntry, 0, schema.LegacyMax+2*legacySyscallCodes)
	for id := range schema.LegacyMax {
		t = append(t, summaryEntry{id: uint16(id)})
	}
	for id := range 2 * legacySyscallCodes {
		t = append(t, summaryEntry{id: uint16(id), generic: true})
	}
	return t
}

// countSummary counts ev into t: generic events by the syscall they report.
func countSummary(t []summaryEntry, ev *event.Event) {
	typ := int(ev.Type())
	switch {
	case typ == 0 || typ == 1: // PPME_GENERIC_E / _X
		id, ok := ev.Uint64(0)
		if !ok {
			return
		}
		if i := schema.LegacyMax + 2*int(id) + typ; i < len(t) {
			t[i].calls++
		}
	case typ < schema.LegacyMax:
		t[typ].calls++
	}
}

// writeSummary prints the table the way sysdig -S does: sorted by calls, most first,
// at most 100 rows, up to the first type never seen.
func writeSummary(w *bufio.Writer, t []summaryEntry) {
	introsort(t, func(a, b *summaryEntry) bool { return a.calls > b.calls })
	w.WriteString("----------------------\nEvent           #Calls\n----------------------\n")
	for i := 0; i < len(t) && i < 100; i++ {
		e := &t[i]
		if e.calls == 0 {
			break
		}
		name := ""
		if e.generic {
			name = schema.SyscallCodeName(e.id / 2)
		} else if info := schema.Info(e.id); info != nil {
			name = info.Name
		}
		if e.id&1 == 0 {
			w.WriteString("> ")
		} else {
			w.WriteString("< ")
		}
		if len(name) > 16 {
			name = name[:16]
		}
		w.WriteString(name)
		for n := len(name); n < 16; n++ {
			w.WriteByte(' ')
		}
		w.WriteString(strconv.FormatUint(e.calls, 10))
		w.WriteByte('\n')
	}
}

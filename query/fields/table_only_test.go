package fields

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// The table-only fields sysdig still prints with -p. Expected values as sysdig 0.29.3
// printed them for a live recording: evt.latency.quantized is 1 on every exit with a
// latency and <NA> elsewhere; util.cnt counts its extractions; evt.buflen.file is <NA>
// for a directory (a close of an O_DIRECTORY fd) and the byte count for a file read.
func TestTableOnlyFields(t *testing.T) {
	r := newReplay()
	fileSession(r)
	for name, want := range map[string]string{
		"evt.latency.quantized": "1",
		"evt.buflen.file":       "5",
		"evt.buflen.file.in":    "5",
		"evt.buflen.file.out":   "<NA>",
	} {
		if got := text(t, r, name); got != want {
			t.Errorf("read exit: %s = %q, want %q", name, got, want)
		}
	}
	r.feed(event.Append(nil, 4000, tid, 6, event.I64(4), event.U32(100)))
	if got := text(t, r, "evt.latency.quantized"); got != "<NA>" {
		t.Errorf("read enter: evt.latency.quantized = %q, want <NA>", got)
	}

	// A directory opened with O_DIRECTORY (0x400), then closed.
	d := newReplay()
	d.feed(event.Append(nil, 1000, tid, 2, event.CStr("/etc"), event.U32(0x401), event.U32(0)))
	d.feed(event.Append(nil, 2000, tid, 3, event.I64(5), event.CStr("/etc"), event.U32(0x401), event.U32(0), event.U32(0)))
	d.feed(event.Append(nil, 3000, tid, 4, event.I64(5)))
	d.feed(event.Append(nil, 3100, tid, 5, event.I64(0)))
	if got := text(t, d, "fd.type"); got != "directory" {
		t.Fatalf("fd.type = %q, want directory", got)
	}
	if got := text(t, d, "evt.buflen"); got != "0" {
		t.Errorf("directory close: evt.buflen = %q, want 0", got)
	}
	if got := text(t, d, "evt.buflen.file"); got != "<NA>" {
		t.Errorf("directory close: evt.buflen.file = %q, want <NA>", got)
	}

	f, _, err := Lookup("util.cnt")
	if err != nil {
		t.Fatal(err)
	}
	var v Value
	for want := uint64(1); want <= 3; want++ {
		if !f.Extract(r.ctx, r.eng, &v) || v.Uint != want {
			t.Errorf("util.cnt extraction %d = %+v", want, v)
		}
	}
}

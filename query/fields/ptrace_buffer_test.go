package fields

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// ptrace's exit has a data parameter of dynamic type (index byte, then a uint64), not a
// buffer: evt.buffer shows it empty, in text and JSON. Observed with sysdig 0.29.3 on a
// live recording: "" for PTRACE_TRACEME, PTRACE_PEEKDATA and PTRACE_CONT exits, where
// the argument list shows data=0 or data=7FFF5BFAEA58.
func TestPtraceDataIsNoBuffer(t *testing.T) {
	r := newReplay()
	dyn := func(x uint64) []byte { return append([]byte{0}, event.U64(x)...) }
	r.feed(event.Append(nil, 1000, tid, 169, event.I64(-5), dyn(0x1000), dyn(0x7fff5bfaea58)))
	if got := text(t, r, "evt.buffer"); got != "" {
		t.Errorf("evt.buffer = %q, want empty", got)
	}
	f, _, err := Lookup("evt.buffer")
	if err != nil {
		t.Fatal(err)
	}
	var v Value
	if !f.ExtractJSON(r.ctx, r.eng, &v) {
		t.Fatal("evt.buffer has no JSON value, want \"\"")
	}
	if got := string(AppendJSON(nil, f, &v)); got != `""` {
		t.Errorf("evt.buffer JSON = %s, want \"\"", got)
	}
}

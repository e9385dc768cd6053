package fields

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// An fd of a type without a name (a socket of a family scry does not track, such as
// AF_PACKET, is UNKNOWN) shows fd.type as the text <NA>, which is a value: sysdig 0.29.3
// printed "276 <NA>" for -p '%evt.num %fd.type' (no '*') and "fd.type":"<NA>" with -j on
// a live recording's socket(AF_PACKET, SOCK_RAW, 0); an event without an fd stays null.
func TestUnknownFDTypeIsText(t *testing.T) {
	r := newReplay()
	// socket enter (18): domain, type, proto; exit (19): fd.
	r.feed(event.Append(nil, 1000, tid, 18, event.U32(17), event.U32(3), event.U32(0)))
	r.feed(event.Append(nil, 1010, tid, 19, event.I64(3)))
	if got := text(t, r, "fd.typechar"); got != "o" {
		t.Fatalf("fd.typechar = %q, want o (UNKNOWN)", got)
	}
	f, _, err := Lookup("fd.type")
	if err != nil {
		t.Fatal(err)
	}
	var v Value
	if !f.Extract(r.ctx, r.eng, &v) || v.Kind != KindString || string(v.Bytes) != NA {
		t.Errorf("fd.type = %+v, want the string <NA>", v)
	}
	if got := string(AppendJSON(nil, f, &v)); got != `"<NA>"` {
		t.Errorf("fd.type JSON = %s, want \"<NA>\"", got)
	}
}

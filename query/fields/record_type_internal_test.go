package fields

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// Values of every field on built events have the JSON type RecordType declares.
func TestRecordTypesHoldOnBuiltEvents(t *testing.T) {
	r := newReplay()
	var fs []*Field
	for _, d := range catalogue().byName {
		expr := d.info.Name
		switch d.info.ArgSyntax {
		case "[N]", "[T]", "[N or PATH]":
			expr += "[0]"
		case ".NAME or [N]", ".NAME":
			expr += ".fd"
		case ".TYPE":
			expr += ".read"
		case ".SUBSYS", ".KEY":
			expr += ".cpu"
		}
		f, _, err := LookupRecord(expr)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	check := func() {
		var v Value
		for _, f := range fs {
			if !f.Extract(r.ctx, r.eng, &v) {
				continue
			}
			if want, got := RecordType(f.Type), RecordTypeOf(v.Kind); want != got && want != RecordAny {
				t.Errorf("%s on event type %d: a %s value, declared %s", f.Name, r.ev.Type(), got, want)
			}
		}
	}
	fileSession(r)
	check()
	tuple := []byte{2, 10, 0, 0, 7, 0x6c, 0x9e, 10, 0, 0, 1, 0x90, 0x1f}
	r.feed(event.Append(nil, 5000, tid, 26))
	r.feed(event.Append(nil, 6000, tid, 27, event.I64(5), tuple, event.U8(0)))
	check()
	r.feed(event.Append(nil, 7000, tid, procinfoE, event.U64(5), event.U64(6)))
	check()
	if RecordType(schema.TypeDouble) != RecordNumber || RecordType(schema.TypeFlags32) != RecordInteger ||
		RecordType(schema.TypeIpaddr) != RecordString || RecordType(schema.TypeDyn) != RecordAny {
		t.Error("RecordType mapping")
	}
}

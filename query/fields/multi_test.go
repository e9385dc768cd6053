package fields

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/state"
)

// multiValued is the interface filters use for fields with several values.
type multiValued interface {
	ExtractAll(ctx *state.EventContext, view state.View, yield func(v *Value) bool)
	StrictInequality() bool
}

func TestSocketEndsAreMultiValued(t *testing.T) {
	r := newReplay()
	tuple := []byte{2, 10, 0, 0, 7, 0x6c, 0x9e, 10, 0, 0, 1, 0x90, 0x1f} // 10.0.0.7:40556->10.0.0.1:8080
	r.feed(event.Append(nil, 1000, tid, 26))
	r.feed(event.Append(nil, 2000, tid, 27, event.I64(5), tuple, event.U8(0)))
	if got := text(t, r, "fd.name"); got != "10.0.0.7:40556->10.0.0.1:8080" {
		t.Fatalf("accepted fd.name = %q", got)
	}
	cases := map[string][]string{
		"fd.ip":   {"10.0.0.7", "10.0.0.1"},
		"fd.port": {"40556", "8080"},
	}
	for name, want := range cases {
		f, _, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		m, ok := f.Extractor.(multiValued)
		if !ok || !m.StrictInequality() {
			t.Fatalf("%s is not a strict multi-valued field", name)
		}
		var got []string
		m.ExtractAll(r.ctx, r.eng, func(v *Value) bool {
			f2 := &Field{Info: f.Info, Type: f.Type, Format: 1}
			got = append(got, string(AppendText(nil, f2, v)))
			return true
		})
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("%s values = %v, want %v", name, got, want)
		}
	}
	if got := text(t, r, "fd.cip"); got != "10.0.0.7" {
		t.Errorf("fd.cip = %q", got)
	}
	if got := text(t, r, "fd.sport"); got != "8080" {
		t.Errorf("fd.sport = %q", got)
	}
	if got := text(t, r, "fd.l4proto"); got != "tcp" {
		t.Errorf("fd.l4proto = %q", got)
	}
	// proc.aname with an index is single-valued, without one it walks ancestors.
	f, _, _ := Lookup("proc.aname[1]")
	if _, ok := f.Extractor.(multiValued); ok {
		t.Error("proc.aname[1] is multi-valued")
	}
	f, _, _ = Lookup("proc.aname")
	if m, ok := f.Extractor.(multiValued); !ok || m.StrictInequality() {
		t.Error("proc.aname without index is not a non-strict multi-valued field")
	}
}

// Extracting multi-valued fields, one value or all, allocates nothing once the
// extractors' buffers have grown.
func TestMultiValuedDoesNotAllocate(t *testing.T) {
	r := lineageReplay(t)
	tuple := []byte{2, 10, 0, 0, 7, 0x6c, 0x9e, 10, 0, 0, 1, 0x90, 0x1f}
	r.feed(event.Append(nil, 8000, 300, 26))
	r.feed(event.Append(nil, 9000, 300, 27, event.I64(5), tuple, event.U8(0)))
	r.feed(event.Append(nil, 9500, 300, 6, event.I64(5), event.U32(10)))
	for _, name := range []string{"fd.ip", "fd.port", "fd.net", "fd.proto", "proc.aname", "proc.apid", "proc.aexe", "proc.aexepath", "proc.acmdline"} {
		f, _, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		m := f.Extractor.(multiValued)
		n := 0
		count := func(*Value) bool { n++; return true }
		var v Value
		m.ExtractAll(r.ctx, r.eng, count)
		if n < 2 || !f.Extract(r.ctx, r.eng, &v) {
			t.Fatalf("%s: %d values, first found %v", name, n, v.Kind != KindNone)
		}
		if a := testing.AllocsPerRun(100, func() { m.ExtractAll(r.ctx, r.eng, count) }); a != 0 {
			t.Errorf("%s: ExtractAll allocates %.1f times", name, a)
		}
		if a := testing.AllocsPerRun(100, func() { f.Extract(r.ctx, r.eng, &v) }); a != 0 {
			t.Errorf("%s: Extract allocates %.1f times", name, a)
		}
	}
}

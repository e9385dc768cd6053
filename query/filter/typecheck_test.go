package filter_test

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// evt.type and evt.dir checks are answered from the event type id; the answer must be
// the one extracting the field gives, for every event type of the table.
func TestTypeChecksAgreeWithExtraction(t *testing.T) {
	typeField, _, err := fields.Lookup("evt.type")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{"mlock": true, "nosuchtype": false}
	for i := range schema.Events {
		names[schema.Events[i].Name] = true
	}
	var ctxs []*state.EventContext
	add := func(id uint16, params ...[]byte) {
		ctxs = append(ctxs, &state.EventContext{Ev: &event.Event{Raw: event.Append(nil, 1, 1, id, params...)}})
	}
	for id := 0; id < schema.NumEvents; id++ {
		add(uint16(id))
	}
	// Generic events take the name of their syscall code; codes beyond the table too.
	for code := 0; code < len(schema.SyscallCodes)+3; code++ {
		add(0, event.U16(uint16(code)), event.U16(0))
		add(1, event.U16(uint16(code)))
	}
	var v fields.Value
	for name := range names {
		for _, op := range []string{"=", "!="} {
			f, err := filter.Compile("evt.type "+op+" "+name, &filter.Options{AllowUnknownEventTypes: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, ctx := range ctxs {
				if !typeField.Extract(ctx, nil, &v) {
					t.Fatalf("evt.type has no value for type %d", ctx.Ev.Type())
				}
				want := (string(v.Bytes) == name) == (op == "=")
				if got := f.Match(ctx, nil); got != want {
					t.Errorf("evt.type %s %s on type %d (%s): %v, want %v", op, name, ctx.Ev.Type(), v.Bytes, got, want)
				}
			}
		}
	}
	dir, err := filter.Compile("evt.dir = <", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, ctx := range ctxs {
		if got, want := dir.Match(ctx, nil), !ctx.Ev.IsEnter(); got != want {
			t.Errorf("evt.dir = < on type %d: %v", ctx.Ev.Type(), got)
		}
	}
}

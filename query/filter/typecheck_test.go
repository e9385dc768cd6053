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
	for id := 0; id < schema.NumEvents; id++ {
		var params [][]byte
		if id <= 1 { // generic events: their name comes from the syscall code parameter
			params = [][]byte{event.U16(uint16(id*7 + 40)), event.U16(0)}
		}
		raw := event.Append(nil, 1, 1, uint16(id), params...)
		ctxs = append(ctxs, &state.EventContext{Ev: &event.Event{Raw: raw}})
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

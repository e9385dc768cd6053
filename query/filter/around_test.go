package filter_test

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// evt.around[T] = D holds for events within D ms of T, bounds included. Expected values
// from sysdig 0.29.3 on a live recording: "= 100" selected exactly the events between
// T-100 ms and T+100 ms, "= 0" the event at T alone, "not ... = 100" the others,
// "exists" and "in" nothing, and != failed to compile.
func TestAround(t *testing.T) {
	const T = 5_000_000_000
	stamps := []uint64{T - 100_000_001, T - 100_000_000, T - 1, T, T + 100_000_000, T + 100_000_001}
	eng := state.New(state.Options{})
	eng.LoadSection(&scap.Section{Processes: []scap.Process{{Tid: 10, Pid: 10, Ptid: 1, Comm: "cat", Vtid: -1, Vpid: -1}}})
	cases := []struct {
		filter string
		want   []bool
	}{
		{"evt.around[5000000000] = 100", []bool{false, true, true, true, true, false}},
		{"evt.around[5000000000] = 0", []bool{false, false, false, true, false, false}},
		{"not evt.around[5000000000] = 100", []bool{true, false, false, false, false, true}},
		{"evt.around[5000000000] exists", []bool{false, false, false, false, false, false}},
		{"evt.around[5000000000] in (100, 5)", []bool{false, false, false, false, false, false}},
	}
	for _, c := range cases {
		f, err := filter.Compile(c.filter, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.filter, err)
		}
		for i, ts := range stamps {
			ev := event.Event{Raw: event.Append(nil, ts, 10, 6, event.I64(3), event.U32(10)), Num: uint64(i + 1)}
			ctx := eng.Process(&ev)
			if got := f.Match(ctx, eng); got != c.want[i] {
				t.Errorf("%s at %d: %v, want %v", c.filter, ts, got, c.want[i])
			}
			eng.EndEvent(ctx)
		}
	}
	for _, bad := range []string{"evt.around[5000000000] != 100", "evt.around[5000000000] > 100", "evt.around[x] = 1"} {
		if _, err := filter.Compile(bad, nil); err == nil {
			t.Errorf("%s compiled; sysdig refuses it", bad)
		}
	}
}

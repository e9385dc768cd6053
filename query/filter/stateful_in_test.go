package filter_test

import (
	"slices"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// "evt.deltatime in (a, b)" is "evt.deltatime = a or evt.deltatime = b", each check
// measuring from the last event it saw. On a live recording sysdig 0.29.3 selected
// different events for "in (240, 250)" and "in (250, 240)", and the same for "in (240,
// 250)" as for the or. The expected sets follow from that rule for deltas 250, 240,
// 250, 240: with (240, 250) the = 250 check sees events 0, 1 and 3 only (deltas 0, 250
// and 490).
func TestStatefulIn(t *testing.T) {
	stamps := []uint64{1000, 1250, 1490, 1740, 1980}
	cases := []struct {
		filter string
		want   []int
	}{
		{"evt.deltatime in (240, 250)", []int{1, 2, 4}},
		{"evt.deltatime = 240 or evt.deltatime = 250", []int{1, 2, 4}},
		{"evt.deltatime in (250, 240)", []int{1, 3}},
		{"evt.deltatime in (240)", []int{2, 4}},
		{"evt.deltatime.ns in (000000240, 000000250)", []int{1, 2, 4}},
	}
	for _, c := range cases {
		eng := state.New(state.Options{})
		eng.LoadSection(&scap.Section{Processes: []scap.Process{{Tid: 10, Pid: 10, Ptid: 1, Comm: "cat", Vtid: -1, Vpid: -1}}})
		f, err := filter.Compile(c.filter, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.filter, err)
		}
		var got []int
		for i, ts := range stamps {
			ev := event.Event{Raw: event.Append(nil, ts, 10, 6, event.I64(3), event.U32(10)), Num: uint64(i + 1)}
			ctx := eng.Process(&ev)
			if f.Match(ctx, eng) {
				got = append(got, i)
			}
			eng.EndEvent(ctx)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: matched %v, want %v", c.filter, got, c.want)
		}
	}
}

package filter_test

import (
	"bytes"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// evt.buffer compares the recorded bytes, not the printed form (where non-printable
// bytes are '.' and the text is cut at 80 characters). Expected values from sysdig
// 0.29.3 on a live recording: "evt.buffer contains "\x7fELF"" selected the reads of
// executables, "evt.buffer contains .ELF" only the buffers holding a real dot, and
// "evt.buffer contains "\x0a"" every buffer with a line feed.
func TestBufferComparesRecordedBytes(t *testing.T) {
	elf := append([]byte("\x7fELF\x02\x01\x01\x00"), bytes.Repeat([]byte{0}, 100)...)
	elf = append(elf, "tail-after-80"...)
	dotted := []byte("lib.ELF.so\n")
	eng := state.New(state.Options{})
	eng.LoadSection(&scap.Section{Processes: []scap.Process{{Tid: 10, Pid: 10, Ptid: 1, Comm: "cat", Vtid: -1, Vpid: -1}}})
	var events []event.Event
	for i, data := range [][]byte{elf, dotted} {
		// read exit: res, data
		events = append(events, event.Event{Raw: event.Append(nil, 1000+uint64(i), 10, 7, event.I64(int64(len(data))), data), Num: uint64(i + 1)})
	}
	cases := []struct {
		filter string
		want   []bool
	}{
		{`evt.buffer contains "\x7fELF"`, []bool{true, false}},
		{`evt.buffer startswith "\x7fELF\x02"`, []bool{true, false}},
		{`evt.buffer contains .ELF`, []bool{false, true}},
		{`evt.buffer contains "\x00\x00\x00"`, []bool{true, false}},
		{`evt.buffer contains "\x0a"`, []bool{false, true}},
		{`evt.buffer endswith after-80`, []bool{true, false}},
		{`evt.buffer = "lib.ELF.so\x0a"`, []bool{false, true}},
		{`evt.buffer contains ....`, []bool{false, false}},
	}
	for _, c := range cases {
		matchEach(t, eng, events, c.filter, c.want)
	}
}

// matchEach runs events through eng once more and checks that filter matches event i
// exactly when want[i].
func matchEach(t *testing.T, eng *state.Engine, events []event.Event, text string, want []bool) {
	t.Helper()
	f, err := filter.Compile(text, nil)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	for i := range events {
		ctx := eng.Process(&events[i])
		if got := f.Match(ctx, eng); got != want[i] {
			t.Errorf("%s on event %d: %v, want %v", text, i, got, want[i])
		}
		eng.EndEvent(ctx)
	}
}

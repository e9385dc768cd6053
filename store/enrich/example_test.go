package enrich_test

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

// Replaying a store: list the segments of a time range, open each, restore its start
// state into a state engine and go through its events with full context.
func Example() {
	root, _ := os.MkdirTemp("", "store")
	defer os.RemoveAll(root)

	// A store with two segments of two events each.
	tr, _ := enrich.New()
	w, _ := store.NewWriter(root, store.WriterOptions{MaxEvents: 2, Tracker: tr})
	w.BeginSection(&scap.Section{
		Machine:   &scap.MachineInfo{Hostname: "web1"},
		Processes: []scap.Process{{Tid: 7, Pid: 7, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1, Comm: "nginx", Exe: "nginx"}},
	})
	const t0 = 1_700_000_000_000_000_000
	for i, name := range []string{"/etc/hosts", "/etc/passwd"} {
		ts := uint64(t0 + 2*i*1000)
		enter := event.Event{Num: uint64(2*i + 1), Raw: event.Append(nil, ts, 7, 2, event.CStr(name), event.U32(1), event.U32(0))}
		exit := event.Event{Num: uint64(2*i + 2), Raw: event.Append(nil, ts+500, 7, 3, event.I64(int64(3+i)), event.CStr(name), event.U32(1), event.U32(0), event.U32(0))}
		w.Write(&enter)
		w.Write(&exit)
	}
	w.Close()

	s, _ := store.Open(root)
	fdName, _, _ := fields.Lookup("fd.name")
	procName, _, _ := fields.Lookup("proc.name")
	var v fields.Value
	for _, seg := range s.Range(t0, t0+10_000) {
		r, _ := store.OpenSegment(seg.Path)
		snap, _ := r.Snapshot()
		eng := state.New(state.Options{})
		enrich.Restore(eng, snap)
		var ev event.Event
		for {
			if err := r.Next(&ev); errors.Is(err, io.EOF) {
				break
			}
			ctx := eng.Process(&ev)
			procName.Extract(ctx, eng, &v)
			p := string(v.Bytes)
			name := "<NA>"
			if fdName.Extract(ctx, eng, &v) {
				name = string(v.Bytes)
			}
			fmt.Println(seg.Host, snap.Kind, ev.Num, p, name)
			eng.EndEvent(ctx)
		}
		r.Close()
	}
	// Output:
	// web1 capture 1 nginx <NA>
	// web1 capture 2 nginx /etc/hosts
	// web1 state 3 nginx <NA>
	// web1 state 4 nginx /etc/passwd
}

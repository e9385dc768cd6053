package main

import (
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// cloneExit builds a CLONE_20_X exit of tid (parent ptid) running comm.
func cloneExit(ts uint64, tid, res, ptid int64, comm string) []byte {
	return event.Append(nil, ts, tid, evClone20X, event.I64(res), event.CStr("/bin/x"), []byte{}, event.I64(tid),
		event.I64(tid), event.I64(ptid), event.CStr("/"), event.I64(1024), event.U64(0), event.U64(0),
		event.U32(0), event.U32(0), event.U32(0), event.CStr(comm), []byte{}, event.U32(0),
		event.U32(0), event.U32(0), event.I64(tid), event.I64(tid))
}

// TestReadSuppressComm: -U drops the events of a process whose clone or execve exit
// names the comm, and of its children, up to their procexit, before numbering; a later
// exit of those calls under another comm lifts it. Modelled on sysdig 0.29.3 -r F -U
// python3, which renumbered the remaining events from 1, kept the events of the
// process-list threads, printed a python3 process again after it renamed itself and
// cloned, and reported the dropped events as "Suppressed by Comm".
func TestReadSuppressComm(t *testing.T) {
	ts := uint64(1_000_000_000)
	next := func() uint64 { ts += 100; return ts }
	evs := [][]byte{
		event.Append(nil, next(), 100, 4, event.I64(3)),                                                // cat of the process list: kept (1)
		cloneExit(next(), 300, 0, 1, "python3"),                                                        // suppressed
		event.Append(nil, next(), 300, 4, event.I64(3)),                                                // suppressed
		cloneExit(next(), 301, 0, 300, "sh"),                                                           // child of a suppressed thread: suppressed
		event.Append(nil, next(), 301, 4, event.I64(3)),                                                // suppressed
		event.Append(nil, next(), 301, evProcExit1E, event.I64(0), event.I64(0), []byte{0}, []byte{0}), // suppressed, and lifted
		event.Append(nil, next(), 301, 4, event.I64(4)),                                                // kept (2)
		cloneExit(next(), 300, 302, 1, "renamed"),                                                      // another comm: lifted, kept (3)
		event.Append(nil, next(), 300, 4, event.I64(5)),                                                // kept (4)
	}
	path := writeCatCapture(t, "suppress.scap", evs)
	got := readLines(t, readOptions{file: path, format: "%evt.num %thread.tid %evt.type", suppress: []string{"python3"}}, "")
	want := "1 100 close,2 301 close,3 300 clone,4 300 close"
	if strings.Join(got, ",") != want {
		t.Errorf("got %q, want %q", strings.Join(got, ","), want)
	}
}

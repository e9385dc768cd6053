package state

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// sysdig 0.29.3 showed proc.is_exe_writable true for the thread missing from the process
// list that a filtered live recording's first event came from, and false for every later
// missing thread; with a known thread first, every missing thread showed false.
func TestFirstEventPlaceholderIsExeWritable(t *testing.T) {
	h := newHarness(t, &scap.Section{})
	h.run(500, 6, event.I64(3), event.U32(10)) // read enter of unknown 500: the first event
	h.run(501, 6, event.I64(3), event.U32(10))
	if th := h.e.Thread(500); th == nil || !th.ExeWritable {
		t.Errorf("placeholder of the first event: %+v, want ExeWritable", th)
	}
	if th := h.e.Thread(501); th == nil || th.ExeWritable {
		t.Errorf("later placeholder: %+v, want not ExeWritable", th)
	}

	known := scap.Process{Tid: 7, Pid: 7, Ptid: 1, Comm: "cat", Exe: "cat", LoginUID: -1}
	h = newHarness(t, &scap.Section{Processes: []scap.Process{known}})
	h.run(7, 6, event.I64(3), event.U32(10))
	h.run(502, 6, event.I64(3), event.U32(10))
	if th := h.e.Thread(502); th == nil || th.ExeWritable {
		t.Errorf("placeholder after a known first thread: %+v, want not ExeWritable", th)
	}
}

package fields

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// TestMainThreadFieldsAddAPlaceholder: an execve exit whose thread (tid 107) names as
// its process a pid (7) the table lacks. sysdig printed proc.ppid -1 for such an event
// of a live recording replayed with shifted thread ids: its main-thread lookup adds a
// placeholder (ptid -1, comm <NA>) that later events see too. Without the placeholder the
// field has no value and a format without '*' drops the line.
func TestMainThreadFieldsAddAPlaceholder(t *testing.T) {
	r := newReplay()
	r.feed(event.Append(nil, 1000, 107, 293, event.I64(0), event.CStr("rm"), []byte("-f\x00"),
		event.I64(7), event.I64(7), event.I64(5), event.CStr(""), event.U64(1024), event.U64(0),
		event.U64(0), event.U32(0), event.U32(0), event.U32(0), event.CStr("rm"), nil, nil,
		event.U32(0), event.I64(7), event.U32(0xffffffff), event.U32(0)))
	if th := r.eng.Thread(107); th == nil || th.Pid != 7 || r.eng.Thread(7) != nil {
		t.Fatalf("setup: thread 107 %+v, thread 7 %v: want 107 in process 7, and no thread 7", th, r.eng.Thread(7))
	}
	if got := text(t, r, "proc.ppid"); got != "-1" {
		t.Errorf("proc.ppid = %q, want -1", got)
	}
	m := r.eng.Thread(7)
	if m == nil || m.Comm != "<NA>" || m.Ptid != -1 {
		t.Fatalf("thread 7 after the lookup: %+v, want a placeholder", m)
	}
	// sysdig showed 2 on that event: the placeholder counts the thread naming it.
	if got := text(t, r, "proc.nthreads"); got != "2" {
		t.Errorf("proc.nthreads = %q, want 2", got)
	}
}

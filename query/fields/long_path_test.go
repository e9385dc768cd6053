package fields

import (
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// A relative path parameter whose resolution passes 1024 bytes still shows in full in
// the event's arguments, while the fd table names such a file /PATH_TOO_LONG. Observed
// with sysdig 0.29.3 on a live recording: openat of a 1013-byte name from cwd /tmp/df/c/
// printed name=qqq...(/tmp/df/c/qqq...) with the whole 1023-byte path.
func TestLongRelativePathArgument(t *testing.T) {
	r := newReplay()
	r.eng.LoadSection(&scap.Section{Processes: []scap.Process{{Tid: tid, Pid: tid, Ptid: 1, Sid: -1,
		Vpgid: -1, Vtid: tid, Vpid: tid, Comm: "py", Exe: "py", Cwd: "/tmp/df/c/", FDLimit: 1024, LoginUID: -1}}})
	name := strings.Repeat("q", 1013)
	// openat enter (306): dirfd, name, flags, mode.
	r.feed(event.Append(nil, 1000, tid, 306, event.I64(-100), event.CStr(name), event.U32(1), event.U32(0)))
	want := "/tmp/df/c/" + name
	if got := text(t, r, "evt.arg.name"); got != want {
		t.Errorf("evt.arg.name has %d bytes (%.20q...), want the %d-byte path", len(got), got, len(want))
	}
	if got := text(t, r, "evt.args"); !strings.Contains(got, "name="+name+"("+want+") ") {
		t.Errorf("evt.args = %.60q..., want name=%.10q...(%.20q...)", got, name, want)
	}
}

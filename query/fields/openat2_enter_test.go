package fields

import (
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// openat2's enter event names its path parameter's dirfd wrongly (the path itself), and
// sysdig then resolves the path against the cwd whatever the real dirfd; the exit
// resolves against the dirfd. Observed with sysdig 0.29.3 on a live recording, cwd
// /tmp/df/c: "> openat2 dirfd=3(<d>/etc) name=x(/tmp/df/c/x)", "< openat2 fd=-2(ENOENT)
// dirfd=3(<d>/etc) name=x(/etc/x)".
func TestOpenat2EnterResolvesAgainstCwd(t *testing.T) {
	r := newReplay()
	r.eng.LoadSection(&scap.Section{Processes: []scap.Process{{Tid: tid, Pid: tid, Ptid: 1, Sid: -1,
		Vpgid: -1, Vtid: tid, Vpid: tid, Comm: "o2", Exe: "o2", Cwd: "/tmp/df/c/", FDLimit: 1024, LoginUID: -1}}})
	// openat /etc as fd 3 (O_RDONLY|O_DIRECTORY).
	r.feed(event.Append(nil, 1000, tid, 306, event.I64(-100), event.CStr("/etc"), event.U32(0x401), event.U32(0)))
	r.feed(event.Append(nil, 1010, tid, 307, event.I64(3), event.I64(-100), event.CStr("/etc"), event.U32(0x401), event.U32(0), event.U32(0)))
	// openat2 enter (326): dirfd, name, flags, mode, resolve; exit (327): fd, dirfd, name, flags, mode, resolve.
	r.feed(event.Append(nil, 2000, tid, 326, event.I64(3), event.CStr("x"), event.U32(1), event.U32(0), event.U32(0)))
	if got := text(t, r, "evt.args"); !strings.Contains(got, "name=x(/tmp/df/c/x) ") {
		t.Errorf("openat2 enter args = %q, want name=x(/tmp/df/c/x)", got)
	}
	r.feed(event.Append(nil, 2010, tid, 327, event.I64(-2), event.I64(3), event.CStr("x"), event.U32(1), event.U32(0), event.U32(0)))
	if got := text(t, r, "evt.args"); !strings.Contains(got, "name=x(/etc/x) ") {
		t.Errorf("openat2 exit args = %q, want name=x(/etc/x)", got)
	}
}

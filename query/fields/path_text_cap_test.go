package fields

import (
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// A path parameter's raw text is cut to sysdig's parameter text buffer, 2048 bytes with
// its NUL until a longer CHARBUF or BYTEBUF parameter enlarges it, while the resolved
// text stays whole. Observed with sysdig 0.29.3 on a live recording: an openat of a
// 2048-byte relative name printed name=<its first 2047 bytes>(<cwd + the whole name>);
// after a symlink with a 2048-byte target, a 2049-byte name printed its first 2048.
func TestPathTextCap(t *testing.T) {
	r := newReplay()
	args, _, err := Lookup("evt.args")
	if err != nil {
		t.Fatal(err)
	}
	argsOf := func() string {
		var v Value
		args.Extract(r.ctx, r.eng, &v)
		return string(AppendText(nil, args, &v))
	}
	openat := func(n int) string {
		name := strings.Repeat("o", n)
		r.feed(event.Append(nil, 1000, tid, 306, event.I64(-100), event.CStr(name), event.U32(1), event.U32(0)))
		return argsOf()
	}
	shown := func(s string) int { return strings.Index(s[len("dirfd=-100(AT_FDCWD) name="):], "(") }
	if got := shown(openat(2047)); got != 2047 {
		t.Errorf("2047-byte name shows %d bytes, want all", got)
	}
	if got := shown(openat(2048)); got != 2047 {
		t.Errorf("2048-byte name shows %d bytes, want 2047", got)
	}
	// symlinkat exit: res, target (CHARBUF), linkdirfd, linkpath.
	r.feed(event.Append(nil, 2000, tid, 181, event.I64(0), event.CStr(strings.Repeat("t", 2048)), event.I64(-100), event.CStr("lnk")))
	if got := argsOf(); !strings.Contains(got, "target="+strings.Repeat("t", 2048)+" ") {
		t.Errorf("symlinkat target cut: %.40q...", got)
	}
	got := openat(2049)
	if n := shown(got); n != 2048 {
		t.Errorf("2049-byte name after a 2049-byte CHARBUF shows %d bytes, want 2048", n)
	}
	if !strings.Contains(got, "("+strings.Repeat("o", 2049)+")") {
		t.Error("resolved path is not whole")
	}
}

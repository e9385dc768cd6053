package fields

import (
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/query/fields/render"
)

// A path parameter's raw text is cut to sysdig's parameter text buffer: 1024 bytes with
// its NUL until a longer CHARBUF parameter grows it to its length or a BYTEBUF one whose
// text is longer doubles it; the resolved text stays whole. Observed with sysdig 0.29.3
// on live recordings: with only openat events shown, names of 2046 to 4000 bytes printed
// their first 1023; after a symlink with a 2046-byte target, a 2047-byte name printed
// 2046; after an execve with a ~1.5 KiB environment, 2047; with -x after the same
// execve, 4000-byte names printed whole.
func TestPathTextCap(t *testing.T) {
	shown := func(s string) int { return strings.Index(s[len("dirfd=-100(AT_FDCWD) name="):], "(") }
	run := func(o render.Options) (r *replay, openat func(n int) int, feedArgs func(raw []byte) string) {
		r = newReplay()
		args, _, err := Lookup("evt.args")
		if err != nil {
			t.Fatal(err)
		}
		args.SetRenderOptions(o)
		argsOf := func() string {
			var v Value
			args.Extract(r.ctx, r.eng, &v)
			return string(AppendText(nil, args, &v))
		}
		feedArgs = func(raw []byte) string { r.feed(raw); return argsOf() }
		openat = func(n int) int {
			name := strings.Repeat("o", n)
			got := feedArgs(event.Append(nil, 1000, tid, 306, event.I64(-100), event.CStr(name), event.U32(1), event.U32(0)))
			if !strings.Contains(got, "("+name+")") {
				t.Errorf("resolved path of a %d-byte name is not whole", n)
			}
			return shown(got)
		}
		return r, openat, feedArgs
	}

	_, openat, feedArgs := run(render.Options{Truncate: render.DefaultTruncate})
	if got := openat(1023); got != 1023 {
		t.Errorf("1023-byte name shows %d bytes, want all", got)
	}
	if got := openat(2048); got != 1023 {
		t.Errorf("2048-byte name shows %d bytes, want 1023", got)
	}
	// symlinkat exit (181): res, target (CHARBUF), linkdirfd, linkpath.
	got := feedArgs(event.Append(nil, 2000, tid, 181, event.I64(0), event.CStr(strings.Repeat("t", 2046)), event.I64(-100), event.CStr("lnk")))
	if !strings.Contains(got, "target="+strings.Repeat("t", 2046)+" ") {
		t.Errorf("symlinkat target cut: %.40q...", got)
	}
	if got := openat(2047); got != 2046 {
		t.Errorf("2047-byte name after a 2047-byte CHARBUF shows %d bytes, want 2046", got)
	}

	// A read exit (7) with 1500 bytes of data doubles the buffer to 2048 in the normal
	// format, to 8192 in hex (its text is several times longer).
	data := []byte(strings.Repeat("d", 1500))
	for _, c := range []struct {
		o    render.Options
		want int
	}{
		{render.Options{Truncate: render.DefaultTruncate}, 2047},
		{render.Options{Buffer: render.BufferHex}, 4000},
	} {
		_, openat, feedArgs := run(c.o)
		feedArgs(event.Append(nil, 500, tid, 7, event.I64(1500), data))
		if got := openat(4000); got != c.want {
			t.Errorf("buffer format %v: 4000-byte name after a 1500-byte buffer shows %d bytes, want %d", c.o.Buffer, got, c.want)
		}
	}
}

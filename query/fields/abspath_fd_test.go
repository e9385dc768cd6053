package fields

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// While evt.abspath resolves a relative openat path against a real dirfd, sysdig makes
// the dirfd's entry the event's fd, so fd.* fields extracted after it in the same event
// show the directory. Observed with sysdig 0.29.3 on a live recording: for
// openat(3</etc>, "hostname") = 4, -p '%evt.abspath %fd.name %fd.type' printed
// "/etc/hostname /etc directory" and -p '%fd.name %evt.abspath' "/etc/hostname
// /etc/hostname"; an absolute path or AT_FDCWD leaves the fd alone.
func TestAbspathSwitchesToTheDirFD(t *testing.T) {
	open := func(r *replay, ts uint64, dirfd, fd int64, name string, flags uint32) {
		r.feed(event.Append(nil, ts, tid, 306, event.I64(dirfd), event.CStr(name), event.U32(flags), event.U32(0)))
		r.feed(event.Append(nil, ts+10, tid, 307, event.I64(fd), event.I64(dirfd), event.CStr(name), event.U32(flags), event.U32(0), event.U32(0)))
	}
	lookup := func(name string) *Field {
		f, _, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	show := func(r *replay, fs ...*Field) []string {
		var out []string
		for _, f := range fs {
			var v Value
			f.Extract(r.ctx, r.eng, &v)
			out = append(out, string(AppendText(nil, f, &v)))
		}
		return out
	}
	abs, name, typ, num := lookup("evt.abspath"), lookup("fd.name"), lookup("fd.type"), lookup("fd.num")
	for _, c := range []struct {
		path string
		want []string
	}{
		{"hostname", []string{"/etc/hostname", "/etc/hostname", "/etc", "directory", "4"}},
		{"/etc/hostname", []string{"/etc/hostname", "/etc/hostname", "/etc/hostname", "file", "4"}},
	} {
		r := newReplay()
		open(r, 1000, -100, 3, "/etc", 0x401) // O_RDONLY|O_DIRECTORY
		open(r, 2000, 3, 4, c.path, 1)
		got := show(r, name, abs, name, typ, num)
		for i := range c.want {
			if got[i] != c.want[i] {
				t.Errorf("openat(3, %q): fd.name evt.abspath fd.name fd.type fd.num = %q, want %q", c.path, got, c.want)
				break
			}
		}
	}
}

package filter_test

import (
	"slices"
	"testing"

	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/query/output"
)

// ReadsFDTables says which filters and output formats can read an fd table: fd fields,
// fd and path parameters of the events the filter can accept, fields it does not know.
func TestReadsFDTables(t *testing.T) {
	cases := []struct {
		filter, format string
		want           bool
	}{
		// execve's exit has no fd or path parameter; its enter has a path (PT_FSPATH),
		// which renders against the working directory, which fchdir takes from an fd.
		{"evt.type=execve and evt.dir=<", output.DefaultFormat, false},
		{"evt.type=execve", output.DefaultFormat, true},
		{"evt.type in (clone, fork, vfork, execve) and evt.dir=< and not evt.failed=true", output.DefaultFormat, false},
		{"evt.type=chdir and evt.dir=<", output.DefaultFormat, false},
		{"evt.type=execve and evt.dir=<", "%evt.num %evt.latency %proc.name %user.name %container.id", false},
		{"evt.type=execve and evt.dir=<", "%proc.cwd", true},
		{"evt.type=execve and evt.dir=<", "%proc.exepath", true},
		{"evt.type=execve and evt.dir=<", "%fd.name", true},
		{"evt.type=execve and evt.dir=< and evt.deltatime > 0", "%evt.num", true},
		{"evt.type in (open, openat) and fd.name startswith /etc", "%evt.num", true},
		// Every type: open's exit renders its fd.
		{"proc.name=bash", output.DefaultFormat, true},
		{"proc.name=bash", "%evt.num %proc.name %thread.tid", false},
		// close's exit has no fd parameter, but it is an event on an fd: evt.info of a
		// write exit (no fd parameter either) shows a write to /dev/log by the fd's name.
		{"evt.type=close and evt.dir=<", output.DefaultFormat, true},
		{"evt.type=write and evt.dir=<", output.DefaultFormat, true},
		{"evt.type=write and evt.dir=<", "%evt.num %proc.name %evt.latency", false},
		{"evt.type=close", output.DefaultFormat, true},
	}
	for _, c := range cases {
		f, err := filter.Compile(c.filter, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.filter, err)
		}
		fm, err := output.Parse(c.format, output.DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		if got := filter.ReadsFDTables(slices.Concat(f.Fields(), fm.Fields()), f.EventTypes()); got != c.want {
			t.Errorf("%s with -p %q: reads fd tables %v, want %v", c.filter, c.format, got, c.want)
		}
	}
}

package filter

import (
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
)

// fdFreeFields are the fields whose values come from the event itself, its thread's
// pairing and latency bookkeeping, and the thread, user, group and container tables,
// never from an fd table, nor from a working directory or an executable path (which
// fchdir and execveat derive from fd entries). The parameter fields (paramFields) are
// fd-free only for events whose parameters render without fd entries or a working
// directory. Any other field counts as reading fd tables.
var fdFreeFields = setOf(
	"evt.num", "evt.time", "evt.time.s", "evt.time.iso8601", "evt.datetime", "evt.datetime.s",
	"evt.rawtime", "evt.rawtime.s", "evt.rawtime.ns", "evt.reltime", "evt.reltime.s",
	"evt.reltime.ns", "evt.latency", "evt.latency.s", "evt.latency.ns", "evt.latency.quantized",
	"evt.latency.human", "evt.outputtime", "evt.dir", "evt.type", "evt.type.is", "syscall.type",
	"evt.cpu", "evt.res", "evt.rawres", "evt.failed", "evt.count",
	"proc.pid", "proc.exe", "proc.name", "proc.args", "proc.env", "proc.cmdline", "proc.exeline",
	"proc.nthreads", "proc.nchilds", "proc.ppid", "proc.pname", "proc.pcmdline", "proc.apid",
	"proc.aname", "proc.loginshellid", "proc.duration", "proc.fdlimit", "proc.vmsize",
	"proc.vmrss", "proc.vmswap", "proc.vpid", "proc.sid", "proc.sname", "proc.tty", "proc.vpgid",
	"thread.pfmajor", "thread.pfminor", "thread.tid", "thread.ismain", "thread.exectime",
	"thread.totexectime", "thread.cgroups", "thread.cgroup", "thread.vtid", "thread.cpu",
	"thread.cpu.user", "thread.cpu.system", "thread.vmsize", "thread.vmrss", "thread.vmsize.b",
	"thread.vmrss.b", "thread.nametid",
	"user.uid", "user.name", "user.homedir", "user.shell", "user.loginuid", "user.loginname",
	"group.gid", "group.name",
	"container.id", "container.name", "container.image", "container.image.id", "container.type",
	"container.privileged", "container.image.repository", "container.image.tag",
	"container.image.digest",
)

// paramFields render or compare an event's parameters.
var paramFields = setOf("evt.args", "evt.info", "evt.arg", "evt.rawarg")

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// ReadsFDTables reports whether extracting fs for events of the types in types can read
// an fd table, directly (fd.*, evt.abspath, an fd parameter's name) or through state an
// fd entry sets (a working directory, by fchdir; an executable path, by execveat). It
// answers true whenever it cannot tell: for every field it does not know to be fd-free.
// scry read passes it the filter's fields and event types and the output format's
// fields; false lets the state engine skip parsers that only change fd tables
// (state.Engine.SetFDTablesUnobserved).
func ReadsFDTables(fs []*fields.Field, types *TypeSet) bool {
	params := false
	for _, f := range fs {
		if f == nil || f.Info == nil {
			return true
		}
		switch {
		case paramFields[f.Info.Name]:
			params = true
		case !fdFreeFields[f.Info.Name]:
			return true
		}
	}
	return params && paramsReadFDTables(types)
}

// paramsReadFDTables reports whether rendering the parameters of some event type in
// types can read an fd table or a working directory: fd and path parameters, and any
// event on an fd (evt.info shows a write to /dev/log by the fd's name).
func paramsReadFDTables(types *TypeSet) bool {
	// Types beyond the table (otherTypes) have no parameter table: nothing to render.
	for id := range schema.Events {
		if !types.Has(uint16(id)) {
			continue
		}
		if schema.Events[id].Flags&(schema.EFUsesFD|schema.EFReadsFromFD|schema.EFWritesToFD) != 0 {
			return true
		}
		for _, p := range schema.Events[id].Params {
			switch p.Type {
			case schema.TypeFd, schema.TypeFd32, schema.TypeFdlist, schema.TypeFspath,
				schema.TypeFsrelpath, schema.TypeDyn:
				return true
			}
		}
	}
	return false
}

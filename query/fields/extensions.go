package fields

import (
	"github.com/scrylabs/scry/formats/schema"
)

// extensionFields are fields of newer libs (and the Falco rules written for them) that
// sysdig 0.29 does not have: scry extensions. They resolve like every field, in the
// class sysdig's newer versions put them in, but are not part of sysdig's field list
// (`scry fields` shows them only when asked). Where a capture does not carry what a
// field needs (0.29-era captures have no capabilities, executable inodes or layers),
// the field has no value.
var extensionFields = []schema.Field{
	extension("process", "proc.pexe", schema.TypeCharbuf, "", "proc.exe of the parent process."),
	extension("process", "proc.pexepath", schema.TypeCharbuf, "", "proc.exepath of the parent process."),
	extension("process", "proc.aexe", schema.TypeCharbuf, "[N]", "proc.exe of an ancestor: proc.aexe[1] is the parent's, proc.aexe[0] the process's own. Without an index (filters only) it matches any ancestor."),
	extension("process", "proc.aexepath", schema.TypeCharbuf, "[N]", "proc.exepath of an ancestor, indexed like proc.aexe."),
	extension("process", "proc.acmdline", schema.TypeCharbuf, "[N]", "proc.cmdline of an ancestor, indexed like proc.aexe."),
	extension("process", "proc.cmdnargs", schema.TypeUint64, "", "number of command line arguments (proc.args)."),
	extension("process", "proc.cmdlenargs", schema.TypeUint64, "", "total length of the command line arguments, without separators."),
	extension("process", "proc.pvpid", schema.TypeInt64, "", "proc.vpid of the parent process."),
	extension("process", "proc.sid.exe", schema.TypeCharbuf, "", "proc.exe of the session leader (the process proc.sid names, or the eldest ancestor in the same session)."),
	extension("process", "proc.sid.exepath", schema.TypeCharbuf, "", "proc.exepath of the session leader."),
	extension("process", "proc.vpgid.name", schema.TypeCharbuf, "", "proc.name of the process group leader (the process proc.vpgid names, or the eldest ancestor in the same group)."),
	extension("process", "proc.vpgid.exe", schema.TypeCharbuf, "", "proc.exe of the process group leader."),
	extension("process", "proc.vpgid.exepath", schema.TypeCharbuf, "", "proc.exepath of the process group leader."),
	extension("process", "proc.is_sid_leader", schema.TypeBool, "", "true if the process leads its session (proc.sid = proc.vpid)."),
	extension("process", "proc.is_vpgid_leader", schema.TypeBool, "", "true if the process leads its process group (proc.vpgid = proc.vpid): run directly, e.g. from a terminal, rather than as a child in its parent's group."),
	extension("process", "proc.ppid.duration", schema.TypeReltime, "", "nanoseconds since the parent process started."),
	extension("process", "proc.pid.ts", schema.TypeReltime, "", "start of the process, nanoseconds since the epoch."),
	extension("process", "proc.ppid.ts", schema.TypeReltime, "", "start of the parent process, nanoseconds since the epoch."),
	extension("process", "proc.is_exe_upper_layer", schema.TypeBool, "", "true if the executable is in the upper (writable) layer of an overlay filesystem. Needs captures of libs 0.10 or later."),
	extension("process", "proc.is_exe_lower_layer", schema.TypeBool, "", "true if the executable is in a lower layer of an overlay filesystem. Needs captures of libs 0.18 or later."),
	extension("process", "proc.is_exe_from_memfd", schema.TypeBool, "", "true if the executable is a memfd_create file run through its descriptor. Needs captures of libs 0.12 or later."),
	extension("process", "proc.exe_ino", schema.TypeInt64, "", "inode number of the executable. Needs captures of libs 0.10 or later."),
	extension("process", "proc.exe_ino.ctime", schema.TypeAbstime, "", "last status change of the executable's inode, nanoseconds since the epoch."),
	extension("process", "proc.exe_ino.mtime", schema.TypeAbstime, "", "last modification of the executable's inode, nanoseconds since the epoch."),
	extension("process", "proc.exe_ino.ctime_duration_proc_start", schema.TypeAbstime, "", "nanoseconds from the executable's last status change to the start of the process."),
	extension("process", "proc.exe_ino.ctime_duration_pidns_start", schema.TypeAbstime, "", "nanoseconds from the start of the pid namespace to the executable's last status change, when the namespace is older."),
	extension("process", "proc.pidns_init_start_ts", schema.TypeUint64, "", "start of the process's pid namespace, nanoseconds since the epoch. Needs captures of libs 0.10 or later."),
	extension("process", "thread.cap_permitted", schema.TypeCharbuf, "", "the thread's permitted capabilities, e.g. CAP_CHOWN CAP_SYS_ADMIN. Needs captures of libs 0.7 or later."),
	extension("process", "thread.cap_inheritable", schema.TypeCharbuf, "", "the thread's inheritable capabilities."),
	extension("process", "thread.cap_effective", schema.TypeCharbuf, "", "the thread's effective capabilities."),
	extension("container", "container.start_ts", schema.TypeAbstime, "", "creation time of the container, nanoseconds since the epoch, where the container runtime reported it."),
	extension("fd", "fd.nameraw", schema.TypeCharbuf, "", "the path an open gave for the fd, as given (relative, with . and ..), repeated slashes collapsed; empty for fds not opened by path."),
}

// extension builds one extension field entry.
func extension(class, name string, typ schema.ParamType, argSyntax, desc string) schema.Field {
	f := schema.Field{Class: class, Name: name, Type: typ, TypeName: typeNames[typ],
		Argument: "none", ArgSyntax: argSyntax, Description: desc}
	if argSyntax != "" {
		f.Argument = "optional"
	}
	return f
}

// typeNames are the type names sysdig's field list prints.
var typeNames = map[schema.ParamType]string{
	schema.TypeCharbuf: "CHARBUF", schema.TypeUint64: "UINT64", schema.TypeInt64: "INT64",
	schema.TypeBool: "BOOL", schema.TypeReltime: "RELTIME", schema.TypeAbstime: "ABSTIME",
	schema.TypeDouble: "DOUBLE",
}

// Extensions returns the fields scry knows beyond sysdig 0.29's list, in class order.
// The entries are shared: do not modify them.
func Extensions() []*schema.Field {
	out := make([]*schema.Field, len(extensionFields))
	for i := range extensionFields {
		out[i] = &extensionFields[i]
	}
	return out
}

// IsExtension reports whether info is the entry of a scry extension field.
func IsExtension(info *schema.Field) bool {
	for i := range extensionFields {
		if info == &extensionFields[i] {
			return true
		}
	}
	return false
}

package fields

import (
	"github.com/scrylabs/scry/state"
)

// capabilityNames are the Linux capabilities by bit number, as capability sets are
// recorded (the kernel's numbering).
var capabilityNames = [...]string{
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
	"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
}

// appendCaps appends the names of the capabilities set in caps, in bit order,
// separated by spaces; bits without a name are left out.
func appendCaps(d []byte, caps uint64) []byte {
	first := true
	for i, name := range capabilityNames {
		if caps&(1<<i) == 0 {
			continue
		}
		if !first {
			d = append(d, ' ')
		}
		d = append(d, name...)
		first = false
	}
	return d
}

// capFields are thread.cap_permitted, thread.cap_inheritable and thread.cap_effective:
// the thread's capability sets as names, which captures of libs 0.7 and later record
// (process list entries and execve exits). Without them the fields have no value.
func capFields() map[string]impl {
	set := func(get func(t *state.Thread) uint64) impl {
		return impl{fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			return t.Known&state.KnownCaps != 0 && e.setBuf(v, appendCaps(e.buf[:0], get(t)))
		})}
	}
	return map[string]impl{
		"thread.cap_permitted":   set(func(t *state.Thread) uint64 { return t.CapPermitted }),
		"thread.cap_inheritable": set(func(t *state.Thread) uint64 { return t.CapInheritable }),
		"thread.cap_effective":   set(func(t *state.Thread) uint64 { return t.CapEffective }),
	}
}

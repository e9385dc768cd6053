package probe

// Attach selects how the syscall programs are attached.
type Attach int

// Attach modes. AttachBTF and AttachRaw attach dispatchers to the sys_enter and sys_exit
// tracepoints: every syscall of the host runs them, and they filter in the kernel.
// AttachSyscallTP attaches each filler to the per-syscall tracepoints of the syscalls it
// reports (syscalls/sys_enter_<name>): syscalls left out by Options.Syscalls run no
// program at all. It needs Linux 5.15 and tracefs (mounted on /sys/kernel/tracing if it
// is not). AttachAuto uses AttachSyscallTP when Syscalls restricts the capture to a few
// syscalls (at most 16) whose tracepoints exist, else BTF-typed tracepoints, and falls
// back to raw tracepoints.
const (
	AttachAuto Attach = iota
	AttachBTF
	AttachRaw
	AttachSyscallTP
)

func (a Attach) String() string {
	switch a {
	case AttachBTF:
		return "tp_btf"
	case AttachRaw:
		return "raw_tp"
	case AttachSyscallTP:
		return "syscall_tp"
	}
	return "auto"
}

// Options are the capture settings fixed when the probe is loaded.
type Options struct {
	// RingBytes is the size of each CPU's ring buffer: a power of two, at least one
	// page. 0 means DefaultRingBytes.
	RingBytes int
	// Snaplen is how many bytes of I/O data events keep (0 means DefaultSnaplen; at
	// most MaxSnaplen).
	Snaplen int
	// DropEnter leaves out enter events whose exit event carries every one of their
	// parameters.
	DropEnter bool
	// Syscalls restricts capture to these syscall names (as syscalls.tsv spells them);
	// empty means every syscall.
	Syscalls []string
	// PIDs restricts capture to these processes (and, with FollowForks, their
	// descendants); empty means every process.
	PIDs        []uint32
	FollowForks bool
	// NoProcExit leaves out process exit events.
	NoProcExit bool
	// WakeupBytes is the ring backlog past which the probe wakes the reader; below it
	// the reader polls. 0 means DefaultWakeupBytes.
	WakeupBytes uint64
	Attach      Attach
}

// Defaults and limits of Options.
const (
	DefaultRingBytes   = 8 << 20
	DefaultSnaplen     = 80
	MaxSnaplen         = 16384
	DefaultWakeupBytes = 1 << 20
)

func (o Options) withDefaults() Options {
	if o.RingBytes == 0 {
		o.RingBytes = DefaultRingBytes
	}
	if o.Snaplen == 0 {
		o.Snaplen = DefaultSnaplen
	}
	if o.Snaplen > MaxSnaplen {
		o.Snaplen = MaxSnaplen
	}
	if o.WakeupBytes == 0 {
		o.WakeupBytes = DefaultWakeupBytes
	}
	return o
}

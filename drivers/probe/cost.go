package probe

import (
	"fmt"
	"time"
)

// Cost is the time the syscall programs spent running, from the kernel's BPF run-time
// statistics (enable them with ebpf.EnableStats(unix.BPF_STATS_RUN_TIME) before loading
// the probe; without them every figure is zero). Tail-called fillers count towards the
// program that called them.
type Cost struct {
	EnterRuns, ExitRuns uint64
	Enter, Exit         time.Duration
}

// PerSyscall is the average time added to one syscall (its enter and exit program runs).
func (c Cost) PerSyscall() time.Duration {
	if c.EnterRuns == 0 || c.ExitRuns == 0 {
		return 0
	}
	return c.Enter/time.Duration(c.EnterRuns) + c.Exit/time.Duration(c.ExitRuns)
}

// Cost reads the syscall programs' run-time statistics: the dispatchers on sys_enter and
// sys_exit, or with AttachSyscallTP the programs attached to the per-syscall tracepoints
// (enter and exit ones summed apart).
func (p *Probe) Cost() (Cost, error) {
	var c Cost
	for _, x := range []struct {
		names []string
		runs  *uint64
		t     *time.Duration
	}{{p.enterProgs, &c.EnterRuns, &c.Enter}, {p.exitProgs, &c.ExitRuns, &c.Exit}} {
		for _, name := range x.names {
			st, err := p.coll.Programs[name].Stats()
			if err != nil {
				return Cost{}, fmt.Errorf("read %s statistics: %w", name, err)
			}
			*x.runs += st.RunCount
			*x.t += st.Runtime
		}
	}
	return c, nil
}

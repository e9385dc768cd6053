package main

// Pid numbers as Linux hands them out: increasing, wrapping at pid_max to the first pid
// after the kernel's own, skipping pids still in use.
const (
	pidMax   = 1 << 22 // /proc/sys/kernel/pid_max on 64-bit hosts
	pidFirst = 300     // where allocation restarts after a wrap
)

type pidAllocator struct {
	last int64
	live map[int64]bool
}

func newPidAllocator(last int64) *pidAllocator {
	return &pidAllocator{last: last, live: map[int64]bool{}}
}

// next returns a free pid and marks it in use.
func (a *pidAllocator) next() int64 {
	for {
		a.last++
		if a.last >= pidMax {
			a.last = pidFirst
		}
		if !a.live[a.last] {
			a.live[a.last] = true
			return a.last
		}
	}
}

// release frees a pid whose thread has exited.
func (a *pidAllocator) release(pid int64) { delete(a.live, pid) }

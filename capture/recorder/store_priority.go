package recorder

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// builderNice is the scheduling priority of the builder's thread: lower than the
// draining goroutine's, so that on a busy CPU the kernel gives the drain about three
// quarters of it (more than it needs at a one-core storm's rate) and the builder the
// rest; not the lowest, so the builder still gets its share on a host busy with other
// work. Its backlog waits in the spool.
const builderNice = 5

// lowerPriority binds the calling goroutine to its thread for the rest of its life (the
// thread ends with it, so no other goroutine inherits the priority) and gives that
// thread the builder's priority. It does nothing where the priority cannot be changed.
func lowerPriority() {
	runtime.LockOSThread()
	_ = unix.Setpriority(unix.PRIO_PROCESS, unix.Gettid(), builderNice)
}

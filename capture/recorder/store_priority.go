package recorder

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// builderNice is the scheduling priority of the builder's thread: the lowest, so that
// on a busy CPU the draining goroutine's thread (and the traced processes) run first and
// the builder takes what is left. Its backlog waits in the spool.
const builderNice = 19

// lowerPriority binds the calling goroutine to its thread for the rest of its life (the
// thread ends with it, so no other goroutine inherits the priority) and gives that
// thread the builder's priority. It does nothing where the priority cannot be changed.
func lowerPriority() {
	runtime.LockOSThread()
	_ = unix.Setpriority(unix.PRIO_PROCESS, unix.Gettid(), builderNice)
}

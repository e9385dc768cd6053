package state

import "github.com/scrylabs/scry/formats/event"

// Placeholder values of threads the engine learns about only from their events.
const (
	placeholderName = "<NA>"
	noID            = 0xFFFFFFFF
)

// DefaultMaxThreads is the default thread table capacity; new threads beyond it are
// not added.
const DefaultMaxThreads = 131072

// newThread returns an entry with the defaults of a thread built from scratch.
func newThread(tid int64) *Thread {
	return &Thread{
		Tid: tid, Pid: -1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1,
		Flags: NameChanged, FDLimit: -1, LastEventType: 0xFFFF,
		FDs: newFDTable(),
	}
}

// IsMainThread reports whether t is the main thread of its process (tid == pid or
// flagged so).
func (t *Thread) IsMainThread() bool { return t.Tid == t.Pid || t.Flags&IsMainThread != 0 }

// IsPlaceholder reports whether t was made up for a tid the engine knew nothing about
// (comm "<NA>" and uid 0xFFFFFFFF); clone treats such a parent as invalid.
func (t *Thread) IsPlaceholder() bool { return t.Comm == placeholderName && t.UID == noID }

// CgroupPath returns the path of t's first cgroup of subsystem subsys, "/" if none.
func (t *Thread) CgroupPath(subsys string) string {
	for _, c := range t.Cgroups {
		if c.Subsys == subsys {
			return c.Path
		}
	}
	return "/"
}

// StoredEnter returns the thread's stored enter event and whether one is stored. The
// event aliases the thread's buffer: it is valid until the engine processes the next
// event.
func (t *Thread) StoredEnter() (event.Event, bool) {
	if !t.enterHas {
		return event.Event{}, false
	}
	return event.Event{Raw: t.enter, CPU: t.enterCPU, Num: t.enterNum}, true
}

package state

import (
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// Options configure an Engine. The zero value gives the reference limits.
type Options struct {
	// MaxThreads caps the thread table (DefaultMaxThreads when 0).
	MaxThreads int
	// MaxFDs caps each fd table (DefaultMaxFDs when 0).
	MaxFDs int
	// ReapClosedProcesses removes a main thread whose procexit was seen while it still
	// had threads as soon as its last thread leaves. sysdig keeps such entries for the
	// rest of a capture, so reaping changes what later events can look up (a parent's
	// name, for instance); long-running live captures use it to keep the table small.
	ReapClosedProcesses bool
}

// Engine is the state engine: the thread, fd, user, group, interface and container
// tables of one capture, updated event by event. See the package documentation for the
// order of calls and the concurrency contract.
type Engine struct {
	opts Options

	threads map[int64]*Thread
	tids    tidCache // recent lookups of threads, in front of the map

	users      map[uint32]*User
	groups     map[uint32]*Group
	ifaces     []Interface
	containers map[string]*Container
	// containerOrder holds the container ids in the order they entered containers (the
	// container engines' claims and the container events decide it): sysdig's chisels see
	// that table in an order that follows from its insertions (ContainersAsAdded).
	containerOrder []string
	lookups        map[containerKey]int
	hosts          hostCgroups // cgroup sets known to hold no container

	firstTS     uint64
	haveFirstTS bool
	started     bool // a non-container event has been processed
	firstEvent  bool // the event being processed is the first non-container one
	// consumedContainers: container events were processed before the first other event
	// (sysdig reads them before importing the process list).
	consumedContainers bool

	pendingTid    int64
	hasPendingTid bool
	pendingFDs    []pendingFD
	fds           fdPool    // erased fd entries for reuse
	names         nameCache // fd names in use, shared

	filter func(*EventContext) bool
	skip   *[schema.LegacyMax]skipClass // what Process skips, by type (SetFilterTypes)
	// accepts is SetFilterTypes' set; fdsPromised is SetFDTablesUnobserved's promise,
	// fdsUnobserved that the engine acts on it (skip_fd.go).
	accepts      func(typ uint16) bool
	genericFalse []uint64 // SetFilterGenericCodes' codes, a bit each

	// containerTexts are the containers of CONTAINER_JSON texts decoded so far
	// (decodedContainer).
	containerTexts textCache[*Container]
	// cgroupTexts are the cgroups blobs of clone and execve exits parsed so far
	// (cgroupsOf).
	cgroupTexts textCache[[]Cgroup]

	// pidCounts counts the threads of the table by pid while pidCountsOK
	// (threadsOfPid).
	pidCounts     map[int64]int32
	pidCountsOK   bool
	fdsPromised   bool
	fdsUnobserved bool

	ctx     EventContext
	tinfo   *Thread // the event's thread as reset found it (sinsp's evt.tinfo)
	enterEv event.Event
	// lastEnter is a copy of the enter event last paired by a parser (any thread).
	lastEnter []byte
	staleEv   event.Event

	// The cleanup EndEvent owes the last event: free the stored enter event of
	// cleanupThread when the event was an exit.
	cleanupPending bool
	cleanupExit    bool
	cleanupThread  *Thread
	synth          Thread // the synthetic thread of a container event
	path           []byte // scratch for path building
}

// pendingFD is an fd a close scheduled for removal at the next event, in the table owned
// by thread owner.
type pendingFD struct {
	owner int64
	fd    int64
}

// containerKey identifies a container lookup: the id and the engine type.
type containerKey struct {
	id  string
	typ int
}

var _ View = (*Engine)(nil)

// New returns an empty engine.
func New(opts Options) *Engine {
	if opts.MaxThreads <= 0 {
		opts.MaxThreads = DefaultMaxThreads
	}
	if opts.MaxFDs <= 0 {
		opts.MaxFDs = DefaultMaxFDs
	}
	e := &Engine{opts: opts}
	e.resetTables()
	return e
}

func (e *Engine) resetTables() {
	e.threads = make(map[int64]*Thread)
	e.pidCountsOK = false
	e.tids.clear()
	e.users = make(map[uint32]*User)
	e.groups = make(map[uint32]*Group)
	e.ifaces = nil
	e.containers = make(map[string]*Container)
	e.lookups = make(map[containerKey]int)
	e.hosts = hostCgroups{}
	e.hasPendingTid = false
	e.pendingFDs = e.pendingFDs[:0]
}

// SetFilter installs the event filter (nil removes it). It runs inside Process: before
// the parsers for events whose table flags lack EF_MODIFIES_STATE (a rejection then skips
// the parsers and breaks the pairing of the thread's next exit, as in sysdig), after them
// for the others. Rejected events come back with Filtered set.
func (e *Engine) SetFilter(f func(ctx *EventContext) bool) {
	e.filter, e.skip, e.accepts, e.fdsPromised, e.fdsUnobserved = f, nil, nil, false, false
	e.genericFalse = nil
}

// Thread looks a thread up by tid, nil if absent.
func (e *Engine) Thread(tid int64) *Thread {
	slot := e.tids.slot(tid)
	if slot.t != nil && slot.tid == tid {
		return slot.t
	}
	t := e.threads[tid]
	if t != nil {
		slot.tid, slot.t = tid, t
	}
	return t
}

// MainThread returns the main thread of t (t itself for a main thread), nil if absent.
func (e *Engine) MainThread(t *Thread) *Thread {
	if t == nil {
		return nil
	}
	if t.IsMainThread() {
		return t
	}
	return e.Thread(t.Pid)
}

// MainThreadOrPlaceholder returns t's main thread, adding a placeholder for its pid when
// it is absent (ptid -1, comm and exe "<NA>", as for any unknown thread). sysdig's fields
// that read a thread's process (proc.ppid, proc.nthreads, proc.env ...) look the main
// thread up that way, so the first such field of a thread whose process is missing shows
// the placeholder's values, and the placeholder stays in the table.
func (e *Engine) MainThreadOrPlaceholder(t *Thread) *Thread {
	if t == nil {
		return nil
	}
	return e.mainThreadOrPlaceholder(t)
}

// Parent returns the thread whose tid is t's ptid, nil if absent.
func (e *Engine) Parent(t *Thread) *Thread {
	if t == nil {
		return nil
	}
	return e.Thread(t.Ptid)
}

// FDTable returns the fd table t uses: its main thread's with CLONE_FILES, else its own.
func (e *Engine) FDTable(t *Thread) *FDTable {
	if t == nil {
		return nil
	}
	if t.Flags&CloneFiles == 0 {
		return t.FDs
	}
	if m := e.MainThread(t); m != nil {
		return m.FDs
	}
	return nil
}

// Cwd returns t's working directory: its main thread's.
func (e *Engine) Cwd(t *Thread) string {
	if m := e.MainThread(t); m != nil {
		return m.Cwd
	}
	return ""
}

// Env returns t's environment: its own for a main thread, else its main thread's.
func (e *Engine) Env(t *Thread) []string {
	if m := e.MainThread(t); m != nil {
		return m.Env
	}
	return nil
}

// User returns the user with that uid, nil if unknown (always for 0xFFFFFFFF).
func (e *Engine) User(uid uint32) *User {
	if uid == noID {
		return nil
	}
	return e.users[uid]
}

// Group returns the group with that gid, nil if unknown (always for 0xFFFFFFFF).
func (e *Engine) Group(gid uint32) *Group {
	if gid == noID {
		return nil
	}
	return e.groups[gid]
}

// Container returns the container with that id, nil if unknown.
func (e *Engine) Container(id string) *Container { return e.containers[id] }

// Interfaces returns the capture's network interfaces.
func (e *Engine) Interfaces() []Interface { return e.ifaces }

// FirstEventTS is the timestamp of the first non-container event processed.
func (e *Engine) FirstEventTS() uint64 { return e.firstTS }

// NumThreads is the number of entries of the thread table.
func (e *Engine) NumThreads() int { return len(e.threads) }

// EachThread calls f for every thread in ascending tid order until f returns false.
// Threads the engine removes meanwhile (f may process events) are skipped.
func (e *Engine) EachThread(f func(t *Thread) bool) {
	for _, tid := range sortedKeys(e.threads) {
		if t := e.threads[tid]; t != nil && !f(t) {
			return
		}
	}
}

// Containers calls f for every container in ascending id order until f returns false.
func (e *Engine) Containers(f func(c *Container) bool) {
	for _, id := range sortedKeys(e.containers) {
		if c := e.containers[id]; c != nil && !f(c) {
			return
		}
	}
}

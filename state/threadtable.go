package state

import (
	"cmp"
	"slices"
)

func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// threadOrPlaceholder looks tid up and, when absent, adds a placeholder entry (the
// reference's lookup with query_os on a capture). It returns nil only when the table is
// full.
func (e *Engine) threadOrPlaceholder(tid int64) *Thread {
	if t := e.Thread(tid); t != nil {
		return t
	}
	if len(e.threads) >= e.opts.MaxThreads {
		return nil
	}
	t := newThread(tid)
	t.Pid = tid
	t.Ptid = -1
	t.Comm, t.Exe = placeholderName, placeholderName
	t.UID, t.GID, t.LoginUID = noID, noID, noID
	t.NChilds = uint64(e.threadsOfPid(tid))
	e.addThread(t, false)
	return t
}

// addThread puts t in the table, replacing an entry with its tid; an entry not from a
// process list with CLONE_THREAD counts as a child of its main thread. It reports false
// when the table is full.
func (e *Engine) addThread(t *Thread, fromProcList bool) bool {
	if len(e.threads) >= e.opts.MaxThreads && e.threads[t.Tid] == nil {
		return false
	}
	if !fromProcList && t.Flags&CloneThread != 0 {
		if m := e.threadOrPlaceholder(t.Pid); m != nil {
			m.NChilds++
		}
	}
	if old := e.threads[t.Tid]; old != nil {
		e.countPid(old.Pid, -1)
	}
	e.threads[t.Tid] = t
	e.countPid(t.Pid, 1)
	e.tids.put(t.Tid, t)
	return true
}

// threadsOfPid is the number of threads in the table whose pid is pid. The counts by
// pid are kept as threads come, go and exec, and counted afresh from the table where
// they are not known (after resetTables, or a table filled directly).
func (e *Engine) threadsOfPid(pid int64) int32 {
	if !e.pidCountsOK {
		if e.pidCounts == nil {
			e.pidCounts = make(map[int64]int32, len(e.threads))
		}
		clear(e.pidCounts)
		for _, t := range e.threads {
			e.pidCounts[t.Pid]++
		}
		e.pidCountsOK = true
	}
	return e.pidCounts[pid]
}

// countPid adds d to the threads of pid in the counts by pid, where they are known.
func (e *Engine) countPid(pid int64, d int32) {
	if !e.pidCountsOK {
		return
	}
	if n := e.pidCounts[pid] + d; n != 0 {
		e.pidCounts[pid] = n
	} else {
		delete(e.pidCounts, pid)
	}
}

// setPid changes the pid of t, counting it where t is in the table.
func (e *Engine) setPid(t *Thread, pid int64) {
	if e.threads[t.Tid] == t {
		e.countPid(t.Pid, -1)
		e.countPid(pid, 1)
	}
	t.Pid = pid
}

// removeThread removes tid unless it still has threads (nchilds > 0) and force is off.
func (e *Engine) removeThread(tid int64, force bool) {
	t := e.threads[tid]
	if t == nil || (t.NChilds != 0 && !force) {
		return
	}
	var reap *Thread
	if t.Flags&CloneThread != 0 {
		if m := e.Thread(t.Pid); m != nil && m.NChilds > 0 {
			m.NChilds--
			if e.opts.ReapClosedProcesses && m.NChilds == 0 && m.Flags&Closed != 0 && m != t {
				reap = m
			}
		}
	}
	delete(e.threads, tid)
	e.countPid(t.Pid, -1)
	e.tids.drop(tid)
	if t.NChilds != 0 {
		e.recountChilds()
	}
	if reap != nil {
		e.removeThread(reap.Tid, false)
	}
}

// recountChilds recomputes every nchilds from the CLONE_THREAD entries.
func (e *Engine) recountChilds() {
	for _, t := range e.threads {
		t.NChilds = 0
	}
	for _, t := range e.threads {
		if t.Flags&CloneThread != 0 {
			if m := e.threads[t.Pid]; m != nil {
				m.NChilds++
			}
		}
	}
}

// mainThreadOrPlaceholder is the main thread of t, a placeholder for its pid if absent.
func (e *Engine) mainThreadOrPlaceholder(t *Thread) *Thread {
	if t.IsMainThread() {
		return t
	}
	return e.threadOrPlaceholder(t.Pid)
}

// fdTableInUse is the table t uses (its main thread's with CLONE_FILES), creating a
// placeholder main thread when needed.
func (e *Engine) fdTableInUse(t *Thread) *FDTable {
	if t.Flags&CloneFiles == 0 {
		return t.FDs
	}
	if m := e.mainThreadOrPlaceholder(t); m != nil {
		return m.FDs
	}
	return nil
}

// fdTableOwner is the tid of the thread whose own table t uses.
func (e *Engine) fdTableOwner(t *Thread) int64 {
	if t.Flags&CloneFiles == 0 || t.IsMainThread() {
		return t.Tid
	}
	return t.Pid
}

// getFD returns the entry of fd in the table t uses, recording its current name as the
// name before this event.
func (e *Engine) getFD(t *Thread, fd int64) *FD {
	if fd < 0 || t == nil {
		return nil
	}
	tab := t.FDs
	if t.Flags&CloneFiles != 0 {
		tab = e.fdTableInUse(t)
	}
	f := tab.Get(fd)
	if f != nil {
		f.oldName = f.Name
	}
	return f
}

// addFD stores a copy of f at fd in the table t uses and makes fd t's lastevent_fd. It
// returns the stored entry, nil when the table is full.
func (e *Engine) addFD(t *Thread, fd int64, f *FD) *FD {
	tab := e.fdTableInUse(t)
	if tab == nil {
		return nil
	}
	t.LastEventFD = fd
	return tab.add(fd, f, e.opts.MaxFDs, &e.fds)
}

// cwd is the working directory of t (its main thread's), creating a placeholder main
// thread when needed.
func (e *Engine) cwd(t *Thread) string {
	if m := e.mainThreadOrPlaceholder(t); m != nil {
		return m.Cwd
	}
	return ""
}

// setCwd changes the working directory of t's main thread by path, a raw path parameter
// (normally NUL-terminated); the result always ends with "/".
func (e *Engine) setCwd(t *Thread, path []byte) {
	m := e.mainThreadOrPlaceholder(t)
	if m == nil {
		return
	}
	e.path = appendConcat(e.path[:0], m.Cwd, path)
	if len(e.path) == 0 || e.path[len(e.path)-1] != '/' {
		e.path = append(e.path, '/')
	}
	if string(e.path) != m.Cwd {
		m.Cwd = string(e.path)
	}
}

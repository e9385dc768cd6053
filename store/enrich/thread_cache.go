package enrich

import (
	"math"

	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/fields/render"
	"github.com/scrylabs/scry/state"
)

// threadColumns are the enriched columns whose values are a function of the event's
// thread alone: its own entry, its main thread's ppid, its parent's name and its user,
// group and container entries. A thread's events repeat them until one of those changes.
var threadColumns = map[int]bool{
	parquet.ColProcPid: true, parquet.ColProcPpid: true, parquet.ColProcName: true,
	parquet.ColProcExe: true, parquet.ColProcExepath: true, parquet.ColProcArgs: true,
	parquet.ColProcPname: true, parquet.ColProcCmdline: true, parquet.ColUserLoginuid: true,
	parquet.ColUserName: true, parquet.ColGroupName: true, parquet.ColContainerID: true,
	parquet.ColContainerName: true,
}

// threadKey is everything the thread columns read. Two events whose keys are equal have
// the same values in those columns.
type threadKey struct {
	t                               *state.Thread
	tid, pid, ptid                  int64
	flags, uid, gid, loginUID       uint32
	comm, exe, exePath, containerID string
	args                            []string // a copy: the thread's slice may change in place
	main                            *state.Thread
	mainPtid                        int64
	parent                          *state.Thread
	parentComm                      string
	user                            *state.User
	userName                        string
	group                           *state.Group
	groupName                       string
	container                       *state.Container
	containerName                   string
}

// read fills k from t and the engine's tables, reusing k's args slice.
func (k *threadKey) read(t *state.Thread, eng *state.Engine) {
	args := append(k.args[:0], t.Args...)
	*k = threadKey{t: t, tid: t.Tid, pid: t.Pid, ptid: t.Ptid, flags: t.Flags, uid: t.UID, gid: t.GID,
		loginUID: t.LoginUID, comm: t.Comm, exe: t.Exe, exePath: t.ExePath, containerID: t.ContainerID, args: args}
	if t.Tid != t.Pid && t.Flags&state.IsMainThread == 0 {
		if k.main = eng.MainThread(t); k.main != nil {
			k.mainPtid = k.main.Ptid
		}
	}
	if k.parent = eng.Thread(t.Ptid); k.parent != nil {
		k.parentComm = k.parent.Comm
	}
	if t.UID != math.MaxUint32 {
		if k.user = eng.User(t.UID); k.user != nil {
			k.userName = k.user.Name
		}
	}
	if t.GID != math.MaxUint32 {
		if k.group = eng.Group(t.GID); k.group != nil {
			k.groupName = k.group.Name
		}
	}
	if t.ContainerID != "" {
		if k.container = eng.Container(t.ContainerID); k.container != nil {
			k.containerName = k.container.Name
		}
	}
}

// matches reports whether t and the engine's tables still give k.
func (k *threadKey) matches(t *state.Thread, eng *state.Engine) bool {
	if k.t != t || k.tid != t.Tid || k.pid != t.Pid || k.ptid != t.Ptid || k.flags != t.Flags || k.uid != t.UID ||
		k.gid != t.GID || k.loginUID != t.LoginUID || k.comm != t.Comm || k.exe != t.Exe || k.exePath != t.ExePath ||
		k.containerID != t.ContainerID || len(k.args) != len(t.Args) {
		return false
	}
	for i, a := range t.Args {
		if k.args[i] != a {
			return false
		}
	}
	if t.Tid != t.Pid && t.Flags&state.IsMainThread == 0 {
		m := eng.MainThread(t)
		if m != k.main || (m != nil && m.Ptid != k.mainPtid) {
			return false
		}
	}
	if p := eng.Thread(t.Ptid); p != k.parent || (p != nil && p.Comm != k.parentComm) {
		return false
	}
	if t.UID != math.MaxUint32 {
		if u := eng.User(t.UID); u != k.user || (u != nil && u.Name != k.userName) {
			return false
		}
	}
	if t.GID != math.MaxUint32 {
		if g := eng.Group(t.GID); g != k.group || (g != nil && g.Name != k.groupName) {
			return false
		}
	}
	if t.ContainerID != "" {
		if c := eng.Container(t.ContainerID); c != k.container || (c != nil && c.Name != k.containerName) {
			return false
		}
	}
	return true
}

// threadEntry is a thread's key and the values of its thread columns.
type threadEntry struct {
	key  threadKey
	used bool
	vals valueRow
}

// threadCacheSlots is the number of threads whose values are kept (by tid).
const threadCacheSlots = 1024

// threadCache keeps the thread columns' values of recently seen threads.
type threadCache struct {
	values  valueSet
	entries []threadEntry
}

func newThreadCache(cols []column) *threadCache {
	c := &threadCache{values: valueSet{cols: cols}, entries: make([]threadEntry, threadCacheSlots)}
	for i := range c.entries {
		c.entries[i].vals = c.values.newRow()
	}
	return c
}

// fill sets the thread columns of en for the event of ctx: from the cache when the
// thread's key is unchanged, else by extraction (then remembered).
func (c *threadCache) fill(ctx *state.EventContext, eng *state.Engine, v *fields.Value, en *parquet.Enriched) {
	t := render.ThreadOf(ctx, eng)
	if t == nil {
		extract(c.values.cols, ctx, eng, v, en)
		return
	}
	e := &c.entries[uint64(t.Tid)%threadCacheSlots]
	if e.used && e.key.matches(t, eng) {
		c.values.set(&e.vals, en)
		return
	}
	extract(c.values.cols, ctx, eng, v, en)
	e.key.read(t, eng)
	e.used = true
	c.values.keep(&e.vals, en)
}

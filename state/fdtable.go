package state

import (
	"math"
	"sort"
)

// savedFD is the key under which an entry replaced while its close was in progress is
// kept until the close exit (INT64_MAX in the reference implementation).
const savedFD = math.MaxInt64

// DefaultMaxFDs is the default number of entries an fd table holds (MAX_FD_TABLE_SIZE);
// adding a new fd to a full table is refused.
const DefaultMaxFDs = 4096

func newFDTable() *FDTable { return &FDTable{m: make(map[int64]*FD)} }

// Get returns the entry of fd, nil if absent. It does not copy: the entry changes as the
// engine processes events.
func (t *FDTable) Get(fd int64) *FD {
	if t == nil {
		return nil
	}
	return t.m[fd]
}

// Len is the number of entries, including an entry saved by a cancelled close.
func (t *FDTable) Len() int {
	if t == nil {
		return 0
	}
	return len(t.m)
}

// Each calls f for every entry in ascending fd order until f returns false.
func (t *FDTable) Each(f func(fd int64, e *FD) bool) {
	if t == nil {
		return
	}
	for _, fd := range t.FDs() {
		if !f(fd, t.m[fd]) {
			return
		}
	}
}

// FDs returns the fd numbers of the table in ascending order.
func (t *FDTable) FDs() []int64 {
	if t == nil {
		return nil
	}
	fds := make([]int64, 0, len(t.m))
	for fd := range t.m {
		fds = append(fds, fd)
	}
	sort.Slice(fds, func(i, j int) bool { return fds[i] < fds[j] })
	return fds
}

// add stores a copy of e at fd following the reference rules: a new fd is refused when
// the table holds max entries; replacing an entry whose close is in progress saves the
// old entry under savedFD and marks the new one CLOSE_CANCELED. It returns the stored
// entry, nil if refused.
func (t *FDTable) add(fd int64, e *FD, max int) *FD {
	old := t.m[fd]
	if old == nil {
		if len(t.m) >= max {
			return nil
		}
		n := *e
		t.m[fd] = &n
		return &n
	}
	if old.Flags&FDCloseInProgress != 0 {
		saved := *old
		t.m[savedFD] = &saved
		*old = *e
		old.Flags = (old.Flags &^ FDCloseInProgress) | FDCloseCanceled
		return old
	}
	*old = *e
	return old
}

func (t *FDTable) erase(fd int64) { delete(t.m, fd) }

// clone returns a copy of the table whose entries carry FDIsCloned.
func (t *FDTable) clone() *FDTable {
	c := &FDTable{m: make(map[int64]*FD, len(t.m))}
	for fd, e := range t.m {
		n := *e
		n.Flags |= FDIsCloned
		c.m[fd] = &n
	}
	return c
}

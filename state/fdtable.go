package state

import (
	"iter"
	"math"
	"slices"
)

// savedFD is the key under which an entry replaced while its close was in progress is
// kept until the close exit (INT64_MAX in the reference implementation).
const savedFD = math.MaxInt64

// DefaultMaxFDs is the default number of entries an fd table holds (MAX_FD_TABLE_SIZE);
// adding a new fd to a full table is refused.
const DefaultMaxFDs = 4096

// denseFDs is the number of low fd numbers an FDTable keeps in a slice indexed by fd,
// so that the lookups of nearly every event cost no hashing.
const denseFDs = 1024

// FDTable maps fd numbers to entries; threads with CLONE_FILES share their main
// thread's table.
type FDTable struct {
	low  []*FD         // entries of fds 0 to len(low)-1; nil where absent
	high map[int64]*FD // entries of the other fds (savedFD among them); nil when none
	n    int           // number of entries
}

func newFDTable() *FDTable { return &FDTable{} }

// Get returns the entry of fd, nil if absent. It does not copy: the entry changes as the
// engine processes events.
func (t *FDTable) Get(fd int64) *FD {
	if t == nil {
		return nil
	}
	if uint64(fd) < uint64(len(t.low)) {
		return t.low[fd]
	}
	return t.high[fd]
}

// Len is the number of entries, including an entry saved by a cancelled close.
func (t *FDTable) Len() int {
	if t == nil {
		return 0
	}
	return t.n
}

// Each calls f for every entry in ascending fd order until f returns false.
func (t *FDTable) Each(f func(fd int64, e *FD) bool) {
	if t == nil {
		return
	}
	for _, fd := range t.FDs() {
		if !f(fd, t.Get(fd)) {
			return
		}
	}
}

// FDs returns the fd numbers of the table in ascending order.
func (t *FDTable) FDs() []int64 {
	if t == nil {
		return nil
	}
	fds := make([]int64, 0, t.n)
	var high []int64
	for fd := range t.high {
		high = append(high, fd)
	}
	slices.Sort(high)
	for len(high) > 0 && high[0] < 0 {
		fds, high = append(fds, high[0]), high[1:]
	}
	for fd, e := range t.low {
		if e != nil {
			fds = append(fds, int64(fd))
		}
	}
	return append(fds, high...)
}

// all yields every entry, in no particular order.
func (t *FDTable) all() iter.Seq2[int64, *FD] {
	return func(yield func(int64, *FD) bool) {
		for fd, e := range t.low {
			if e != nil && !yield(int64(fd), e) {
				return
			}
		}
		for fd, e := range t.high {
			if !yield(fd, e) {
				return
			}
		}
	}
}

// put stores e at fd, replacing any entry.
func (t *FDTable) put(fd int64, e *FD) {
	if uint64(fd) < denseFDs {
		if int(fd) >= len(t.low) {
			n := max(int(fd)+1, 2*len(t.low), 16)
			t.low = append(t.low, make([]*FD, min(n, denseFDs)-len(t.low))...)
		}
		if t.low[fd] == nil {
			t.n++
		}
		t.low[fd] = e
		return
	}
	if t.high == nil {
		t.high = make(map[int64]*FD)
	}
	if _, ok := t.high[fd]; !ok {
		t.n++
	}
	t.high[fd] = e
}

// remove takes fd out of the table and returns its entry, nil if absent.
func (t *FDTable) remove(fd int64) *FD {
	if uint64(fd) < uint64(len(t.low)) {
		e := t.low[fd]
		if e != nil {
			t.low[fd] = nil
			t.n--
		}
		return e
	}
	e, ok := t.high[fd]
	if ok {
		delete(t.high, fd)
		t.n--
	}
	return e
}

// add stores a copy of e at fd following the reference rules: a new fd is refused when
// the table holds max entries; replacing an entry whose close is in progress saves the
// old entry under savedFD and marks the new one CLOSE_CANCELED. It returns the stored
// entry, nil if refused.
func (t *FDTable) add(fd int64, e *FD, max int, pool *fdPool) *FD {
	old := t.Get(fd)
	if old == nil {
		if t.n >= max {
			return nil
		}
		n := pool.get()
		*n = *e
		t.put(fd, n)
		return n
	}
	if old.Flags&FDCloseInProgress != 0 {
		saved := pool.get()
		*saved = *old
		t.put(savedFD, saved)
		*old = *e
		old.Flags = (old.Flags &^ FDCloseInProgress) | FDCloseCanceled
		return old
	}
	*old = *e
	return old
}

// erase removes fd and hands its entry back to pool.
func (t *FDTable) erase(fd int64, pool *fdPool) {
	if f := t.remove(fd); f != nil {
		pool.put(f)
	}
}

// clone returns a copy of the table whose entries carry FDIsCloned.
func (t *FDTable) clone() *FDTable {
	c := &FDTable{n: t.n}
	if t.low != nil {
		c.low = make([]*FD, len(t.low))
	}
	for fd, e := range t.low {
		if e != nil {
			n := *e
			n.Flags |= FDIsCloned
			c.low[fd] = &n
		}
	}
	if t.high != nil {
		c.high = make(map[int64]*FD, len(t.high))
	}
	for fd, e := range t.high {
		n := *e
		n.Flags |= FDIsCloned
		c.high[fd] = &n
	}
	return c
}

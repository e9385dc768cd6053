package state

// tidCacheSize is the number of slots of the thread lookup cache (a power of two).
const tidCacheSize = 1024

// tidCache is a direct-mapped cache of thread table entries by tid: nearly every event
// looks up its thread, and often its main thread, and the threads active at one time
// are few, so most lookups end here without hashing. A slot holds an entry only while
// the table does: adding a thread updates its slot, removing it clears the slot.
type tidCache struct {
	slots [tidCacheSize]tidSlot
}

type tidSlot struct {
	tid int64
	t   *Thread
}

// slot is where tid's entry is cached, if it is.
func (c *tidCache) slot(tid int64) *tidSlot { return &c.slots[uint64(tid)&(tidCacheSize-1)] }

// put caches t as tid's entry.
func (c *tidCache) put(tid int64, t *Thread) {
	s := c.slot(tid)
	s.tid, s.t = tid, t
}

// drop forgets tid's entry.
func (c *tidCache) drop(tid int64) {
	if s := c.slot(tid); s.tid == tid {
		s.t = nil
	}
}

// clear forgets every entry.
func (c *tidCache) clear() { c.slots = [tidCacheSize]tidSlot{} }

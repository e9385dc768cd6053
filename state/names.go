package state

import "hash/maphash"

// nameSlots is the number of names the fd-name cache holds (a power of two).
const nameSlots = 1 << 12

// nameCache hands out fd names: the same string for a name seen recently, so that a
// capture reopening the same files allocates no new names. It is direct-mapped by hash:
// a name evicts the one in its slot.
type nameCache struct {
	seed  maphash.Seed
	slots []string
}

// intern returns b as a string.
func (c *nameCache) intern(b []byte) string {
	if c.slots == nil {
		c.seed, c.slots = maphash.MakeSeed(), make([]string, nameSlots)
	}
	s := &c.slots[maphash.Bytes(c.seed, b)&(nameSlots-1)]
	if *s != string(b) {
		*s = string(b)
	}
	return *s
}

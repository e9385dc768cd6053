package filter

import (
	"math/bits"

	"github.com/scrylabs/scry/formats/schema"
)

// otherTypes is the bit that stands for event type ids beyond the event table.
const otherTypes = schema.NumEvents

const typeWords = (schema.NumEvents + 1 + 63) / 64

// TypeSet is a set of event type ids (schema.NumEvents bits, plus one bit for ids the
// table does not know). The zero value is empty.
type TypeSet struct {
	w [typeWords]uint64
}

// AllTypes returns the set of every event type, known or not.
func AllTypes() TypeSet {
	var s TypeSet
	for i := 0; i <= otherTypes; i++ {
		s.w[i/64] |= 1 << (i % 64)
	}
	return s
}

func typeBit(id uint16) int {
	if int(id) >= schema.NumEvents {
		return otherTypes
	}
	return int(id)
}

// Has reports whether id is in the set; ids beyond the event table share one bit.
func (s *TypeSet) Has(id uint16) bool {
	b := typeBit(id)
	return s.w[b/64]&(1<<(b%64)) != 0
}

// Add puts id in the set.
func (s *TypeSet) Add(id uint16) {
	b := typeBit(id)
	s.w[b/64] |= 1 << (b % 64)
}

// Remove takes id out of the set.
func (s *TypeSet) Remove(id uint16) {
	b := typeBit(id)
	s.w[b/64] &^= 1 << (b % 64)
}

// Len is the number of ids in the set, counting unknown ids as one.
func (s *TypeSet) Len() int {
	n := 0
	for _, w := range s.w {
		n += bits.OnesCount64(w)
	}
	return n
}

// IsEmpty reports whether the set holds nothing.
func (s *TypeSet) IsEmpty() bool {
	for _, w := range s.w {
		if w != 0 {
			return false
		}
	}
	return true
}

// IsAll reports whether the set holds every type, known or not.
func (s *TypeSet) IsAll() bool { return *s == AllTypes() }

// IDs lists the known event type ids of the set in increasing order.
func (s *TypeSet) IDs() []uint16 {
	var ids []uint16
	for i := 0; i < schema.NumEvents; i++ {
		if s.w[i/64]&(1<<(i%64)) != 0 {
			ids = append(ids, uint16(i))
		}
	}
	return ids
}

// Union returns s ∪ o.
func (s TypeSet) Union(o TypeSet) TypeSet {
	for i := range s.w {
		s.w[i] |= o.w[i]
	}
	return s
}

// Intersect returns s ∩ o.
func (s TypeSet) Intersect(o TypeSet) TypeSet {
	for i := range s.w {
		s.w[i] &= o.w[i]
	}
	return s
}

package state

import (
	"hash/maphash"
	"slices"
	"strings"
)

// hostCgroups remembers cgroup sets in which no container engine finds a container, so
// that the threads of a capture, which mostly share a few such sets, are matched against
// the engines' path layouts once per set. Whether a set holds a container depends on its
// paths alone, except for mesos, whose match also reads the environment (sets with a
// mesos path are never remembered), and rkt, which also reads the root, the ancestors
// and the container table (it is asked even for a remembered set).
type hostCgroups struct {
	seed maphash.Seed
	sets map[uint64][]Cgroup
	// shared holds the lengths of slices already found among sets, by their first
	// element: threads loaded from one section share their decoded cgroups (see
	// sectionLoader), so a slice seen once is answered without hashing its strings. A
	// set once remembered stays so, and nothing writes into a thread's cgroups.
	shared map[*Cgroup]int
}

func (h *hostCgroups) key(cgs []Cgroup) uint64 {
	if h.sets == nil {
		h.seed, h.sets = maphash.MakeSeed(), make(map[uint64][]Cgroup)
	}
	var m maphash.Hash
	m.SetSeed(h.seed)
	for _, c := range cgs {
		m.WriteString(c.Subsys)
		m.WriteByte(0)
		m.WriteString(c.Path)
		m.WriteByte(0)
	}
	return m.Sum64()
}

// known reports whether cgs is a set remembered as holding no container.
func (h *hostCgroups) known(cgs []Cgroup) bool {
	if len(cgs) > 0 {
		if n, ok := h.shared[&cgs[0]]; ok && n == len(cgs) {
			return true
		}
	}
	set, ok := h.sets[h.key(cgs)]
	if !ok || !slices.Equal(set, cgs) {
		return false
	}
	if len(cgs) > 0 {
		if h.shared == nil {
			h.shared = make(map[*Cgroup]int)
		}
		h.shared[&cgs[0]] = len(cgs)
	}
	return true
}

// remember records cgs as holding no container, unless its answer may depend on more
// than its paths.
func (h *hostCgroups) remember(cgs []Cgroup) {
	for _, c := range cgs {
		if strings.Contains(c.Path, "/mesos/") {
			return
		}
	}
	h.sets[h.key(cgs)] = slices.Clone(cgs)
}

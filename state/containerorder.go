package state

import "slices"

// putContainer stores c in the container table, noting when its id is new there.
func (e *Engine) putContainer(c *Container) {
	if e.containers[c.ID] == nil {
		e.containerOrder = append(e.containerOrder, c.ID)
	}
	e.containers[c.ID] = c
}

// ContainersAsAdded calls f for every container, in the order the ids entered the
// table, until f returns false. State images keep that order; containers without one
// (added to the map directly) come last, by id.
func (e *Engine) ContainersAsAdded(f func(c *Container) bool) {
	seen := make(map[string]bool, len(e.containerOrder))
	for _, id := range e.containerOrder {
		if c := e.containers[id]; c != nil && !seen[id] {
			seen[id] = true
			if !f(c) {
				return
			}
		}
	}
	if len(seen) == len(e.containers) {
		return
	}
	rest := make([]string, 0, len(e.containers)-len(seen))
	for id := range e.containers {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	for _, id := range rest {
		if c := e.containers[id]; c != nil && !f(c) {
			return
		}
	}
}

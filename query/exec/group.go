package exec

// groupTable is a hash aggregation: one entry per distinct key, each with the partial
// states of every aggregate. Its memory grows with the number of groups only.
type groupTable struct {
	aggs   []aggSpec
	index  map[string]int
	keys   [][]Value    // owned key values per group
	states [][]aggState // aggregate states per group
	keyBuf []byte
	argBuf []byte
}

func newGroupTable(aggs []aggSpec) *groupTable {
	return &groupTable{aggs: aggs, index: make(map[string]int)}
}

// group returns the index of the group with the given key values, creating it.
func (g *groupTable) group(keys []Value) int {
	g.keyBuf = g.keyBuf[:0]
	for i := range keys {
		g.keyBuf = appendKey(g.keyBuf, &keys[i])
	}
	if i, ok := g.index[string(g.keyBuf)]; ok {
		return i
	}
	i := len(g.keys)
	g.index[string(g.keyBuf)] = i
	owned := make([]Value, len(keys))
	for j := range keys {
		owned[j] = own(keys[j])
	}
	g.keys = append(g.keys, owned)
	g.states = append(g.states, make([]aggState, len(g.aggs)))
	return i
}

// add folds one row into group gi: args holds the value of each aggregate's argument.
func (g *groupTable) add(gi int, args []Value, ts int64) {
	st := g.states[gi]
	for j := range g.aggs {
		st[j].add(g.aggs[j].kind, &args[j], ts, &g.argBuf)
	}
}

// merge folds every group of o into g.
func (g *groupTable) merge(o *groupTable) {
	for i, keys := range o.keys {
		gi := g.group(keys)
		for j := range g.aggs {
			g.states[gi][j].merge(g.aggs[j].kind, &o.states[i][j])
		}
	}
}

// len is the number of groups.
func (g *groupTable) len() int { return len(g.keys) }

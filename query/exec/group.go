package exec

import (
	"unsafe"

	"github.com/scrylabs/scry/query/fields"
)

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

// add folds one row, standing for w events, into group gi: args holds the value of each
// aggregate's argument.
func (g *groupTable) add(gi int, args []Value, ts, w int64) {
	st := g.states[gi]
	for j := range g.aggs {
		st[j].add(g.aggs[j].kind, &args[j], ts, w, &g.argBuf)
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

// byteKeyCache remembers, within one batch, the group of single string keys by the
// address of their bytes: values of a batch that share an address share their bytes (a
// dictionary entry, an interned name), so the group is found without hashing the key.
type byteKeyCache struct {
	e [64]struct {
		p  *byte
		n  int
		k  fields.Kind
		gi int
	}
}

func (c *byteKeyCache) reset() { clear(c.e[:]) }

// group returns the group of keys, through the cache for a single key with bytes.
func (c *byteKeyCache) group(g *groupTable, keys []Value) int {
	if len(keys) != 1 || len(keys[0].Bytes) == 0 {
		return g.group(keys)
	}
	p := unsafe.SliceData(keys[0].Bytes)
	h := (uintptr(unsafe.Pointer(p)) >> 3) & 63
	e := &c.e[h]
	if e.p == p && e.n == len(keys[0].Bytes) && e.k == keys[0].Kind {
		return e.gi
	}
	gi := g.group(keys)
	e.p, e.n, e.k, e.gi = p, len(keys[0].Bytes), keys[0].Kind, gi
	return gi
}

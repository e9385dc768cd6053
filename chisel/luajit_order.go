package chisel

import (
	"math"
	"math/bits"
)

// sysdig's LuaJIT stores a table in an array part (integer keys 0..asize-1) and a hash
// part of 2^k nodes with chained collisions and a free pointer that moves down from
// the end; next() visits the array part in index order, then the nodes in storage
// order. The order of a thread or fd table in a chisel's pairs() therefore depends on
// the keys and on the order they were inserted. luajitOrder replays the inserts on a
// model of that layout. Only integer keys are modelled.

// ljMaxABits bounds the array part (2^27 + 1 slots).
const ljMaxABits = 28

type ljNode struct {
	key    float64
	hasKey bool // the node's key slot is taken (nodes never lose keys here)
	used   bool // the node holds a value
	next   int  // next node of the chain, -1 for none
}

type ljTable struct {
	array   []bool // slot i holds a value
	node    []ljNode
	freetop int
}

// luajitOrder returns the order in which LuaJIT's next visits integer keys inserted
// into an empty table in the given order.
func luajitOrder(keys []int64) []int64 {
	t := &ljTable{}
	for _, k := range keys {
		t.set(float64(k))
	}
	out := make([]int64, 0, len(keys))
	for i, used := range t.array {
		if used {
			out = append(out, int64(i))
		}
	}
	for _, n := range t.node {
		if n.used {
			out = append(out, int64(n.key))
		}
	}
	return out
}

// arrayIndex reports whether k is an integer key usable as an array index.
func arrayIndex(k float64) (uint32, bool) {
	if k < 0 || k > math.MaxInt32 || k != math.Trunc(k) {
		return 0, false
	}
	return uint32(k), true
}

func (t *ljTable) hmask() uint32 {
	if len(t.node) == 0 {
		return 0
	}
	return uint32(len(t.node) - 1)
}

// mainPosition is the node a number key hashes to.
func (t *ljTable) mainPosition(k float64) int {
	b := math.Float64bits(k)
	lo, hi := uint32(b), uint32(b>>32)<<1
	lo ^= hi
	hi = bits.RotateLeft32(hi, 14)
	lo -= hi
	hi = bits.RotateLeft32(hi, 5)
	hi ^= lo
	hi -= bits.RotateLeft32(lo, 13)
	return int(hi & t.hmask())
}

func (t *ljTable) set(k float64) {
	if i, ok := arrayIndex(k); ok && i < uint32(len(t.array)) {
		t.array[i] = true
		return
	}
	if len(t.node) > 0 {
		for n := t.mainPosition(k); n >= 0; n = t.node[n].next {
			if t.node[n].hasKey && t.node[n].key == k {
				t.node[n].used = true
				return
			}
		}
	}
	t.newKey(k)
}

// newKey stores a key the table does not have, rehashing when no node is free.
func (t *ljTable) newKey(k float64) {
	if len(t.node) == 0 {
		t.rehash(k)
		t.set(k)
		return
	}
	mp := t.mainPosition(k)
	if t.node[mp].used {
		free := t.freetop
		for {
			if free == 0 {
				t.rehash(k)
				t.set(k)
				return
			}
			free--
			if !t.node[free].hasKey {
				break
			}
		}
		t.freetop = free
		collide := t.mainPosition(t.node[mp].key)
		if collide != mp {
			// The occupant is not in its main position: move it to the free node.
			for t.node[collide].next != mp {
				collide = t.node[collide].next
			}
			t.node[collide].next = free
			t.node[free] = t.node[mp]
			t.node[mp].next = -1
			t.node[mp].used = false
			for f := free; t.node[f].next >= 0; {
				nn := t.node[f].next
				if t.node[nn].used && t.mainPosition(t.node[nn].key) == mp {
					t.node[f].next = t.node[nn].next
					t.node[nn].next = t.node[mp].next
					t.node[mp].next = nn
				} else {
					f = nn
				}
			}
		} else {
			// The occupant is in its main position: chain the new key from it.
			t.node[free].next = t.node[mp].next
			t.node[mp].next = free
			mp = free
		}
	}
	t.node[mp].key, t.node[mp].hasKey, t.node[mp].used = k, true, true
}

// intBin returns the size class of integer key k for the array-size computation.
func intBin(k uint32) int {
	if k > 2 {
		return bits.Len32(k-1) - 1
	}
	return 0
}

// rehash resizes the table for its keys plus extra: the array part becomes the largest
// power of two (plus one) that is more than half full, the rest goes to the hash part.
func (t *ljTable) rehash(extra float64) {
	var bins [ljMaxABits]uint32
	var nArray uint32
	for i, used := range t.array {
		if used {
			bins[intBin(uint32(i))]++
			nArray++
		}
	}
	total := 1 + nArray
	for _, n := range t.node {
		if !n.used {
			continue
		}
		total++
		if i, ok := arrayIndex(n.key); ok && i < 1<<(ljMaxABits-1)+1 {
			bins[intBin(i)]++
			nArray++
		}
	}
	if i, ok := arrayIndex(extra); ok && i < 1<<(ljMaxABits-1)+1 {
		bins[intBin(i)]++
		nArray++
	}
	asize, na := bestArraySize(bins[:], nArray)
	total -= na
	t.resize(asize, hashBits(total))
}

// bestArraySize returns the array size to use and how many keys it will hold.
func bestArraySize(bins []uint32, nn uint32) (size, na uint32) {
	var sum uint32
	for b := 0; b < len(bins) && 2*nn > 1<<b && sum != nn; b++ {
		if bins[b] > 0 {
			sum += bins[b]
			if 2*sum > 1<<b {
				size = 2<<b + 1
				na = sum
			}
		}
	}
	return size, na
}

// hashBits is the log2 of the hash part size for s keys.
func hashBits(s uint32) uint {
	switch s {
	case 0:
		return 0
	case 1:
		return 1
	}
	return uint(bits.Len32(s - 1))
}

func (t *ljTable) resize(asize uint32, hbits uint) {
	oldArray, oldNode := t.array, t.node
	if asize > uint32(len(oldArray)) {
		a := make([]bool, asize)
		copy(a, oldArray)
		t.array = a
	}
	if hbits > 0 {
		t.node = make([]ljNode, 1<<hbits)
		for i := range t.node {
			t.node[i].next = -1
		}
		t.freetop = len(t.node)
	} else {
		t.node = nil
		t.freetop = 0
	}
	if asize < uint32(len(oldArray)) {
		t.array = oldArray[:asize:asize]
		for i := asize; i < uint32(len(oldArray)); i++ {
			if oldArray[i] {
				t.set(float64(i))
			}
		}
	}
	for _, n := range oldNode {
		if n.used {
			t.set(n.key)
		}
	}
}

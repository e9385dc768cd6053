package chisel

import (
	"math"
	"sort"
)

// The reference builds the thread and fd tables it hands to Lua from C++ hash maps
// (std::unordered_map keyed by tid or fd, identity hash, GNU libstdc++), so the order
// in which a chisel's pairs() visits them is the map's iteration order after the
// inserts. stdHashOrder reproduces that order from the insertion order;
// stdStringHashOrder does the same for maps keyed by strings (the container table).

// bucketCounts are the bucket counts the C++ runtime grows its hash tables to (prime,
// each at least the needed size); past the last one, larger tables are not modelled.
var bucketCounts = []uint64{
	2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83,
	89, 97, 103, 109, 113, 127, 137, 139, 149, 157, 167, 179, 193, 199, 211, 227, 241, 257,
	277, 293, 313, 337, 359, 383, 409, 439, 467, 503, 541, 577, 619, 661, 709, 761, 823,
	887, 953, 1031, 1109, 1193, 1289, 1381, 1493, 1613, 1741, 1879, 2029, 2179, 2357, 2549,
	2753, 2971, 3209, 3469, 3739, 4027, 4349, 4703, 5087, 5503, 5953, 6427, 6949, 7517,
	8123, 8783, 9497, 10273, 11113, 12011, 12983, 14033, 15173, 16411, 17749, 19183, 20753,
	22447, 24281, 26267, 28411, 30727, 33223, 35933, 38873, 42043, 45481, 49201, 53201,
	57557, 62233, 67307, 72817, 78779, 85229, 92203, 99733, 107897, 116731, 126271, 136607,
	147793, 159871, 172933, 187091, 202409, 218971, 236897, 256279, 277261, 299951, 324503,
	351061, 379787, 410857, 444487, 480881, 520241, 562841, 608903, 658753, 712697, 771049,
	834181, 902483, 976369, 1056323, 1142821, 1236397, 1337629, 1447153, 1565659, 1693859,
	1832561, 1982627, 2144977, 2320627, 2510653, 2716249, 2938679, 3179303, 3439651,
	3721303, 4026031, 4355707, 4712381,
}

// smallBucketCounts are the bucket counts used for requests below 14.
var smallBucketCounts = [...]uint64{2, 2, 2, 3, 5, 5, 7, 7, 11, 11, 11, 11, 13, 13}

// stdHashTable models the node list and buckets of a unique-key hash table that keeps
// each node's hash code. Node 0 is the list's head sentinel; a next of 0 ends the list.
type stdHashTable struct {
	hashes     []uint64 // hash code of each node
	items      []int    // index of each node's key in the caller's list
	next       []int
	buckets    []int // node before the bucket's first node, -1 when empty
	nextResize uint64
}

// stdHashOrder returns the iteration order of a hash map keyed by integers (identity
// hash) after inserting keys in order (repeated keys are ignored).
func stdHashOrder(keys []int64) []int64 {
	present := make(map[int64]bool, len(keys))
	var distinct []int64
	var hashes []uint64
	for _, k := range keys {
		if !present[k] {
			present[k] = true
			distinct = append(distinct, k)
			hashes = append(hashes, uint64(k))
		}
	}
	out := make([]int64, 0, len(distinct))
	for _, i := range stdHashOrderOf(hashes) {
		out = append(out, distinct[i])
	}
	return out
}

// stdStringHashOrder returns the iteration order of a hash map keyed by strings after
// inserting keys, which must be distinct, in order.
func stdStringHashOrder(keys []string) []string {
	hashes := make([]uint64, len(keys))
	for i, k := range keys {
		hashes[i] = stdStringHash(k)
	}
	out := make([]string, 0, len(keys))
	for _, i := range stdHashOrderOf(hashes) {
		out = append(out, keys[i])
	}
	return out
}

// stdHashOrderOf returns, for distinct keys inserted in order with the given hash
// codes, the indexes of the keys in the map's iteration order.
func stdHashOrderOf(hashes []uint64) []int {
	h := &stdHashTable{hashes: []uint64{0}, items: []int{-1}, next: []int{0}, buckets: []int{-1}}
	for i, c := range hashes {
		h.insert(c, i)
	}
	out := make([]int, 0, len(hashes))
	for n := h.next[0]; n != 0; n = h.next[n] {
		out = append(out, h.items[n])
	}
	return out
}

func (h *stdHashTable) bucket(c uint64) int { return int(c % uint64(len(h.buckets))) }

func (h *stdHashTable) insert(c uint64, item int) {
	if n, grow := h.needRehash(); grow {
		h.rehash(n)
	}
	h.hashes = append(h.hashes, c)
	h.items = append(h.items, item)
	h.next = append(h.next, 0)
	n := len(h.hashes) - 1
	b := h.bucket(c)
	if p := h.buckets[b]; p != -1 {
		// Non-empty bucket: k becomes its first node.
		h.next[n] = h.next[p]
		h.next[p] = n
		return
	}
	// Empty bucket: k becomes the head of the list; the old head's bucket now starts
	// after k.
	h.next[n] = h.next[0]
	h.next[0] = n
	if h.next[n] != 0 {
		h.buckets[h.bucket(h.hashes[h.next[n]])] = n
	}
	h.buckets[b] = 0
}

// needRehash applies the growth policy before one insert (max load factor 1, growth
// factor 2, 11 buckets at least for the first allocation).
func (h *stdHashTable) needRehash() (uint64, bool) {
	n := uint64(len(h.hashes)) // elements after the insert
	if n <= h.nextResize {
		return 0, false
	}
	minBuckets := n
	if h.nextResize == 0 && minBuckets < 11 {
		minBuckets = 11
	}
	cur := uint64(len(h.buckets))
	if minBuckets >= cur {
		want := minBuckets + 1
		if g := cur * 2; g > want {
			want = g
		}
		return h.nextBucketCount(want), true
	}
	h.nextResize = cur
	return 0, false
}

func (h *stdHashTable) nextBucketCount(n uint64) uint64 {
	if n < uint64(len(smallBucketCounts)) {
		c := smallBucketCounts[n]
		h.nextResize = c
		return c
	}
	rest := bucketCounts[6 : len(bucketCounts)-1]
	i := sort.Search(len(rest), func(i int) bool { return rest[i] >= n })
	if i == len(rest) {
		h.nextResize = math.MaxUint64
		return bucketCounts[len(bucketCounts)-1]
	}
	h.nextResize = rest[i]
	return rest[i]
}

// rehash redistributes the nodes into n buckets, walking the old list from its head.
func (h *stdHashTable) rehash(n uint64) {
	buckets := make([]int, n)
	for i := range buckets {
		buckets[i] = -1
	}
	p := h.next[0]
	h.next[0] = 0
	beginBucket := 0
	for p != 0 {
		following := h.next[p]
		b := int(h.hashes[p] % n)
		if buckets[b] == -1 {
			h.next[p] = h.next[0]
			h.next[0] = p
			buckets[b] = 0
			if h.next[p] != 0 {
				buckets[beginBucket] = p
			}
			beginBucket = b
		} else {
			h.next[p] = h.next[buckets[b]]
			h.next[buckets[b]] = p
		}
		p = following
	}
	h.buckets = buckets
}

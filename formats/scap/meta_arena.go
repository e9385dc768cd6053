package scap

import (
	"bytes"
	"encoding/binary"
	"unsafe"
)

// Sizes of the chunks a metaArena copies strings into: they start small (most captures
// have little metadata) and double up to arenaByteChunk. A string larger than a quarter
// of that gets an allocation of its own, so that little of a chunk is left unused.
const (
	arenaFirstByteChunk = 16 << 10
	arenaByteChunk      = 256 << 10
	arenaFDChunk        = 1024
)

// metaArena holds the decoded metadata of one section in a few large allocations. The
// strings of its entries are copied into shared chunks (no allocation per string), the
// args, environment and cgroups blobs of process entries once per distinct content
// (the threads of a process, and processes of one program, carry the same ones), and
// the fd entries of all fd lists share the chunks of one slab. Arena memory is never
// written after the copy, so strings that view it stay immutable; blob views are capped
// at their length, so appending to one copies it. A view keeps its whole chunk alive,
// which costs at most a chunk per section.
type metaArena struct {
	bytes   []byte            // unused tail of the current byte chunk
	chunk   int               // size of the current byte chunk
	blobs   map[string][]byte // blobs copied so far, by content
	fds     []FD              // unused tail of the current fd chunk
	scratch []FD              // the entries of the fd list being decoded
	// last holds the blob each kind of process-list field returned last: consecutive
	// entries (the threads of one process) mostly repeat it, and comparing with it
	// spares hashing the blob.
	last [3][]byte
}

// keep returns a copy of p in arena memory, nil when p is empty.
func (a *metaArena) keep(p []byte) []byte {
	n := len(p)
	if n == 0 {
		return nil
	}
	if n > arenaByteChunk/4 {
		return append([]byte(nil), p...)
	}
	if n > len(a.bytes) {
		a.chunk = max(min(max(2*a.chunk, arenaFirstByteChunk), arenaByteChunk), n)
		a.bytes = make([]byte, a.chunk)
	}
	q := a.bytes[:n:n]
	a.bytes = a.bytes[n:]
	copy(q, p)
	return q
}

// keepShared is keep for blobs that repeat: equal contents share one copy.
func (a *metaArena) keepShared(p []byte) []byte {
	if len(p) == 0 {
		return nil
	}
	if q, ok := a.blobs[string(p)]; ok {
		return q
	}
	if a.blobs == nil {
		a.blobs = make(map[string][]byte)
	}
	q := a.keep(p)
	a.blobs[viewString(q)] = q
	return q
}

// keepFDs moves fds (the scratch list) into the slab and returns the slab's copy, nil
// for an empty list.
func (a *metaArena) keepFDs(fds []FD) []FD {
	n := len(fds)
	if n == 0 {
		return nil
	}
	if n > len(a.fds) {
		a.fds = make([]FD, max(n, arenaFDChunk))
	}
	p := a.fds[:n:n]
	a.fds = a.fds[n:]
	copy(p, fds)
	return p
}

// str16 reads a u16-length-prefixed string from c into arena memory.
func (a *metaArena) str16(c *cursor) string { return viewString(a.keep(c.take(int(c.u16())))) }

// Kinds of process-list blobs, for metaArena.last.
const (
	blobArgs = iota
	blobEnv
	blobCgroups
)

// blob16 reads a u16-length-prefixed byte blob of the given kind from c into arena
// memory, shared with equal blobs; nil when empty or cut short, as cursor.bytes16
// returns.
func (a *metaArena) blob16(c *cursor, kind int) []byte {
	p := c.take(int(c.u16()))
	if len(p) == 0 {
		return nil
	}
	if last := a.last[kind]; bytes.Equal(last, p) {
		return last
	}
	q := a.keepShared(p)
	a.last[kind] = q
	return q
}

// viewString returns p's bytes as a string without copying them; p must never be
// written again.
func viewString(p []byte) string {
	if len(p) == 0 {
		return ""
	}
	return unsafe.String(&p[0], len(p))
}

// countSizedEntries counts the entries of a body whose entries each start with their
// length (u32, the prefix included), 0 when one of them has no usable length.
func countSizedEntries(body []byte) int {
	n := 0
	for off := 0; len(body)-off >= 4; n++ {
		size := int(binary.LittleEndian.Uint32(body[off:]))
		if size < 4 {
			return 0
		}
		off += size
	}
	return n
}

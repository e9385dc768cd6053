package capture

import "encoding/binary"

// stream is one ordered input of a merge: a ring, or a test stand-in.
type stream interface {
	// Peek returns the next sample without consuming it.
	Peek() ([]byte, bool)
	// Advance consumes the sample Peek returned.
	Advance()
}

// merger interleaves several streams by event timestamp: a binary min-heap holds the
// streams whose next event is known. A stream that is momentarily empty is checked
// again on every call, so its later events join the merge as soon as they exist (as
// libscap does: order is exact among the events available at a time).
type merger struct {
	streams []stream
	heap    []int    // stream indexes, ordered by head timestamp
	ts      []uint64 // head timestamp per stream
	inHeap  []bool
	last    int // stream of the event handed out last, -1 if none
}

func newMerger(streams []stream) *merger {
	return &merger{
		streams: streams,
		heap:    make([]int, 0, len(streams)),
		ts:      make([]uint64, len(streams)),
		inHeap:  make([]bool, len(streams)),
		last:    -1,
	}
}

// eventTs reads the timestamp of a wire-format event (0 for a runt).
func eventTs(b []byte) uint64 {
	if len(b) < 8 {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

// refill puts stream i in the heap when it has an event.
func (m *merger) refill(i int) {
	if m.inHeap[i] {
		return
	}
	b, ok := m.streams[i].Peek()
	if !ok {
		return
	}
	m.ts[i] = eventTs(b)
	m.inHeap[i] = true
	m.heap = append(m.heap, i)
	m.up(len(m.heap) - 1)
}

// next consumes the previously returned event and returns the earliest available one
// with the index of its stream; ok is false when every stream is empty.
func (m *merger) next() (idx int, b []byte, ok bool) {
	if m.last >= 0 {
		m.streams[m.last].Advance()
		m.last = -1
	}
	for i := range m.streams {
		m.refill(i)
	}
	if len(m.heap) == 0 {
		return -1, nil, false
	}
	i := m.heap[0]
	m.pop()
	m.inHeap[i] = false
	b, ok = m.streams[i].Peek()
	if !ok {
		return m.next()
	}
	m.last = i
	return i, b, true
}

func (m *merger) less(a, b int) bool { return m.ts[m.heap[a]] < m.ts[m.heap[b]] }

func (m *merger) up(j int) {
	for j > 0 {
		p := (j - 1) / 2
		if !m.less(j, p) {
			break
		}
		m.heap[p], m.heap[j] = m.heap[j], m.heap[p]
		j = p
	}
}

func (m *merger) pop() {
	n := len(m.heap) - 1
	m.heap[0] = m.heap[n]
	m.heap = m.heap[:n]
	j := 0
	for {
		l := 2*j + 1
		if l >= n {
			break
		}
		c := l
		if r := l + 1; r < n && m.less(r, l) {
			c = r
		}
		if !m.less(c, j) {
			break
		}
		m.heap[j], m.heap[c] = m.heap[c], m.heap[j]
		j = c
	}
}

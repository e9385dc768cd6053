package ring

import (
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"unsafe"

	"github.com/cilium/ebpf"
	"golang.org/x/sys/unix"
)

// Header bits of a ring sample (struct bpf_ringbuf_hdr).
const (
	hdrSize    = 8
	busyBit    = 1 << 31
	discardBit = 1 << 30
)

// ErrClosed is returned by a Reader after Close.
var ErrClosed = os.ErrClosed

// Reader consumes one BPF ring buffer map.
type Reader struct {
	fd        int
	cons      []byte  // consumer page (read-write)
	prod      []byte  // producer page followed by the data pages, mapped twice
	data      []byte  // the data pages (2*size bytes: the second copy makes wrapped samples contiguous)
	consPos   *uint64 // shared consumer position
	prodPos   *uint64 // shared producer position
	mask      uint64
	pos       uint64 // local consumer position: samples before it have been handed out
	committed uint64 // last position stored into consPos
	next      uint64 // position after the sample Peek returned, 0 when none is pending
}

// NewReader maps the ring buffer map m. The map must stay open while the Reader is used.
func NewReader(m *ebpf.Map) (*Reader, error) {
	if m.Type() != ebpf.RingBuf {
		return nil, fmt.Errorf("map %s is a %v, not a ring buffer", m, m.Type())
	}
	size := int(m.MaxEntries())
	page := os.Getpagesize()
	fd := m.FD()
	cons, err := unix.Mmap(fd, 0, page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("mmap ring consumer page: %w", err)
	}
	prod, err := unix.Mmap(fd, int64(page), page+2*size, unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		unix.Munmap(cons)
		return nil, fmt.Errorf("mmap ring data pages: %w", err)
	}
	r := &Reader{
		fd:      fd,
		cons:    cons,
		prod:    prod,
		data:    prod[page:],
		consPos: (*uint64)(unsafe.Pointer(&cons[0])),
		prodPos: (*uint64)(unsafe.Pointer(&prod[0])),
		mask:    uint64(size - 1),
	}
	r.pos = atomic.LoadUint64(r.consPos)
	r.committed = r.pos
	return r, nil
}

// FD is the ring map's file descriptor, for polling.
func (r *Reader) FD() int { return r.fd }

// Size is the ring's data size in bytes.
func (r *Reader) Size() int { return int(r.mask + 1) }

// Peek returns the next sample, skipping discarded ones, or ok=false when the ring holds
// no complete sample. The view aliases ring memory: it stays valid until Advance and a
// later Commit, or Close. Calling Peek again without Advance returns the same sample.
func (r *Reader) Peek() (sample []byte, ok bool) {
	if r.data == nil {
		return nil, false
	}
	prod := atomic.LoadUint64(r.prodPos)
	for r.pos < prod {
		hp := (*uint32)(unsafe.Pointer(&r.data[r.pos&r.mask]))
		h := atomic.LoadUint32(hp)
		if h&busyBit != 0 {
			return nil, false
		}
		n := uint64(h &^ (busyBit | discardBit))
		start := r.pos + hdrSize
		next := (start + n + 7) &^ 7
		if h&discardBit != 0 {
			r.pos = next
			continue
		}
		off := start & r.mask
		r.next = next
		return r.data[off : off+n : off+n], true
	}
	return nil, false
}

// Advance moves past the sample Peek returned. Its memory stays valid until Commit.
func (r *Reader) Advance() {
	if r.next != 0 {
		r.pos = r.next
		r.next = 0
	}
}

// Pending is how many consumed bytes have not been committed yet.
func (r *Reader) Pending() uint64 { return r.pos - r.committed }

// Commit hands the memory of every sample passed with Advance back to the kernel.
func (r *Reader) Commit() {
	if r.pos != r.committed && r.cons != nil {
		atomic.StoreUint64(r.consPos, r.pos)
		r.committed = r.pos
	}
}

// Available is how many bytes the producer has written that the reader has not
// consumed.
func (r *Reader) Available() uint64 {
	if r.prod == nil {
		return 0
	}
	return atomic.LoadUint64(r.prodPos) - r.pos
}

// Close unmaps the ring. Views handed out before are invalid afterwards.
func (r *Reader) Close() error {
	if r.cons == nil {
		return nil
	}
	err := errors.Join(unix.Munmap(r.prod), unix.Munmap(r.cons))
	r.cons, r.prod, r.data = nil, nil, nil
	return err
}

package state

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// enc appends the primitives of the binary state image.
type enc struct{ b []byte }

func (w *enc) u8(v uint8)      { w.b = append(w.b, v) }
func (w *enc) bool(v bool)     { w.u8(b2u(v)) }
func (w *enc) uvar(v uint64)   { w.b = binary.AppendUvarint(w.b, v) }
func (w *enc) svar(v int64)    { w.b = binary.AppendVarint(w.b, v) }
func (w *enc) u16(v uint16)    { w.b = binary.LittleEndian.AppendUint16(w.b, v) }
func (w *enc) u32(v uint32)    { w.b = binary.LittleEndian.AppendUint32(w.b, v) }
func (w *enc) u64(v uint64)    { w.b = binary.LittleEndian.AppendUint64(w.b, v) }
func (w *enc) bytes(v []byte)  { w.uvar(uint64(len(v))); w.b = append(w.b, v...) }
func (w *enc) str(v string)    { w.uvar(uint64(len(v))); w.b = append(w.b, v...) }
func (w *enc) addr(v [16]byte) { w.b = append(w.b, v[:]...) }

func (w *enc) strs(v []string) {
	w.bool(v != nil)
	w.uvar(uint64(len(v)))
	for _, s := range v {
		w.str(s)
	}
}

func b2u(v bool) uint8 {
	if v {
		return 1
	}
	return 0
}

// ErrCorruptState reports a binary state image that cannot be decoded.
var ErrCorruptState = errors.New("corrupt state image")

// dec reads the primitives of the binary state image with a sticky error.
type dec struct {
	b       []byte
	off     int
	err     error
	version uint8 // format version of the image
}

func (r *dec) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s at offset %d", ErrCorruptState, what, r.off)
	}
}

func (r *dec) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.off {
		r.fail(fmt.Sprintf("%d bytes past the end", n))
		return nil
	}
	p := r.b[r.off : r.off+n]
	r.off += n
	return p
}

func (r *dec) u8() uint8 {
	if p := r.take(1); p != nil {
		return p[0]
	}
	return 0
}

func (r *dec) bool() bool { return r.u8() != 0 }

func (r *dec) uvar() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.fail("bad unsigned varint")
		return 0
	}
	r.off += n
	return v
}

func (r *dec) svar() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b[r.off:])
	if n <= 0 {
		r.fail("bad signed varint")
		return 0
	}
	r.off += n
	return v
}

func (r *dec) u16() uint16 {
	if p := r.take(2); p != nil {
		return binary.LittleEndian.Uint16(p)
	}
	return 0
}

func (r *dec) u32() uint32 {
	if p := r.take(4); p != nil {
		return binary.LittleEndian.Uint32(p)
	}
	return 0
}

func (r *dec) u64() uint64 {
	if p := r.take(8); p != nil {
		return binary.LittleEndian.Uint64(p)
	}
	return 0
}

// count reads a length and checks it against the bytes left (each item takes at least
// min bytes).
func (r *dec) count(min int) int {
	n := r.uvar()
	if n > math.MaxInt32 || int(n)*min > len(r.b)-r.off {
		r.fail(fmt.Sprintf("count %d exceeds the image", n))
		return 0
	}
	return int(n)
}

func (r *dec) bytes() []byte {
	n := r.count(1)
	if p := r.take(n); p != nil {
		return append([]byte(nil), p...)
	}
	return nil
}

func (r *dec) str() string {
	n := r.count(1)
	return string(r.take(n))
}

func (r *dec) addr() (a [16]byte) {
	copy(a[:], r.take(16))
	return a
}

func (r *dec) strs() []string {
	present := r.bool()
	n := r.count(1)
	if !present {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

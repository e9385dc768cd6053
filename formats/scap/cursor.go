package scap

import "encoding/binary"

// cursor decodes little-endian values from a block body with a sticky error: after the
// first short read every accessor returns zero and ok() reports false.
type cursor struct {
	b   []byte
	off int
	bad bool
}

func (c *cursor) take(n int) []byte {
	if c.bad || n < 0 || c.off+n > len(c.b) {
		c.bad = true
		return nil
	}
	p := c.b[c.off : c.off+n]
	c.off += n
	return p
}

func (c *cursor) u8() uint8 {
	if p := c.take(1); p != nil {
		return p[0]
	}
	return 0
}

func (c *cursor) u16() uint16 {
	if p := c.take(2); p != nil {
		return binary.LittleEndian.Uint16(p)
	}
	return 0
}

func (c *cursor) u32() uint32 {
	if p := c.take(4); p != nil {
		return binary.LittleEndian.Uint32(p)
	}
	return 0
}

func (c *cursor) u64() uint64 {
	if p := c.take(8); p != nil {
		return binary.LittleEndian.Uint64(p)
	}
	return 0
}

// str16 reads a u16-length-prefixed string (no terminator on disk).
func (c *cursor) str16() string { return string(c.take(int(c.u16()))) }

// bytes16 reads a u16-length-prefixed byte blob into a fresh slice.
func (c *cursor) bytes16() []byte {
	p := c.take(int(c.u16()))
	if p == nil {
		return nil
	}
	return append([]byte(nil), p...)
}

func (c *cursor) left() int { return len(c.b) - c.off }

func (c *cursor) ok() bool { return !c.bad }

package journal

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
)

// Magic opens every journal file.
const Magic = "SCRYJRNL"

// Version is the format version this package writes and reads.
const Version = 1

// Sizes of the fixed parts of the format.
const (
	fileHeaderLen  = 16
	frameHeaderLen = 16
	recordLen      = 14 // num u64, flags u32, cpu u16
)

// maxRawLen bounds a frame's decompressed size: larger claims are corruption.
const maxRawLen = 1 << 30

// Frame kinds.
const (
	kindHost    byte = 1
	kindSection byte = 2
	kindState   byte = 3
	kindEvents  byte = 4
)

// ErrCorrupt marks a journal whose bytes are not a journal, or whose frame fails its
// checksum.
var ErrCorrupt = errors.New("corrupt journal")

// ErrNoSnapshot is returned by Open for a journal that ends before its snapshot frames:
// the crash came before the segment's first sync, so it holds nothing to recover.
var ErrNoSnapshot = errors.New("journal has no complete snapshot")

var le = binary.LittleEndian

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// fileHeader returns the 16 bytes that open a journal.
func fileHeader() []byte {
	b := make([]byte, fileHeaderLen)
	copy(b, Magic)
	le.PutUint32(b[8:], Version)
	return b
}

// sealFrame fills the header of a frame whose data follows it in b (b[:16] reserved).
func sealFrame(b []byte, kind byte, rawLen int) {
	b[0], b[1], b[2], b[3] = kind, 0, 0, 0
	le.PutUint32(b[4:], uint32(rawLen))
	le.PutUint32(b[8:], uint32(len(b)-frameHeaderLen))
	crc := crc32.Update(crc32.Checksum(b[:12], castagnoli), castagnoli, b[frameHeaderLen:])
	le.PutUint32(b[12:], crc)
}

// frameCRC is the checksum a frame with header h and data d must carry.
func frameCRC(h, d []byte) uint32 {
	return crc32.Update(crc32.Checksum(h[:12], castagnoli), castagnoli, d)
}

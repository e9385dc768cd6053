package journal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"

	"github.com/scrylabs/scry/formats/event"
)

// Magic opens every journal file.
const Magic = "SCRYJRNL"

// Format versions. Version 1 is the journal of one open segment (snapshot, then events),
// which Create writes and Open reads. Version 2 files are the parts of a spool: spool
// files of events (CreateSpool, ReadSpool) and checkpoints (WriteCheckpoint,
// ReadCheckpoint); the header's third field says which.
const (
	Version      = 1
	SpoolVersion = 2
)

// Roles of a version 2 file, in its header.
const (
	roleSpool      = 1
	roleCheckpoint = 2
)

// Codecs of a frame's data, in its header's second byte (version 1 frames are zstd).
const (
	codecZstd byte = 0
	codecS2   byte = 1 // S2 block format (github.com/klauspost/compress/s2)
)

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
	// Version 2 only.
	kindPosition byte = 5 // a checkpoint's start in the spool
	kindCommit   byte = 6 // a checkpoint's segment is being committed
	maxKind           = kindCommit
)

// ErrCorrupt marks a journal whose bytes are not a journal, or whose frame fails its
// checksum.
var ErrCorrupt = errors.New("corrupt journal")

// ErrNoSnapshot is returned by Open for a journal that ends before its snapshot frames:
// the crash came before the segment's first sync, so it holds nothing to recover.
var ErrNoSnapshot = errors.New("journal has no complete snapshot")

var le = binary.LittleEndian

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// fileHeader returns the 16 bytes that open a version 1 journal.
func fileHeader() []byte { return fileHeaderV(Version, 0) }

// fileHeaderV returns the 16 bytes that open a file of the given version and role.
func fileHeaderV(version, role uint32) []byte {
	b := make([]byte, fileHeaderLen)
	copy(b, Magic)
	le.PutUint32(b[8:], version)
	le.PutUint32(b[12:], role)
	return b
}

// sealFrame fills the header of a zstd frame whose data follows it in b (b[:16]
// reserved).
func sealFrame(b []byte, kind byte, rawLen int) { sealFrameCodec(b, kind, codecZstd, rawLen) }

// sealFrameCodec fills the header of a frame whose data, compressed with codec, follows
// it in b (b[:16] reserved).
func sealFrameCodec(b []byte, kind, codec byte, rawLen int) {
	b[0], b[1], b[2], b[3] = kind, codec, 0, 0
	le.PutUint32(b[4:], uint32(rawLen))
	le.PutUint32(b[8:], uint32(len(b)-frameHeaderLen))
	crc := crc32.Update(crc32.Checksum(b[:12], castagnoli), castagnoli, b[frameHeaderLen:])
	le.PutUint32(b[12:], crc)
}

// frameCRC is the checksum a frame with header h and data d must carry.
func frameCRC(h, d []byte) uint32 {
	return crc32.Update(crc32.Checksum(h[:12], castagnoli), castagnoli, d)
}

// decodeRecord makes ev a view of the event record at the start of b (its Raw aliases b)
// and returns the record's length.
func decodeRecord(b []byte, ev *event.Event) (int, error) {
	if len(b) < recordLen {
		return 0, fmt.Errorf("record of %d bytes", len(b))
	}
	n, err := event.Validate(b[recordLen:])
	if err != nil {
		return 0, err
	}
	ev.Num, ev.Flags, ev.CPU = le.Uint64(b), le.Uint32(b[8:]), le.Uint16(b[12:])
	ev.Raw = b[recordLen : recordLen+n : recordLen+n]
	return recordLen + n, nil
}

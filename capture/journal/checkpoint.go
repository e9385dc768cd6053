package journal

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/scrylabs/scry/formats/parquet"
)

// Checkpoint is the state at one event of a spool: where a segment starts, with the
// snapshot it starts with. Converting the spooled events from Start on, beginning with
// Snapshot, rebuilds the segment and those after it.
type Checkpoint struct {
	Snapshot
	Start Position
}

// Commit says that the segment starting at a checkpoint is being committed: it is
// complete at Segment (a path relative to the store), and ends with event LastNum.
type Commit struct {
	Segment string
	LastNum uint64
}

// CheckpointExt ends the name of every checkpoint file.
const CheckpointExt = ".checkpoint"

// The zstd codec of checkpoint frames, shared: checkpoints are written once per segment.
var (
	ckptMu  sync.Mutex
	ckptEnc *zstd.Encoder
	ckptDec *zstd.Decoder
)

func checkpointCodec() (*zstd.Encoder, *zstd.Decoder, error) {
	if ckptEnc == nil {
		e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
		if err != nil {
			return nil, nil, fmt.Errorf("start zstd: %w", err)
		}
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxRawLen))
		if err != nil {
			return nil, nil, fmt.Errorf("start zstd: %w", err)
		}
		ckptEnc, ckptDec = e, d
	}
	return ckptEnc, ckptDec, nil
}

// appendZstdFrame appends a zstd frame of the given kind holding raw.
func appendZstdFrame(b []byte, enc *zstd.Encoder, kind byte, raw []byte) []byte {
	start := len(b)
	b = append(b, make([]byte, frameHeaderLen)...)
	b = enc.EncodeAll(raw, b)
	sealFrame(b[start:], kind, len(raw))
	return b
}

// WriteCheckpoint writes c to path (mode 0600) atomically: under a temporary name,
// synced, renamed, and the folder synced.
func WriteCheckpoint(path string, c Checkpoint) error {
	if c.Section == nil {
		return fmt.Errorf("write checkpoint %s: no snapshot section", path)
	}
	ckptMu.Lock()
	enc, _, err := checkpointCodec()
	if err != nil {
		ckptMu.Unlock()
		return fmt.Errorf("write checkpoint %s: %w", path, err)
	}
	b := fileHeaderV(SpoolVersion, roleCheckpoint)
	b = appendZstdFrame(b, enc, kindHost, []byte(c.Host))
	if c.State != nil {
		b = appendZstdFrame(b, enc, kindState, c.State)
	}
	b = appendZstdFrame(b, enc, kindSection, parquet.AppendSection(nil, c.Section))
	pos := le.AppendUint64(le.AppendUint64(nil, c.Start.Num), uint64(c.Start.Offset))
	b = appendZstdFrame(b, enc, kindPosition, append(pos, c.Start.File...))
	ckptMu.Unlock()

	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write checkpoint %s: %w", path, err)
	}
	return nil
}

// MarkCommit appends c to the checkpoint at path and syncs it. Write it before the
// segment is moved into place: a commit mark whose segment is not there was not carried
// out.
func MarkCommit(path string, c Commit) error {
	ckptMu.Lock()
	enc, _, err := checkpointCodec()
	if err != nil {
		ckptMu.Unlock()
		return fmt.Errorf("mark checkpoint %s committed: %w", path, err)
	}
	b := appendZstdFrame(nil, enc, kindCommit, append(le.AppendUint64(nil, c.LastNum), c.Segment...))
	ckptMu.Unlock()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("mark checkpoint committed: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("mark checkpoint %s committed: %w", path, err)
	}
	return nil
}

// ReadCheckpoint reads the checkpoint at path and its commit mark (nil when it has none,
// or only a torn one). A file that is not a complete checkpoint is ErrCorrupt.
func ReadCheckpoint(path string) (Checkpoint, *Commit, error) {
	var c Checkpoint
	b, err := os.ReadFile(path)
	if err != nil {
		return c, nil, fmt.Errorf("read checkpoint: %w", err)
	}
	if len(b) < fileHeaderLen || string(b[:8]) != Magic || le.Uint32(b[8:]) != SpoolVersion || le.Uint32(b[12:]) != roleCheckpoint {
		return c, nil, fmt.Errorf("%s: %w: not a version %d checkpoint", path, ErrCorrupt, SpoolVersion)
	}
	ckptMu.Lock()
	defer ckptMu.Unlock()
	_, dec, err := checkpointCodec()
	if err != nil {
		return c, nil, fmt.Errorf("read checkpoint %s: %w", path, err)
	}
	var commit *Commit
	havePos := false
	for off := fileHeaderLen; off < len(b); {
		kind, raw, n, err := parseFrame(b[off:], dec)
		if err != nil {
			if havePos { // a commit mark torn by a crash: the commit did not happen
				break
			}
			return c, nil, fmt.Errorf("%s: %w: frame at offset %d: %w", path, ErrCorrupt, off, err)
		}
		off += n
		switch kind {
		case kindHost:
			c.Host = string(raw)
		case kindState:
			c.State = append([]byte(nil), raw...)
		case kindSection:
			if c.Section, err = parquet.DecodeSection(raw); err != nil {
				return c, nil, fmt.Errorf("%s: %w: section frame: %w", path, ErrCorrupt, err)
			}
		case kindPosition:
			if len(raw) < 16 {
				return c, nil, fmt.Errorf("%s: %w: position frame of %d bytes", path, ErrCorrupt, len(raw))
			}
			c.Start = Position{Num: le.Uint64(raw), Offset: int64(le.Uint64(raw[8:])), File: string(raw[16:])}
			havePos = true
		case kindCommit:
			if len(raw) < 8 {
				return c, nil, fmt.Errorf("%s: %w: commit frame of %d bytes", path, ErrCorrupt, len(raw))
			}
			commit = &Commit{LastNum: le.Uint64(raw), Segment: string(raw[8:])}
		default:
			return c, nil, fmt.Errorf("%s: %w: frame of kind %d", path, ErrCorrupt, kind)
		}
	}
	if !havePos || c.Section == nil {
		return c, nil, fmt.Errorf("%s: %w: checkpoint without its section or position", path, ErrCorrupt)
	}
	return c, commit, nil
}

// parseFrame decodes the zstd frame at the start of b: its kind, content and length.
func parseFrame(b []byte, dec *zstd.Decoder) (byte, []byte, int, error) {
	if len(b) < frameHeaderLen {
		return 0, nil, 0, io.ErrUnexpectedEOF
	}
	kind, codec, rawLen, dataLen := b[0], b[1], le.Uint32(b[4:]), le.Uint32(b[8:])
	if kind < kindHost || kind > maxKind || codec != codecZstd || rawLen > maxRawLen {
		return 0, nil, 0, fmt.Errorf("%w: kind %d, codec %d", ErrCorrupt, kind, codec)
	}
	n := frameHeaderLen + int(dataLen)
	if dataLen > maxRawLen || n > len(b) {
		return 0, nil, 0, io.ErrUnexpectedEOF
	}
	data := b[frameHeaderLen:n]
	if frameCRC(b, data) != le.Uint32(b[12:]) {
		return 0, nil, 0, fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	raw, err := dec.DecodeAll(data, nil)
	if err != nil || len(raw) != int(rawLen) {
		return 0, nil, 0, errors.Join(ErrCorrupt, err)
	}
	return kind, raw, n, nil
}

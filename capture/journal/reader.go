package journal

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/zstd"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
)

// Reader reads a journal back: its snapshot, then its events.
type Reader struct {
	path string
	f    *os.File
	in   *bufio.Reader
	dec  *zstd.Decoder
	off  int64 // file offset of the next frame
	snap Snapshot
	data []byte // compressed bytes of the current frame
	raw  []byte // decompressed events of the current frame
	pos  int    // next record in raw
	torn error  // why reading stopped before the end of the file
	done bool
}

// Open opens a journal and reads its snapshot. It fails with ErrNoSnapshot when the
// file ends (or is corrupt) before its snapshot is complete, and with ErrCorrupt for a
// file that is not a version 1 journal.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxRawLen))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open journal %s: start zstd: %w", path, err)
	}
	r := &Reader{path: path, f: f, in: bufio.NewReaderSize(f, 1<<20), dec: dec}
	if err := r.readSnapshot(); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

func (r *Reader) readSnapshot() error {
	var h [fileHeaderLen]byte
	if _, err := io.ReadFull(r.in, h[:]); err != nil {
		return fmt.Errorf("%s: %w: file header: %w", r.path, ErrNoSnapshot, err)
	}
	if string(h[:8]) != Magic {
		return fmt.Errorf("%s: %w: no journal magic", r.path, ErrCorrupt)
	}
	if v := le.Uint32(h[8:]); v != Version {
		return fmt.Errorf("%s: %w: format version %d, this build reads %d", r.path, ErrCorrupt, v, Version)
	}
	r.off = fileHeaderLen
	var haveHost bool
	for {
		kind, raw, err := r.frame()
		if err != nil {
			return fmt.Errorf("%s: %w: %w", r.path, ErrNoSnapshot, err)
		}
		switch kind {
		case kindHost:
			r.snap.Host, haveHost = string(raw), true
		case kindState:
			r.snap.State = append([]byte(nil), raw...)
		case kindSection:
			s, err := parquet.DecodeSection(raw)
			if err != nil {
				return fmt.Errorf("%s: %w: section frame: %w", r.path, ErrCorrupt, err)
			}
			r.snap.Section = s
			if !haveHost {
				return fmt.Errorf("%s: %w: section before the host", r.path, ErrCorrupt)
			}
			return r.afterSnapshot()
		case kindEvents:
			return fmt.Errorf("%s: %w: events before the snapshot", r.path, ErrCorrupt)
		}
	}
}

// afterSnapshot reads the first events frame, if any: the file may end there, cleanly
// or in a torn frame.
func (r *Reader) afterSnapshot() error {
	kind, raw, err := r.frame()
	switch {
	case err == io.EOF:
		r.done = true
	case err != nil:
		r.done, r.torn = true, err
	case kind != kindEvents:
		r.done, r.torn = true, fmt.Errorf("%w: frame of kind %d after the snapshot", ErrCorrupt, kind)
	default:
		r.raw, r.pos = raw, 0
	}
	return nil
}

// frame reads the next frame. It returns io.EOF at a clean end of file, and otherwise an
// error saying why the rest of the file cannot be read (a torn or corrupt frame). The
// returned bytes are valid until the next call.
func (r *Reader) frame() (byte, []byte, error) {
	var h [frameHeaderLen]byte
	n, err := io.ReadFull(r.in, h[:])
	if err == io.EOF {
		return 0, nil, io.EOF
	}
	if err != nil {
		return 0, nil, fmt.Errorf("frame at offset %d: %d of %d header bytes: %w", r.off, n, frameHeaderLen, io.ErrUnexpectedEOF)
	}
	kind, rawLen, dataLen := h[0], le.Uint32(h[4:]), le.Uint32(h[8:])
	if kind < kindHost || kind > kindEvents || rawLen > maxRawLen || dataLen > maxRawLen {
		return 0, nil, fmt.Errorf("frame at offset %d: %w: kind %d, %d bytes of %d", r.off, ErrCorrupt, kind, dataLen, rawLen)
	}
	if cap(r.data) < int(dataLen) {
		r.data = make([]byte, dataLen)
	}
	r.data = r.data[:dataLen]
	if n, err := io.ReadFull(r.in, r.data); err != nil {
		return 0, nil, fmt.Errorf("frame at offset %d: %d of %d data bytes: %w", r.off, n, dataLen, io.ErrUnexpectedEOF)
	}
	if frameCRC(h[:], r.data) != le.Uint32(h[12:]) {
		return 0, nil, fmt.Errorf("frame at offset %d: %w: checksum mismatch", r.off, ErrCorrupt)
	}
	raw, err := r.dec.DecodeAll(r.data, r.raw[:0])
	if err != nil || len(raw) != int(rawLen) {
		return 0, nil, fmt.Errorf("frame at offset %d: %w: %d bytes decompressed of %d: %v", r.off, ErrCorrupt, len(raw), rawLen, err)
	}
	r.off += frameHeaderLen + int64(dataLen)
	return kind, raw, nil
}

// Snapshot is the state the journaled segment starts with.
func (r *Reader) Snapshot() Snapshot { return r.snap }

// Next stores the next event in ev; ev.Raw aliases the reader's buffer until the next
// call. It returns io.EOF after the last complete frame, whether the file ends there or
// in a torn frame (see Torn).
func (r *Reader) Next(ev *event.Event) error {
	for r.pos >= len(r.raw) {
		if r.done {
			return io.EOF
		}
		kind, raw, err := r.frame()
		if err == io.EOF {
			r.done = true
			return io.EOF
		}
		if err != nil {
			r.done, r.torn = true, err
			return io.EOF
		}
		if kind != kindEvents {
			r.done, r.torn = true, fmt.Errorf("%w: frame of kind %d after the events started", ErrCorrupt, kind)
			return io.EOF
		}
		r.raw, r.pos = raw, 0
	}
	n, err := decodeRecord(r.raw[r.pos:], ev)
	if err != nil {
		return r.badRecord(err)
	}
	r.pos += n
	return nil
}

// badRecord stops reading at a record that does not decode: the frame passed its
// checksum, so the writer wrote it that way.
func (r *Reader) badRecord(err error) error {
	r.done = true
	r.pos = len(r.raw)
	r.torn = fmt.Errorf("%w: event record in the frame ending at offset %d: %w", ErrCorrupt, r.off, err)
	return r.torn
}

// Torn says why reading stopped before the end of the file (nil when the file ended
// cleanly): after a crash, the frame being written when it happened.
func (r *Reader) Torn() error { return r.torn }

// Close closes the file.
func (r *Reader) Close() error {
	r.dec.Close()
	if err := r.f.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("close journal: %w", err)
	}
	return nil
}

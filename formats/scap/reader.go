package scap

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// readBufferSize is the initial size of the reader's window over the decompressed
// stream; it grows for blocks that do not fit.
const readBufferSize = 1 << 20

// Reader reads a capture stream. See the package documentation for its guarantees.
type Reader struct {
	name          string
	compression   Compression
	closers       []io.Closer
	in            *input
	off           int64 // decompressed offset of the next block
	section       *Section
	num           uint64 // event blocks read (evt.num of the last one)
	skipped       uint64 // event blocks of types no table knows
	returnUnknown bool
	onSection     func(*Section) error
	runs          []BlockRun
	eventRuns     int    // index in runs of the current section's first event run, -1 before
	v1            []byte // v1 events converted to the v2 layout
	rawOff        int    // offset in in.buf of the last event's bytes; -1 when they are in v1
	err           error
}

// Open opens a capture file, plain or compressed.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open capture: %w", err)
	}
	r, err := openFile(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.closers = append(r.closers, f)
	return r, nil
}

// openFile reads f mapped into memory where it is a plain capture large enough for that
// to pay, else through NewReader.
func openFile(f *os.File, path string) (*Reader, error) {
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || !plainCapture(f) {
		return NewReader(f, path)
	}
	data, m := openMapped(f, st.Size())
	if data == nil {
		return NewReader(f, path)
	}
	r, err := newMappedReader(data, path)
	if err != nil {
		m.Close()
		return nil, err
	}
	r.closers = append(r.closers, m)
	return r, nil
}

// newMappedReader reads the capture in data, a file's mapping, through a window that
// slides over it.
func newMappedReader(data []byte, name string) (*Reader, error) {
	in := &input{mapped: data}
	in.slide(0)
	r := &Reader{name: name, eventRuns: -1, in: in}
	if err := r.readMetadata(); err != nil {
		return nil, err
	}
	return r, nil
}

// plainCapture reports whether f starts with neither gzip's nor zstd's magic bytes; it
// leaves f's offset at the start.
func plainCapture(f *os.File) bool {
	var magic [4]byte
	n, _ := f.ReadAt(magic[:], 0)
	return sniff(magic[:n]) == CompressNone
}

// NewReader reads a capture from src, recognising gzip and zstd by their magic bytes;
// name is used in error messages. It reads the first section's metadata before returning.
func NewReader(src io.Reader, name string) (*Reader, error) {
	return newReader(src, name, -1)
}

// newReader is NewReader reading at most limit decompressed bytes (no limit if < 0), so
// that tests can feed decompression bombs cheaply.
func newReader(src io.Reader, name string, limit int64) (*Reader, error) {
	r := &Reader{name: name, eventRuns: -1}
	raw := bufio.NewReaderSize(src, 64<<10)
	magic, _ := raw.Peek(4)
	r.compression = sniff(magic)
	stream, err := decompressor(raw, r.compression)
	if err != nil {
		kind := ErrCorrupt
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			kind = ErrTruncated
		}
		return nil, &FormatError{File: name, Want: "a " + r.compression.String() + " stream header", Err: fmt.Errorf("%w: %w", kind, err), Decompressed: true}
	}
	r.closers = append(r.closers, stream)
	var in io.Reader = stream
	if limit >= 0 {
		in = io.LimitReader(stream, limit)
	}
	r.in = newInput(in, readBufferSize)
	if err := r.readMetadata(); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// Close releases the decompressor and, for Open, the file.
func (r *Reader) Close() error {
	var first error
	for i := len(r.closers) - 1; i >= 0; i-- {
		if err := r.closers[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	r.closers = nil
	return first
}

// Name is the name the reader reports in errors.
func (r *Reader) Name() string { return r.name }

// Compression is the compression the stream was recognised to use.
func (r *Reader) Compression() Compression { return r.compression }

// Section is the metadata of the section being read. It changes (to a new value) when
// Next crosses into a concatenated section; compare pointers to notice.
func (r *Reader) Section() *Section { return r.section }

// EventsRead is the number of event blocks read so far (the evt.num of the last event).
func (r *Reader) EventsRead() uint64 { return r.num }

// Skipped is the number of event blocks whose type no known table describes; they count
// in evt.num but are not returned unless ReturnUnknown is set.
func (r *Reader) Skipped() uint64 { return r.skipped }

// ReturnUnknown makes Next return events of types no table describes (Info() == nil)
// instead of skipping them, for consumers that copy events verbatim.
func (r *Reader) ReturnUnknown(on bool) { r.returnUnknown = on }

// OnSection registers f (nil to remove it) to be called by Next with each further
// section's metadata as it enters the section, after its metadata blocks and before its
// first event, sections without events included. An error from f is returned by Next.
func (r *Reader) OnSection(f func(*Section) error) { r.onSection = f }

// Blocks is the inventory of blocks read so far (see BlockRun).
func (r *Reader) Blocks() []BlockRun { return r.runs }

// Offset is the decompressed offset of the next block.
func (r *Reader) Offset() int64 { return r.off }

func (r *Reader) fail(block uint32, want string, err error) error {
	name := ""
	if block != 0 {
		name = BlockName(block)
	}
	r.err = &FormatError{File: r.name, Offset: r.off, Block: name, Want: want, Err: err, Decompressed: r.compression != CompressNone}
	return r.err
}

// ioErr classifies a read error: the stream ending inside a block is a truncation.
func ioErr(err error) error {
	if err == nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return ErrTruncated
	}
	return err
}

// peekHeader returns the next block's type and total length; io.EOF at a clean end.
func (r *Reader) peekHeader() (uint32, uint32, error) {
	if in := r.in; in.w-in.r >= 8 {
		h := in.buf[in.r : in.r+8]
		return binary.LittleEndian.Uint32(h), binary.LittleEndian.Uint32(h[4:]), nil
	}
	return r.peekHeaderSlow()
}

func (r *Reader) peekHeaderSlow() (uint32, uint32, error) {
	h, err := r.in.peek(8)
	if len(h) < 8 {
		if len(h) == 0 && errors.Is(err, io.EOF) {
			return 0, 0, io.EOF
		}
		return 0, 0, r.fail(0, fmt.Sprintf("an 8-byte block header, got %d bytes", len(h)), ioErr(err))
	}
	return binary.LittleEndian.Uint32(h), binary.LittleEndian.Uint32(h[4:]), nil
}

// readBlock returns the whole block (header to trailer) and consumes it. The slice is
// valid until the next read.
func (r *Reader) readBlock(typ, total uint32) ([]byte, error) {
	if in := r.in; total >= 12 && int(total) <= in.w-in.r {
		b := in.buf[in.r : in.r+int(total)]
		in.r += int(total)
		r.off += int64(total)
		return b, nil
	}
	return r.readBlockSlow(typ, total)
}

func (r *Reader) readBlockSlow(typ, total uint32) ([]byte, error) {
	if total < 12 {
		return nil, r.fail(typ, fmt.Sprintf("a block length of at least 12, got %d", total), ErrCorrupt)
	}
	b, err := r.in.peek(int(total))
	if len(b) < int(total) {
		return nil, r.fail(typ, fmt.Sprintf("%d block bytes, got %d", total, len(b)), ioErr(err))
	}
	r.in.discard(int(total))
	r.off += int64(total)
	return b, nil
}

// Next reads the next event into ev. The event's bytes stay valid until the next call.
// It returns io.EOF at the end of the capture, and a *FormatError where the capture is
// damaged (every event before the damage has been returned by then).
func (r *Reader) Next(ev *event.Event) error {
	if r.err != nil {
		return r.err
	}
	for {
		if ok, skip := r.nextBuffered(ev); ok {
			if skip {
				continue
			}
			return nil
		}
		typ, total, err := r.peekHeader()
		if err != nil {
			return err
		}
		isEvent, hasFlags, v1, large := eventBlock(typ)
		if !isEvent {
			if typ == BlockSHB {
				if err := r.readMetadata(); err != nil {
					return err
				}
				continue
			}
			// Metadata cannot follow events: only a new section may (libscap ends the
			// section here and fails unless the block is a section header).
			return r.fail(typ, "an event block or a section header block after the section's first event", ErrCorrupt)
		}
		hdrLen := event.HeaderLen
		if v1 {
			hdrLen = event.HeaderLenV1
		}
		fixed := 2
		if hasFlags {
			fixed = 6
		}
		if total < uint32(8+fixed+hdrLen+4) {
			return r.fail(typ, fmt.Sprintf("a block length of at least %d, got %d", 8+fixed+hdrLen+4, total), ErrCorrupt)
		}
		if !large && total-8 > maxEventBlockSize {
			return r.fail(typ, fmt.Sprintf("an event block of at most %d bytes, got %d", maxEventBlockSize+8, total), ErrCorrupt)
		}
		start := r.off
		b, err := r.readBlock(typ, total)
		if err != nil {
			return err
		}
		body := b[8 : len(b)-4]
		raw := body[fixed:]
		r.rawOff = r.in.r - int(total) + 8 + fixed
		if v1 {
			r.rawOff = -1
			if raw, err = r.convertV1(raw); err != nil {
				r.off = start
				return r.fail(typ, err.Error(), ErrCorrupt)
			}
		}
		n, err := event.Validate(raw)
		if err != nil {
			r.off = start
			return r.fail(typ, "a well-formed event: "+err.Error(), ErrCorrupt)
		}
		r.count(typ, true)
		r.num++
		ev.Num = r.num
		ev.CPU = binary.LittleEndian.Uint16(body)
		ev.Flags = 0
		if hasFlags {
			ev.Flags = binary.LittleEndian.Uint32(body[2:]) &^ event.FlagLarge // never stored: selects the block code
		}
		ev.Raw = raw[:n:n]
		if int(ev.Type()) >= schema.NumEvents && !r.returnUnknown {
			r.skipped++
			continue
		}
		return nil
	}
}

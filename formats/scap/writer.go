package scap

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/scrylabs/scry/formats/event"
)

// The format version and block versions Writer writes: the newest layout of the scap
// format, the one sysdig 0.29.3 (falcosecurity libs e5c53d64) writes and reads.
const (
	WriteMajor uint16 = 1 // section header major version
	WriteMinor uint16 = 2 // section header minor version

	WriteBlockMachine    = BlockMI   // machine info, 180-byte body
	WriteBlockInterfaces = BlockILV2 // interface list v2 (entry length excludes itself)
	WriteBlockUsers      = BlockULV2 // user list v2
	WriteBlockProcesses  = BlockPLV9 // process list V9 (per-entry length)
	WriteBlockFDs        = BlockFDLV2
	// Events are written as EV_V2, or EVF_V2 when they carry dump flags, and as the
	// _LARGE variants of both for event types with large (u32) parameter lengths.
)

// WriterOptions configure a Writer.
type WriterOptions struct {
	Compression Compression // CompressNone, CompressGzip or CompressZstd
}

// Writer writes a capture: sections of metadata blocks followed by events. Call
// WriteSection to start a section (a bare section header is written before the first
// event otherwise), WriteEvent for each event, and Close to flush.
type Writer struct {
	bw       *bufio.Writer
	closers  []io.Closer // compressor, then file; closed in order
	block    []byte      // scratch for one metadata block
	scratch  [16]byte    // an event block's header or padding and trailer
	started  bool        // a section header has been written
	off      int64       // uncompressed bytes written
	events   uint64
	err      error
	compress Compression
}

// NewWriter writes a capture to w. Close flushes it but does not close w.
func NewWriter(w io.Writer, opts WriterOptions) (*Writer, error) {
	wr := &Writer{compress: opts.Compression}
	var sink io.Writer = w
	switch opts.Compression {
	case CompressNone:
	case CompressGzip:
		zw := gzip.NewWriter(w)
		sink = zw
		wr.closers = append(wr.closers, zw)
	case CompressZstd:
		zw, err := zstd.NewWriter(w, zstd.WithEncoderConcurrency(1))
		if err != nil {
			return nil, fmt.Errorf("start zstd compression: %w", err)
		}
		sink = zw
		wr.closers = append(wr.closers, zw)
	default:
		return nil, fmt.Errorf("new capture writer: unknown compression %v", opts.Compression)
	}
	wr.bw = bufio.NewWriterSize(sink, 1<<20)
	return wr, nil
}

// Create creates (or truncates) the file at path and writes a capture to it; Close
// closes the file.
func Create(path string, opts WriterOptions) (*Writer, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create capture: %w", err)
	}
	w, err := NewWriter(f, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	w.closers = append(w.closers, f)
	return w, nil
}

// Compression is the compression the writer applies.
func (w *Writer) Compression() Compression { return w.compress }

// EventsWritten is the number of event blocks written so far.
func (w *Writer) EventsWritten() uint64 { return w.events }

// Offset is the number of uncompressed bytes written so far.
func (w *Writer) Offset() int64 { return w.off }

func (w *Writer) write(b []byte) error {
	if w.err != nil {
		return w.err
	}
	if _, err := w.bw.Write(b); err != nil {
		w.err = fmt.Errorf("write capture at offset %d: %w", w.off, err)
		return w.err
	}
	w.off += int64(len(b))
	return nil
}

// WriteSection starts a section: a section header, then the metadata blocks of s in the
// order libscap writes them (MI, IL, UL, PL, one FDL per list). Blocks are written only
// for what s holds: MI when Machine is set, IL and UL when HasInterfaces/HasUsers (or
// the lists are not empty), PL when there are processes. s.Header is not used: the
// section header always says version 1.2. Entries are written as they are: fd types
// 17-21 and process tails of newer libs round-trip through scry, while sysdig 0.29.3
// rejects those fd types ("wrong fd type").
func (w *Writer) WriteSection(s *Section) error {
	if err := w.writeSHB(); err != nil {
		return err
	}
	if s == nil {
		return nil
	}
	if s.Machine != nil {
		if err := w.writeBlock(WriteBlockMachine, appendMachineInfo(w.body(), s.Machine)); err != nil {
			return err
		}
	}
	if s.HasInterfaces || len(s.Interfaces) > 0 {
		b, err := appendInterfaces(w.body(), s.Interfaces)
		if err != nil {
			return w.metaErr(WriteBlockInterfaces, err)
		}
		if err := w.writeBlock(WriteBlockInterfaces, b); err != nil {
			return err
		}
	}
	if s.HasUsers || len(s.Users) > 0 || len(s.Groups) > 0 {
		b, err := appendUsers(w.body(), s.Users, s.Groups)
		if err != nil {
			return w.metaErr(WriteBlockUsers, err)
		}
		if err := w.writeBlock(WriteBlockUsers, b); err != nil {
			return err
		}
	}
	if len(s.Processes) > 0 {
		b, err := appendProcesses(w.body(), s.Processes)
		if err != nil {
			return w.metaErr(WriteBlockProcesses, err)
		}
		if err := w.writeBlock(WriteBlockProcesses, b); err != nil {
			return err
		}
	}
	for i := range s.FDLists {
		b, err := appendFDList(w.body(), &s.FDLists[i])
		if err != nil {
			return w.metaErr(WriteBlockFDs, err)
		}
		if err := w.writeBlock(WriteBlockFDs, b); err != nil {
			return err
		}
	}
	return nil
}

func (w *Writer) metaErr(typ uint32, err error) error {
	return fmt.Errorf("write %s block at offset %d: %w", BlockName(typ), w.off, err)
}

// body returns the scratch buffer with room reserved for a block header.
func (w *Writer) body() []byte { return append(w.block[:0], make([]byte, 8)...) }

func (w *Writer) writeSHB() error {
	var b [28]byte
	binary.LittleEndian.PutUint32(b[0:], BlockSHB)
	binary.LittleEndian.PutUint32(b[4:], 28)
	binary.LittleEndian.PutUint32(b[8:], sectionMagic)
	binary.LittleEndian.PutUint16(b[12:], WriteMajor)
	binary.LittleEndian.PutUint16(b[14:], WriteMinor)
	binary.LittleEndian.PutUint64(b[16:], ^uint64(0))
	binary.LittleEndian.PutUint32(b[24:], 28)
	w.started = true
	return w.write(b[:])
}

// writeBlock completes a block whose body follows 8 reserved bytes in b: it fills in the
// header, pads the body to 4 bytes and appends the trailer.
func (w *Writer) writeBlock(typ uint32, b []byte) error {
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	total := uint32(len(b) + 4)
	binary.LittleEndian.PutUint32(b[0:], typ)
	binary.LittleEndian.PutUint32(b[4:], total)
	b = binary.LittleEndian.AppendUint32(b, total)
	w.block = b[:0]
	return w.write(b)
}

// WriteEvent writes one event block: EV_V2, or EVF_V2 when the event carries dump flags
// (FlagLarge is never stored), in their _LARGE variants for large-payload event types.
func (w *Writer) WriteEvent(ev *event.Event) error {
	if w.err != nil {
		return w.err
	}
	if !w.started {
		if err := w.writeSHB(); err != nil {
			return err
		}
	}
	if len(ev.Raw) < event.HeaderLen || int(ev.Len()) != len(ev.Raw) {
		return fmt.Errorf("write event %d at offset %d: %w", ev.Num, w.off, errBadEventBytes(ev.Raw))
	}
	flags := ev.Flags &^ event.FlagLarge
	large := ev.Flags&event.FlagLarge != 0
	if info := ev.Info(); info != nil && info.LargePayload() {
		large = true
	}
	typ, fixed := eventBlockType(flags != 0, large), 2
	if flags != 0 {
		fixed = 6
	}
	n := 8 + fixed + len(ev.Raw)
	pad := (4 - n%4) % 4
	total := n + pad + 4
	if !large && total-8 > maxEventBlockSize {
		return fmt.Errorf("write event %d at offset %d: a %d-byte %s block exceeds the %d-byte limit of readers", ev.Num, w.off, total, BlockName(typ), maxEventBlockSize+8)
	}
	hdr := w.scratch[:8+fixed]
	binary.LittleEndian.PutUint32(hdr[0:], typ)
	binary.LittleEndian.PutUint32(hdr[4:], uint32(total))
	binary.LittleEndian.PutUint16(hdr[8:], ev.CPU)
	if flags != 0 {
		binary.LittleEndian.PutUint32(hdr[10:], flags)
	}
	if err := w.write(hdr); err != nil {
		return err
	}
	if err := w.write(ev.Raw); err != nil {
		return err
	}
	tail := w.scratch[:pad+4]
	clear(tail[:pad])
	binary.LittleEndian.PutUint32(tail[pad:], uint32(total))
	if err := w.write(tail); err != nil {
		return err
	}
	w.events++
	return nil
}

// eventBlockType is the block code Writer uses for an event.
func eventBlockType(hasFlags, large bool) uint32 {
	switch {
	case hasFlags && large:
		return BlockEVFV2Large
	case hasFlags:
		return BlockEVFV2
	case large:
		return BlockEVV2Large
	}
	return BlockEVV2
}

func errBadEventBytes(raw []byte) error {
	if len(raw) < event.HeaderLen {
		return fmt.Errorf("%w: %d bytes, want at least the %d-byte header", event.ErrMalformed, len(raw), event.HeaderLen)
	}
	return fmt.Errorf("%w: header length %d, %d bytes given", event.ErrMalformed, binary.LittleEndian.Uint32(raw[16:]), len(raw))
}

// Close flushes the capture, finishes the compressed stream and closes the file Create
// opened. A capture with no section yet gets a bare section header.
func (w *Writer) Close() error {
	err := w.err
	if err == nil && !w.started {
		err = w.writeSHB()
	}
	if err == nil {
		if ferr := w.bw.Flush(); ferr != nil {
			err = fmt.Errorf("flush capture: %w", ferr)
		}
	}
	for _, c := range w.closers {
		if cerr := c.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close capture: %w", cerr)
		}
	}
	w.closers = nil
	if w.err == nil {
		w.err = errors.New("capture writer is closed")
	}
	return err
}

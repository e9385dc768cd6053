package scap

import (
	"fmt"
	"io"
	"os"
)

// mapMinSize is the smallest plain capture Open maps into memory instead of reading it
// through a buffer; smaller files gain nothing from it. Tests lower it.
var mapMinSize int64 = 1 << 20

// mapWindow is the most of a mapped file the reader's window spans at a time. The window
// slides over the mapping without copying; bounding it keeps offsets within a window
// below 4 GiB for ReadAhead's batches.
var mapWindow = 1 << 30

// openMapped maps f, a plain capture of size bytes, when the platform and the size allow
// it: the reader then frames events straight out of the page cache, with no copy into a
// buffer. It returns nil where mapping is not used, else the mapping and what unmaps it.
func openMapped(f *os.File, size int64) ([]byte, io.Closer) {
	if size < mapMinSize {
		return nil, nil
	}
	data, err := mapFile(f, size)
	if err != nil {
		return nil, nil // not mappable (a pipe, a special file, a 32-bit limit): read it
	}
	return data, mapping(data)
}

// slide moves the window of a mapped input to start at its unread byte, at least n bytes
// long where the mapping has them. Views into the previous window stay valid: the
// mapping outlives them.
func (in *input) slide(n int) {
	start := in.mbase + in.r
	end := start + max(n, mapWindow)
	if end >= len(in.mapped) {
		end = len(in.mapped)
		in.err = io.EOF
	}
	in.buf = in.mapped[start:end:end]
	in.mbase, in.r, in.w = start, 0, end-start
}

// mapping unmaps a mapped capture on Close.
type mapping []byte

func (m mapping) Close() error { return unmapFile(m) }

// Mapped reports whether the capture is read from a mapping of its file: then the events
// Next and NextBatch return stay valid until Close, not only until the following call.
func (r *Reader) Mapped() bool { return r.in.mapped != nil }

// RecoverFault turns the memory fault of reading a mapped capture whose file shrank
// while it was read into the Reader's *FormatError (a truncation), stored in *err; any
// other panic goes on. The goroutine must have asked for faults as panics
// (debug.SetPanicOnFault(true)); call it deferred, around code that reads the events:
//
//	defer r.RecoverFault(&err)
//
// The Reader's later calls return the same error.
func (r *Reader) RecoverFault(err *error) {
	p := recover()
	if p == nil {
		return
	}
	if _, fault := p.(interface{ Addr() uintptr }); !fault || r.in.mapped == nil {
		panic(p)
	}
	*err = r.fail(0, "the mapped file's bytes", fmt.Errorf("%w: the file shrank while it was read", ErrTruncated))
}

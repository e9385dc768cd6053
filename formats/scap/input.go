package scap

import (
	"errors"
	"io"
)

// input is the reader's window over the decompressed stream: a buffer refilled from src
// whose unread bytes are buf[r:w]. Views returned by peek stay valid until the next peek.
// The buffer grows only while data actually arrives, so a corrupt block length costs at
// most about twice the bytes that remain in the stream, never the length it claims.
type input struct {
	src  io.Reader
	buf  []byte
	r, w int
	err  error // sticky error of src (io.EOF at the end)
	// swap, when set, replaces moving the unread bytes to the front of buf: it returns a
	// buffer of at least need bytes for them, and the old buffer is left as it is for the
	// views into it still in use (see ReadAhead). A nil buffer stops the input.
	swap func(old []byte, need int) []byte
	// mapped, when set, is the whole file mapped into memory (see openMapped): buf is a
	// window of it starting at mbase, src is nil, and the window slides instead of
	// being refilled.
	mapped []byte
	mbase  int
}

// errInputStopped ends an input whose swap gave no buffer.
var errInputStopped = errors.New("read-ahead stopped")

func newInput(src io.Reader, size int) *input {
	return &input{src: src, buf: make([]byte, size)}
}

// buffered is the number of bytes available without reading src.
func (in *input) buffered() int { return in.w - in.r }

// peek returns the next n bytes without consuming them. With fewer bytes left in the
// stream it returns what there is and the error that ended it (io.EOF at a clean end).
func (in *input) peek(n int) ([]byte, error) {
	if in.w-in.r >= n {
		return in.buf[in.r : in.r+n], nil
	}
	in.fill(n)
	if in.w-in.r >= n {
		return in.buf[in.r : in.r+n], nil
	}
	return in.buf[in.r:in.w], in.err
}

// fill reads from src until n bytes are buffered or src fails.
func (in *input) fill(n int) {
	if in.mapped != nil {
		if in.err == nil {
			in.slide(n)
		}
		return
	}
	if in.swap != nil && in.r+n > len(in.buf) && in.err == nil {
		b := in.swap(in.buf, n)
		if b == nil {
			in.err = errInputStopped
			return
		}
		in.w = copy(b, in.buf[in.r:in.w])
		in.r = 0
		in.buf = b
	}
	if in.r > 0 && in.r+n > len(in.buf) {
		in.w = copy(in.buf, in.buf[in.r:in.w])
		in.r = 0
	}
	for in.w-in.r < n && in.err == nil {
		if in.w == len(in.buf) {
			grown := 2 * len(in.buf)
			if grown > in.r+n {
				grown = in.r + n
			}
			b := make([]byte, grown)
			in.w = copy(b, in.buf[in.r:in.w])
			in.r = 0
			in.buf = b
		}
		m, err := in.src.Read(in.buf[in.w:])
		in.w += m
		if err != nil {
			in.err = err
		} else if m == 0 {
			in.err = io.ErrNoProgress
		}
	}
}

// discard consumes n bytes that a previous peek returned.
func (in *input) discard(n int) { in.r += n }

// atEOF reports whether the stream ended cleanly with nothing left unread.
func (in *input) atEOF() bool {
	if in.w > in.r {
		return false
	}
	in.fill(1)
	return in.w == in.r && errors.Is(in.err, io.EOF)
}

package scap

import (
	"errors"
	"fmt"
)

// ErrTruncated is matched (errors.Is) by a FormatError caused by the stream ending
// inside a block.
var ErrTruncated = errors.New("unexpected end of capture")

// ErrCorrupt is matched by a FormatError caused by inconsistent bytes.
var ErrCorrupt = errors.New("corrupt capture")

// ErrVersion is matched by a FormatError for a section of an unsupported major version.
var ErrVersion = errors.New("unsupported capture version")

// FormatError reports where and how a capture stopped making sense.
type FormatError struct {
	File   string // name given to the reader
	Offset int64  // offset of the block in the decompressed stream
	// Decompressed says the file is compressed, so Offset counts decompressed bytes.
	Decompressed bool
	Block        string // block type name, e.g. "EV_V2", "" before a block header was read
	Want         string // what was expected
	Err          error  // ErrTruncated, ErrCorrupt, ErrVersion or an I/O error
}

func (e *FormatError) Error() string {
	where := fmt.Sprintf("%s: offset %d", e.File, e.Offset)
	if e.Decompressed {
		where += " of the decompressed stream"
	}
	if e.Block != "" {
		where += " (" + e.Block + " block)"
	}
	return fmt.Sprintf("%s: %v: %s", where, e.Err, e.Want)
}

func (e *FormatError) Unwrap() error { return e.Err }

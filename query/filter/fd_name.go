package filter

import (
	"encoding/binary"
	"unsafe"

	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// fdNameEval is checkEval for fd.name. Where the event's fd entry (as fields.EventFD
// finds it) gives the name and the name is printable ASCII, fd.name is that name as it
// is, and the check reads it in place; the extractor, which the other cases take, copies
// it byte by byte. TestFDNameMatchesTheExtractor keeps both the same.
type fdNameEval struct {
	check checkEval
}

func (c *fdNameEval) eval(ctx *state.EventContext, view state.View) bool {
	_, fd, ok := fields.EventFD(ctx, view)
	if !ok {
		return false
	}
	if fd == nil || !printableText(fd.Name) || fields.FailedConnect(ctx.Ev) {
		return c.check.eval(ctx, view)
	}
	s := fd.Name
	// Matchers only read the value, so it may alias the string.
	c.check.v = fields.Value{Kind: fields.KindString, Bytes: unsafe.Slice(unsafe.StringData(s), len(s))}
	return c.check.m.match(&c.check.v)
}

// printableText reports whether every byte of s is printable ASCII (0x20-0x7e), the
// bytes fd.name keeps; eight bytes at a time.
func printableText(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s[i:]), 8))
		// With no high bit set, adding 0x01 sets a byte's high bit only for 0x7f, and
		// adding 0x60 sets it for every byte from 0x20 on; no byte carries into the next.
		if x&highs != 0 || (x+ones)&highs != 0 || (x+0x60*ones)&highs != highs {
			return false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

package scap

import (
	"encoding/binary"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// nextBuffered is Next for the usual block, an EV_V2 or EVF_V2 block already wholly in
// the window and holding a well-formed event, done with fewer checks and calls. ok
// reports that it consumed the block (then skip says the event's type is unknown and is
// not returned); with ok false nothing was consumed and Next's general path, which
// reports damage, takes over.
func (r *Reader) nextBuffered(ev *event.Event) (ok, skip bool) {
	in := r.in
	avail := in.buf[in.r:in.w]
	if len(avail) < 8 {
		return false, false
	}
	typ := binary.LittleEndian.Uint32(avail)
	total := binary.LittleEndian.Uint32(avail[4:])
	fixed := 2
	switch typ {
	case BlockEVV2:
	case BlockEVFV2:
		fixed = 6
	default:
		return false, false
	}
	if total < uint32(8+fixed+event.HeaderLen+4) || total-8 > maxEventBlockSize || uint64(total) > uint64(len(avail)) {
		return false, false
	}
	body := avail[8 : total-4]
	raw := body[fixed:]
	n, err := event.Validate(raw)
	if err != nil {
		return false, false
	}
	in.r += int(total)
	r.off += int64(total)
	r.rawOff = in.r - int(total) + 8 + fixed
	r.count(typ, true)
	r.num++
	ev.Num = r.num
	ev.CPU = binary.LittleEndian.Uint16(body)
	ev.Flags = 0
	if fixed == 6 {
		ev.Flags = binary.LittleEndian.Uint32(body[2:])
	}
	ev.Raw = raw[:n:n]
	if int(binary.LittleEndian.Uint16(raw[20:])) >= schema.NumEvents && !r.returnUnknown {
		r.skipped++
		return true, true
	}
	return true, false
}

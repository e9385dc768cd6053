package scap

import (
	"encoding/binary"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// NextBatch reads up to len(evs) events into evs and returns how many it read: the
// events already in the reader's window, framed in one pass, else the one event Next
// reads. The events are views valid until the following call of NextBatch or Next, and
// all of them belong to the section Section returns after the call. It returns the
// errors Next returns (io.EOF at the end), and then no event.
func (r *Reader) NextBatch(evs []event.Event) (int, error) {
	if len(evs) == 0 {
		return 0, nil
	}
	if r.err != nil {
		return 0, r.err
	}
	in := r.in
	buf := in.buf[:in.w]
	pos := in.r
	n := 0
	var run *BlockRun
	if k := len(r.runs); k > 0 {
		run = &r.runs[k-1]
	}
	for n < len(evs) && len(buf)-pos >= 8 {
		blk := buf[pos:]
		typ := binary.LittleEndian.Uint32(blk)
		total := binary.LittleEndian.Uint32(blk[4:])
		fixed := 2
		if typ != BlockEVV2 {
			if typ != BlockEVFV2 {
				break
			}
			fixed = 6
		}
		if total < uint32(8+fixed+event.HeaderLen+4) || total-8 > maxEventBlockSize || uint64(total) > uint64(len(blk)) {
			break
		}
		body := blk[8 : total-4]
		raw := body[fixed:]
		l, ok := event.ValidLen(raw)
		if !ok || (int(binary.LittleEndian.Uint16(raw[20:])) >= schema.NumEvents && !r.returnUnknown) {
			break // Next reports the damage or skips the event
		}
		if run != nil && run.Type == typ {
			run.Count++
		} else {
			r.count(typ, true)
			run = &r.runs[len(r.runs)-1]
		}
		r.num++
		ev := &evs[n]
		ev.Num = r.num
		ev.CPU = binary.LittleEndian.Uint16(body)
		ev.Flags = 0
		if fixed == 6 {
			ev.Flags = binary.LittleEndian.Uint32(body[2:])
		}
		ev.Raw = raw[:l:l]
		r.rawOff = pos + 8 + fixed
		pos += int(total)
		n++
	}
	r.off += int64(pos - in.r)
	in.r = pos
	if n > 0 {
		return n, nil
	}
	if err := r.Next(&evs[0]); err != nil {
		return 0, err
	}
	return 1, nil
}

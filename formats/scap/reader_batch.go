package scap

import (
	"encoding/binary"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// minEventBlock is the size of the smallest EV_V2 block: header, cpu, event header,
// trailer.
const minEventBlock = 8 + 2 + event.HeaderLen + 4

// fastEventBlock is what NextBatch's usual run looks at in one go: an EV_V2 block up to
// the first eight bytes of its parameter lengths.
const fastEventBlock = 8 + 2 + event.HeaderLen + 8

// validEventLen is event.ValidLen with a shortcut for the usual event of at most four
// parameters with u16 lengths: their lengths are added from one 8-byte load.
func validEventLen(raw []byte) (int, bool) {
	if len(raw) >= event.HeaderLen+8 {
		n := int(binary.LittleEndian.Uint32(raw[16:20]))
		np := binary.LittleEndian.Uint32(raw[22:26])
		t := binary.LittleEndian.Uint16(raw[20:22])
		if np <= 4 && int(t) < len(smallLengths) && smallLengths[t] && n >= event.HeaderLen+2*int(np) && n <= len(raw) {
			x := binary.LittleEndian.Uint64(raw[event.HeaderLen:]) & laneMask[np]
			x = x&0x0000ffff0000ffff + (x>>16)&0x0000ffff0000ffff
			end := event.HeaderLen + 2*int(np) + int(x&0xffffffff+x>>32)
			return n, end <= n
		}
	}
	return event.ValidLen(raw)
}

// laneMask keeps the first np u16 lanes of a little-endian 8-byte load.
var laneMask = [5]uint64{0, 0xffff, 0xffffffff, 0xffffffffffff, ^uint64(0)}

// smallLengths says, by event type, whether the parameter lengths are u16.
var smallLengths = func() (s [schema.NumEvents]bool) {
	for i := range schema.Events {
		s[i] = !schema.Events[i].LargePayload()
	}
	return s
}()

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
	num, rawOff := r.num, r.rawOff
	for n < len(evs) {
		if run != nil && run.Type == BlockEVV2 {
			// The usual run: EV_V2 blocks of events of at most four parameters with
			// u16 lengths, each validated as validEventLen does, from one look at the
			// block. Anything else goes to the general loop below.
			same := 0
			for n < len(evs) && len(buf)-pos >= fastEventBlock {
				h := buf[pos : pos+fastEventBlock : len(buf)]
				total := int(binary.LittleEndian.Uint32(h[4:8]))
				l := int(binary.LittleEndian.Uint32(h[26:30]))
				t := binary.LittleEndian.Uint16(h[30:32])
				np := binary.LittleEndian.Uint32(h[32:36])
				if binary.LittleEndian.Uint32(h[0:4]) != BlockEVV2 || total > maxEventBlockSize+8 || total > len(buf)-pos ||
					np > 4 || int(t) >= len(smallLengths) || !smallLengths[t] || l < event.HeaderLen+2*int(np) || l > total-14 {
					break
				}
				x := binary.LittleEndian.Uint64(h[36:44]) & laneMask[np]
				x = x&0x0000ffff0000ffff + (x>>16)&0x0000ffff0000ffff
				if event.HeaderLen+2*int(np)+int(x&0xffffffff+x>>32) > l {
					break
				}
				num++
				same++
				ev := &evs[n]
				ev.Raw, ev.Num, ev.Flags, ev.CPU = buf[pos+10:pos+10+l:pos+10+l], num, 0, binary.LittleEndian.Uint16(h[8:10])
				rawOff = pos + 10
				pos += total
				n++
			}
			run.Count += same
			if n == len(evs) {
				break
			}
		}
		// One event of any kind the batch takes.
		if len(buf)-pos < minEventBlock {
			break
		}
		// One bounds check for the fixed part of the block; the rest indexes h.
		h := buf[pos : pos+minEventBlock : len(buf)]
		typ := binary.LittleEndian.Uint32(h[0:4])
		total := int(binary.LittleEndian.Uint32(h[4:8]))
		cpu := binary.LittleEndian.Uint16(h[8:10])
		flags := uint32(0)
		hdr := 10 // block header and cpu: where the event starts
		if typ != BlockEVV2 {
			if typ != BlockEVFV2 {
				break
			}
			hdr = 14
			flags = binary.LittleEndian.Uint32(h[10:14]) &^ event.FlagLarge // never stored
		}
		if total < minEventBlock+hdr-10 || total > maxEventBlockSize+8 || total > len(buf)-pos {
			break
		}
		raw := h[hdr : total-4 : total-4]
		l, ok := validEventLen(raw)
		if !ok || int(binary.LittleEndian.Uint16(raw[20:22])) >= schema.NumEvents {
			break // Next reports the damage, skips the event or returns it
		}
		if run != nil && run.Type == typ {
			run.Count++
		} else {
			r.count(typ, true)
			run = &r.runs[len(r.runs)-1]
		}
		num++
		ev := &evs[n]
		ev.Raw, ev.Num, ev.Flags, ev.CPU = raw[:l:l], num, flags, cpu
		rawOff = pos + hdr
		pos += total
		n++
	}
	r.num, r.rawOff = num, rawOff
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

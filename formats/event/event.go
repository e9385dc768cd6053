package event

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/scrylabs/scry/formats/schema"
)

// HeaderLen is the size of the v2 event header: ts u64, tid u64, len u32, type u16, nparams u32.
const HeaderLen = 26

// HeaderLenV1 is the size of the v1 event header (no nparams).
const HeaderLenV1 = 22

// Dump flags carried by EVF blocks.
const (
	FlagStateOnly uint32 = 1 // processed for state, never shown
	FlagTracer    uint32 = 2
	FlagLarge     uint32 = 4 // selects the _LARGE block code; never stored
)

// Event is a view over one event's v2 wire bytes plus what its container block adds.
type Event struct {
	Raw   []byte // header, length array and parameters; len(Raw) == Len()
	Num   uint64 // 1-based ordinal of the event block in its capture (sysdig's evt.num)
	Flags uint32 // dump flags of an EVF block (FlagStateOnly, FlagTracer)
	CPU   uint16
}

var le = binary.LittleEndian

// Ts is the event timestamp in nanoseconds since the Unix epoch.
func (e *Event) Ts() uint64 { return le.Uint64(e.Raw[0:]) }

// Tid is the thread id (-1 for events not tied to a thread).
func (e *Event) Tid() int64 { return int64(le.Uint64(e.Raw[8:])) }

// Len is the total event length from the header.
func (e *Event) Len() uint32 { return le.Uint32(e.Raw[16:]) }

// Type is the PPME event type id.
func (e *Event) Type() uint16 { return le.Uint16(e.Raw[20:]) }

// NParams is the number of parameters the event carries (may differ from the table).
func (e *Event) NParams() uint32 { return le.Uint32(e.Raw[22:]) }

// Info is the schema entry of the event type, nil for types unknown to every table.
func (e *Event) Info() *schema.EventInfo { return schema.Info(e.Type()) }

// IsEnter reports whether the event is an enter event (even type id).
func (e *Event) IsEnter() bool { return e.Type()&1 == 0 }

// NumParams is the number of parameters that can be read: the smaller of the event's
// count and the table's.
func (e *Event) NumParams() int {
	info := e.Info()
	if info == nil {
		return 0
	}
	n := int(e.NParams())
	if len(info.Params) < n {
		n = len(info.Params)
	}
	return n
}

// largePayload says, by event type, whether parameter lengths are u32 (EF_LARGE_PAYLOAD)
// instead of u16; types beyond the table use u16.
var largePayload = func() (large [schema.NumEvents]bool) {
	for i := range schema.Events {
		large[i] = schema.Events[i].LargePayload()
	}
	return large
}()

// Param returns the bytes of parameter i, or nil when the event does not carry it. The
// slice aliases Raw.
func (e *Event) Param(i int) []byte {
	raw := e.Raw
	n := int(le.Uint32(raw[22:]))
	if uint(i) >= uint(n) {
		return nil
	}
	if t := int(le.Uint16(raw[20:])); t < len(largePayload) && largePayload[t] {
		return e.param4(i, n)
	}
	off := HeaderLen + 2*n
	if i == 0 {
		// The parameter most often read (an fd, a result) needs no sum.
		end := off + int(le.Uint16(raw[HeaderLen:]))
		return raw[off:end:end]
	}
	lens := raw[HeaderLen:off]
	j := 0
	for ; j+4 <= i; j += 4 {
		// Four lengths from one 8-byte load: the lanes added pairwise, then the halves.
		x := le.Uint64(lens[2*j:])
		x = x&0x0000ffff0000ffff + (x>>16)&0x0000ffff0000ffff
		off += int(x&0xffffffff + x>>32)
	}
	for ; j < i; j++ {
		off += int(le.Uint16(lens[2*j:]))
	}
	end := off + int(le.Uint16(lens[2*i:]))
	return raw[off:end:end]
}

// param4 is Param for events with u32 parameter lengths.
func (e *Event) param4(i, n int) []byte {
	lens := e.Raw[HeaderLen : HeaderLen+4*n]
	off := HeaderLen + 4*n
	for j := 0; j < i; j++ {
		off += int(le.Uint32(lens[4*j:]))
	}
	end := off + int(le.Uint32(lens[4*i:]))
	return e.Raw[off:end:end]
}

// Int64 reads parameter i as a little-endian signed integer of its own width (1, 2, 4 or
// 8 bytes); ok is false when the parameter is absent or has another size.
func (e *Event) Int64(i int) (v int64, ok bool) {
	p := e.Param(i)
	switch len(p) {
	case 8:
		return int64(le.Uint64(p)), true
	case 4:
		return int64(int32(le.Uint32(p))), true
	case 2:
		return int64(int16(le.Uint16(p))), true
	case 1:
		return int64(int8(p[0])), true
	}
	return 0, false
}

// Uint64 reads parameter i as a little-endian unsigned integer of its own width.
func (e *Event) Uint64(i int) (v uint64, ok bool) {
	p := e.Param(i)
	switch len(p) {
	case 8:
		return le.Uint64(p), true
	case 4:
		return uint64(le.Uint32(p)), true
	case 2:
		return uint64(le.Uint16(p)), true
	case 1:
		return uint64(p[0]), true
	}
	return 0, false
}

// Str returns parameter i up to its first NUL (C string semantics); nil if absent.
func (e *Event) Str(i int) []byte {
	p := e.Param(i)
	for j, c := range p {
		if c == 0 {
			return p[:j]
		}
	}
	return p
}

// ParamIndex returns the index of the first parameter of the event's table entry named
// name, or -1.
func (e *Event) ParamIndex(name string) int {
	info := e.Info()
	if info == nil {
		return -1
	}
	for i := range info.Params {
		if info.Params[i].Name == name {
			return i
		}
	}
	return -1
}

// Clone returns a copy of the event that owns its bytes.
func (e *Event) Clone() Event {
	c := *e
	c.Raw = append([]byte(nil), e.Raw...)
	return c
}

// Errors returned by Validate.
var ErrMalformed = errors.New("malformed event")

// Validate checks that raw holds a complete, self-consistent v2 event: the header, the
// length array and every parameter fit inside len, and len fits inside raw. It returns the
// event length.
func Validate(raw []byte) (int, error) {
	if n, ok := ValidLen(raw); ok {
		return n, nil
	}
	return validateSlow(raw)
}

// ValidLen is Validate without the error: the event length and true when raw holds a
// well-formed event.
func ValidLen(raw []byte) (int, bool) {
	if len(raw) < HeaderLen {
		return 0, false
	}
	n := int(le.Uint32(raw[16:]))
	if n < HeaderLen || n > len(raw) {
		return 0, false
	}
	np := uint64(le.Uint32(raw[22:]))
	if t := int(le.Uint16(raw[20:])); t < len(largePayload) && largePayload[t] {
		end := uint64(HeaderLen) + 4*np
		if end > uint64(n) {
			return 0, false
		}
		for lens := raw[HeaderLen:end]; len(lens) >= 4; lens = lens[4:] {
			end += uint64(le.Uint32(lens))
		}
		return n, end <= uint64(n)
	}
	end := uint64(HeaderLen) + 2*np
	if end > uint64(n) {
		return 0, false
	}
	lens := raw[HeaderLen:end]
	// Four u16 lengths per 8-byte load: add the lanes pairwise, then the two halves.
	for ; len(lens) >= 8; lens = lens[8:] {
		x := le.Uint64(lens)
		x = x&0x0000ffff0000ffff + (x>>16)&0x0000ffff0000ffff
		end += x&0xffffffff + x>>32
	}
	for ; len(lens) >= 2; lens = lens[2:] {
		end += uint64(le.Uint16(lens))
	}
	return n, end <= uint64(n)
}

// validateSlow is Validate for a malformed event: it says what is wrong.
func validateSlow(raw []byte) (int, error) {
	if len(raw) < HeaderLen {
		return 0, fmt.Errorf("%w: %d bytes, want at least the %d-byte header", ErrMalformed, len(raw), HeaderLen)
	}
	n := int(le.Uint32(raw[16:]))
	if n < HeaderLen || n > len(raw) {
		return 0, fmt.Errorf("%w: event length %d outside [%d, %d]", ErrMalformed, n, HeaderLen, len(raw))
	}
	w := uint64(2)
	if t := int(le.Uint16(raw[20:])); t < len(largePayload) && largePayload[t] {
		w = 4
	}
	np := uint64(le.Uint32(raw[22:]))
	end := uint64(HeaderLen) + np*w
	if end > uint64(n) {
		return 0, fmt.Errorf("%w: %d parameter lengths do not fit in event length %d", ErrMalformed, np, n)
	}
	lens := raw[HeaderLen:end]
	if w == 2 {
		for i := 0; i+1 < len(lens); i += 2 {
			end += uint64(lens[i]) | uint64(lens[i+1])<<8
		}
	} else {
		for i := 0; i+3 < len(lens); i += 4 {
			end += uint64(le.Uint32(lens[i:]))
		}
	}
	if end > uint64(n) {
		return 0, fmt.Errorf("%w: parameters end at %d, past event length %d", ErrMalformed, end, n)
	}
	return n, nil
}

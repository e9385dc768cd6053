package scap

import (
	"encoding/binary"
	"fmt"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// convertV1 turns a v1 event (22-byte header, no nparams) into the v2 layout, inferring
// the parameter count as libscap does.
func (r *Reader) convertV1(raw []byte) ([]byte, error) {
	if len(raw) < event.HeaderLenV1 {
		return nil, fmt.Errorf("a %d-byte v1 event header, got %d bytes", event.HeaderLenV1, len(raw))
	}
	if len(raw)+4 > maxEventBlockSize {
		return nil, fmt.Errorf("a v1 event of at most %d bytes, got %d", maxEventBlockSize-4, len(raw))
	}
	evLen := int(binary.LittleEndian.Uint32(raw[16:]))
	typ := binary.LittleEndian.Uint16(raw[20:])
	if evLen < event.HeaderLenV1 || evLen > len(raw) {
		return nil, fmt.Errorf("v1 event length %d outside [%d, %d]", evLen, event.HeaderLenV1, len(raw))
	}
	newLen := evLen + 4
	if typ == 280 || typ == 286 { // notification and infrastructure events: old writers' length was 3 too long
		newLen -= 3
	}
	info := schema.Info(typ)
	if info == nil {
		return nil, fmt.Errorf("v1 event of unknown type %d", typ)
	}
	w := 2
	if info.LargePayload() {
		w = 4
	}
	body := raw[event.HeaderLenV1:evLen]
	nparams := -1
	for n := len(info.Params); n >= 0; n-- {
		end := event.HeaderLen + w*n
		if end > newLen || w*n > len(body) {
			continue
		}
		for i := 0; i < n; i++ {
			if w == 2 {
				end += int(binary.LittleEndian.Uint16(body[2*i:]))
			} else {
				end += int(binary.LittleEndian.Uint32(body[4*i:]))
			}
		}
		if end < newLen {
			return nil, fmt.Errorf("cannot infer the parameter count of a v1 %s event", info.Name)
		}
		if end == newLen {
			nparams = n
			break
		}
	}
	if nparams < 0 {
		return nil, fmt.Errorf("cannot infer the parameter count of a v1 %s event", info.Name)
	}
	r.v1 = append(r.v1[:0], raw[:event.HeaderLenV1]...)
	r.v1 = binary.LittleEndian.AppendUint32(r.v1, uint32(nparams))
	r.v1 = append(r.v1, body...)
	if len(r.v1) > newLen {
		r.v1 = r.v1[:newLen]
	}
	binary.LittleEndian.PutUint32(r.v1[16:], uint32(len(r.v1)))
	return r.v1, nil
}

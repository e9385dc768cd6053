package event

import (
	"encoding/binary"

	"github.com/scrylabs/scry/formats/schema"
)

// Append appends a v2 wire-format event built from its parts to dst and returns the
// extended slice. Parameter lengths are u32 for large-payload event types, u16 otherwise.
// It is the encoder behind the writer's tests and the driverless test source.
func Append(dst []byte, ts uint64, tid int64, typ uint16, params ...[]byte) []byte {
	w := 2
	if info := schema.Info(typ); info != nil && info.LargePayload() {
		w = 4
	}
	total := HeaderLen + w*len(params)
	for _, p := range params {
		total += len(p)
	}
	dst = binary.LittleEndian.AppendUint64(dst, ts)
	dst = binary.LittleEndian.AppendUint64(dst, uint64(tid))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(total))
	dst = binary.LittleEndian.AppendUint16(dst, typ)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(params)))
	for _, p := range params {
		if w == 2 {
			dst = binary.LittleEndian.AppendUint16(dst, uint16(len(p)))
		} else {
			dst = binary.LittleEndian.AppendUint32(dst, uint32(len(p)))
		}
	}
	for _, p := range params {
		dst = append(dst, p...)
	}
	return dst
}

// U8, U16, U32 and U64 encode little-endian parameter values.
func U8(v uint8) []byte   { return []byte{v} }
func U16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func U32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
func U64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

// I64 encodes a signed 64-bit parameter (fds, pids, return values).
func I64(v int64) []byte { return U64(uint64(v)) }

// CStr encodes a string parameter with its terminating NUL.
func CStr(s string) []byte { return append([]byte(s), 0) }

package plan

import (
	"encoding/binary"
	"sync"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
)

// evt.type is not read from the evt_type column: it is derived from raw_type, and for the
// generic syscall events (types 0 and 1), whose evt.type is the syscall's name, from the
// syscall code in the first parameter (raw_params). The names come from the field
// extractor's own naming, cached as bytes.
var typeNameTables = sync.OnceValues(func() ([][]byte, [][]byte) {
	byType := make([][]byte, schema.NumEvents)
	for i := range byType {
		byType[i] = []byte(fields.EventName(uint16(i), nil))
	}
	bySyscall := make([][]byte, len(schema.SyscallCodes))
	for i := range bySyscall {
		bySyscall[i] = []byte(fields.EventName(0, binary.LittleEndian.AppendUint16(nil, uint16(i))))
	}
	return byType, bySyscall
})

var unknownSyscall = []byte(fields.EventName(0, nil))

// evtTypeName is evt.type for an event of type typ; params and nparams are its stored
// raw_params and raw_nparams values, read only for generic events (nil params: unknown).
func evtTypeName(typ uint16, raw []byte, nparams int) []byte {
	byType, bySyscall := typeNameTables()
	if typ > 1 {
		if int(typ) < len(byType) {
			return byType[typ]
		}
		return []byte(fields.EventName(typ, nil))
	}
	code, ok := genericCode(typ, raw, nparams)
	if ok && int(code) < len(bySyscall) {
		return bySyscall[code]
	}
	return unknownSyscall
}

// genericCode is the syscall code (first parameter) of a generic event of type typ (0 or
// 1) from its stored raw_params and raw_nparams values; ok is false when the stored
// parameters do not carry it.
func genericCode(typ uint16, raw []byte, nparams int) (code uint16, ok bool) {
	np := nparams + len(schema.Events[typ].Params)
	if raw == nil || np < 1 || len(raw) < 2*np+2 {
		return 0, false
	}
	l := int(binary.LittleEndian.Uint16(raw))
	if l < 2 || len(raw) < 2*np+l {
		return 0, false
	}
	return binary.LittleEndian.Uint16(raw[2*np:]), true
}

// syscallCodeByName maps a syscall's name to a code of that name; "<unknown syscall>", the
// name of codes beyond the table, maps to the first such code. The name of a generic
// event without a code ("syscall") is absent.
var syscallCodeByName = sync.OnceValue(func() map[string]uint16 {
	m := make(map[string]uint16, len(schema.SyscallCodes)+1)
	for code := len(schema.SyscallCodes) - 1; code >= 0; code-- {
		m[schema.SyscallCodes[code].Name] = uint16(code)
	}
	m[fields.EventName(0, binary.LittleEndian.AppendUint16(nil, uint16(len(schema.SyscallCodes))))] = uint16(len(schema.SyscallCodes))
	return m
})

package fields

import "github.com/scrylabs/scry/formats/schema"

// JSON types of field values in typed records.
const (
	RecordInteger = "integer"
	RecordNumber  = "number"
	RecordBoolean = "boolean"
	RecordString  = "string"
	RecordAny     = "any" // evt.rawarg: the type of the named parameter, event by event
)

// RecordType is the JSON type typed records (JSON lines, CSV) give values of a field of
// type t: integers for every integer, time, id, flag and mode type whatever its print
// format, numbers for doubles, booleans, and strings for text, paths, buffers and
// addresses (as sysdig prints them).
func RecordType(t schema.ParamType) string {
	switch t {
	case schema.TypeInt8, schema.TypeInt16, schema.TypeInt32, schema.TypeInt64,
		schema.TypeUint8, schema.TypeUint16, schema.TypeUint32, schema.TypeUint64,
		schema.TypeErrno, schema.TypeFd, schema.TypePid, schema.TypeSyscallid, schema.TypeSigtype,
		schema.TypeReltime, schema.TypeAbstime, schema.TypePort, schema.TypeL4proto,
		schema.TypeSockfamily, schema.TypeFlags8, schema.TypeFlags16, schema.TypeFlags32,
		schema.TypeUid, schema.TypeGid, schema.TypeMode, schema.TypeEnumflags8,
		schema.TypeEnumflags16, schema.TypeEnumflags32, schema.TypeFd32, schema.TypePid32:
		return RecordInteger
	case schema.TypeDouble:
		return RecordNumber
	case schema.TypeBool:
		return RecordBoolean
	case schema.TypeDyn:
		return RecordAny
	}
	return RecordString
}

// RecordTypeOf is the JSON type of a value kind in typed records ("" for no value).
func RecordTypeOf(k Kind) string {
	switch k {
	case KindInt, KindUint:
		return RecordInteger
	case KindDouble:
		return RecordNumber
	case KindBool:
		return RecordBoolean
	case KindString, KindBytes, KindIP:
		return RecordString
	}
	return ""
}

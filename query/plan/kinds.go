package plan

import (
	"net/netip"

	pq "github.com/parquet-go/parquet-go"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/exec"
	"github.com/scrylabs/scry/query/fields"
)

// kindForType is the value kind the field extractors produce for a field type, so that
// values read from stored columns look exactly like extracted ones.
func kindForType(t schema.ParamType) fields.Kind {
	switch t {
	case schema.TypeInt8, schema.TypeInt16, schema.TypeInt32, schema.TypeInt64, schema.TypeErrno,
		schema.TypeFd, schema.TypePid, schema.TypeFd32, schema.TypePid32:
		return fields.KindInt
	case schema.TypeUint8, schema.TypeUint16, schema.TypeUint32, schema.TypeUint64, schema.TypeSyscallid,
		schema.TypeSigtype, schema.TypeReltime, schema.TypeAbstime, schema.TypePort, schema.TypeFlags8,
		schema.TypeFlags16, schema.TypeFlags32, schema.TypeUid, schema.TypeGid, schema.TypeMode,
		schema.TypeEnumflags8, schema.TypeEnumflags16, schema.TypeEnumflags32:
		return fields.KindUint
	case schema.TypeBool:
		return fields.KindBool
	case schema.TypeDouble:
		return fields.KindDouble
	case schema.TypeIpv4addr, schema.TypeIpv6addr, schema.TypeIpaddr, schema.TypeIpv4net,
		schema.TypeIpv6net, schema.TypeIpnet:
		return fields.KindIP
	}
	return fields.KindString
}

// columnValue converts a stored column value into the value the field's extractor gives.
// ip is scratch space for addresses; the result's Bytes may alias it or the page.
func columnValue(v pq.Value, kind fields.Kind, ip *[16]byte) exec.Value {
	if v.IsNull() {
		return exec.Null()
	}
	var n int64
	switch v.Kind() {
	case pq.Int32:
		n = int64(v.Int32())
	case pq.Int64:
		n = v.Int64()
	case pq.Boolean:
		if v.Boolean() {
			n = 1
		}
	case pq.ByteArray:
		b := v.ByteArray()
		if kind == fields.KindIP {
			a, err := netip.ParseAddr(string(b))
			if err != nil {
				return exec.Null()
			}
			if a.Is4() {
				*ip = [16]byte{}
				a4 := a.As4()
				copy(ip[:], a4[:])
				return exec.Value{Kind: fields.KindIP, Bytes: ip[:4]}
			}
			*ip = a.As16()
			return exec.Value{Kind: fields.KindIP, Bytes: ip[:16]}
		}
		return exec.Value{Kind: fields.KindString, Bytes: b}
	}
	switch kind {
	case fields.KindInt:
		return exec.Int(n)
	case fields.KindUint:
		return exec.Uint(uint64(n))
	case fields.KindBool:
		return exec.Bool(n != 0)
	case fields.KindDouble:
		return exec.Float(float64(n))
	}
	return exec.Int(n)
}

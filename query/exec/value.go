package exec

import (
	"bytes"
	"encoding/binary"
	"math"
	"net/netip"
	"strconv"

	"github.com/scrylabs/scry/query/fields"
)

// Value is one value of a row: a field value, a literal or a computed result. Bytes may
// alias a batch's arena or an event; values that outlive their batch are copied with
// own.
type Value = fields.Value

// own returns v with Bytes copied into a fresh slice.
func own(v Value) Value {
	if v.Bytes != nil {
		v.Bytes = bytes.Clone(v.Bytes)
	}
	return v
}

// isNull reports whether v has no value.
func isNull(v *Value) bool { return v.Kind == fields.KindNone }

// isNumeric reports whether v is a number or a boolean.
func isNumeric(v *Value) bool {
	switch v.Kind {
	case fields.KindInt, fields.KindUint, fields.KindDouble, fields.KindBool:
		return true
	}
	return false
}

// asFloat converts a numeric value to float64.
func asFloat(v *Value) float64 {
	switch v.Kind {
	case fields.KindInt:
		return float64(v.Int)
	case fields.KindUint:
		return float64(v.Uint)
	case fields.KindDouble:
		return v.Double
	case fields.KindBool:
		if v.Bool {
			return 1
		}
	case fields.KindString:
		f, _ := strconv.ParseFloat(string(v.Bytes), 64)
		return f
	}
	return 0
}

// asInt converts a numeric value to int64, reporting whether it is exact.
func asInt(v *Value) (int64, bool) {
	switch v.Kind {
	case fields.KindInt:
		return v.Int, true
	case fields.KindUint:
		return int64(v.Uint), v.Uint <= math.MaxInt64
	case fields.KindBool:
		if v.Bool {
			return 1, true
		}
		return 0, true
	case fields.KindDouble:
		return int64(v.Double), float64(int64(v.Double)) == v.Double
	}
	return 0, false
}

// Compare orders two values: NULL first, then numbers (numerically, across kinds), then
// strings and bytes (bytewise), then IP addresses.
func Compare(a, b *Value) int {
	ra, rb := rank(a), rank(b)
	if ra != rb {
		return ra - rb
	}
	switch ra {
	case 0:
		return 0
	case 1:
		if a.Kind == fields.KindDouble || b.Kind == fields.KindDouble {
			fa, fb := asFloat(a), asFloat(b)
			switch {
			case fa < fb:
				return -1
			case fa > fb:
				return 1
			}
			return 0
		}
		if a.Kind == fields.KindUint && b.Kind == fields.KindUint {
			return cmpOrdered(a.Uint, b.Uint)
		}
		ia, oka := asInt(a)
		ib, okb := asInt(b)
		switch {
		case oka && okb:
			return cmpOrdered(ia, ib)
		case !oka && okb: // a is a uint beyond int64
			return 1
		case oka && !okb:
			return -1
		}
		return cmpOrdered(a.Uint, b.Uint)
	}
	return bytes.Compare(a.Bytes, b.Bytes)
}

func cmpOrdered[T int64 | uint64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func rank(v *Value) int {
	switch v.Kind {
	case fields.KindNone:
		return 0
	case fields.KindInt, fields.KindUint, fields.KindDouble, fields.KindBool:
		return 1
	case fields.KindIP:
		return 3
	}
	return 2
}

// appendKey appends an encoding of v to dst such that two values encode equally iff
// they are equal for grouping.
func appendKey(dst []byte, v *Value) []byte {
	dst = append(dst, byte(v.Kind))
	switch v.Kind {
	case fields.KindInt:
		dst = binary.LittleEndian.AppendUint64(dst, uint64(v.Int))
	case fields.KindUint:
		dst = binary.LittleEndian.AppendUint64(dst, v.Uint)
	case fields.KindDouble:
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(v.Double))
	case fields.KindBool:
		if v.Bool {
			dst = append(dst, 1)
		} else {
			dst = append(dst, 0)
		}
	case fields.KindString, fields.KindBytes, fields.KindIP:
		dst = binary.AppendUvarint(dst, uint64(len(v.Bytes)))
		dst = append(dst, v.Bytes...)
	}
	return dst
}

// AppendText appends v as text: decimal numbers, strings as they are, IP addresses in
// their usual notation, NULL as <NA> (sysdig's rendering of a missing value).
func AppendText(dst []byte, v *Value) []byte {
	switch v.Kind {
	case fields.KindNone:
		return append(dst, "<NA>"...)
	case fields.KindInt:
		return strconv.AppendInt(dst, v.Int, 10)
	case fields.KindUint:
		return strconv.AppendUint(dst, v.Uint, 10)
	case fields.KindDouble:
		return strconv.AppendFloat(dst, v.Double, 'f', -1, 64)
	case fields.KindBool:
		return strconv.AppendBool(dst, v.Bool)
	case fields.KindIP:
		if a, ok := netip.AddrFromSlice(v.Bytes); ok {
			return a.Unmap().AppendTo(dst)
		}
	}
	return append(dst, v.Bytes...)
}

// Text returns v as text (see AppendText).
func Text(v *Value) string { return string(AppendText(nil, v)) }

// Int, Uint, Float, Str and Null build values.
func Int(n int64) Value     { return Value{Kind: fields.KindInt, Int: n} }
func Uint(n uint64) Value   { return Value{Kind: fields.KindUint, Uint: n} }
func Float(f float64) Value { return Value{Kind: fields.KindDouble, Double: f} }
func Str(s string) Value    { return Value{Kind: fields.KindString, Bytes: []byte(s)} }
func Bool(b bool) Value     { return Value{Kind: fields.KindBool, Bool: b} }
func Null() Value           { return Value{} }

package fields

import (
	"math"
	"strconv"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields/render"
	"github.com/scrylabs/scry/state"
)

// NA is what sysdig prints for a field without a value.
const NA = "<NA>"

// AppendText appends the display text of value v of field f (sysdig's rawval_to_string):
// numbers by the field's print format, where some type and format pairs print <NA>;
// strings up to their first NUL; booleans true/false; addresses as text; doubles "%.1f".
// A value of KindNone appends <NA>.
func AppendText(dst []byte, f *Field, v *Value) []byte {
	switch v.Kind {
	case KindNone:
		return append(dst, NA...)
	case KindBool:
		if v.Bool {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case KindString:
		return append(dst, v.Bytes...)
	case KindBytes:
		if noText(f) {
			return append(dst, NA...)
		}
		return append(dst, cstring(v.Bytes)...)
	case KindIP:
		return appendIP(dst, v.Bytes)
	case KindDouble:
		return strconv.AppendFloat(dst, v.Double, 'f', 1, 64)
	}
	return appendNumber(dst, f.Type, f.Format, v)
}

// noText reports the field types whose values sysdig shows as <NA> (null in JSON)
// although they hold bytes: SOCKADDR and SOCKFAMILY, as evt.rawarg.addr gives them.
func noText(f *Field) bool {
	return f != nil && (f.Type == schema.TypeSockaddr || f.Type == schema.TypeSockfamily)
}

func cstring(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}

func appendIP(dst, b []byte) []byte {
	if len(b) == 4 {
		return state.AppendIPv4(dst, b)
	}
	if len(b) == 16 {
		return state.AppendIPv6(dst, b)
	}
	return append(dst, NA...)
}

// numClass groups the PT types by how sysdig prints them.
type numClass uint8

const (
	numSmallSigned   numClass = iota + 1 // INT8/16/32
	numInt64                             // INT64, PID, ERRNO
	numSmallUnsigned                     // UINT8/16/32, PORT, L4PROTO
	numUint64                            // UINT64, RELTIME, ABSTIME
)

func classOf(t schema.ParamType) numClass {
	switch t {
	case schema.TypeInt8, schema.TypeInt16, schema.TypeInt32:
		return numSmallSigned
	case schema.TypeInt64, schema.TypePid, schema.TypeErrno, schema.TypeFd:
		return numInt64
	case schema.TypeUint8, schema.TypeUint16, schema.TypeUint32, schema.TypePort, schema.TypeL4proto:
		return numSmallUnsigned
	case schema.TypeUint64, schema.TypeReltime, schema.TypeAbstime:
		return numUint64
	}
	return 0
}

// asInt and asUint read a numeric value whatever member holds it.
func asInt(v *Value) int64 {
	if v.Kind == KindUint {
		return int64(v.Uint)
	}
	return v.Int
}

func asUint(v *Value) uint64 {
	if v.Kind == KindInt {
		return uint64(v.Int)
	}
	return v.Uint
}

func appendNumber(dst []byte, t schema.ParamType, f schema.PrintFormat, v *Value) []byte {
	switch classOf(t) {
	case numSmallSigned:
		x := int64(int32(asInt(v)))
		switch f {
		case schema.FormatOct:
			return strconv.AppendUint(dst, uint64(uint32(x)), 8)
		case schema.FormatDec, schema.FormatID:
			return strconv.AppendInt(dst, x, 10)
		case schema.FormatHex:
			return render.AppendUpperHex(dst, uint64(uint32(x)))
		}
		return append(dst, NA...)
	case numInt64:
		x := asInt(v)
		switch f {
		case schema.FormatOct:
			return strconv.AppendUint(dst, uint64(x), 8)
		case schema.FormatHex:
			return render.AppendUpperHex(dst, uint64(x))
		case schema.Format10PaddedDec:
			return appendZeroPadded(dst, x, 9)
		}
		return strconv.AppendInt(dst, x, 10)
	case numSmallUnsigned:
		x := uint64(uint32(asUint(v)))
		switch f {
		case schema.FormatOct:
			return strconv.AppendUint(dst, x, 8)
		case schema.FormatDec, schema.FormatID, schema.FormatHex:
			return strconv.AppendUint(dst, x, 10)
		}
		return append(dst, NA...)
	case numUint64:
		x := asUint(v)
		switch f {
		case schema.FormatOct:
			return strconv.AppendUint(dst, x, 8)
		case schema.FormatDec, schema.FormatID:
			return strconv.AppendUint(dst, x, 10)
		case schema.FormatHex:
			return render.AppendUpperHex(dst, x)
		case schema.Format10PaddedDec:
			return appendZeroPadded(dst, int64(x), 9)
		}
		return append(dst, NA...)
	}
	// Types sysdig cannot print as field values.
	if v.Kind == KindInt {
		return strconv.AppendInt(dst, v.Int, 10)
	}
	return strconv.AppendUint(dst, v.Uint, 10)
}

// appendZeroPadded appends x zero-padded to width characters like C's "%0*d".
func appendZeroPadded(dst []byte, x int64, width int) []byte {
	return render.AppendZeroPadded(dst, x, width)
}

// AppendJSON appends the JSON form of value v of field f (sysdig's rawval_to_json):
// numbers, except octal and hex formats which give their text as a string, null where
// the text form is <NA>, strings escaped as jsoncpp does.
func AppendJSON(dst []byte, f *Field, v *Value) []byte {
	switch v.Kind {
	case KindNone:
		return append(dst, "null"...)
	case KindBool:
		if v.Bool {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case KindString, KindBytes:
		if noText(f) {
			return append(dst, "null"...)
		}
		return AppendJSONString(dst, cstring(v.Bytes))
	case KindIP:
		dst = append(dst, '"')
		dst = appendIP(dst, v.Bytes)
		return append(dst, '"')
	case KindDouble:
		return strconv.AppendFloat(dst, v.Double, 'f', 1, 64)
	}
	if f.json != nil {
		// Fields with their own JSON form (times) are plain numbers.
		if v.Kind == KindInt {
			return strconv.AppendInt(dst, v.Int, 10)
		}
		return strconv.AppendUint(dst, v.Uint, 10)
	}
	if f.Type == schema.TypePid {
		// A PID value (evt.rawarg.pid) is its decimal text as a string (observed with
		// sysdig 0.29.3 -j: {"evt.rawarg.pid":"22946"}).
		dst = append(dst, '"')
		dst = strconv.AppendInt(dst, asInt(v), 10)
		return append(dst, '"')
	}
	c := classOf(f.Type)
	switch f.Format {
	case schema.FormatOct, schema.FormatHex:
		if c != 0 {
			dst = append(dst, '"')
			dst = appendNumber(dst, f.Type, f.Format, v)
			return append(dst, '"')
		}
	case schema.FormatNA:
		if c == numSmallSigned || c == numSmallUnsigned || c == numUint64 {
			return append(dst, "null"...)
		}
	}
	if c == numSmallSigned && f.Format == schema.Format10PaddedDec {
		return append(dst, "null"...)
	}
	if v.Kind == KindInt {
		return strconv.AppendInt(dst, v.Int, 10)
	}
	return strconv.AppendUint(dst, v.Uint, 10)
}

func float64frombits(b uint64) float64 { return math.Float64frombits(b) }

// ShowsNA reports whether the display text of value v of field f is sysdig's <NA>
// although the field may have extracted a value: sysdig's formatter then has no text
// for it, so a format without a leading '*' drops the line as it does for a missing
// value (observed with sysdig 0.29.3: -p '%evt.num %evt.rawarg.uid' prints nothing).
func ShowsNA(f *Field, v *Value) bool {
	return lacksText(f, v, func(f *Field) bool { return numberShowsNA(f.Type, f.Format) })
}

// JSONNull reports whether the JSON form of value v of field f is null; like ShowsNA,
// sysdig -j without a leading '*' drops the line then.
func JSONNull(f *Field, v *Value) bool { return lacksText(f, v, jsonNumberNull) }

// lacksText is ShowsNA and JSONNull: no value, a byte value of a field without text, or
// a number the output form in question (number) has no text for.
func lacksText(f *Field, v *Value, number func(f *Field) bool) bool {
	switch v.Kind {
	case KindNone:
		return true
	case KindBytes:
		return noText(f)
	case KindInt, KindUint:
		return number(f)
	}
	return false
}

// jsonNumberNull reports the numeric fields whose JSON form is null.
func jsonNumberNull(f *Field) bool {
	if f.json != nil {
		return false
	}
	c := classOf(f.Type)
	if f.Format == schema.FormatNA {
		return c == numSmallSigned || c == numSmallUnsigned || c == numUint64
	}
	return c == numSmallSigned && f.Format == schema.Format10PaddedDec
}

// numberShowsNA reports the type and print format pairs appendNumber shows as <NA>.
func numberShowsNA(t schema.ParamType, f schema.PrintFormat) bool {
	switch classOf(t) {
	case numSmallSigned, numSmallUnsigned:
		return f != schema.FormatOct && f != schema.FormatDec && f != schema.FormatID && f != schema.FormatHex
	case numUint64:
		return f != schema.FormatOct && f != schema.FormatDec && f != schema.FormatID &&
			f != schema.FormatHex && f != schema.Format10PaddedDec
	}
	return false
}

package output

import (
	"math"
	"strconv"

	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// AppendJSONLine appends the event as one JSON object for tools: the format's fields as
// keys in format order, integers as JSON integers whatever their print format, doubles
// as JSON numbers with a fraction or exponent (null if not finite), booleans, strings
// (addresses, times and buffers as sysdig prints them), and null for missing values.
// Literal text is dropped. Values are those of fields.LookupRecord.
func (f *Format) AppendJSONLine(dst []byte, ctx *state.EventContext, view state.View) []byte {
	dst = append(dst, '{')
	for i, fl := range f.records {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendKey(dst, fl.Name)
		dst = append(dst, ':')
		v := &f.vals[i]
		if !fl.Extract(ctx, view, v) {
			dst = append(dst, "null"...)
			continue
		}
		dst = f.appendTyped(dst, fl, v)
	}
	return append(dst, '}')
}

func (f *Format) appendTyped(dst []byte, fl *fields.Field, v *fields.Value) []byte {
	switch v.Kind {
	case fields.KindInt:
		return strconv.AppendInt(dst, v.Int, 10)
	case fields.KindUint:
		return strconv.AppendUint(dst, v.Uint, 10)
	case fields.KindBool:
		return strconv.AppendBool(dst, v.Bool)
	case fields.KindDouble:
		if math.IsNaN(v.Double) || math.IsInf(v.Double, 0) {
			return append(dst, "null"...)
		}
		return appendDouble(dst, v.Double)
	}
	mark := len(dst)
	dst = fields.AppendText(dst, fl, v)
	text := dst[mark:]
	f.tmp = append(f.tmp[:0], text...)
	return fields.AppendJSONString(dst[:mark], f.tmp)
}

// appendDouble appends x in the shortest form that reads back as x, with a fraction
// or exponent so that readers take it for a floating-point number.
func appendDouble(dst []byte, x float64) []byte {
	mark := len(dst)
	dst = strconv.AppendFloat(dst, x, 'g', -1, 64)
	for _, c := range dst[mark:] {
		if c == '.' || c == 'e' || c == 'N' || c == 'I' {
			return dst
		}
	}
	return append(dst, '.', '0')
}

// AppendCSVHeader appends the CSV header row (field names) with a newline.
func (f *Format) AppendCSVHeader(dst []byte) []byte {
	for i, fl := range f.records {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendCSV(dst, []byte(fl.Name))
	}
	return append(dst, '\n')
}

// AppendCSV appends the event as one CSV row (RFC 4180 quoting) of the format's fields:
// integers in decimal whatever their print format, doubles as in JSON lines, booleans
// true/false, text as sysdig prints it, and an empty cell for missing values. The row
// ends with a newline. Values are those of fields.LookupRecord.
func (f *Format) AppendCSV(dst []byte, ctx *state.EventContext, view state.View) []byte {
	for i, fl := range f.records {
		if i > 0 {
			dst = append(dst, ',')
		}
		v := &f.vals[i]
		if !fl.Extract(ctx, view, v) {
			continue
		}
		switch v.Kind {
		case fields.KindInt:
			dst = strconv.AppendInt(dst, v.Int, 10)
		case fields.KindUint:
			dst = strconv.AppendUint(dst, v.Uint, 10)
		case fields.KindDouble:
			dst = appendDouble(dst, v.Double)
		default:
			mark := len(dst)
			dst = fields.AppendText(dst, fl, v)
			if needsQuote(dst[mark:]) {
				f.tmp = append(f.tmp[:0], dst[mark:]...)
				dst = appendCSV(dst[:mark], f.tmp)
			}
		}
	}
	return append(dst, '\n')
}

func needsQuote(b []byte) bool {
	for _, c := range b {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			return true
		}
	}
	return false
}

func appendCSV(dst, b []byte) []byte {
	if !needsQuote(b) {
		return append(dst, b...)
	}
	dst = append(dst, '"')
	for _, c := range b {
		if c == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, c)
	}
	return append(dst, '"')
}

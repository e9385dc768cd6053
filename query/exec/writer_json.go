package exec

import (
	"bufio"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/scrylabs/scry/query/fields"
)

// jsonWriter writes rows as JSON objects keyed by column name: in one array (json) or
// one per line (jsonl). Numbers and booleans are JSON numbers and booleans, NULL is null,
// everything else a string.
type jsonWriter struct {
	out   *bufio.Writer
	array bool
	cols  []Column
	keys  [][]byte
	n     int
	buf   []byte
}

func (j *jsonWriter) Header(cols []Column) error {
	j.cols = cols
	for _, c := range cols {
		j.keys = append(j.keys, appendJSONString(nil, []byte(c.Name)))
	}
	if j.array {
		_, err := j.out.WriteString("[")
		return err
	}
	return nil
}

func (j *jsonWriter) Row(vals []Value) error {
	b := j.buf[:0]
	if j.array {
		if j.n > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
	}
	b = append(b, '{')
	for i := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, j.keys[i]...)
		b = append(b, ':')
		b = appendJSONValue(b, &j.cols[i], &vals[i])
	}
	b = append(b, '}')
	if !j.array {
		b = append(b, '\n')
	}
	j.buf = b
	j.n++
	_, err := j.out.Write(b)
	return err
}

func (j *jsonWriter) Close() error {
	if j.array {
		if j.n > 0 {
			j.out.WriteString("\n")
		}
		j.out.WriteString("]\n")
	}
	return j.out.Flush()
}

func appendJSONValue(dst []byte, col *Column, v *Value) []byte {
	if col.Time && !isNull(v) {
		return appendJSONString(dst, appendCell(nil, col, v))
	}
	switch v.Kind {
	case fields.KindNone:
		return append(dst, "null"...)
	case fields.KindInt:
		return strconv.AppendInt(dst, v.Int, 10)
	case fields.KindUint:
		return strconv.AppendUint(dst, v.Uint, 10)
	case fields.KindBool:
		return strconv.AppendBool(dst, v.Bool)
	case fields.KindDouble:
		if math.IsInf(v.Double, 0) || math.IsNaN(v.Double) {
			return append(dst, "null"...)
		}
		return strconv.AppendFloat(dst, v.Double, 'g', -1, 64)
	}
	return appendJSONString(dst, AppendText(nil, v))
}

// appendJSONString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendJSONString(dst, s []byte) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c < 0x20 || c == 0x7f:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, "\ufffd"...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

package render

import (
	"encoding/base64"
	"encoding/binary"
	"slices"
	"strconv"
)

// BufferFormat selects how byte buffers are shown (sysdig's -A, -x, -X, -b options).
type BufferFormat uint8

// Buffer formats. The JSON variants of sysdig render the same text; only the truncation
// differs, which Options.Truncate controls.
const (
	BufferNormal   BufferFormat = iota // printable ASCII kept, other bytes '.'
	BufferEOLS                         // printable ASCII and line ends only (-A)
	BufferHex                          // hex rows (-x)
	BufferHexASCII                     // hex rows with an ASCII column (-X)
	BufferBase64                       // standard base64 (-b)
)

// DefaultTruncate is the length sysdig cuts normal buffer renderings to without -v.
const DefaultTruncate = 80

func printable(c byte) bool { return c >= 0x20 && c <= 0x7e }

// appendShown writes buf into out (as long) as the normal buffer format shows it. Text
// is mostly printable: eight bytes at a time are copied as they are unless one of them
// is outside printable ASCII.
func appendShown(out, buf []byte) {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(buf); i += 8 {
		x := binary.LittleEndian.Uint64(buf[i:])
		below := (x - ones*0x20) &^ x & highs         // a byte under 0x20
		above := ((x + ones*(0x7f-0x7e)) | x) & highs // a byte over 0x7e
		if below|above == 0 {
			binary.LittleEndian.PutUint64(out[i:], x)
			continue
		}
		for j := i; j < i+8; j++ {
			out[j] = shownAs[buf[j]]
		}
	}
	for ; i < len(buf); i++ {
		out[i] = shownAs[buf[i]]
	}
}

// shownAs is how the normal buffer format shows each byte: itself where printable, '.'
// otherwise.
var shownAs = func() (t [256]byte) {
	for c := range t {
		t[c] = '.'
		if printable(byte(c)) {
			t[c] = byte(c)
		}
	}
	return t
}()

// appendPrintable appends the bytes of s up to its first NUL, dropping bytes outside
// printable ASCII.
func appendPrintable(dst, s []byte) []byte {
	for _, c := range s {
		if c == 0 {
			break
		}
		if printable(c) {
			dst = append(dst, c)
		}
	}
	return dst
}

// AppendBuffer appends buf in format f. In the normal format a rendering longer than
// truncate characters (truncate > 0) is cut to truncate characters whose last three are
// "..."; the other formats are never cut. An empty buffer renders as nothing in every
// format.
func AppendBuffer(dst, buf []byte, f BufferFormat, truncate int) []byte {
	if len(buf) == 0 {
		return dst
	}
	switch f {
	case BufferEOLS:
		return appendEOLS(dst, buf)
	case BufferHex:
		return appendHex(dst, buf, false)
	case BufferHexASCII:
		return appendHex(dst, buf, true)
	case BufferBase64:
		return base64.StdEncoding.AppendEncode(dst, buf)
	}
	cut := false
	if truncate > 3 && len(buf) > truncate {
		buf, cut = buf[:truncate-3], true
	}
	n := len(dst)
	dst = slices.Grow(dst, len(buf))[:n+len(buf)]
	appendShown(dst[n:], buf)
	if cut {
		dst = append(dst, "..."...)
	}
	return dst
}

func appendEOLS(dst, buf []byte) []byte {
	dst = append(dst, '\n')
	for i, c := range buf {
		switch {
		case printable(c):
			dst = append(dst, c)
		case c == '\r':
			dst = append(dst, '\n')
		case c == '\n' && i > 0 && buf[i-1] != '\r': // sysdig drops a leading line feed
			dst = append(dst, '\n')
		}
	}
	return dst
}

const hexDigits = "0123456789abcdef"

func appendHex(dst, buf []byte, ascii bool) []byte {
	for off := 0; off < len(buf); off += 16 {
		row := buf[off:min(off+16, len(buf))]
		dst = append(dst, '\n', '\t', '0', 'x')
		dst = appendHexPadded(dst, uint64(off), 4)
		dst = append(dst, ':')
		for j := 0; j < len(row); j += 2 {
			dst = append(dst, ' ', hexDigits[row[j]>>4], hexDigits[row[j]&15])
			if j+1 < len(row) {
				dst = append(dst, hexDigits[row[j+1]>>4], hexDigits[row[j+1]&15])
			}
		}
		if ascii {
			for j := (len(row) + 1) / 2; j < 8; j++ {
				dst = append(dst, "     "...)
			}
			dst = append(dst, ' ', ' ')
			for _, c := range row {
				if !printable(c) {
					c = '.'
				}
				dst = append(dst, c)
			}
		}
	}
	return append(dst, '\n')
}

// appendHexPadded appends v in lower-case hex, zero-padded to at least width digits.
func appendHexPadded(dst []byte, v uint64, width int) []byte {
	n := 1
	for x := v >> 4; x != 0; x >>= 4 {
		n++
	}
	for ; n < width; n++ {
		dst = append(dst, '0')
	}
	return strconv.AppendUint(dst, v, 16)
}

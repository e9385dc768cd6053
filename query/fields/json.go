package fields

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s as a JSON string the way jsoncpp 1.9 writes it: '"' and '\\'
// escaped, control characters as \b \f \n \r \t or \u00XX, every character above ASCII as
// \uXXXX (surrogate pairs beyond U+FFFF), bytes above ASCII decoded as jsoncppCodepoint does; '/' kept.
func AppendJSONString(dst, s []byte) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			switch c {
			case '"':
				dst = append(dst, '\\', '"')
			case '\\':
				dst = append(dst, '\\', '\\')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				if c < 0x20 {
					dst = appendU(dst, rune(c))
				} else {
					dst = append(dst, c)
				}
			}
			i++
			continue
		}
		r, n := jsoncppCodepoint(s[i:])
		if r > 0xffff {
			r -= 0x10000
			dst = appendU(dst, 0xd800+(r>>10&0x3ff))
			dst = appendU(dst, 0xdc00+(r&0x3ff))
		} else {
			dst = appendU(dst, r)
		}
		i += n
	}
	return append(dst, '"')
}

func appendU(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u', hexDigits[r>>12&15], hexDigits[r>>8&15], hexDigits[r>>4&15], hexDigits[r&15])
}

// jsoncppCodepoint decodes the character at the start of s (whose first byte is above
// ASCII) as jsoncpp 1.9 does, and returns it with the number of bytes it takes. The
// lead byte alone sets the length (below 0xE0 two bytes, below 0xF0 three, below 0xF8
// four); the bytes after it are not checked, only their low six bits are taken. A lead
// byte of 0xF8 or more, or too few bytes left, gives U+FFFD for that byte alone; an
// overlong form or a surrogate gives U+FFFD for the whole sequence. Observed with
// sysdig 0.29.3 -j: a7 0d -> \u01cd, c2 41 -> \u0081, f8 88 80 80 80 ->
// \ufffd\u0200\ufffd, f4 90 80 80 -> \ud800\udc00, ed a0 80 -> \ufffd.
func jsoncppCodepoint(s []byte) (rune, int) {
	const bad = 0xfffd
	lead := rune(s[0])
	var n int
	var r, least rune
	switch {
	case lead < 0xe0:
		n, r, least = 2, lead&0x1f, 0x80
	case lead < 0xf0:
		n, r, least = 3, lead&0x0f, 0x800
	case lead < 0xf8:
		n, r, least = 4, lead&0x07, 0x10000
	default:
		return bad, 1
	}
	if len(s) < n {
		return bad, 1
	}
	for _, c := range s[1:n] {
		r = r<<6 | rune(c)&0x3f
	}
	if r < least || (n == 3 && r >= 0xd800 && r <= 0xdfff) {
		return bad, n
	}
	return r, n
}

package filter

// globMatch reports whether s matches the shell pattern p as fnmatch(3) with no flags
// does: * matches any run of bytes (slashes and leading dots included), ? one byte,
// [...] a set ([!...] or [^...] its complement, a-z ranges, [:class:] names), and \c
// the byte c. fold compares ASCII letters case-insensitively. It does not allocate.
func globMatch(p, s []byte, fold bool) bool {
	px, sx := 0, 0
	starPx, starSx := -1, -1
	for px < len(p) || sx < len(s) {
		if px < len(p) {
			switch c := p[px]; c {
			case '*':
				starPx, starSx = px, sx+1
				px++
				continue
			case '?':
				if sx < len(s) {
					px++
					sx++
					continue
				}
			case '[':
				if sx < len(s) {
					hit, width, ok := matchBracket(p[px:], s[sx], fold)
					if !ok { // no closing ']': a literal '['
						hit, width = s[sx] == '[', 1
					}
					if hit {
						px += width
						sx++
						continue
					}
				}
			case '\\':
				lit, width := byte('\\'), 1
				if px+1 < len(p) {
					lit, width = p[px+1], 2
				}
				if sx < len(s) && sameByte(lit, s[sx], fold) {
					px += width
					sx++
					continue
				}
			default:
				if sx < len(s) && sameByte(c, s[sx], fold) {
					px++
					sx++
					continue
				}
			}
		}
		if starPx >= 0 && starSx <= len(s) {
			px, sx = starPx, starSx
			continue
		}
		return false
	}
	return true
}

func sameByte(a, b byte, fold bool) bool {
	if fold {
		return lowerASCII(a) == lowerASCII(b)
	}
	return a == b
}

// matchBracket matches c against the bracket expression at the start of p. It returns
// whether c is in the set, the width of the expression and whether it is well formed.
func matchBracket(p []byte, c byte, fold bool) (hit bool, width int, ok bool) {
	i := 1
	negated := false
	if i < len(p) && (p[i] == '!' || p[i] == '^') {
		negated = true
		i++
	}
	first := true
	for i < len(p) {
		b := p[i]
		if b == ']' && !first {
			return hit != negated, i + 1, true
		}
		first = false
		if b == '[' && i+1 < len(p) && p[i+1] == ':' {
			if end := classEnd(p, i+2); end > 0 {
				if inClass(string(p[i+2:end]), c) {
					hit = true
				}
				i = end + 2
				continue
			}
		}
		if b == '\\' && i+1 < len(p) {
			i++
			b = p[i]
		}
		lo, hi := b, b
		if i+2 < len(p) && p[i+1] == '-' && p[i+2] != ']' {
			hi = p[i+2]
			if hi == '\\' && i+3 < len(p) {
				hi = p[i+3]
				i++
			}
			i += 2
		}
		if inRange(c, lo, hi, fold) {
			hit = true
		}
		i++
	}
	return false, 0, false
}

func inRange(c, lo, hi byte, fold bool) bool {
	if c >= lo && c <= hi {
		return true
	}
	if fold {
		l, u := lowerASCII(c), upperASCII(c)
		return l >= lo && l <= hi || u >= lo && u <= hi
	}
	return false
}

// classEnd returns the index of the ":]" that closes a [:class:] started before from.
func classEnd(p []byte, from int) int {
	for j := from; j+1 < len(p); j++ {
		if p[j] == ':' && p[j+1] == ']' {
			return j
		}
		if p[j] < 'a' || p[j] > 'z' {
			return -1
		}
	}
	return -1
}

func inClass(name string, c byte) bool {
	switch name {
	case "alpha":
		return isAlpha(c)
	case "digit":
		return c >= '0' && c <= '9'
	case "alnum":
		return isAlpha(c) || c >= '0' && c <= '9'
	case "upper":
		return c >= 'A' && c <= 'Z'
	case "lower":
		return c >= 'a' && c <= 'z'
	case "space":
		return c == ' ' || c >= '\t' && c <= '\r'
	case "blank":
		return c == ' ' || c == '\t'
	case "xdigit":
		_, ok := unhex(string(c), 0)
		return ok
	case "punct":
		return c > ' ' && c < 0x7f && !isAlpha(c) && (c < '0' || c > '9')
	case "print":
		return c >= ' ' && c < 0x7f
	case "graph":
		return c > ' ' && c < 0x7f
	case "cntrl":
		return c < ' ' || c == 0x7f
	}
	return false
}

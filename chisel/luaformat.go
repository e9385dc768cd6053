package chisel

import (
	"errors"
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// formatSpec is one parsed conversion of a string.format pattern.
type formatSpec struct {
	minus, plus, space, alt, zero bool
	width, prec                   int // prec < 0: none
	verb                          byte
}

// luaStringFormat is string.format with the conversions and C semantics of LuaJIT 2.1.
func luaStringFormat(L *lua.LState) int {
	pat := L.CheckString(1)
	arg := 1
	out := make([]byte, 0, len(pat)+16)
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		if c != '%' {
			out = append(out, c)
			continue
		}
		i++
		if i >= len(pat) {
			L.RaiseError("invalid option '%%' to 'format'")
		}
		if pat[i] == '%' {
			out = append(out, '%')
			continue
		}
		var spec formatSpec
		i = parseFormatSpec(L, pat, i, &spec)
		arg++
		out = appendFormatted(L, out, arg, &spec)
	}
	L.Push(lua.LString(out))
	return 1
}

// parseFormatSpec parses flags, width, precision and the conversion starting at
// pat[i] and returns the index of the conversion character.
func parseFormatSpec(L *lua.LState, pat string, i int, s *formatSpec) int {
	s.prec = -1
	start := i
	for ; i < len(pat); i++ {
		switch pat[i] {
		case '-':
			s.minus = true
		case '+':
			s.plus = true
		case ' ':
			s.space = true
		case '#':
			s.alt = true
		case '0':
			s.zero = true
		default:
			goto width
		}
	}
width:
	if i-start > 5 {
		L.RaiseError("invalid format (repeated flags)")
	}
	n := 0
	for ; i < len(pat) && pat[i] >= '0' && pat[i] <= '9'; i++ {
		s.width = s.width*10 + int(pat[i]-'0')
		n++
	}
	if i < len(pat) && pat[i] == '.' {
		i++
		s.prec = 0
		m := 0
		for ; i < len(pat) && pat[i] >= '0' && pat[i] <= '9'; i++ {
			s.prec = s.prec*10 + int(pat[i]-'0')
			m++
		}
		if m > 2 {
			n = 3
		}
	}
	if n > 2 {
		L.RaiseError("invalid format (width or precision too long)")
	}
	if i >= len(pat) {
		L.RaiseError("invalid option '%%' to 'format'")
	}
	s.verb = pat[i]
	return i
}

// appendFormatted converts argument arg by spec.
func appendFormatted(L *lua.LState, out []byte, arg int, s *formatSpec) []byte {
	var body []byte
	switch s.verb {
	case 'd', 'i':
		v := luaToInt64(formatNumberArg(L, arg))
		neg := v < 0
		u := uint64(v)
		if neg {
			u = -u
		}
		body = appendIntDigits(nil, u, 10, false, s.prec)
		return padNumber(out, body, signOf(neg, s), "", s, s.prec < 0)
	case 'u', 'o', 'x', 'X':
		u := luaToUint64(formatNumberArg(L, arg))
		base, prefix := uint64(10), ""
		switch s.verb {
		case 'o':
			base = 8
		case 'x':
			base = 16
			if s.alt && u != 0 {
				prefix = "0x"
			}
		case 'X':
			base = 16
			if s.alt && u != 0 {
				prefix = "0X"
			}
		}
		body = appendIntDigits(nil, u, base, s.verb == 'X', s.prec)
		if s.verb == 'o' && s.alt && (len(body) == 0 || body[0] != '0') {
			body = append([]byte{'0'}, body...)
		}
		return padNumber(out, body, "", prefix, s, s.prec < 0)
	case 'c':
		b := byte(luaToInt64(formatNumberArg(L, arg)))
		return padText(out, []byte{b}, s)
	case 'e', 'E', 'f', 'F', 'g', 'G', 'a', 'A':
		x := formatNumberArg(L, arg)
		neg := math.Signbit(x) && !math.IsNaN(x)
		upper := s.verb == 'E' || s.verb == 'F' || s.verb == 'G' || s.verb == 'A'
		if math.IsInf(x, 0) || math.IsNaN(x) {
			body = appendNonFinite(nil, math.Abs(x), upper)
			return padNumber(out, body, signOf(neg, s), "", s, false)
		}
		prec := s.prec
		if prec < 0 {
			prec = 6
		}
		switch s.verb {
		case 'e', 'E':
			body = appendExp(nil, x, prec, upper, s.alt)
		case 'f', 'F':
			body = appendFixed(nil, x, prec, s.alt)
		case 'g', 'G':
			body = appendGeneral(nil, x, prec, upper, s.alt)
		default:
			body = appendHexFloat(nil, math.Abs(x), s.prec, upper)
		}
		return padNumber(out, body, signOf(neg, s), "", s, true)
	case 's':
		str := luaToString(L, L.CheckAny(arg))
		if s.prec >= 0 && len(str) > s.prec {
			str = str[:s.prec]
		}
		return padText(out, []byte(str), s)
	case 'q':
		return appendQuoted(out, L.CheckString(arg))
	default:
		L.RaiseError("invalid option '%%%c' to 'format'", s.verb)
	}
	return out
}

// formatNumberArg returns argument arg as a number, converting numeric strings.
func formatNumberArg(L *lua.LState, arg int) float64 {
	v := L.Get(arg)
	switch x := v.(type) {
	case lua.LNumber:
		return float64(x)
	case lua.LString:
		if f, ok := parseLuaNumber(string(x)); ok {
			return f
		}
	}
	L.ArgError(arg, "number expected, got "+luaTypeName(v))
	return 0
}

// luaTypeName is the Lua type name of v ("no value" for an absent argument).
func luaTypeName(v lua.LValue) string {
	if v == nil {
		return "no value"
	}
	return v.Type().String()
}

// parseLuaNumber converts a string as Lua's tonumber does (decimal or 0x hex, with
// surrounding space).
func parseLuaNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	neg := false
	body := s
	if body[0] == '-' || body[0] == '+' {
		neg = body[0] == '-'
		body = body[1:]
	}
	if len(body) > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X') {
		u, err := strconv.ParseUint(body[2:], 16, 64)
		if err != nil {
			return 0, false
		}
		f := float64(u)
		if neg {
			f = -f
		}
		return f, true
	}
	if strings.ContainsAny(body, "_pPxX") || strings.EqualFold(body, "inf") ||
		strings.EqualFold(body, "infinity") || strings.EqualFold(body, "nan") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		var ne *strconv.NumError
		if !errors.As(err, &ne) || !errors.Is(ne.Err, strconv.ErrRange) {
			return 0, false
		}
	}
	return f, true
}

func signOf(neg bool, s *formatSpec) string {
	switch {
	case neg:
		return "-"
	case s.plus:
		return "+"
	case s.space:
		return " "
	}
	return ""
}

// appendIntDigits writes u in base with at least prec digits (C: precision 0 and
// value 0 print nothing).
func appendIntDigits(dst []byte, u uint64, base uint64, upper bool, prec int) []byte {
	var digits []byte
	if u == 0 && prec == 0 {
		digits = nil
	} else {
		digits = strconv.AppendUint(nil, u, int(base))
		if upper {
			digits = []byte(strings.ToUpper(string(digits)))
		}
	}
	for len(digits) < prec {
		digits = append([]byte{'0'}, digits...)
	}
	return append(dst, digits...)
}

// padNumber writes sign, prefix and body within the field width; zero padding goes
// between the prefix and the body where allowed.
func padNumber(out, body []byte, sign, prefix string, s *formatSpec, zeroOK bool) []byte {
	n := len(sign) + len(prefix) + len(body)
	pad := s.width - n
	if pad <= 0 {
		out = append(out, sign...)
		out = append(out, prefix...)
		return append(out, body...)
	}
	switch {
	case s.minus:
		out = append(out, sign...)
		out = append(out, prefix...)
		out = append(out, body...)
		return appendRepeat(out, ' ', pad)
	case s.zero && zeroOK:
		out = append(out, sign...)
		out = append(out, prefix...)
		out = appendRepeat(out, '0', pad)
		return append(out, body...)
	default:
		out = appendRepeat(out, ' ', pad)
		out = append(out, sign...)
		out = append(out, prefix...)
		return append(out, body...)
	}
}

func padText(out, body []byte, s *formatSpec) []byte {
	pad := s.width - len(body)
	if pad > 0 && !s.minus {
		out = appendRepeat(out, ' ', pad)
	}
	out = append(out, body...)
	if pad > 0 && s.minus {
		out = appendRepeat(out, ' ', pad)
	}
	return out
}

func appendRepeat(out []byte, c byte, n int) []byte {
	for ; n > 0; n-- {
		out = append(out, c)
	}
	return out
}

// appendHexFloat writes x as C's %a (exponent without leading zeros).
func appendHexFloat(dst []byte, x float64, prec int, upper bool) []byte {
	s := strconv.FormatFloat(x, 'x', prec, 64)
	p := strings.LastIndexByte(s, 'p')
	exp := s[p+2:]
	for len(exp) > 1 && exp[0] == '0' {
		exp = exp[1:]
	}
	s = s[:p+2] + exp
	if upper {
		s = strings.ToUpper(s)
	}
	return append(dst, s...)
}

// appendQuoted writes s as %q does: in double quotes, with ", \ and newline escaped
// and control characters as decimal escapes.
func appendQuoted(out []byte, s string) []byte {
	out = append(out, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			out = append(out, '\\', c)
		case c == '\n':
			out = append(out, '\\', '\n')
		case c == 0:
			if i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				out = append(out, `\000`...)
			} else {
				out = append(out, `\0`...)
			}
		case c < 32 || c == 127:
			out = append(out, '\\')
			if i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				out = append(out, byte('0'+c/100), byte('0'+c/10%10), byte('0'+c%10))
			} else {
				out = strconv.AppendInt(out, int64(c), 10)
			}
		default:
			out = append(out, c)
		}
	}
	return append(out, '"')
}

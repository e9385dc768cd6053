package chisel

import (
	"math"
	"strconv"
)

// The number formatting of sysdig's LuaJIT: C printf conversions computed from the
// exact decimal value of the double, with ties rounded away from zero (LuaJIT's own
// formatter, unlike glibc, does not round ties to even: %.0f of 2.5 is "3").

// decimal is the exact decimal expansion of a finite, non-negative double:
// value = 0.digits × 10^dp, digits without leading zeros ("0" with dp 1 for zero).
type decimal struct {
	digits []byte
	dp     int
}

// exactDecimal returns the exact decimal expansion of |x|.
func exactDecimal(x float64) decimal {
	x = math.Abs(x)
	if x == 0 {
		return decimal{digits: []byte{'0'}, dp: 1}
	}
	// 800 digits exceed the longest exact expansion of a double (767 significant
	// digits), so no rounding happens here.
	s := strconv.FormatFloat(x, 'e', 800, 64)
	e := len(s) - 1
	for s[e] != 'e' {
		e--
	}
	exp, _ := strconv.Atoi(s[e+1:])
	digits := make([]byte, 0, 32)
	digits = append(digits, s[0])
	digits = append(digits, s[2:e]...)
	n := len(digits)
	for n > 1 && digits[n-1] == '0' {
		n--
	}
	return decimal{digits: digits[:n], dp: exp + 1}
}

// roundTo returns d rounded to n significant digits (n >= 0), ties away from zero.
// With n == 0 the result is either zero or a single 1 one place up.
func (d decimal) roundTo(n int) decimal {
	if n >= len(d.digits) {
		return d
	}
	if n < 0 {
		return decimal{digits: []byte{'0'}, dp: 1}
	}
	up := d.digits[n] >= '5'
	out := append([]byte(nil), d.digits[:n]...)
	dp := d.dp
	if up {
		i := n - 1
		for i >= 0 && out[i] == '9' {
			out[i] = '0'
			i--
		}
		if i >= 0 {
			out[i]++
		} else {
			out = append([]byte{'1'}, out...)
			dp++
		}
	}
	for len(out) > 1 && out[len(out)-1] == '0' {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return decimal{digits: []byte{'0'}, dp: 1}
	}
	if len(out) == 1 && out[0] == '0' {
		dp = 1
	}
	return decimal{digits: out, dp: dp}
}

// digit returns the i-th digit of d (0-based), '0' past the end.
func (d decimal) digit(i int) byte {
	if i >= 0 && i < len(d.digits) {
		return d.digits[i]
	}
	return '0'
}

func (d decimal) isZero() bool { return len(d.digits) == 1 && d.digits[0] == '0' }

// appendExp formats |x| as C's %e with prec digits after the point.
func appendExp(dst []byte, x float64, prec int, upper, alt bool) []byte {
	d := exactDecimal(x).roundTo(prec + 1)
	exp := d.dp - 1
	if d.isZero() {
		exp = 0
	}
	return appendExpDigits(dst, d, exp, prec, upper, alt)
}

func appendExpDigits(dst []byte, d decimal, exp, prec int, upper, alt bool) []byte {
	dst = append(dst, d.digit(0))
	if prec > 0 || alt {
		dst = append(dst, '.')
	}
	for i := 1; i <= prec; i++ {
		dst = append(dst, d.digit(i))
	}
	if upper {
		dst = append(dst, 'E')
	} else {
		dst = append(dst, 'e')
	}
	if exp < 0 {
		dst = append(dst, '-')
		exp = -exp
	} else {
		dst = append(dst, '+')
	}
	if exp < 10 {
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, int64(exp), 10)
}

// appendFixed formats |x| as C's %f with prec digits after the point.
func appendFixed(dst []byte, x float64, prec int, alt bool) []byte {
	d := exactDecimal(x)
	d = d.roundTo(d.dp + prec)
	return appendFixedDigits(dst, d, prec, alt)
}

func appendFixedDigits(dst []byte, d decimal, prec int, alt bool) []byte {
	if d.isZero() {
		d.dp = 1
	}
	if d.dp <= 0 {
		dst = append(dst, '0')
	} else {
		for i := 0; i < d.dp; i++ {
			dst = append(dst, d.digit(i))
		}
	}
	if prec > 0 || alt {
		dst = append(dst, '.')
	}
	for i := 0; i < prec; i++ {
		dst = append(dst, d.digit(d.dp+i))
	}
	return dst
}

// appendGeneral formats |x| as C's %g with precision prec.
func appendGeneral(dst []byte, x float64, prec int, upper, alt bool) []byte {
	if prec == 0 {
		prec = 1
	}
	d := exactDecimal(x).roundTo(prec)
	exp := d.dp - 1
	if d.isZero() {
		exp = 0
	}
	start := len(dst)
	if exp < -4 || exp >= prec {
		dst = appendExpDigits(dst, d, exp, prec-1, upper, alt)
		if !alt {
			dst = trimFractionZeros(dst, start, true)
		}
		return dst
	}
	dst = appendFixedDigits(dst, d, prec-1-exp, alt)
	if !alt {
		dst = trimFractionZeros(dst, start, false)
	}
	return dst
}

// trimFractionZeros removes trailing zeros of the fraction (and a bare point) of the
// number written at dst[start:]; with exponent, the exponent part is kept.
func trimFractionZeros(dst []byte, start int, exponent bool) []byte {
	end := len(dst)
	mant := end
	if exponent {
		for mant > start && dst[mant-1] != 'e' && dst[mant-1] != 'E' {
			mant--
		}
		mant--
	}
	point := -1
	for i := start; i < mant; i++ {
		if dst[i] == '.' {
			point = i
			break
		}
	}
	if point < 0 {
		return dst
	}
	cut := mant
	for cut > point+1 && dst[cut-1] == '0' {
		cut--
	}
	if cut == point+1 {
		cut = point
	}
	tail := append([]byte(nil), dst[mant:end]...)
	return append(dst[:cut], tail...)
}

// appendNonFinite writes inf, -inf or nan as LuaJIT does.
func appendNonFinite(dst []byte, x float64, upper bool) []byte {
	var s string
	switch {
	case math.IsNaN(x):
		s = "nan"
	case x > 0:
		s = "inf"
	default:
		s = "-inf"
	}
	if upper {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
			dst = append(dst, c)
		}
		return dst
	}
	return append(dst, s...)
}

// AppendNumber writes x as LuaJIT's tostring does (C's %.14g).
func AppendNumber(dst []byte, x float64) []byte {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return appendNonFinite(dst, x, false)
	}
	if x == math.Trunc(x) && math.Abs(x) < 1e14 {
		if x == 0 && math.Signbit(x) {
			return append(dst, "-0"...)
		}
		return strconv.AppendInt(dst, int64(x), 10)
	}
	if math.Signbit(x) {
		dst = append(dst, '-')
	}
	return appendGeneral(dst, x, 14, false, false)
}

// FormatNumber returns x as LuaJIT's tostring does.
func FormatNumber(x float64) string { return string(AppendNumber(nil, x)) }

// luaToInt64 converts a Lua number to a C int64 as LuaJIT's formatter does: truncation,
// with out-of-range values and NaN giving the x86 "integer indefinite" value.
func luaToInt64(x float64) int64 {
	if math.IsNaN(x) || x >= 9223372036854775808.0 || x < -9223372036854775808.0 {
		return math.MinInt64
	}
	return int64(x)
}

// luaToUint64 converts a Lua number to the unsigned value %u, %x and %o print.
func luaToUint64(x float64) uint64 {
	if x >= 9223372036854775808.0 && x < 18446744073709551616.0 {
		return uint64(luaToInt64(x - 18446744073709551616.0))
	}
	return uint64(luaToInt64(x))
}

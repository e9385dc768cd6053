package chisel

import (
	"bufio"
	"bytes"
	"math"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// runLua runs code in a chisel VM and returns what it printed.
func runLua(t *testing.T, code string) string {
	t.Helper()
	var buf bytes.Buffer
	out := bufio.NewWriter(&buf)
	v := newVM(nil, out)
	defer v.close()
	if err := v.L.DoString(code); err != nil {
		t.Fatalf("lua: %v\n%s", err, code)
	}
	out.Flush()
	return buf.String()
}

// The expected values are what sysdig's LuaJIT 2.1 prints for the same calls.
func TestStringFormatMatchesLuaJIT(t *testing.T) {
	cases := []struct {
		format string
		arg    string
		want   string
	}{
		{"%d", "3.7", "3"},
		{"%d", "-3.7", "-3"},
		{"%5d|", "42", "   42|"},
		{"%-5d|", "42", "42   |"},
		{"%05d", "-42", "-0042"},
		{"%+d", "5", "+5"},
		{"% d", "5", " 5"},
		{"%u", "7.9", "7"},
		{"%.9u", "5", "000000005"},
		{"%02u", "38.5", "38"},
		{"%x", "255", "ff"},
		{"%X", "255", "FF"},
		{"%#x", "255", "0xff"},
		{"%o", "8", "10"},
		{"%#o", "8", "010"},
		{"%c", "65", "A"},
		{"%s", "1.5", "1.5"},
		{"%s", "12", "12"},
		{"%5.2s|", `"abc"`, "   ab|"},
		{"%-13.13s|", `"proc.duration"`, "proc.duration|"},
		{"%.3s", `"abcdef"`, "abc"},
		{"%f", "1.5", "1.500000"},
		{"%.2f", "2.345", "2.35"},
		{"%10.3f|", "-3.14159", "    -3.142|"},
		{"%e", "12345.678", "1.234568e+04"},
		{"%.3E", "0.000123", "1.230E-04"},
		{"%g", "100000", "100000"},
		{"%g", "1000000", "1e+06"},
		{"%g", "0.0001", "0.0001"},
		{"%g", "0.00001", "1e-05"},
		{"%.2f%%", "33.333", "33.33%"},
		{"%5s|", `"ab"`, "   ab|"},
		{"%i", "12", "12"},
		{"%.0f", "2.5", "3"},
		{"%.0f", "3.5", "4"},
		{"%g", "1e300*1e10", "inf"},
		{"%d", "2^53", "9007199254740992"},
		{"%d", "-0.0", "0"},
		{"%s", "true", "true"},
		{"%s", "nil", "nil"},
		{"%.14g", "0.1", "0.1"},
		{"%a", "1", "0x1p+0"},
		{"%d", "1e20", "-9223372036854775808"},
		{"%u", "-1", "18446744073709551615"},
		{"%x", "-1", "ffffffffffffffff"},
		{"%q", `"a\"b\n\0c\r"`, "\"a\\\"b\\\n\\0c\\13\""},
	}
	for _, c := range cases {
		got := runLua(t, "io.write(string.format('"+c.format+"', "+c.arg+"))")
		if got != c.want {
			t.Errorf("string.format(%q, %s) = %q, want %q", c.format, c.arg, got, c.want)
		}
	}
}

func TestToStringMatchesLuaJIT(t *testing.T) {
	got := runLua(t, `print(tostring(0.1), tostring(-0.0), tostring(1/0), tostring(-1/0), tostring(0/0),
		tostring(2^63), tostring(123456789012345), tostring(12345678901234), tostring(1e-5),
		tostring(0.0001), tostring(100), tostring(-5), tostring(3.14159265358979))
	print(1, nil, true, "x", 2.5)
	print(10 / 3, 2^31, 1e100, 5 % 3, -5 % 3, 5.5 % 2, math.floor(-3.5))
	print(1.470327476e+18, 1e15, 2^53, 1504265682000000000)`)
	want := "0.1\t-0\tinf\t-inf\tnan\t9.2233720368548e+18\t1.2345678901235e+14\t12345678901234\t1e-05\t0.0001\t100\t-5\t3.1415926535898\n" +
		"1\tnil\ttrue\tx\t2.5\n" +
		"3.3333333333333\t2147483648\t1e+100\t2\t1\t1.5\t-4\n" +
		"1.470327476e+18\t1e+15\t9.007199254741e+15\t1.504265682e+18\n"
	if got != want {
		t.Errorf("print/tostring:\n got %q\nwant %q", got, want)
	}
}

func TestFormatErrors(t *testing.T) {
	v := newVM(nil, bufio.NewWriter(&bytes.Buffer{}))
	defer v.close()
	for _, code := range []string{
		`string.format("%d", "x")`,
		`string.format("%y", 1)`,
		`string.format("%123d", 1)`,
		`string.format("%d")`,
	} {
		if err := v.L.DoString(code); err == nil {
			t.Errorf("%s: no error", code)
		}
	}
}

func TestExactDecimalRounding(t *testing.T) {
	cases := []struct {
		x    float64
		prec int
		want string
	}{
		{0.125, 2, "0.13"}, // an exact tie rounds away from zero
		{1.005, 2, "1.00"}, // 1.005 is stored below the tie
		{9.995, 2, "9.99"},
		{99.5, 0, "100"},
		{0, 3, "0.000"},
		{1e21, 0, "1000000000000000000000"},
		{math.SmallestNonzeroFloat64, 2, "0.00"},
	}
	for _, c := range cases {
		if got := string(appendFixed(nil, c.x, c.prec, false)); got != c.want {
			t.Errorf("%%.%df of %v = %q, want %q", c.prec, c.x, got, c.want)
		}
	}
}

func TestTableSortOrdersAndRejectsBadComparators(t *testing.T) {
	got := runLua(t, `
		local t = {5, 3, 9, 1, 7, 2, 8, 2, 6, 4, 0}
		table.sort(t)
		print(table.concat(t, ","))
		table.sort(t, function(a, b) return a > b end)
		print(table.concat(t, ","))
		local s = {"b", "a", "c"}
		table.sort(s)
		print(table.concat(s, ","))`)
	want := "0,1,2,2,3,4,5,6,7,8,9\n9,8,7,6,5,4,3,2,2,1,0\na,b,c\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	v := newVM(nil, bufio.NewWriter(&bytes.Buffer{}))
	defer v.close()
	err := v.L.DoString(`local t = {} for i = 1, 100 do t[i] = i % 7 end table.sort(t, function(a, b) return true end)`)
	if err == nil {
		t.Error("sort with an inconsistent comparator: no error")
	}
}

// The order of equal elements after table.sort follows Lua 5.1's quicksort: the
// sequence below is what LuaJIT produces for it.
func TestTableSortTieOrderFollowsLuaQuicksort(t *testing.T) {
	got := runLua(t, `
		local t = {{1,"a"},{0,"b"},{1,"c"},{0,"d"},{1,"e"},{0,"f"},{1,"g"}}
		table.sort(t, function(x, y) return x[1] < y[1] end)
		local s = "" for _, e in ipairs(t) do s = s .. e[2] end print(s)`)
	if want := reference51Sort([]int{1, 0, 1, 0, 1, 0, 1}, "abcdefg"); got != want+"\n" {
		t.Errorf("got %q, want %q", got, want)
	}
}

// reference51Sort is a plain transcription of the Lua 5.1 sort on keys with labels,
// kept as the slow twin of luaSorter.
func reference51Sort(keys []int, labels string) string {
	type el struct {
		k int
		l byte
	}
	a := make([]el, len(keys)+1)
	for i, k := range keys {
		a[i+1] = el{k, labels[i]}
	}
	less := func(x, y el) bool { return x.k < y.k }
	var sort func(l, u int)
	sort = func(l, u int) {
		for l < u {
			if less(a[u], a[l]) {
				a[l], a[u] = a[u], a[l]
			}
			if u-l == 1 {
				break
			}
			i := (l + u) / 2
			if less(a[i], a[l]) {
				a[i], a[l] = a[l], a[i]
			} else if less(a[u], a[i]) {
				a[i], a[u] = a[u], a[i]
			}
			if u-l == 2 {
				break
			}
			p := a[i]
			a[i], a[u-1] = a[u-1], a[i]
			i, j := l, u-1
			for {
				i++
				for less(a[i], p) {
					i++
				}
				j--
				for less(p, a[j]) {
					j--
				}
				if j < i {
					break
				}
				a[i], a[j] = a[j], a[i]
			}
			a[u-1], a[i] = a[i], a[u-1]
			if i-l < u-i {
				sort(l, i-1)
				l = i + 1
			} else {
				sort(i+1, u)
				u = i - 1
			}
		}
	}
	sort(1, len(keys))
	out := make([]byte, 0, len(keys))
	for _, e := range a[1:] {
		out = append(out, e.l)
	}
	return string(out)
}

func TestPairsFollowsFixedOrder(t *testing.T) {
	var buf bytes.Buffer
	out := bufio.NewWriter(&buf)
	v := newVM(nil, out)
	defer v.close()
	tab := v.L.NewTable()
	keys := []int64{34, 0, 12, 7, 1000}
	for _, k := range keys {
		tab.RawSet(lua.LNumber(k), lua.LString("v"))
	}
	v.setOrder(tab, luaNumberKeys(keys))
	v.L.SetGlobal("t", tab)
	if err := v.L.DoString(`for k in pairs(t) do io.write(k, " ") end t[12] = nil
		local k = next(t) io.write("|", k, "|") for k in pairs(t) do io.write(k, " ") end`); err != nil {
		t.Fatal(err)
	}
	out.Flush()
	if got, want := buf.String(), "34 0 12 7 1000 |34|34 0 7 1000 "; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

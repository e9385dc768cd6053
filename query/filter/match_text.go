package filter

import (
	"bytes"
	"regexp"

	"github.com/scrylabs/scry/query/fields"
)

type textEq struct{ x []byte }

func (m *textEq) match(v *fields.Value) bool {
	b, ok := asBytes(v)
	return ok && bytes.Equal(b, m.x)
}

type textCmp struct {
	op cmpOp
	x  []byte
}

func (m *textCmp) match(v *fields.Value) bool {
	b, ok := asBytes(v)
	if !ok {
		return false
	}
	c := bytes.Compare(b, m.x)
	return compareOrdered(m.op, int64(c), 0)
}

type textContains struct{ x []byte }

func (m *textContains) match(v *fields.Value) bool {
	b, ok := asBytes(v)
	return ok && bytes.Contains(b, m.x)
}

type textStartsWith struct{ x []byte }

func (m *textStartsWith) match(v *fields.Value) bool {
	b, ok := asBytes(v)
	return ok && bytes.HasPrefix(b, m.x)
}

type textEndsWith struct{ x []byte }

func (m *textEndsWith) match(v *fields.Value) bool {
	b, ok := asBytes(v)
	return ok && bytes.HasSuffix(b, m.x)
}

// textIContains is an ASCII case-insensitive substring search; x is lower case.
type textIContains struct{ x []byte }

func (m *textIContains) match(v *fields.Value) bool {
	b, ok := asBytes(v)
	return ok && indexFold(b, m.x) >= 0
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func upperASCII(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// indexFold returns the first index of lower-case needle in s ignoring ASCII case, or -1.
func indexFold(s, needle []byte) int {
	n := len(needle)
	if n == 0 {
		return 0
	}
	for i := 0; i+n <= len(s); i++ {
		if lowerASCII(s[i]) != needle[0] {
			continue
		}
		j := 1
		for j < n && lowerASCII(s[i+j]) == needle[j] {
			j++
		}
		if j == n {
			return i
		}
	}
	return -1
}

func toLowerBytes(s []byte) []byte {
	out := make([]byte, len(s))
	for i, c := range s {
		out[i] = lowerASCII(c)
	}
	return out
}

type textGlob struct {
	pattern []byte
	fold    bool
}

func (m *textGlob) match(v *fields.Value) bool {
	b, ok := asBytes(v)
	return ok && globMatch(m.pattern, b, m.fold)
}

type textRegex struct{ re *regexp.Regexp }

func (m *textRegex) match(v *fields.Value) bool {
	b, ok := asBytes(v)
	return ok && m.re.Match(b)
}

// textSet is exact membership for "in" on text fields.
type textSet map[string]struct{}

func (s textSet) match(v *fields.Value) bool {
	b, ok := asBytes(v)
	if !ok {
		return false
	}
	_, hit := s[string(b)]
	return hit
}

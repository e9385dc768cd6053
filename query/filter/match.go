package filter

import (
	"math"

	"github.com/scrylabs/scry/query/fields"
)

// matcher decides whether one extracted value satisfies a check's operator and
// operand. Matchers are immutable after compilation.
type matcher interface {
	match(v *fields.Value) bool
}

// cmpOp is a relational operator.
type cmpOp uint8

const (
	opEQ cmpOp = iota
	opNE
	opLT
	opLE
	opGT
	opGE
)

var relOps = map[string]cmpOp{"=": opEQ, "==": opEQ, "!=": opNE, "<": opLT, "<=": opLE, ">": opGT, ">=": opGE}

// asInt reads a value as a signed integer.
func asInt(v *fields.Value) (int64, bool) {
	switch v.Kind {
	case fields.KindInt:
		return v.Int, true
	case fields.KindUint:
		return int64(v.Uint), true
	case fields.KindDouble:
		return int64(v.Double), true
	case fields.KindBool:
		if v.Bool {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// asUint reads a value as an unsigned integer.
func asUint(v *fields.Value) (uint64, bool) {
	switch v.Kind {
	case fields.KindUint:
		return v.Uint, true
	case fields.KindInt:
		return uint64(v.Int), true
	case fields.KindDouble:
		return uint64(v.Double), true
	case fields.KindBool:
		if v.Bool {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func asDouble(v *fields.Value) (float64, bool) {
	switch v.Kind {
	case fields.KindDouble:
		return v.Double, true
	case fields.KindInt:
		return float64(v.Int), true
	case fields.KindUint:
		return float64(v.Uint), true
	}
	return math.NaN(), false
}

func asBool(v *fields.Value) (bool, bool) {
	switch v.Kind {
	case fields.KindBool:
		return v.Bool, true
	case fields.KindInt:
		return v.Int != 0, true
	case fields.KindUint:
		return v.Uint != 0, true
	}
	return false, false
}

// asBytes reads a value as text or a buffer.
func asBytes(v *fields.Value) ([]byte, bool) {
	switch v.Kind {
	case fields.KindString, fields.KindBytes, fields.KindIP:
		return v.Bytes, true
	}
	return nil, false
}

func compareOrdered[T int64 | uint64 | float64](op cmpOp, a, b T) bool {
	switch op {
	case opEQ:
		return a == b
	case opNE:
		return a != b
	case opLT:
		return a < b
	case opLE:
		return a <= b
	case opGT:
		return a > b
	default:
		return a >= b
	}
}

type intMatch struct {
	op cmpOp
	x  int64
}

func (m *intMatch) match(v *fields.Value) bool {
	a, ok := asInt(v)
	return ok && compareOrdered(m.op, a, m.x)
}

type uintMatch struct {
	op cmpOp
	x  uint64
}

func (m *uintMatch) match(v *fields.Value) bool {
	a, ok := asUint(v)
	return ok && compareOrdered(m.op, a, m.x)
}

type doubleMatch struct {
	op cmpOp
	x  float64
}

func (m *doubleMatch) match(v *fields.Value) bool {
	a, ok := asDouble(v)
	return ok && compareOrdered(m.op, a, m.x)
}

type boolMatch struct {
	op cmpOp // opEQ or opNE
	x  bool
}

func (m *boolMatch) match(v *fields.Value) bool {
	a, ok := asBool(v)
	if !ok {
		return false
	}
	return (a == m.x) == (m.op == opEQ)
}

// intSet, uintSet: membership for "in" on integer fields.
type intSet map[int64]struct{}

func (s intSet) match(v *fields.Value) bool {
	a, ok := asInt(v)
	if !ok {
		return false
	}
	_, hit := s[a]
	return hit
}

type uintSet map[uint64]struct{}

func (s uintSet) match(v *fields.Value) bool {
	a, ok := asUint(v)
	if !ok {
		return false
	}
	_, hit := s[a]
	return hit
}

// anyOf holds when one of its matchers does ("in" for other types).
type anyOf []matcher

func (a anyOf) match(v *fields.Value) bool {
	for _, m := range a {
		if m.match(v) {
			return true
		}
	}
	return false
}

// negate inverts a matcher for a value that exists (!= of the equality matchers).
type negate struct{ m matcher }

func (n negate) match(v *fields.Value) bool { return !n.m.match(v) }

// always holds for any value (exists).
type always struct{}

func (always) match(*fields.Value) bool { return true }

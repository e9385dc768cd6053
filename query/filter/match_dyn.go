package filter

import (
	"bytes"

	"github.com/scrylabs/scry/query/fields"
)

// fieldOps are the operators allowed between two fields (val()).
var fieldOps = map[string]bool{"=": true, "==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true,
	"contains": true, "icontains": true, "startswith": true, "endswith": true, "glob": true, "iglob": true}

// compareValues compares two extracted values by the class of the left one.
func compareValues(op string, cls class, a, b *fields.Value) bool {
	rel, isRel := relOps[op]
	switch cls {
	case classSigned:
		x, ok1 := asInt(a)
		y, ok2 := asInt(b)
		return ok1 && ok2 && isRel && compareOrdered(rel, x, y)
	case classUnsigned:
		x, ok1 := asUint(a)
		y, ok2 := asUint(b)
		return ok1 && ok2 && isRel && compareOrdered(rel, x, y)
	case classDouble:
		x, ok1 := asDouble(a)
		y, ok2 := asDouble(b)
		return ok1 && ok2 && isRel && compareOrdered(rel, x, y)
	case classBool:
		x, ok1 := asBool(a)
		y, ok2 := asBool(b)
		return ok1 && ok2 && (rel == opEQ) == (x == y) && (rel == opEQ || rel == opNE)
	case classIP, classNet:
		x, ok1 := ipAddr(a)
		y, ok2 := ipAddr(b)
		return ok1 && ok2 && (rel == opEQ) == (x == y) && (rel == opEQ || rel == opNE)
	}
	x, ok1 := asBytes(a)
	y, ok2 := asBytes(b)
	if !ok1 || !ok2 {
		return false
	}
	if isRel {
		return compareOrdered(rel, int64(bytes.Compare(x, y)), 0)
	}
	switch op {
	case "contains":
		return bytes.Contains(x, y)
	case "icontains":
		return indexFoldBoth(x, y) >= 0
	case "startswith":
		return bytes.HasPrefix(x, y)
	case "endswith":
		return bytes.HasSuffix(x, y)
	case "glob":
		return globMatch(y, x, false)
	case "iglob":
		return globMatch(y, x, true)
	}
	return false
}

// indexFoldBoth is indexFold for a needle of any case.
func indexFoldBoth(s, needle []byte) int {
	n := len(needle)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for j < n && lowerASCII(s[i+j]) == lowerASCII(needle[j]) {
			j++
		}
		if j == n {
			return i
		}
	}
	return -1
}

package filter

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/scrylabs/scry/formats/schema"
)

// valueMatcher builds the matcher of a single-value operator.
func (c *compiler) valueMatcher(n *Check, op string, cls class, bits int, typ schema.ParamType, v *Value) (matcher, error) {
	bad := func(err error) (matcher, error) { return nil, errAt(n, v.Pos, err) }
	unsupported := func() (matcher, error) {
		return nil, errAt(n, n.Pos, fmt.Errorf("operator %s is not supported on field %s (%s)", op, n.Left.String(), cls))
	}
	if rel, ok := relOps[op]; ok {
		switch cls {
		case classSigned:
			x, err := parseSigned(v.Text, bits)
			if err != nil {
				return bad(err)
			}
			return &intMatch{op: rel, x: x}, nil
		case classUnsigned:
			x, err := parseUnsignedFor(typ, v.Text, bits)
			if err != nil {
				return bad(err)
			}
			return &uintMatch{op: rel, x: x}, nil
		case classDouble:
			x, err := strconv.ParseFloat(strings.TrimSpace(v.Text), 64)
			if err != nil {
				return bad(fmt.Errorf("%q is not a valid number", v.Text))
			}
			return &doubleMatch{op: rel, x: x}, nil
		case classBool:
			x, err := parseBool(v.Text)
			if err != nil {
				return bad(err)
			}
			if rel != opEQ && rel != opNE {
				// sysdig orders booleans as the numbers 0 and 1 (evt.failed >= true is
				// evt.failed = true).
				return &uintMatch{op: rel, x: boolNumber(x)}, nil
			}
			return &boolMatch{op: rel, x: x}, nil
		case classString, classBytes:
			switch rel {
			case opEQ:
				return &textEq{x: []byte(v.Text)}, nil
			case opNE:
				return negate{&textEq{x: []byte(v.Text)}}, nil
			}
			if cls == classBytes {
				return unsupported()
			}
			return &textCmp{op: rel, x: []byte(v.Text)}, nil
		case classIP, classNet:
			if rel != opEQ && rel != opNE {
				return unsupported()
			}
			m, err := addressMatcher(cls, v.Text)
			if err != nil {
				return bad(err)
			}
			if rel == opNE {
				return negate{m}, nil
			}
			return m, nil
		}
		return unsupported()
	}
	if !cls.text() {
		return unsupported()
	}
	x := []byte(v.Text)
	switch op {
	case "contains":
		return &textContains{x: x}, nil
	case "icontains":
		if cls == classBytes {
			// sysdig 0.29.3 stops at the first buffer: "'icontains' not supported for
			// buffer filters".
			return unsupported()
		}
		return &textIContains{x: toLowerBytes(x)}, nil
	case "startswith":
		return &textStartsWith{x: x}, nil
	case "endswith":
		return &textEndsWith{x: x}, nil
	case "bcontains", "bstartswith":
		b, err := parseHexBytes(v.Text)
		if err != nil {
			return bad(err)
		}
		if op == "bcontains" {
			return &textContains{x: b}, nil
		}
		return &textStartsWith{x: b}, nil
	}
	if cls != classString {
		return unsupported()
	}
	switch op {
	case "glob", "iglob":
		return &textGlob{pattern: x, fold: op == "iglob"}, nil
	case "regex":
		if _, err := regexp.Compile(v.Text); err != nil {
			return bad(fmt.Errorf("invalid regular expression %q: %w", v.Text, err))
		}
		// The whole value must match (RE2 full match).
		return &textRegex{re: regexp.MustCompile(`^(?:` + v.Text + `)$`)}, nil
	}
	return unsupported()
}

// parseUnsignedFor parses an unsigned value by its type: ports take service names,
// relative times units.
func parseUnsignedFor(typ schema.ParamType, s string, bits int) (uint64, error) {
	switch typ {
	case schema.TypePort:
		return parsePort(s)
	case schema.TypeReltime:
		return parseRelTime(s)
	}
	return parseUnsigned(s, bits)
}

// addressMatcher compares with an address, or with a network when the value has a
// /length or the field is a network field.
func addressMatcher(cls class, s string) (matcher, error) {
	if cls == classNet || strings.Contains(s, "/") {
		p, err := parseNetwork(s)
		if err != nil {
			return nil, err
		}
		return &ipInNet{p: p}, nil
	}
	a, err := parseAddr(s)
	if err != nil {
		return nil, err
	}
	return &ipEq{x: a}, nil
}

// listMatcher builds the matcher of in, intersects and pmatch.
func (c *compiler) listMatcher(n *Check, op string, cls class, bits int, typ schema.ParamType, vals []Value) (matcher, error) {
	if op == "pmatch" {
		if cls != classString {
			return nil, errAt(n, n.Pos, fmt.Errorf("operator pmatch needs a string field, not %s (%s)", n.Left.String(), cls))
		}
		entries := make([]string, len(vals))
		for i := range vals {
			entries[i] = vals[i].Text
		}
		return newPathPrefixes(entries), nil
	}
	switch cls {
	case classString, classBytes:
		set := make(textSet, len(vals))
		for i := range vals {
			set[vals[i].Text] = struct{}{}
		}
		return set, nil
	case classSigned:
		set := make(intSet, len(vals))
		for i := range vals {
			x, err := parseSigned(vals[i].Text, bits)
			if err != nil {
				return nil, errAt(n, vals[i].Pos, err)
			}
			set[x] = struct{}{}
		}
		return set, nil
	case classUnsigned:
		set := make(uintSet, len(vals))
		for i := range vals {
			x, err := parseUnsignedFor(typ, vals[i].Text, bits)
			if err != nil {
				return nil, errAt(n, vals[i].Pos, err)
			}
			set[x] = struct{}{}
		}
		return set, nil
	}
	ms := make(anyOf, 0, len(vals))
	for i := range vals {
		m, err := c.valueMatcher(n, "=", cls, bits, typ, &vals[i])
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, nil
}

// compileFieldCompare compiles "field OP val(other)".
func (c *compiler) compileFieldCompare(n *Check, lhs operand, cls class) (compiled, error) {
	if !fieldOps[n.Op] {
		return compiled{}, errAt(n, n.Pos, fmt.Errorf("operator %s cannot take val()", n.Op))
	}
	rv := n.Values[0].Field
	rhs, err := c.resolve(n, rv)
	if err != nil {
		return compiled{}, err
	}
	rcls, _ := classOf(rhs.typ)
	compatible := rcls == cls || cls.numeric() && rcls.numeric() || cls.text() && rcls.text() ||
		(cls == classIP || cls == classNet) && (rcls == classIP || rcls == classNet)
	if !compatible {
		return compiled{}, errAt(n, rv.Pos, fmt.Errorf("cannot compare %s (%s) with %s (%s)", n.Left.String(), cls, rv.Field, rcls))
	}
	_, rel := relOps[n.Op]
	if !rel && cls != classString && cls != classBytes {
		return compiled{}, errAt(n, n.Pos, fmt.Errorf("operator %s is not supported on field %s (%s)", n.Op, n.Left.String(), cls))
	}
	if rel && (cls == classBool || cls == classIP || cls == classNet) && n.Op != "=" && n.Op != "==" && n.Op != "!=" {
		return compiled{}, errAt(n, n.Pos, fmt.Errorf("operator %s is not supported on field %s (%s)", n.Op, n.Left.String(), cls))
	}
	ev := &fieldCmpEval{lhs: lhs.ext, rhs: rhs.ext, op: n.Op, cls: cls}
	return compiled{ev: ev, t: AllTypes(), f: AllTypes()}, nil
}

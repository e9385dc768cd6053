package filter

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
)

// compiler turns Nodes into evaluators and computes their event-type sets.
type compiler struct {
	opts   Options
	res    Resolver
	active map[string]bool // macros being expanded, to catch cycles
	fields []*fields.Field
}

func newCompiler(opts *Options) *compiler {
	c := &compiler{active: map[string]bool{}}
	if opts != nil {
		c.opts = *opts
	}
	c.res = c.opts.Resolver
	if c.res == nil {
		c.res = DefaultResolver()
	}
	return c
}

// compiled is a compiled node: its evaluator, the event types on which it may be true
// (t) and those on which it may be false (f).
type compiled struct {
	ev   evaluator
	t, f TypeSet
}

func constant(v bool) compiled {
	if v {
		return compiled{ev: constEval(true), t: AllTypes()}
	}
	return compiled{ev: constEval(false), f: AllTypes()}
}

func (x compiled) constValue() (value, ok bool) {
	c, ok := x.ev.(constEval)
	return bool(c), ok
}

// fold turns a node that cannot be true (or false) on any event type into a constant.
func fold(x compiled) compiled {
	if _, ok := x.constValue(); ok {
		return x
	}
	if x.t.IsEmpty() {
		return constant(false)
	}
	if x.f.IsEmpty() {
		return constant(true)
	}
	return x
}

func errAt(n Node, p Pos, err error) error {
	return &CompileError{Filter: n.Source(), Pos: p, Err: err}
}

func (c *compiler) compile(n Node) (compiled, error) {
	switch n := n.(type) {
	case *And:
		return c.compileBool(n.Operands, true)
	case *Or:
		return c.compileBool(n.Operands, false)
	case *Not:
		x, err := c.compile(n.Operand)
		if err != nil {
			return x, err
		}
		if v, ok := x.constValue(); ok {
			return constant(!v), nil
		}
		var ev evaluator = &notEval{x: x.ev}
		if inner, ok := x.ev.(*notEval); ok {
			ev = inner.x
		}
		return fold(compiled{ev: ev, t: x.f, f: x.t}), nil
	case *MacroRef:
		def, ok := c.opts.Macros[n.Name]
		if !ok {
			return compiled{}, errAt(n, n.Pos, &UnknownMacroError{Name: n.Name})
		}
		if c.active[n.Name] {
			return compiled{}, errAt(n, n.Pos, fmt.Errorf("macro %q refers to itself", n.Name))
		}
		c.active[n.Name] = true
		defer delete(c.active, n.Name)
		x, err := c.compile(def)
		if err != nil {
			return x, err
		}
		return c.memoize(def, x), nil
	case *Check:
		x, err := c.compileCheck(n)
		if err != nil {
			return x, err
		}
		return fold(x), nil
	}
	return compiled{}, fmt.Errorf("filter: unexpected node %T", n)
}

// compileBool compiles and (isAnd) or or: constant operands fold away.
func (c *compiler) compileBool(ops []Node, isAnd bool) (compiled, error) {
	var kids []compiled
	var t, f TypeSet
	if isAnd {
		t = AllTypes()
	} else {
		f = AllTypes()
	}
	decided := false // an operand fixed the result (false for and, true for or)
	for _, op := range ops {
		k, err := c.compile(op)
		if err != nil {
			return k, err
		}
		if v, ok := k.constValue(); ok {
			if v != isAnd {
				decided = true
			}
			continue
		}
		if isAnd {
			t, f = t.Intersect(k.t), f.Union(k.f)
		} else {
			t, f = t.Union(k.t), f.Intersect(k.f)
		}
		kids = append(kids, k)
	}
	if decided {
		return constant(!isAnd), nil
	}
	if len(kids) == 0 {
		return constant(isAnd), nil
	}
	if len(kids) == 1 {
		return kids[0], nil
	}
	// Flatten nested operators of the same kind (macros expand into nested groups). The
	// operands keep their written order (authors put the selective part of a rule
	// first and its exceptions last), except that checks answered from the event type
	// alone run first. An or skips the operands that cannot hold for the event's type.
	var evs []evaluator
	var types []TypeSet
	for _, k := range kids {
		switch inner := k.ev.(type) {
		case andEval:
			if isAnd {
				evs = append(evs, inner...)
				continue
			}
		case *orEval:
			if !isAnd {
				evs = append(evs, inner.evs...)
				types = append(types, inner.types...)
				continue
			}
		}
		evs = append(evs, k.ev)
		types = append(types, k.t)
	}
	if isAnd {
		slices.SortStableFunc(evs, func(a, b evaluator) int { return rank(a) - rank(b) })
		return fold(compiled{ev: andEval(evs), t: t, f: f}), nil
	}
	return fold(compiled{ev: &orEval{evs: evs, types: types}, t: t, f: f}), nil
}

// rank orders the operands of an and: checks answered from the event type first.
func rank(e evaluator) int {
	switch e := e.(type) {
	case *typeEval, constEval:
		return 0
	case *notEval:
		if _, ok := e.x.(*typeEval); ok {
			return 0
		}
	}
	return 1
}

// operand is a resolved left side (or val() field).
type operand struct {
	field *fields.Field
	ext   fields.Extractor
	multi MultiExtractor
	typ   schema.ParamType
	plain bool // no transformers
}

func (c *compiler) resolve(n Node, o *Operand) (operand, error) {
	f, used, err := c.res.Lookup(o.Field)
	if err != nil || f == nil || used != len(o.Field) {
		if err != nil && !errors.Is(err, ErrUnknownField) && longestField(o.Field) != nil && used == 0 && f == nil {
			return operand{}, errAt(n, o.Pos, err)
		}
		return operand{}, errAt(n, o.Pos, &UnknownFieldError{Field: o.Field, Suggestion: nearestField(o.Field), Err: err})
	}
	c.fields = append(c.fields, f)
	r := operand{field: f, ext: f.Extractor, typ: f.Type, plain: len(o.Transformers) == 0}
	r.multi, _ = f.Extractor.(MultiExtractor)
	for _, name := range o.Transformers {
		typ, err := transformedType(name, r.typ)
		if err != nil {
			return operand{}, errAt(n, o.Pos, err)
		}
		if r.multi != nil {
			t := newTransformMulti(r.ext, r.multi, name)
			r.ext, r.multi = t, t
		} else {
			r.ext = &transformExtractor{inner: r.ext, t: transformer{name: name}}
		}
		r.typ = typ
	}
	return r, nil
}

func (c *compiler) compileCheck(n *Check) (compiled, error) {
	lhs, err := c.resolve(n, &n.Left)
	if err != nil {
		return compiled{}, err
	}
	cls, bits := classOf(lhs.typ)
	op := n.Op
	if cls == classNone && op != "exists" {
		return compiled{}, errAt(n, n.Pos, fmt.Errorf("field %s of type %s cannot be compared", n.Left.Field, typeName(lhs.typ)))
	}
	if len(n.Values) == 1 && n.Values[0].Field != nil {
		return c.compileFieldCompare(n, lhs, cls)
	}
	var m matcher
	switch {
	case op == "exists":
		m = always{}
	case isListOp(op):
		vals := c.expandLists(n.Values, 0)
		if len(vals) == 0 {
			return constant(false), nil
		}
		if err := c.checkEventTypes(n, lhs, op, vals); err != nil {
			return compiled{}, err
		}
		m, err = c.listMatcher(n, op, cls, bits, lhs.typ, vals)
	default:
		if err := c.checkEventTypes(n, lhs, op, n.Values); err != nil {
			return compiled{}, err
		}
		m, err = c.valueMatcher(n, op, cls, bits, lhs.typ, &n.Values[0])
	}
	if err != nil {
		return compiled{}, err
	}
	var ev evaluator
	if lhs.multi != nil {
		ev = newMultiEval(lhs.multi, m, op == "!=" && lhs.multi.StrictInequality())
	} else {
		ev = &checkEval{ext: lhs.ext, m: m}
	}
	x := compiled{ev: ev, t: AllTypes(), f: AllTypes()}
	if lhs.plain && lhs.multi == nil && lhs.field.Info != nil && lhs.field.Arg == "" {
		if name := lhs.field.Info.Name; name == "evt.type" || name == "evt.dir" {
			x = typeCheck(name, m, ev)
		}
	}
	return x, nil
}

// typeCheck answers an evt.type or evt.dir check from the event type id where the id
// decides the value.
func typeCheck(field string, m matcher, slow evaluator) compiled {
	var exact, dynamic TypeSet
	dynamic.Add(uint16(otherTypes))
	for id := 0; id < schema.NumEvents; id++ {
		var s string
		switch {
		case field == "evt.dir" && id&1 == 0:
			s = ">"
		case field == "evt.dir":
			s = "<"
		case schema.Events[id].PPME == "PPME_GENERIC_E" || schema.Events[id].PPME == "PPME_GENERIC_X":
			dynamic.Add(uint16(id)) // evt.type is the syscall's name
			continue
		default:
			s = schema.Events[id].Name
		}
		v := fields.Value{Kind: fields.KindString, Bytes: []byte(s)}
		if m.match(&v) {
			exact.Add(uint16(id))
		}
	}
	f := AllTypes()
	for _, id := range exact.IDs() {
		f.Remove(id)
	}
	te := &typeEval{exact: exact, dynamic: dynamic, slow: slow}
	if field == "evt.type" {
		// Generic events: the name of the syscall code, "syscall" (the table name) when
		// the code is missing, "<unknown syscall>" beyond the table.
		te.generic = true
		te.ncodes = len(schema.SyscallCodes)
		te.codes = make([]uint64, (te.ncodes+63)/64)
		for code := range schema.SyscallCodes {
			if m.match(&fields.Value{Kind: fields.KindString, Bytes: []byte(schema.SyscallCodes[code].Name)}) {
				te.codes[code/64] |= 1 << (code % 64)
			}
		}
		te.short = m.match(&fields.Value{Kind: fields.KindString, Bytes: []byte(schema.Events[0].Name)})
		te.unknown = m.match(&fields.Value{Kind: fields.KindString, Bytes: []byte("<unknown syscall>")})
	}
	return compiled{ev: te, t: exact.Union(dynamic), f: f}
}

// checkEventTypes rejects evt.type values that name no event (unless allowed).
func (c *compiler) checkEventTypes(n *Check, lhs operand, op string, vals []Value) error {
	if c.opts.AllowUnknownEventTypes || !lhs.plain || lhs.field.Info == nil || lhs.field.Info.Name != "evt.type" || lhs.field.Arg != "" {
		return nil
	}
	if _, rel := relOps[op]; !rel && op != "in" && op != "intersects" {
		return nil
	}
	if op != "=" && op != "==" && op != "!=" && op != "in" && op != "intersects" {
		return nil
	}
	for i := range vals {
		if !knownEventType(vals[i].Text) {
			return errAt(n, vals[i].Pos, fmt.Errorf("unknown event type %q", vals[i].Text))
		}
	}
	return nil
}

// expandLists replaces bare list items that name a list by the list's items.
func (c *compiler) expandLists(vals []Value, depth int) []Value {
	if len(c.opts.Lists) == 0 || depth > 16 {
		return vals
	}
	var out []Value
	for i, v := range vals {
		items, ok := c.opts.Lists[v.Text]
		if v.Quoted || v.Field != nil || !ok {
			if out != nil {
				out = append(out, v)
			}
			continue
		}
		if out == nil {
			out = append(make([]Value, 0, len(vals)+len(items)), vals[:i]...)
		}
		sub := make([]Value, 0, len(items))
		for _, it := range items {
			sub = append(sub, listItemValue(it, v.Pos))
		}
		out = append(out, c.expandLists(sub, depth+1)...)
	}
	if out == nil {
		return vals
	}
	return out
}

// listItemValue turns a list item as written in a rules file into a value: quotes
// around it are removed and its escapes decoded.
func listItemValue(item string, p Pos) Value {
	s := strings.TrimSpace(item)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		t, _ := unescapeText(s[1 : len(s)-1])
		return Value{Pos: p, Text: t, Quoted: true}
	}
	return Value{Pos: p, Text: s}
}

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
			if rel != opEQ && rel != opNE {
				return unsupported()
			}
			x, err := parseBool(v.Text)
			if err != nil {
				return bad(err)
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

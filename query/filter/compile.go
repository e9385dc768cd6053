package filter

import (
	"errors"
	"fmt"
	"slices"

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
	// neverT and neverF are the syscall codes for which the node is false (neverT) or
	// true (neverF) on every generic event carrying the code. The zero value, nothing
	// known, is always sound.
	neverT, neverF codeSet
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
		return fold(compiled{ev: ev, t: x.f, f: x.t, neverT: x.neverF, neverF: x.neverT}), nil
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
	var neverT, neverF codeSet // over the operands: an and is false where one is
	if isAnd {
		t, neverF = AllTypes(), allCodes()
	} else {
		f, neverT = AllTypes(), allCodes()
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
			neverT, neverF = neverT.union(k.neverT), neverF.intersect(k.neverF)
		} else {
			t, f = t.Union(k.t), f.Intersect(k.f)
			neverT, neverF = neverT.intersect(k.neverT), neverF.union(k.neverF)
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
		return fold(compiled{ev: andEval(evs), t: t, f: f, neverT: neverT, neverF: neverF}), nil
	}
	return fold(compiled{ev: &orEval{evs: evs, types: types}, t: t, f: f, neverT: neverT, neverF: neverF}), nil
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
	r := operand{field: f, ext: c.comparedExtractor(f), typ: f.Type, plain: len(o.Transformers) == 0}
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
	if x, ok, err := c.compileAround(n, lhs); ok {
		return x, err
	}
	if x, ok, err := c.compileIPName(n, lhs); ok {
		return x, err
	}
	if x, ok, err := c.compileStatefulIn(n, lhs); ok {
		return x, err
	}
	cls, bits := classOf(lhs.typ)
	op := n.Op
	if cls == classNone && op != "exists" {
		return compiled{}, errAt(n, n.Pos, fmt.Errorf("field %s of type %s cannot be compared", n.Left.Field, typeName(lhs.typ)))
	}
	if err := rawargUnparsable(lhs, op); err != nil {
		return compiled{}, errAt(n, n.Pos, err)
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
	} else if which := c.threadTextOf(lhs); which != 0 {
		ev = &threadTextEval{which: which, m: m}
	} else if c.isRegistryField(lhs, "fd.name") {
		ev = &fdNameEval{check: checkEval{ext: lhs.ext, m: m}}
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

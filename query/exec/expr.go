package exec

import (
	"fmt"
	"math"

	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/sql"
)

// rowCtx is what an expression reads: the input field values of one event (or the key
// and aggregate values of one group) and the event timestamp.
type rowCtx struct {
	vals []Value // input slots (row mode) or group keys (group mode)
	aggs []Value // aggregate results (group mode)
	ts   int64
}

// node is a compiled scalar expression.
type node interface {
	eval(r *rowCtx) Value
}

type slotNode struct{ i int }

func (n slotNode) eval(r *rowCtx) Value { return r.vals[n.i] }

type aggNode struct{ i int }

func (n aggNode) eval(r *rowCtx) Value { return r.aggs[n.i] }

type tsNode struct{}

func (tsNode) eval(r *rowCtx) Value { return Int(r.ts) }

type constNode struct{ v Value }

func (n constNode) eval(*rowCtx) Value { return n.v }

// bucketNode floors a time or number to a multiple of width.
type bucketNode struct {
	x     node
	width int64
}

func (n bucketNode) eval(r *rowCtx) Value {
	v := n.x.eval(r)
	t, ok := asInt(&v)
	if !ok {
		if !isNumeric(&v) {
			return Null()
		}
		t = int64(asFloat(&v))
	}
	m := t % n.width
	if m < 0 {
		m += n.width
	}
	return Int(t - m)
}

type notNode struct{ x node }

func (n notNode) eval(r *rowCtx) Value {
	v := n.x.eval(r)
	if isNull(&v) {
		return v
	}
	return Bool(!truthy(&v))
}

type negNode struct{ x node }

func (n negNode) eval(r *rowCtx) Value {
	v := n.x.eval(r)
	switch v.Kind {
	case fields.KindInt:
		return Int(-v.Int)
	case fields.KindUint:
		return Int(-int64(v.Uint))
	case fields.KindDouble:
		return Float(-v.Double)
	}
	return Null()
}

type logicNode struct {
	and  bool
	l, r node
}

func (n logicNode) eval(r *rowCtx) Value {
	a := n.l.eval(r)
	if n.and && !isNull(&a) && !truthy(&a) {
		return Bool(false)
	}
	if !n.and && truthy(&a) {
		return Bool(true)
	}
	b := n.r.eval(r)
	switch {
	case n.and && !isNull(&b) && !truthy(&b):
		return Bool(false)
	case !n.and && truthy(&b):
		return Bool(true)
	case isNull(&a) || isNull(&b):
		return Null()
	}
	return Bool(n.and)
}

type cmpNode struct {
	op   string
	l, r node
}

func (n cmpNode) eval(r *rowCtx) Value {
	a, b := n.l.eval(r), n.r.eval(r)
	if isNull(&a) || isNull(&b) {
		return Null()
	}
	c := Compare(&a, &b)
	switch n.op {
	case "=":
		return Bool(c == 0)
	case "!=":
		return Bool(c != 0)
	case "<":
		return Bool(c < 0)
	case "<=":
		return Bool(c <= 0)
	case ">":
		return Bool(c > 0)
	}
	return Bool(c >= 0)
}

type arithNode struct {
	op   byte
	l, r node
}

func (n arithNode) eval(r *rowCtx) Value {
	a, b := n.l.eval(r), n.r.eval(r)
	if !isNumeric(&a) || !isNumeric(&b) {
		return Null()
	}
	ia, oka := asInt(&a)
	ib, okb := asInt(&b)
	if oka && okb && a.Kind != fields.KindDouble && b.Kind != fields.KindDouble {
		switch n.op {
		case '+':
			return Int(ia + ib)
		case '-':
			return Int(ia - ib)
		case '*':
			return Int(ia * ib)
		case '%':
			if ib == 0 {
				return Null()
			}
			return Int(ia % ib)
		}
	}
	fa, fb := asFloat(&a), asFloat(&b)
	switch n.op {
	case '+':
		return Float(fa + fb)
	case '-':
		return Float(fa - fb)
	case '*':
		return Float(fa * fb)
	case '/':
		if fb == 0 {
			return Null()
		}
		return Float(fa / fb)
	}
	if fb == 0 {
		return Null()
	}
	return Float(math.Mod(fa, fb))
}

// truthy reports whether v counts as true in HAVING and logic.
func truthy(v *Value) bool {
	switch v.Kind {
	case fields.KindBool:
		return v.Bool
	case fields.KindNone:
		return false
	case fields.KindString, fields.KindBytes, fields.KindIP:
		return len(v.Bytes) > 0
	}
	return asFloat(v) != 0
}

// literal converts a SQL literal into a value.
func literal(l *sql.Literal) Value {
	switch l.Kind {
	case sql.LitInt, sql.LitDuration:
		return Int(l.Int)
	case sql.LitFloat:
		return Float(l.Float)
	case sql.LitString:
		return Str(l.Str)
	case sql.LitBool:
		return Bool(l.Bool)
	}
	return Null()
}

// binder resolves the leaves of an expression while it is compiled.
type binder interface {
	// field binds a field reference (or alias) to a node.
	field(f *sql.Field) (node, error)
	// aggregate binds an aggregate call to a node; it fails where aggregates are not
	// allowed.
	aggregate(c *sql.Call) (node, error)
	// whole binds an expression as a whole (a GROUP BY term), or returns nil.
	whole(e sql.Expr) node
}

// compile compiles e against b.
func compile(e sql.Expr, b binder) (node, error) {
	if n := b.whole(e); n != nil {
		return n, nil
	}
	switch x := e.(type) {
	case *sql.Field:
		return b.field(x)
	case *sql.Literal:
		return constNode{literal(x)}, nil
	case *sql.Call:
		if sql.IsAggregate(x) {
			return b.aggregate(x)
		}
		if x.Name == "bucket" {
			arg, err := compile(x.Args[0], b)
			if err != nil {
				return nil, err
			}
			w := x.Args[1].(*sql.Literal).Int
			return bucketNode{x: arg, width: w}, nil
		}
		return nil, fmt.Errorf("unknown function %s", x.Name)
	case *sql.Unary:
		arg, err := compile(x.X, b)
		if err != nil {
			return nil, err
		}
		if x.Op == "NOT" {
			return notNode{arg}, nil
		}
		return negNode{arg}, nil
	case *sql.Binary:
		l, err := compile(x.L, b)
		if err != nil {
			return nil, err
		}
		r, err := compile(x.R, b)
		if err != nil {
			return nil, err
		}
		switch x.Op {
		case "AND", "OR":
			return logicNode{and: x.Op == "AND", l: l, r: r}, nil
		case "=", "!=", "<", "<=", ">", ">=":
			return cmpNode{op: x.Op, l: l, r: r}, nil
		}
		return arithNode{op: x.Op[0], l: l, r: r}, nil
	}
	return nil, fmt.Errorf("unsupported expression %s", e)
}

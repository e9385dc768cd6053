package filter

import (
	"errors"
	"strconv"

	"github.com/scrylabs/scry/state"
)

// aroundEval decides evt.around[T] = D: the event's timestamp is within D milliseconds
// of T nanoseconds, bounds included. sysdig 0.29.3 (checked on a live recording) accepts
// only =, and evt.around has no value otherwise: exists is false and in matches nothing.
type aroundEval struct {
	t, d uint64 // T in ns, D in ns
}

func (a *aroundEval) eval(ctx *state.EventContext, _ state.View) bool {
	ts := ctx.Ev.Ts()
	if ts >= a.t {
		return ts-a.t <= a.d
	}
	return a.t-ts <= a.d
}

// compileAround compiles an evt.around check with operator =, or reports that the
// operator is not supported; ok is false for the checks the generic path compiles
// (exists, in).
func (c *compiler) compileAround(n *Check, lhs operand) (x compiled, ok bool, err error) {
	if !c.isRegistryArgField(lhs, "evt.around") || n.Op == "exists" || isListOp(n.Op) {
		return compiled{}, false, nil
	}
	if n.Op != "=" && n.Op != "==" {
		return compiled{}, true, errAt(n, n.Pos, errors.New("evt.around supports only the = operator"))
	}
	if len(n.Values) != 1 || n.Values[0].Field != nil {
		return compiled{}, true, errAt(n, n.Pos, errors.New("evt.around takes a number of milliseconds"))
	}
	t, err := strconv.ParseUint(lhs.field.Arg, 10, 64)
	if err != nil {
		return compiled{}, true, errAt(n, n.Left.Pos, &strconv.NumError{Func: "evt.around", Num: lhs.field.Arg, Err: err})
	}
	d, err := parseUnsigned(n.Values[0].Text, 64)
	if err != nil {
		return compiled{}, true, errAt(n, n.Values[0].Pos, err)
	}
	return compiled{ev: &aroundEval{t: t, d: d * 1_000_000}, t: AllTypes(), f: AllTypes()}, true, nil
}

// isRegistryArgField reports whether the operand is a plain reference, with an
// argument, to the field named name resolved by the field registry.
func (c *compiler) isRegistryArgField(lhs operand, name string) bool {
	_, ok := c.res.(registry)
	return ok && lhs.plain && lhs.multi == nil && lhs.field != nil && lhs.field.Info != nil && lhs.field.Info.Name == name
}
